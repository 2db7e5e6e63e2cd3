using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;

namespace Cd4ml.Core.Tests.Limits;

/// <summary>The caps' settings: how a message names them, what is out of range, and how they reach the profiler.</summary>
public sealed class ResourceLimitsTests
{
    [Fact]
    public void A_setting_is_named_as_configuration_and_environment_spell_it()
    {
        Assert.Equal("Cd4ml:Limits:MaxColumns (Cd4ml__Limits__MaxColumns)", ResourceLimits.Setting(nameof(ResourceLimits.MaxColumns)));
    }

    [Fact]
    public void Out_of_range_settings_are_each_named()
    {
        var limits = new ResourceLimits { MaxColumns = 1, MaxHeaderBytes = 10, MaxClasses = 1, MaxModelBytes = 0, ProfilerThreads = -1 };

        Assert.Equal(
            [
                "Cd4ml:Limits:MaxColumns must be at least 2 (a label and a feature) (was 1)",
                "Cd4ml:Limits:MaxHeaderBytes must be at least 64 (was 10)",
                "Cd4ml:Limits:MaxClasses must be at least 2 (was 1)",
                "Cd4ml:Limits:MaxModelBytes must be at least 1024 (was 0)",
                "Cd4ml:Limits:ProfilerThreads must be 0 (one per core) or more (was -1)",
            ],
            limits.Problems());
        Assert.Empty(ResourceLimits.Default.Problems());
    }

    [Fact]
    public void The_default_limits_profile_with_the_default_options_so_stored_profiles_are_not_made_again()
    {
        Assert.Equal(ProfileOptions.Default, ProfileOptions.Within(ResourceLimits.Default));
        Assert.Equal(5000, ProfileOptions.Within(new ResourceLimits { MaxClasses = 5000 }).CategoryLimit);
    }
}
