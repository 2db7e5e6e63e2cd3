using System.Globalization;
using Cd4ml.Core.Limits;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>The refusals a file's shape can earn, each naming the setting that raises its cap.</summary>
internal static class ProfileRefusals
{
    public static ProfileRefusal TooManyColumns(int columns, int maxColumns)
    {
        var count = columns.ToString("N0", CultureInfo.InvariantCulture);
        var max = maxColumns.ToString("N0", CultureInfo.InvariantCulture);
        return new ProfileRefusal(nameof(ProfileOptions.MaxColumns), $"{count} columns", $"≤ {max} columns",
            $"the header (line 1) names {count} columns, more than the {max} a dataset may have, so the file was not profiled. " +
            $"If the data really has that many columns, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxColumns))}");
    }

    public static ProfileRefusal HeaderTooLong(int maxHeaderBytes)
    {
        var bytes = string.Create(CultureInfo.InvariantCulture, $"{maxHeaderBytes:N0} bytes");
        return new ProfileRefusal(nameof(ProfileOptions.MaxHeaderBytes), $"header over {bytes}", $"header ≤ {bytes}",
            $"the header (line 1) is longer than {bytes}, the most a header may take, so the file was not " +
            "profiled; a file without line breaks, or with a very large number of columns, is not a table Cd4ml can train on. " +
            $"If the header is right, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxHeaderBytes))}");
    }
}
