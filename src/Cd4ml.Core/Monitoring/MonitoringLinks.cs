using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Monitoring;

/// <summary>Where a version's model card points for its live monitoring report.</summary>
public static class MonitoringLinks
{
    /// <summary><c>monitoring/{pipeline}/report.html</c>, or null when the version's spec has no monitoring section.</summary>
    public static string? ReportPath(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Spec.Monitoring is null ? null : $"{Containers.Monitoring}/{manifest.Pipeline}/report.html";
    }

    /// <summary>
    /// The report relative to the card (<c>models/{pipeline}/versions/{n}/card.html</c>), so the link works wherever the
    /// account's containers are served side by side (the blob endpoint, a static copy of the containers).
    /// </summary>
    public static string RelativeFromCard(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return $"../../../../{Containers.Monitoring}/{manifest.Pipeline}/report.html";
    }
}
