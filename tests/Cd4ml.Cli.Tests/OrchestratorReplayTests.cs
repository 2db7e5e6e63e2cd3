using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Google.Protobuf;
using DurableTask.AzureStorage;
using DurableTask.Core.History;
using Newtonsoft.Json.Linq;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Grpc;
using P = Microsoft.DurableTask.Protobuf;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// Item 12: the orchestrator is deterministic. A real run completes on the Azure Storage backend; its recorded
/// history is read back from the task hub (through the sidecar) and the orchestrator is replayed over it twice, off
/// the worker: each replay must schedule nothing new and complete with the recorded output.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrchestratorReplayTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task R12_replaying_a_recorded_run_twice_gives_the_recorded_output_without_new_actions(bool search)
    {
        var pipeline = Samples.UniquePipelineName("replay");
        var json = FastPipelines.SpecJson(pipeline);
        if (search)
        {
            // A search plans its configurations and rungs in the orchestrator: the replay must plan the same ones. Enough rows
            // that every budget's validation rows hold both classes: this replay's converter refuses an undefined (NaN) AUC.
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node["search"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "maxCandidates": 4, "eta": 2, "seed": 3 }""");
            node["trainers"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "name": "SdcaLogisticRegression", "parameters": { "l2Regularization": { "min": 0.001, "max": 1, "scale": "log" } } }]""");
            json = node.ToJsonString();
        }

        var spec = PipelineSpecParser.Parse(json, "test spec");
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(FastPipelines.Dataset(rows: search ? 1000 : 300));

        await using var host = await LocalPipelineHost.StartAsync(storage.ConnectionString, verbose: false, CancellationToken.None);
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/batch.csv", new RunTrigger("manual", "test"));
        var runId = start.RunId;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var done = await host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, limit.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<RunRecord>()!.Outcome == RunOutcome.Promoted, done.ReadOutputAs<RunRecord>()!.Message);
        Assert.Equal(search ? [4, 2, 1] : null, done.ReadOutputAs<RunRecord>()!.Search?.Rungs.Select(r => r.Trials.Count).ToArray());

        var history = await RecordedHistoryAsync(storage, runId);
        var completed = history.Last(e => e.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.ExecutionCompleted).ExecutionCompleted;
        Assert.Equal(P.OrchestrationStatus.Completed, completed.OrchestrationStatus);
        var scheduled = history.Count(e => e.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.TaskScheduled);
        Assert.True(scheduled >= 5, $"the recorded run scheduled only {scheduled} activities");

        // Everything up to the completion is the past; replaying it must reach the same completion by itself.
        var request = new P.OrchestratorRequest { InstanceId = runId };
        request.PastEvents.AddRange(history.TakeWhile(e => e.EventTypeCase != P.HistoryEvent.EventTypeOneofCase.ExecutionCompleted));
        var encoded = Convert.ToBase64String(request.ToByteArray());

        var first = Replay(encoded, host.Services);
        var second = Replay(encoded, host.Services);

        Assert.Equal(first.Actions, second.Actions);
        var action = Assert.Single(first.Actions);
        Assert.Equal(P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration, action.OrchestratorActionTypeCase);
        Assert.True(action.CompleteOrchestration.OrchestrationStatus == P.OrchestrationStatus.Completed,
            $"replay ended {action.CompleteOrchestration.OrchestrationStatus}: {action.CompleteOrchestration.FailureDetails}");
        Assert.Equal(completed.Result, action.CompleteOrchestration.Result);
    }

    private static P.OrchestratorResponse Replay(string encodedRequest, IServiceProvider services) =>
        P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(GrpcOrchestrationRunner.LoadAndRun(encodedRequest, new TrainingPipeline(), services)));

    /// <summary>
    /// The run's history as the task hub stored it (the Azure Storage backend's History table), in the form the sidecar
    /// hands it to the worker.
    /// </summary>
    private static async Task<List<P.HistoryEvent>> RecordedHistoryAsync(AzuriteFixture storage, string runId)
    {
        var backend = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString),
            TaskHubName = Environment.GetEnvironmentVariable("Cd4ml__Durable__TaskHub")!,
        });
        var state = await backend.GetOrchestrationStateAsync(runId, allExecutions: false);
        var executionId = Assert.Single(state).OrchestrationInstance.ExecutionId;
        var json = await backend.GetOrchestrationHistoryAsync(runId, executionId);
        // Stored without type names: each event's EventType names its class (ExecutionStarted → ExecutionStartedEvent).
        return JArray.Parse(json).Cast<JObject>().Select(e =>
        {
            var kind = Enum.Parse<EventType>(e["EventType"]!.ToString());
            var type = typeof(HistoryEvent).Assembly.GetType($"DurableTask.Core.History.{kind}Event", throwOnError: true)!;
            return ProtobufUtils.ToHistoryEventProto((HistoryEvent)e.ToObject(type)!);
        }).ToList();
    }
}
