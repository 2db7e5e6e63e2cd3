using System.Net;
using System.Net.Sockets;
using Azure;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests.Orchestration;

/// <summary>
/// RELIABILITY 8 and 9: transient storage faults are retried with backoff, permanent ones are not. The decision comes
/// from the failure's type information, as the orchestrator's retry policy sees it after the activity boundary.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ActivityRetryTests(AzuriteFixture storage)
{
    public static TheoryData<string, Exception> TransientFaultsByType => new()
    {
        { "503 Server Busy", new RequestFailedException(503, "Server Busy") },
        { "429 throttled", new RequestFailedException(429, "Too many requests") },
        { "408, 500, 502, 504", new AggregateException(new RequestFailedException(408, "a"), new RequestFailedException(500, "b"), new RequestFailedException(502, "c"), new RequestFailedException(504, "d")) },
        { "Azure.Core's exhausted retries", new AggregateException("Retry failed after 4 tries.", new IOException("reset"), new IOException("reset"), new IOException("reset"), new IOException("reset")) },
        { "no answer (status 0)", new RequestFailedException(0, "no response", new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused))) },
        { "connection reset", new IOException("Connection reset by peer") },
        { "socket", new SocketException((int)SocketError.ConnectionReset) },
        { "timeout", new TimeoutException("the operation timed out") },
        { "HttpClient timeout", new TaskCanceledException("request timed out", new TimeoutException()) },
        { "http without a status", new HttpRequestException("name resolution failed") },
        { "http 503", new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable) },
    };

    public static TheoryData<string, Exception> PermanentFaults => new()
    {
        { "400 bad request", new RequestFailedException(400, "InvalidHeaderValue") },
        { "403 forbidden", new RequestFailedException(403, "AuthorizationFailure") },
        { "404 not found", new RequestFailedException(404, "BlobNotFound") },
        { "409 conflict", new RequestFailedException(409, "BlobAlreadyExists") },
        { "412 precondition", new RequestFailedException(412, "ConditionNotMet") },
        { "aggregate with one permanent", new AggregateException(new IOException("reset"), new RequestFailedException(403, "AuthorizationFailure")) },
        { "missing file", new FileNotFoundException("dataset datasets/p/x.csv does not exist") },
        { "bad data", new InvalidDataException("snapshot hashed to another SHA-256") },
        { "bad argument", new ArgumentException("not a blob name") },
        { "http 404", new HttpRequestException("not found", null, HttpStatusCode.NotFound) },
        { "canceled", new OperationCanceledException() },
    };

    [Theory]
    [MemberData(nameof(TransientFaultsByType))]
    public void Item8_transient_faults_are_retried_judged_by_type_and_status(string fault, Exception exception)
    {
        Assert.True(ActivityRetry.IsTransient(AtTheBoundary(exception)), fault);
    }

    [Theory]
    [MemberData(nameof(PermanentFaults))]
    public void Item9_permanent_faults_are_not_retried(string fault, Exception exception)
    {
        Assert.False(ActivityRetry.IsTransient(AtTheBoundary(exception)), fault);
    }

    [Fact]
    public void Item8_a_message_that_mentions_a_status_does_not_make_a_fault_transient()
    {
        // What the message search used to take for a 503.
        var failure = TaskFailureDetails.FromException(new RequestFailedException(403, "This request is not authorized. Status: 503 (Server Busy)"));

        Assert.False(ActivityRetry.IsTransient(failure));
    }

    [Theory]
    [InlineData("System.AggregateException")]
    [InlineData("System.Net.Sockets.SocketException")]
    public void Item8_network_faults_are_transient_by_type_even_when_an_activity_did_not_mark_them(string type)
    {
        var failure = type == "System.AggregateException"
            ? TaskFailureDetails.FromException(new AggregateException(new HttpRequestException("reset")))
            : TaskFailureDetails.FromException(new SocketException((int)SocketError.ConnectionReset));

        Assert.Equal(type, failure.ErrorType);
        Assert.True(ActivityRetry.IsTransient(failure));
    }

    [Fact]
    public async Task Item8_a_dropped_connection_that_outlasts_the_sdk_retries_is_retried_by_the_run_which_then_completes()
    {
        var pipeline = Samples.UniquePipelineName("retry");
        // Azure.Core tries SdkAttempts times, then throws an AggregateException of the IOExceptions.
        var faults = new StorageFaults(Containers.Datasets, $"{pipeline}/small.csv") { DropFirst = StorageFaults.SdkAttempts };
        await using var host = await PipelineTestHost.StartAsync(storage, configureServices: faults.Register);

        var record = await RunAsync(host, pipeline);

        Assert.True(record.Outcome == RunOutcome.Promoted, record.Message);
        Assert.True(faults.Gets > StorageFaults.SdkAttempts, $"{faults.Gets} GETs: the dataset was never read again after the fault");
    }

    [Fact]
    public async Task Item9_a_403_from_storage_is_not_retried_and_the_run_fails_with_the_reason()
    {
        var pipeline = Samples.UniquePipelineName("retry");
        var faults = new StorageFaults(Containers.Datasets, $"{pipeline}/small.csv") { Forbid = true };
        await using var host = await PipelineTestHost.StartAsync(storage, configureServices: faults.Register);

        var record = await RunAsync(host, pipeline);

        Assert.Equal(RunOutcome.Failed, record.Outcome);
        Assert.Contains("SnapshotDropActivity failed", record.Message, StringComparison.Ordinal);
        Assert.Contains("403", record.Message, StringComparison.Ordinal);
        // One GET: neither the SDK nor the run's retry policy tried again.
        Assert.Equal(1, faults.Gets);
    }

    /// <summary>What the orchestrator's retry policy receives when an activity throws <paramref name="exception"/>.</summary>
    private static TaskFailureDetails AtTheBoundary(Exception exception) => TaskFailureDetails.FromException(TransientFaults.AtBoundary(exception) ?? exception);

    private async Task<RunRecord> RunAsync(PipelineTestHost host, string pipeline)
    {
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset(), overwrite: true);
        var spec = Cd4ml.Core.Specs.Parsing.PipelineSpecParser.Parse(FastPipelines.SpecJson(pipeline), "test spec");
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/small.csv", new RunTrigger("manual", "test"));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }
}
