using Cd4ml.Core.Registry;
using Cd4ml.Functions.Extensions;
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
/// Issue 13, items 1 and 9, in the Functions app: the state-changing routes take only JSON from no foreign web page,
/// and the principal header names who acted only when Easy Auth is declared on. Called as the Functions host calls
/// the adapters, against Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpSecurityTests(AzuriteFixture storage)
{
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public static TheoryData<string> StateChangingFunctions => ["StartRun", "ApproveRun", "RejectRun", "PutModelAlias", "RollbackModel"];

    [Theory]
    [MemberData(nameof(StateChangingFunctions))]
    public async Task Item1_every_state_changing_function_refuses_other_content_types_and_foreign_origins_before_any_storage_call(string function)
    {
        // Storage that nobody answers: a request that got past the guard would fail with an exception, not a 4xx.
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1;";
        using var services = Services(nowhere);
        const string Body = """{"dataset": "p/d.csv", "by": "x", "version": 1, "reason": "x"}""";

        var textPlain = await CallAsync(services, function, Request(function, Body, "text/plain"));
        var form = await CallAsync(services, function, Request(function, "reason=x", "application/x-www-form-urlencoded"));
        var none = await CallAsync(services, function, Request(function, Body, contentType: null));
        var foreign = await CallAsync(services, function, Request(function, Body, "application/json", origin: "https://evil.example"));
        var sandboxed = await CallAsync(services, function, Request(function, Body, "application/json", origin: "null"));

        Assert.All(new[] { textPlain, form, none }, a => Assert.Equal(StatusCodes.Status415UnsupportedMediaType, a.Status));
        Assert.Contains("Content-Type must be application/json", textPlain.Read<ApiError>().Error, StringComparison.Ordinal);
        Assert.All(new[] { foreign, sandboxed }, a => Assert.Equal(StatusCodes.Status403Forbidden, a.Status));
        Assert.Contains(HttpGuardOptions.AllowedOriginsSetting, foreign.Read<ApiError>().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item1_a_cross_site_rollback_is_refused_and_the_champion_stays_while_an_allowed_origin_is_served()
    {
        using var services = Services(storage.ConnectionString, new() { ["Cd4ml:Http:AllowedOrigins"] = "https://ops.example.com; https://other.example.com/" });
        var registry = services.GetRequiredService<ModelRegistry>();
        var pipeline = Samples.UniquePipelineName("xsite");
        await RegistrySeed.PublishManyAsync(registry, pipeline, 2);
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "seed", "first");
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "seed", "second");
        var functions = ActivatorUtilities.CreateInstance<ModelsFunctions>(services);

        var noCors = await HttpExchange.ExecuteAsync(await functions.RollbackModel(Request("RollbackModel", """{"reason":"x"}""", "text/plain", origin: "https://evil.example"), pipeline, default));
        var json = await HttpExchange.ExecuteAsync(await functions.RollbackModel(Request("RollbackModel", """{"reason":"x"}""", "application/json", origin: "https://evil.example"), pipeline, default));

        Assert.Equal(StatusCodes.Status403Forbidden, noCors.Status);
        Assert.Equal(StatusCodes.Status403Forbidden, json.Status);
        Assert.Equal(2, (await registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(2, (await registry.ReadAuditAsync(pipeline)).Count);

        var allowed = await HttpExchange.ExecuteAsync(await functions.RollbackModel(
            Request("RollbackModel", """{"reason":"from the ops console"}""", "application/json; charset=utf-8", origin: "https://ops.example.com"), pipeline, default));
        var noOrigin = await HttpExchange.ExecuteAsync(await functions.RollbackModel(Request("RollbackModel", """{"reason":"from the CLI"}""", "application/json"), pipeline, default));
        Assert.Equal(StatusCodes.Status200OK, allowed.Status);
        Assert.Equal(StatusCodes.Status200OK, noOrigin.Status);
        Assert.Equal(2, (await registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
    }

    [Theory]
    [InlineData(false, false, "anonymous")]
    [InlineData(false, true, FunctionsAuthServiceCollectionExtensions.FunctionKeyActor)]
    [InlineData(true, true, "mallory")]
    public async Task Item9_the_principal_header_names_who_moved_an_alias_only_when_easy_auth_is_declared_on(bool easyAuth, bool functionKeys, string expectedBy)
    {
        using var services = Services(storage.ConnectionString, new() { ["Cd4ml:Auth:EasyAuth"] = easyAuth ? "true" : "false" }, functionKeys);
        var registry = services.GetRequiredService<ModelRegistry>();
        var pipeline = Samples.UniquePipelineName("actor");
        await RegistrySeed.PublishManyAsync(registry, pipeline, 2);
        var functions = ActivatorUtilities.CreateInstance<ModelsFunctions>(services);
        var request = Request("PutModelAlias", """{"version": 2, "reason": "promote"}""", "application/json");
        request.Headers[PrincipalHeader] = "mallory";

        var moved = await HttpExchange.ExecuteAsync(await functions.PutModelAlias(request, pipeline, ModelRegistry.Champion, default));

        Assert.Equal(StatusCodes.Status200OK, moved.Status);
        Assert.Equal(expectedBy, moved.Read<AliasMoveResponse>().Record!.By);
        Assert.Equal(expectedBy, Assert.Single(await registry.ReadAuditAsync(pipeline)).By);
    }

    [Fact]
    public async Task Item9_with_easy_auth_declared_on_the_signed_in_user_beats_the_name_in_the_body()
    {
        using var services = Services(storage.ConnectionString, new() { ["Cd4ml:Auth:EasyAuth"] = "true" }, functionKeys: true);
        var registry = services.GetRequiredService<ModelRegistry>();
        var pipeline = Samples.UniquePipelineName("actor");
        await RegistrySeed.PublishManyAsync(registry, pipeline, 2);
        var request = Request("PutModelAlias", """{"version": 2, "reason": "promote", "by": "someone-else"}""", "application/json");
        request.Headers[PrincipalHeader] = "alice@contoso.com";

        var moved = await HttpExchange.ExecuteAsync(await ActivatorUtilities.CreateInstance<ModelsFunctions>(services).PutModelAlias(request, pipeline, ModelRegistry.Champion, default));

        Assert.Equal("alice@contoso.com", moved.Read<AliasMoveResponse>().Record!.By);
    }

    [Fact]
    public async Task Item9_an_approval_named_only_by_an_unvouched_principal_header_is_refused()
    {
        // Without Easy Auth the header is anyone's to send: it names nobody, so the approval has no approver.
        using var services = Services(storage.ConnectionString, functionKeys: true);
        var request = Request("ApproveRun", body: "", "application/json");
        request.Headers[PrincipalHeader] = "mallory";

        var answer = await HttpExchange.ExecuteAsync(await ActivatorUtilities.CreateInstance<RunsFunctions>(services)
            .ApproveRun(request, $"{Samples.UniquePipelineName("appr")}-0123456789ab-01234567", client: null!, default));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("$.by is required", answer.Read<ApiError>().Error, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(string connectionString, Dictionary<string, string?>? settings = null, bool functionKeys = false)
    {
        var values = new Dictionary<string, string?>(settings ?? []) { [StorageConnection.SettingName] = connectionString };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddCd4mlPipeline(configuration);
        if (functionKeys)
        {
            services.AddCd4mlFunctionsAuth();
        }

        return services.BuildServiceProvider();
    }

    private static HttpRequest Request(string function, string body, string? contentType, string? origin = null)
    {
        var request = HttpExchange.Request(function == "PutModelAlias" ? "PUT" : "POST", body);
        request.ContentType = contentType;
        request.Host = new HostString("cd4ml-app.azurewebsites.net");
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        return request;
    }

    private static async Task<HttpExchange.Answer> CallAsync(IServiceProvider services, string function, HttpRequest request)
    {
        var runs = ActivatorUtilities.CreateInstance<RunsFunctions>(services);
        var models = ActivatorUtilities.CreateInstance<ModelsFunctions>(services);
        var runId = "p-0123456789ab-01234567";
        var result = function switch
        {
            "StartRun" => await runs.StartRun(request, "p", client: null!, default),
            "ApproveRun" => await runs.ApproveRun(request, runId, client: null!, default),
            "RejectRun" => await runs.RejectRun(request, runId, client: null!, default),
            "PutModelAlias" => await models.PutModelAlias(request, "p", ModelRegistry.Champion, default),
            "RollbackModel" => await models.RollbackModel(request, "p", default),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a state-changing function"),
        };
        return await HttpExchange.ExecuteAsync(result);
    }
}
