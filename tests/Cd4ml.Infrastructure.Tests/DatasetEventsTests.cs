using System.Text.Json;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

/// <summary>
/// The Event Grid subscriptions that feed the blob triggers: datasets, scoring files, late labels and new predictions,
/// each to its own function, all in one module so the host key is read once.
/// </summary>
[Collection(MainTemplateCollection.Name)]
public sealed class DatasetEventsTests(MainTemplateFixture template)
{
    private ArmTemplate Module => template.Main.Module("blobEvents");

    private JsonElement Subscription => Module.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    private string EndpointUrl => Subscription.At("properties.destination.properties.endpointUrl").GetString()!;

    /// <summary>What main.bicep passes for each subscription: container prefix → function parameter.</summary>
    private Dictionary<string, string> Routes => template.Main.ModuleArgument("blobEvents", "subscriptions").EnumerateArray()
        .ToDictionary(s => s.GetProperty("subjectBeginsWith").GetString()!, s => s.GetProperty("functionName").GetString()!);

    [Fact]
    public void System_topic_publishes_the_storage_account_events()
    {
        var topic = template.Main.Module("eventGridTopic").Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.At("properties.topicType").GetString());
        Assert.Equal("[parameters('storageAccountId')]", topic.At("properties.source").GetString());
        Assert.Contains("'storage'", template.Main.ModuleArgument("eventGridTopic", "storageAccountId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_blobs_created_in_the_drop_zone_containers_raise_events_one_subscription_each()
    {
        var filter = Subscription.At("properties.filter");

        var eventType = Assert.Single(filter.GetProperty("includedEventTypes").EnumerateArray());
        Assert.Equal("Microsoft.Storage.BlobCreated", eventType.GetString());
        Assert.Contains("subjectBeginsWith", filter.Str("subjectBeginsWith"), StringComparison.Ordinal);
        Assert.Equal(
            ["/blobServices/default/containers/datasets/", "/blobServices/default/containers/feedback/",
             "/blobServices/default/containers/predictions/", "/blobServices/default/containers/scoring/"],
            Routes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_container_is_delivered_to_the_blob_trigger_webhook_of_its_own_function()
    {
        var destination = Subscription.At("properties.destination");

        Assert.Equal("WebHook", destination.Str("endpointType"));
        Assert.StartsWith(
            "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'",
            EndpointUrl,
            StringComparison.Ordinal);
        Assert.Contains("functionName", EndpointUrl[EndpointUrl.IndexOf("',", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal("[parameters('datasetFunctionName')]", Routes["/blobServices/default/containers/datasets/"]);
        Assert.Equal("[parameters('scoringFunctionName')]", Routes["/blobServices/default/containers/scoring/"]);
        Assert.Equal("[parameters('feedbackFunctionName')]", Routes["/blobServices/default/containers/feedback/"]);
        Assert.Equal("[parameters('predictionsFunctionName')]", Routes["/blobServices/default/containers/predictions/"]);
        Assert.Equal("DatasetArrived", template.Main.Parameter("datasetFunctionName").GetProperty("defaultValue").GetString());
        Assert.Equal("ScoringFileArrived", template.Main.Parameter("scoringFunctionName").GetProperty("defaultValue").GetString());
        Assert.Equal("FeedbackArrived", template.Main.Parameter("feedbackFunctionName").GetProperty("defaultValue").GetString());
        Assert.Equal("PredictionsArrived", template.Main.Parameter("predictionsFunctionName").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Webhook_is_authenticated_by_the_blobs_extension_system_key_of_the_function_host()
    {
        Assert.Contains(
            "listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2024-11-01').systemKeys.blobs_extension",
            EndpointUrl,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Module.Outputs, o => o.Value.ToString().Contains("list", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Event_subscriptions_are_optional_and_on_by_default()
    {
        Assert.Equal("[parameters('deployEventSubscription')]", template.Main.ModuleDeployment("blobEvents").Str("condition"));
        Assert.True(template.Main.Parameter("deployEventSubscription").GetProperty("defaultValue").GetBoolean());
    }
}
