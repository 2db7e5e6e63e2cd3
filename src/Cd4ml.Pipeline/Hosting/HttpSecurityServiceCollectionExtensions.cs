using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Who may call the API and as whom: the request guard and the actor rules, the same in every host.</summary>
public static class HttpSecurityServiceCollectionExtensions
{
    public static IServiceCollection AddCd4mlHttpSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Bound from the configuration given (not from DI), so hosts and tests that register no IConfiguration work too.
        services.AddOptions<HttpGuardOptions>().Bind(configuration.GetSection(HttpGuardOptions.Section));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<RequestGuard>();
        services.AddSingleton<RequestActors>();
        return services;
    }
}
