using System.Net;
using System.Text;
using System.Text.Json;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Functions.Http;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Tests;

/// <summary>The <c>/api/models/...</c> routes, called as the Functions host calls them, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelsFunctionsTests(AzuriteFixture storage) : IDisposable
{
    private readonly ServiceProvider _services = Services(storage.ConnectionString);

    private ModelsFunctions Functions => ActivatorUtilities.CreateInstance<ModelsFunctions>(_services);

    private ModelRegistry Registry => _services.GetRequiredService<ModelRegistry>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Get_model_lists_its_aliases_and_every_version_with_metric_and_lineage()
    {
        var pipeline = await SeedAsync(3, champion: 2);

        var answer = await CallAsync(Functions.GetModel(Get(), pipeline, default));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var overview = answer.Read<ModelOverview>();
        Assert.Equal(2, overview.Aliases[ModelRegistry.Champion].Version);
        Assert.Equal(new[] { 1, 2, 3 }, overview.Versions.Select(v => v.Version));
        Assert.Equal([ModelRegistry.Champion], overview.Versions[1].Aliases);
        Assert.Equal(0.73, overview.Versions[2].PrimaryMetricValue!.Value, 6);
        Assert.Equal(10, overview.Versions[0].DatasetRows);
    }

    [Fact]
    public async Task Get_version_returns_its_manifest_and_unknown_versions_or_pipelines_are_404()
    {
        var pipeline = await SeedAsync(1);

        var found = await CallAsync(Functions.GetModelVersion(Get(), pipeline, "1", default));
        var missing = await CallAsync(Functions.GetModelVersion(Get(), pipeline, "9", default));
        var unknown = await CallAsync(Functions.GetModel(Get(), Samples.UniquePipelineName("none"), default));
        var notANumber = await CallAsync(Functions.GetModelVersion(Get(), pipeline, "1;drop", default));

        Assert.Equal(StatusCodes.Status200OK, found.Status);
        Assert.Equal(("run-1", "LightGbm"), (found.Read<ModelManifest>().RunId, found.Read<ModelManifest>().Trainer));
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
        Assert.Contains("no version 9", missing.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status404NotFound, unknown.Status);
        Assert.Contains("unknown pipeline", unknown.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status400BadRequest, notANumber.Status);
    }

    [Fact]
    public async Task Put_alias_promotes_any_version_returns_the_new_etag_and_a_stale_if_match_is_409_with_the_holder()
    {
        var pipeline = await SeedAsync(3, champion: 1);
        var read = await CallAsync(Functions.GetModelAlias(Get(), pipeline, ModelRegistry.Champion, default));
        var etag = read.Headers["ETag"];
        Assert.Equal(read.Read<AliasResponse>().ETag, etag);

        var moved = await CallAsync(Functions.PutModelAlias(Put("""{"version": 3, "reason": "canary was fine", "by": "alice"}""", ifMatch: etag), pipeline, ModelRegistry.Champion, default));
        var stale = await CallAsync(Functions.PutModelAlias(Put("""{"version": 2, "reason": "late"}""", ifMatch: etag), pipeline, ModelRegistry.Champion, default));

        Assert.Equal(StatusCodes.Status200OK, moved.Status);
        var move = moved.Read<AliasMoveResponse>();
        Assert.Equal((AliasMoveOutcome.Moved, 3, "alice", "canary was fine"), (move.Outcome, move.Record!.Version, move.Record.By, move.Record.Reason));
        Assert.NotEqual(etag, moved.Headers["ETag"]);
        Assert.Equal(StatusCodes.Status409Conflict, stale.Status);
        var conflict = stale.Read<AliasConflictResponse>();
        Assert.Equal(3, conflict.Current!.Version);
        Assert.Equal(moved.Headers["ETag"], conflict.ETag);
        Assert.Equal(3, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
    }

    [Fact]
    public async Task R03_eight_concurrent_put_alias_requests_with_the_same_if_match_leave_one_winner_and_a_consistent_audit_log()
    {
        var pipeline = await SeedAsync(9, champion: 1);
        var etag = (await CallAsync(Functions.GetModelAlias(Get(), pipeline, ModelRegistry.Champion, default))).Headers["ETag"];

        var answers = await Task.WhenAll(Enumerable.Range(2, 8).Select(v => CallAsync(
            Functions.PutModelAlias(Put($$"""{"version": {{v}}, "reason": "race", "by": "user-{{v}}"}""", ifMatch: etag), pipeline, ModelRegistry.Champion, default))));

        var winner = Assert.Single(answers, a => a.Status == StatusCodes.Status200OK).Read<AliasMoveResponse>().Record!;
        Assert.Equal(7, answers.Count(a => a.Status == StatusCodes.Status409Conflict));
        Assert.All(answers.Where(a => a.Status == StatusCodes.Status409Conflict), a => Assert.Equal(winner.Version, a.Read<AliasConflictResponse>().Current!.Version));
        var history = (await CallAsync(Functions.GetModelHistory(Get(), pipeline, default))).Read<HistoryResponse>();
        Assert.Equal(2, history.Entries.Count);
        Assert.Equal((winner.Version, (int?)1, 2L, $"user-{winner.Version}"), (history.Entries[0].Version!.Value, history.Entries[0].Previous, history.Entries[0].Generation!.Value, history.Entries[0].By));
    }

    [Fact]
    public async Task Rollback_restores_the_previous_champion_audits_it_and_history_answers_what_was_champion_at_a_time()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        var beforeRollback = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        var rolledBack = await CallAsync(Functions.RollbackModel(Post("""{"reason": "v2 misbehaves", "by": "ops"}"""), pipeline, default));
        var history = await CallAsync(Functions.GetModelHistory(Get($"?at={Uri.EscapeDataString(beforeRollback.ToString("O"))}"), pipeline, default));

        Assert.Equal(StatusCodes.Status200OK, rolledBack.Status);
        Assert.Equal((1, (int?)2), (rolledBack.Read<AliasMoveResponse>().Record!.Version, rolledBack.Read<AliasMoveResponse>().Record!.Previous));
        var entries = history.Read<HistoryResponse>();
        Assert.Equal((AuditActions.Rollback, "ops"), (entries.Entries[0].Action, entries.Entries[0].By));
        Assert.Equal(2, entries.AliasAt!.Version);
        Assert.Equal(ModelRegistry.Champion, entries.AliasAt.Alias);
        Assert.Contains("\"version\": 2", history.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R06_rollback_to_a_tampered_or_missing_version_is_refused_and_the_champion_stays()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        await RegistrySeed.TamperAsync(storage.Client, pipeline, 1);

        var tampered = await CallAsync(Functions.RollbackModel(Post("""{"reason": "undo"}"""), pipeline, default));
        var missing = await CallAsync(Functions.RollbackModel(Post("""{"reason": "undo", "toVersion": 5}"""), pipeline, default));

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, tampered.Status);
        Assert.Contains("SHA-256", tampered.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
        Assert.Equal(2, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(2, (await Registry.ReadAuditAsync(pipeline)).Count);
    }

    [Theory]
    [InlineData("..%2f", "champion")]
    [InlineData("../models", "champion")]
    [InlineData("Credit", "champion")]
    [InlineData("credit", "..%2fchampion")]
    [InlineData("credit", "Champion")]
    [InlineData("credit", "a;b")]
    [InlineData("credit", "champion\n")]
    public async Task R28_bad_pipeline_or_alias_names_are_400_before_any_storage_call(string pipeline, string alias)
    {
        // Storage that nobody answers: any call to it would fail with an exception, not a 400.
        using var nowhere = Services($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1;");
        var functions = ActivatorUtilities.CreateInstance<ModelsFunctions>(nowhere);

        var answers = new[]
        {
            await CallAsync(functions.GetModelAlias(Get(), pipeline, alias, default)),
            await CallAsync(functions.PutModelAlias(Put("""{"version": 1, "reason": "x"}"""), pipeline, alias, default)),
            await CallAsync(functions.RollbackModel(Post($$"""{"alias": {{JsonSerializer.Serialize(alias)}}, "reason": "x"}"""), pipeline, default)),
            await CallAsync(functions.GetModelHistory(Get($"?alias={Uri.EscapeDataString(alias)}"), pipeline, default)),
        };

        Assert.All(answers, a => Assert.Equal(StatusCodes.Status400BadRequest, a.Status));
        Assert.All(answers, a => Assert.Matches("not (a pipeline|an alias) name", a.Read<ApiError>().Error));
    }

    [Fact]
    public async Task R19_malformed_incomplete_or_oversized_bodies_and_bad_headers_are_4xx_and_move_nothing()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        var big = $$"""{"version": 2, "reason": "{{new string('x', 17 * 1024)}}"}""";
        var chunked = Put(big);
        chunked.ContentLength = null;

        var answers = new Dictionary<string, (int Status, string Error)>();
        foreach (var (name, request) in new (string, HttpRequest)[]
        {
            ("malformed", Put("""{"version": 2, """)),
            ("not an object", Put("[1, 2]")),
            ("string version", Put("""{"version": "2", "reason": "x"}""")),
            ("no reason", Put("""{"version": 2}""")),
            ("no version", Put("""{"reason": "x"}""")),
            ("empty", Put("")),
            ("weak etag", Put("""{"version": 2, "reason": "x"}""", ifMatch: "W/\"abc\"")),
            ("oversized", Put(big)),
            ("oversized chunked", chunked),
        })
        {
            var answer = await CallAsync(Functions.PutModelAlias(request, pipeline, ModelRegistry.Champion, default));
            answers[name] = (answer.Status, answer.Read<ApiError>().Error);
        }

        Assert.All(answers.Where(a => !a.Key.StartsWith("oversized", StringComparison.Ordinal)), a => Assert.Equal(StatusCodes.Status400BadRequest, a.Value.Status));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answers["oversized"].Status);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answers["oversized chunked"].Status);
        Assert.Contains("$.reason is required", answers["no reason"].Error, StringComparison.Ordinal);
        Assert.Contains("$.version is required", answers["no version"].Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", answers["malformed"].Error, StringComparison.Ordinal);
        var badAt = await CallAsync(Functions.GetModelHistory(Get("?at=yesterday"), pipeline, default));
        Assert.Equal(StatusCodes.Status400BadRequest, badAt.Status);
        Assert.Equal(1, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Single(await Registry.ReadAuditAsync(pipeline));
    }

    [Fact]
    public async Task R18_no_management_answer_contains_the_durable_system_key_or_its_webhook_urls()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        var answers = new[]
        {
            await CallAsync(Functions.GetModel(Get(), pipeline, default)),
            await CallAsync(Functions.GetModelVersion(Get(), pipeline, "1", default)),
            await CallAsync(Functions.GetModelAlias(Get(), pipeline, ModelRegistry.Champion, default)),
            await CallAsync(Functions.PutModelAlias(Put("""{"version": 2, "reason": "x"}"""), pipeline, ModelRegistry.Champion, default)),
            await CallAsync(Functions.RollbackModel(Post("""{"reason": "x"}"""), pipeline, default)),
            await CallAsync(Functions.GetModelHistory(Get("?at=2030-01-01T00:00:00Z"), pipeline, default)),
            await CallAsync(Functions.GetModelVersion(Get(), pipeline, "7", default)),
        };

        Assert.All(answers.Take(6), a => Assert.Equal(StatusCodes.Status200OK, a.Status));
        foreach (var answer in answers)
        {
            Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
            Assert.DoesNotContain("code=", answer.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("systemKey", answer.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("runtime/webhooks", answer.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("GetModel", "get", "models/{pipeline}")]
    [InlineData("GetModelVersion", "get", "models/{pipeline}/versions/{version}")]
    [InlineData("GetModelAlias", "get", "models/{pipeline}/aliases/{alias}")]
    [InlineData("PutModelAlias", "put", "models/{pipeline}/aliases/{alias}")]
    [InlineData("RollbackModel", "post", "models/{pipeline}/rollback")]
    [InlineData("GetModelHistory", "get", "models/{pipeline}/history")]
    public void R18_model_routes_are_http_triggers_that_need_a_function_key(string function, string method, string route)
    {
        var trigger = FunctionsOutput.Binding(function, "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    private async Task<string> SeedAsync(int versions, int? champion = null)
    {
        var pipeline = Samples.UniquePipelineName("api");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, versions);
        if (champion is { } v)
        {
            await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, v, "seed", "baseline");
        }

        return pipeline;
    }

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = connectionString,
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddCd4mlPipeline(configuration).BuildServiceProvider();
    }

    private static HttpRequest Get(string query = "")
    {
        var request = HttpExchange.Request("GET");
        request.QueryString = new QueryString(query);
        return request;
    }

    private static HttpRequest Post(string body) => HttpExchange.Request("POST", body);

    private static HttpRequest Put(string body, string? ifMatch = null)
    {
        var request = HttpExchange.Request("PUT", body);
        if (ifMatch is not null)
        {
            request.Headers.IfMatch = ifMatch;
        }

        return request;
    }

    /// <summary>Like <see cref="HttpExchange.ExecuteAsync"/>, and keeps the response headers (the alias ETag travels in one).</summary>
    private static async Task<Answer> CallAsync(Task<IResult> call)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await (await call).ExecuteAsync(context);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()),
            context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
    }

    private sealed record Answer(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public T Read<T>() => JsonSerializer.Deserialize<T>(Body, SpecJson.Options) ?? throw new InvalidOperationException($"JSON null: {Body}");
    }
}
