using Cd4ml.Functions.Http;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Tests;

/// <summary>
/// The predict function as the Functions host calls it, against Azurite: guarded like the management routes, and the
/// body and row limits applied before any scoring. Scoring itself is the shared handler's (PredictApiTests).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PredictFunctionsTests(AzuriteFixture storage) : IDisposable
{
    private readonly ServiceProvider _services = Services(storage.ConnectionString);

    private PredictFunctions Functions => ActivatorUtilities.CreateInstance<PredictFunctions>(_services);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Over_limit_bodies_and_rows_are_refused_naming_the_setting()
    {
        var pipeline = Samples.UniquePipelineName("fn");
        var large = "{\"rows\": [" + string.Join(',', Enumerable.Repeat("{\"Age\": 30}", 200)) + "]}";
        var many = "{\"rows\": [" + string.Join(',', Enumerable.Repeat("{}", 11)) + "]}";

        var tooLarge = await HttpExchange.ExecuteAsync(await Functions.Predict(HttpExchange.Request("POST", large, contentLength: null), pipeline, default));
        var tooMany = await HttpExchange.ExecuteAsync(await Functions.Predict(HttpExchange.Request("POST", many), pipeline, default));
        var noChampion = await HttpExchange.ExecuteAsync(await Functions.Predict(HttpExchange.Request("POST", "{\"rows\": [{}]}"), pipeline, default));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooLarge.Status);
        Assert.Contains("Cd4ml:Scoring:MaxOnlineBodyBytes", tooLarge.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooMany.Status);
        Assert.Contains("Cd4ml:Scoring:MaxOnlineRows", tooMany.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status409Conflict, noChampion.Status);
        Assert.Equal($"pipeline {pipeline} has no champion yet", noChampion.Read<ApiError>().Error);
    }

    [Fact]
    public async Task A_foreign_page_or_a_form_post_cannot_call_it()
    {
        var pipeline = Samples.UniquePipelineName("fn");
        var foreign = HttpExchange.Request("POST", "{\"rows\": []}");
        foreign.Headers.Origin = "https://evil.example.com";
        var form = HttpExchange.Request("POST", "{\"rows\": []}");
        form.ContentType = "application/x-www-form-urlencoded";

        Assert.Equal(StatusCodes.Status403Forbidden, (await HttpExchange.ExecuteAsync(await Functions.Predict(foreign, pipeline, default))).Status);
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, (await HttpExchange.ExecuteAsync(await Functions.Predict(form, pipeline, default))).Status);
    }

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = connectionString,
            ["Cd4ml:Scoring:MaxOnlineBodyBytes"] = "2048",
            ["Cd4ml:Scoring:MaxOnlineRows"] = "10",
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddCd4mlPipeline(configuration).BuildServiceProvider();
    }
}
