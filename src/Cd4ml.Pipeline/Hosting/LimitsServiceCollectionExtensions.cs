using Azure.Storage.Blobs;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Registration of the caps on dataset and model shapes (<c>Cd4ml:Limits</c>), validated at start-up.</summary>
public static class LimitsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="ResourceLimits"/> and registers the profile store that profiles within them. Called by <c>AddCd4mlPipeline</c>.</summary>
    public static IServiceCollection AddCd4mlLimits(this IServiceCollection services)
    {
        services.AddOptions<ResourceLimits>().BindConfiguration(ResourceLimits.Section)
            .Validate(o => o.Problems().Count == 0, $"{ResourceLimits.Section}: a limit is out of range (MaxColumns ≥ 2, MaxHeaderBytes ≥ 64, MaxClasses ≥ 2, MaxModelBytes ≥ 1024, ProfilerThreads ≥ 0)")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<ResourceLimits>>().Value;
            return new ProfileStore(sp.GetRequiredService<BlobServiceClient>(), ProfileOptions.Within(limits), limits.ProfilerThreads);
        });
        return services;
    }
}
