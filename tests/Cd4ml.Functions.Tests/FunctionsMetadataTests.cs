using System.Text.Json;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Hosting;

namespace Cd4ml.Functions.Tests;

/// <summary>
/// The bindings the Functions host will see, read from the <c>functions.metadata</c> the build writes, so a wrong
/// attribute argument fails here and not after a deployment.
/// </summary>
public sealed class FunctionsMetadataTests
{
    public static TheoryData<string> Orchestrators => [.. PipelineServiceCollectionExtensions.Orchestrators.Select(t => t.Name)];

    public static TheoryData<string> Activities => [.. PipelineServiceCollectionExtensions.Activities.Select(t => t.Name)];

    [Fact]
    public void Dataset_arrived_is_a_blob_trigger_on_the_drop_zone_fed_by_event_grid()
    {
        // Bicep's Event Grid subscription targets Host.Functions.DatasetArrived: the name is part of the deployment.
        var trigger = FunctionsOutput.Binding("DatasetArrived", "blobTrigger");

        Assert.Equal("datasets/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        FunctionsOutput.Binding("DatasetArrived", "durableClient");
    }

    [Fact]
    public void Scoring_file_arrived_is_a_blob_trigger_on_the_scoring_drop_zone_fed_by_event_grid()
    {
        // Bicep's second Event Grid subscription targets Host.Functions.ScoringFileArrived.
        var trigger = FunctionsOutput.Binding("ScoringFileArrived", "blobTrigger");

        Assert.Equal("scoring/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        FunctionsOutput.Binding("ScoringFileArrived", "durableClient");
    }

    [Fact]
    public void Predict_is_an_http_trigger_that_needs_a_function_key()
    {
        var trigger = FunctionsOutput.Binding("Predict", "httpTrigger");

        Assert.Equal("pipelines/{pipeline}/predict", trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("FeedbackArrived", "feedback/{name}")]
    [InlineData("PredictionsArrived", "predictions/{name}")]
    public void Feedback_and_predictions_are_blob_triggers_fed_by_event_grid_that_start_an_evaluation(string function, string path)
    {
        var trigger = FunctionsOutput.Binding(function, "blobTrigger");

        Assert.Equal(path, trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        FunctionsOutput.Binding(function, "durableClient");
    }

    [Theory]
    [InlineData("StartRun", "post", "pipelines/{pipeline}/runs")]
    [InlineData("GetRun", "get", "runs/{runId}")]
    [InlineData("ListRuns", "get", "runs")]
    [InlineData("ApproveRun", "post", "runs/{runId}/approve")]
    [InlineData("RejectRun", "post", "runs/{runId}/reject")]
    public void Run_routes_are_http_triggers_that_need_a_function_key(string function, string method, string route)
    {
        var trigger = FunctionsOutput.Binding(function, "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Out", FunctionsOutput.Binding(function, "http").GetProperty("direction").GetString());
        FunctionsOutput.Binding(function, "durableClient");
    }

    [Theory]
    [InlineData("GitHubWebhook", "webhooks/github")]
    [InlineData("AzureDevOpsWebhook", "webhooks/azure-devops")]
    public void Webhooks_are_anonymous_post_routes_because_the_signature_is_their_authentication(string function, string route)
    {
        var trigger = FunctionsOutput.Binding(function, "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        FunctionsOutput.Binding(function, "durableClient");
    }

    [Fact]
    public void Scheduled_retraining_is_a_timer_on_the_schedule_setting()
    {
        var trigger = FunctionsOutput.Binding("ScheduledRetraining", "timerTrigger");

        Assert.Equal("%Cd4ml:Schedule%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean(),
            "runOnStartup would retrain on every scale-out and restart");
        FunctionsOutput.Binding("ScheduledRetraining", "durableClient");
    }

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void Every_orchestrator_is_an_orchestration_trigger(string orchestrator) =>
        Assert.Single(Bindings(orchestrator), b => b.GetProperty("type").GetString() == "orchestrationTrigger");

    [Theory]
    [MemberData(nameof(Activities))]
    public void Every_activity_is_an_activity_trigger(string activity) =>
        Assert.Single(Bindings(activity), b => b.GetProperty("type").GetString() == "activityTrigger");

    [Fact]
    public void The_app_has_exactly_the_expected_functions()
    {
        var expected = PipelineServiceCollectionExtensions.Orchestrators.Concat(PipelineServiceCollectionExtensions.Activities)
            .Select(t => t.Name)
            .Concat(["DatasetArrived", "FeedbackArrived", "PredictionsArrived", "StartRun", "GetRun", "ListRuns", "ApproveRun", "RejectRun", "ScheduledRetraining"])
            .Concat(["GitHubWebhook", "AzureDevOpsWebhook"])
            .Concat(["GetModel", "GetModelVersion", "GetModelAlias", "PutModelAlias", "RollbackModel", "GetModelHistory"])
            .Concat(["GetDeliveryMetrics", "DashboardOverview", "DashboardPipeline", "DashboardVersion", "DashboardRun"])
            .Concat(["DashboardModelCard", "DashboardDataset", "DashboardQuarantineReport", "DashboardScript"])
            .Concat(["ScoringFileArrived", "Predict"])
            .Order(StringComparer.Ordinal);

        var actual = FunctionsOutput.Metadata.EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.All(FunctionsOutput.Metadata.EnumerateArray(), f => Assert.Equal("Cd4ml.Functions.dll", f.GetProperty("scriptFile").GetString()));
    }

    private static JsonElement.ArrayEnumerator Bindings(string function) =>
        FunctionsOutput.Function(function).GetProperty("bindings").EnumerateArray();
}
