using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class DurableTaskSchedulerTests(MainTemplateFixture template)
{
    [Fact]
    public void Scheduler_is_optional_and_off_by_default()
    {
        Assert.Equal("[parameters('enableDurableTaskScheduler')]", template.Main.ModuleDeployment("durableTaskScheduler").Str("condition"));
        Assert.False(template.Main.Parameter("enableDurableTaskScheduler").GetProperty("defaultValue").GetBoolean());
    }

    [Fact]
    public void Scheduler_has_a_task_hub()
    {
        var module = template.Main.Module("durableTaskScheduler");

        module.Single("Microsoft.DurableTask/schedulers");
        var hub = module.Single("Microsoft.DurableTask/schedulers/taskHubs");
        Assert.Contains("parameters('taskHubName')", hub.Str("name"), StringComparison.Ordinal);
    }
}
