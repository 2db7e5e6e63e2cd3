using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Functions.Http;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Tests;

/// <summary><c>POST /api/pipelines/{pipeline}/runs</c> and <c>GET /api/runs/{id}</c>, called as the Functions host calls them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunsFunctionsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_run_answers_202_with_a_run_id_and_get_run_reports_the_promoted_run()
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, pipeline);
        await PipelineStorage.DropDatasetAsync(storage, pipeline, RepoPaths.CreditBatch1, "batch-1.csv");
        var functions = _host.Function<RunsFunctions>();

        var started = await HttpExchange.ExecuteAsync(await functions.StartRun(
            HttpExchange.Request("POST", $$"""{"dataset":"{{pipeline}}/batch-1.csv"}"""), pipeline, _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, started.Status);
        var accepted = started.Read<StartRunResponse>();
        Assert.StartsWith($"{pipeline}-", accepted.RunId, StringComparison.Ordinal);
        Assert.Equal("started", accepted.Status);
        Assert.Equal($"/api/runs/{accepted.RunId}", accepted.StatusUri);
        // Durable's built-in management URLs carry the system key; they must never reach a caller.
        Assert.DoesNotContain("code=", started.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("systemKey", started.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("runtime/webhooks", started.Body, StringComparison.OrdinalIgnoreCase);

        var completed = await _host.Client.WaitForInstanceCompletionAsync(accepted.RunId, getInputsAndOutputs: true, Timeout());
        Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, completed.FailureDetails?.ToString());

        var read = await HttpExchange.ExecuteAsync(await functions.GetRun(
            HttpExchange.Request("GET"), accepted.RunId, _host.Client, CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, read.Status);
        var run = read.Read<RunStatusResponse>();
        Assert.Equal(accepted.RunId, run.RunId);
        Assert.Equal("Completed", run.RuntimeStatus);
        Assert.Equal(RunOutcome.Promoted, run.Record?.Outcome);
        Assert.Equal(1, run.Record?.PublishedVersion);
        Assert.Equal("manual", run.Record?.Trigger.Kind);
        Assert.Contains("\"promoted\"", read.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_run_for_an_unknown_pipeline_is_404_and_starts_nothing()
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.DropDatasetAsync(storage, pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        var answer = await StartAsync(pipeline, $$"""{"dataset":"{{pipeline}}/batch-1.csv"}""");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains($"{Containers.Pipelines}/{pipeline}.json", answer.Read<ApiError>().Error, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Start_run_with_a_malformed_json_body_is_400_and_starts_nothing()
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, pipeline);

        var answer = await StartAsync(pipeline, """{"dataset": """);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("not valid JSON", answer.Read<ApiError>().Error, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Start_run_with_an_oversized_body_is_413_and_starts_nothing(bool declaresItsLength)
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, pipeline);
        var body = $$"""{"dataset":"{{pipeline}}/batch-1.csv","requestedBy":"{{new string('x', RunsApi.MaxBodyBytes)}}"}""";

        // Without a Content-Length (chunked), the limit has to hold while reading.
        var request = HttpExchange.Request("POST", body);
        if (!declaresItsLength)
        {
            request.ContentLength = null;
        }

        var answer = await HttpExchange.ExecuteAsync(await _host.Function<RunsFunctions>().StartRun(request, pipeline, _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answer.Status);
        await AssertNothingStartedAsync();
    }

    [Theory]
    [InlineData("..%2f")]
    [InlineData("../pipelines")]
    [InlineData("Credit")]
    [InlineData("a%2f..%2f..")]
    public async Task Start_run_with_a_pipeline_name_outside_the_alphabet_is_400_and_starts_nothing(string pipeline)
    {
        var answer = await StartAsync(pipeline, """{"dataset":"credit/batch-1.csv"}""");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("not a pipeline name", answer.Read<ApiError>().Error, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Get_run_of_a_run_that_never_existed_is_404()
    {
        var runId = $"{Samples.UniquePipelineName()}-0123456789ab-01234567";

        var answer = await HttpExchange.ExecuteAsync(await _host.Function<RunsFunctions>().GetRun(
            HttpExchange.Request("GET"), runId, _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
    }

    [Fact]
    public async Task Get_run_with_something_that_is_not_a_run_id_is_400()
    {
        var answer = await HttpExchange.ExecuteAsync(await _host.Function<RunsFunctions>().GetRun(
            HttpExchange.Request("GET"), "..%2f..%2fmodels", _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
    }

    private async Task<HttpExchange.Answer> StartAsync(string pipeline, string body) =>
        await HttpExchange.ExecuteAsync(await _host.Function<RunsFunctions>().StartRun(
            HttpExchange.Request("POST", body), pipeline, _host.Client, CancellationToken.None));

    // Each test has its own in-memory Durable host, so any instance at all was started by the call under test.
    private async Task AssertNothingStartedAsync()
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in _host.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        Assert.Empty(instances);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
