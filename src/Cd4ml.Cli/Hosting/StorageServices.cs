using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// The pipeline's services without a Durable worker, for commands that only read or move registry state
/// (<c>cd4ml models ...</c>): same storage settings, same registry, same event publishing as every other host.
/// </summary>
public static class StorageServices
{
    /// <param name="storage">An <c>AzureWebJobsStorage</c> value to use instead of the environment's.</param>
    public static ServiceProvider Create(string? storage)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
        if (storage is not null)
        {
            configuration.AddInMemoryCollection([new(StorageConnection.SettingName, storage)]);
        }

        var settings = configuration.Build();
        // Options bound with BindConfiguration read the container's IConfiguration, so it is the same one.
        return new ServiceCollection().AddSingleton<IConfiguration>(settings).AddLogging().AddCd4mlPipeline(settings).BuildServiceProvider();
    }
}
