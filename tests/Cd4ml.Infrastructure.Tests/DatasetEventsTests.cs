using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class DatasetEventsTests(MainTemplateFixture template)
{
    private ArmTemplate Subscription => template.Main.Module("datasetEvents");

    private string EndpointUrl =>
        Subscription.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions")
            .At("properties.destination.properties.endpointUrl").GetString()!;

    [Fact]
    public void System_topic_publishes_the_storage_account_events()
    {
        var topic = template.Main.Module("eventGridTopic").Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.At("properties.topicType").GetString());
        Assert.Equal("[parameters('storageAccountId')]", topic.At("properties.source").GetString());
        Assert.Contains("'storage'", template.Main.ModuleArgument("eventGridTopic", "storageAccountId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_blobs_created_in_the_datasets_container_raise_events()
    {
        var filter = Subscription.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").At("properties.filter");

        var eventType = Assert.Single(filter.GetProperty("includedEventTypes").EnumerateArray());
        Assert.Equal("Microsoft.Storage.BlobCreated", eventType.GetString());
        Assert.Equal("[parameters('subjectBeginsWith')]", filter.Str("subjectBeginsWith"));
        Assert.Equal(
            "/blobServices/default/containers/datasets/",
            template.Main.ModuleArgument("datasetEvents", "subjectBeginsWith").GetString());
    }

    [Fact]
    public void Events_are_delivered_to_the_blob_trigger_webhook_of_the_dataset_function()
    {
        var destination = Subscription.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").At("properties.destination");

        Assert.Equal("WebHook", destination.Str("endpointType"));
        Assert.StartsWith(
            "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'",
            EndpointUrl,
            StringComparison.Ordinal);
        Assert.Contains("parameters('functionName')", EndpointUrl, StringComparison.Ordinal);
        Assert.Equal("[parameters('datasetFunctionName')]", template.Main.ModuleArgument("datasetEvents", "functionName").GetString());
        Assert.Equal("DatasetArrived", template.Main.Parameter("datasetFunctionName").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Webhook_is_authenticated_by_the_blobs_extension_system_key_of_the_function_host()
    {
        Assert.Contains(
            "listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2024-11-01').systemKeys.blobs_extension",
            EndpointUrl,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Subscription.Outputs, o => o.Value.ToString().Contains("list", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Event_subscription_is_optional_and_on_by_default()
    {
        Assert.Equal("[parameters('deployEventSubscription')]", template.Main.ModuleDeployment("datasetEvents").Str("condition"));
        Assert.True(template.Main.Parameter("deployEventSubscription").GetProperty("defaultValue").GetBoolean());
    }
}
