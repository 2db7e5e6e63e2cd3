using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class MonitoringTests(MainTemplateFixture template)
{
    private ArmTemplate Monitoring => template.Main.Module("monitoring");

    [Fact]
    public void Application_Insights_refuses_local_authentication()
    {
        var component = Monitoring.Single("Microsoft.Insights/components");

        Assert.True(component.At("properties.DisableLocalAuth").GetBoolean());
    }

    [Fact]
    public void Application_Insights_stores_telemetry_in_the_Log_Analytics_workspace()
    {
        var component = Monitoring.Single("Microsoft.Insights/components");

        Assert.Equal("LogAnalytics", component.At("properties.IngestionMode").GetString());
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.At("properties.WorkspaceResourceId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_Analytics_refuses_local_authentication()
    {
        var workspace = Monitoring.Single("Microsoft.OperationalInsights/workspaces");

        Assert.True(workspace.At("properties.features.disableLocalAuth").GetBoolean());
    }
}
