using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// The storage layout is documented once, in docs/architecture.md; this test reads that table and checks every row
/// against the path function of the store that owns it, in both directions, so a layout change shows up in both.
/// </summary>
public sealed class StorageLayoutTests
{
    // What each owner builds, given the placeholders of the documented path.
    private static readonly Dictionary<string, (string Container, string Path)> s_built = new(StringComparer.Ordinal)
    {
        ["DatasetCatalog"] = (Containers.Datasets, "{pipeline}/{name}"),
        ["PipelineSpecStore.SpecBlob"] = (Containers.Pipelines, PipelineSpecStore.SpecBlob("{pipeline}")),
        ["SnapshotStore.SnapshotBlob"] = (Containers.Snapshots, SnapshotStore.SnapshotBlob("{pipeline}", "{sha256}")),
        ["ProfileStore.ProfileBlob"] = (Containers.Snapshots, ProfileStore.ProfileBlob("{pipeline}", "{sha256}")),
        ["QuarantineStore.Folder"] = (Containers.Quarantine, QuarantineStore.Folder("{pipeline}", "{sha256}")),
        ["QuarantineStore.ReportFolder"] = (Containers.Quarantine, QuarantineStore.ReportFolder("{pipeline}", "{sha256}", "runId").Replace("/runId", "/{runId}", StringComparison.Ordinal)),
        ["ModelRegistry.VersionFolder"] = (Containers.Models, ModelRegistry.VersionFolder("{pipeline}", 7).Replace("/7", "/{version}", StringComparison.Ordinal)),
        ["ModelRegistry.AliasBlob"] = (Containers.Models, ModelRegistry.AliasBlob("{pipeline}", "{alias}")),
        ["ModelRegistry.AuditBlob"] = (Containers.Models, ModelRegistry.AuditBlob("{pipeline}")),
        ["ModelRegistry.PublishLockBlob"] = (Containers.Models, ModelRegistry.PublishLockBlob("{pipeline}", "{runId}")),
        ["ModelRegistry.PromotionLockBlob"] = (Containers.Models, ModelRegistry.PromotionLockBlob("{pipeline}")),
        ["RunArtifacts.ChampionVersionPredictions"] = Split(RunArtifacts.ChampionVersionPredictions("{pipeline}", "{runId}", 7)) is var (c, n) ? (c, n.Replace("/v7/", "/v{version}/", StringComparison.Ordinal)) : default,
        ["ModelRegistry.AnnouncementBlob"] = (Containers.Models, ModelRegistry.AnnouncementBlob("{pipeline}", "{alias}", 7).Replace("/7.json", "/{generation}.json", StringComparison.Ordinal)),
        ["RunReportStore.ReportBlob"] = (Containers.Runs, RunReportStore.ReportBlob("{pipeline}", "{runId}")),
        ["RunArtifacts.Spec"] = Split(RunArtifacts.Spec("{pipeline}", "{runId}")),
        ["RunArtifacts.CandidateModel"] = Split(RunArtifacts.CandidateModel("{pipeline}", "{runId}", "{candidateId}")),
        ["RunArtifacts.CandidatePredictions"] = Split(RunArtifacts.CandidatePredictions("{pipeline}", "{runId}", "{candidateId}")),
        ["RunArtifacts.CandidateOnnx"] = Split(RunArtifacts.CandidateOnnx("{pipeline}", "{runId}", "{candidateId}")),
        ["RunArtifacts.ChampionPredictions"] = Split(RunArtifacts.ChampionPredictions("{pipeline}", "{runId}")),
        ["ContentClaims.ClaimBlob"] = (Containers.Runs, ContentClaims.ClaimBlob("{pipeline}", "{contentRunId}")),
        ["DatasetReceipts.BlobName"] = (Containers.Runs, $"{DatasetReceipts.Prefix}{{dataset blob}}/{{etag}}.json"),
        ["ScheduleStates.BlobName"] = (Containers.Runs, ScheduleStates.BlobName("{pipeline}")),
        ["DeliveryLedger.BlobName"] = (Containers.Runs, $"{DeliveryLedger.Prefix}{{provider}}/{{deliveryId}}.json"),
        ["DeliveryLedger.CommitBlobName"] = (Containers.Runs, $"{DeliveryLedger.Prefix}{{provider}}/commits/{{repository key}}/{{commit}}.json"),
        ["DashboardIndexStore.RunsIndexBlob"] = (Containers.Runs, DashboardIndexStore.RunsIndexBlob("{pipeline}")),
        ["DashboardIndexStore.VersionsIndexBlob"] = (Containers.Models, DashboardIndexStore.VersionsIndexBlob("{pipeline}")),
        ["ScoringBlobs.Input"] = Split(ScoringBlobs.Input("{pipeline}", "{name}")),
        ["ScoringBlobs.Output"] = Split(ScoringBlobs.Output("{pipeline}", "{name}")),
        ["ScoringBlobs.OutputManifest"] = Split(ScoringBlobs.OutputManifest("{pipeline}", "{name}")),
        ["ScoringBlobs.ScoredInput"] = Split(ScoringBlobs.ScoredInput("{pipeline}", "{sha256}")),
        ["ScoringBlobs.OnlineSample"] = Split(ScoringBlobs.OnlineSample("{pipeline}", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), "{requestId}")) is var (sc, sn)
            ? (sc, sn.Replace("2026-01-02", "{yyyy-MM-dd}", StringComparison.Ordinal).Replace("030405006", "{HHmmssfff}", StringComparison.Ordinal)) : default,
        ["ScoringBlobs.Part"] = Split(ScoringBlobs.Part("{pipeline}", "{instanceId}", 7)) is var (pc, pn) ? (pc, pn.Replace("part-000007", "part-{index}", StringComparison.Ordinal)) : default,
        ["ScoringBlobs.QuarantineFolder"] = (Containers.Quarantine, ScoringBlobs.QuarantineFolder("{pipeline}", "{name}", "{etag}").TrimEnd('/')),
        ["ScoringReceipts.BlobName"] = (Containers.Runs, $"{ScoringReceipts.Prefix}{{scoring blob}}/{{etag}}.json"),
        ["MonitoringStore.FeedbackBlob"] = (Containers.Feedback, MonitoringStore.FeedbackBlob("{pipeline}", "{name}")),
        ["MonitoringStore.ReportBlob"] = (Containers.Monitoring, MonitoringStore.ReportBlob("{pipeline}")),
        ["MonitoringStore.IncidentBlob"] = (Containers.Monitoring, MonitoringStore.IncidentBlob("{pipeline}", "{id}")),
        ["MonitoringStore.ClaimBlob"] = (Containers.Monitoring, MonitoringStore.ClaimBlob("{pipeline}", 7, "{window}").Replace("/v7-", "/v{version}-", StringComparison.Ordinal)),
        ["MonitoringPoller.ReceiptName"] = (Containers.Monitoring, MonitoringPoller.ReceiptName("{container}", "{blob}", "{etag}")),
        ["IncidentActions.DatasetBlob"] = (Containers.Datasets, IncidentActions.DatasetBlob("{pipeline}", "{id}")),
    };

    [Fact]
    public void Every_documented_path_is_built_by_its_owner_and_every_owner_is_documented()
    {
        var documented = DocumentedLayout();

        Assert.Equal(s_built.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (owner, (container, path)) in documented)
        {
            Assert.True(s_built[owner] == (container, path), $"{owner}: the docs say {container}/{path}, the code builds {s_built[owner].Container}/{s_built[owner].Path}");
        }
    }

    [Fact]
    public void Receipt_names_keep_the_documented_shape()
    {
        Assert.Equal($"{DatasetReceipts.Prefix}p/a.csv/0x1.json", DatasetReceipts.BlobName("p/a.csv", "\"0x1\""));
        Assert.Equal($"{DeliveryLedger.Prefix}github/d-1.json", DeliveryLedger.BlobName("github", "d-1"));
    }

    private static (string, string) Split(BlobAddress address) => (address.Container, address.Name);

    /// <summary>The rows of the "Storage layout and who owns it" table: owner → (container, path).</summary>
    private static Dictionary<string, (string Container, string Path)> DocumentedLayout()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Storage layout", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/architecture.md has no storage layout section");
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start).SkipWhile(l => !l.StartsWith('|')).Skip(2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var owner = cells[3].Split('`')[1];
            rows.Add(owner, (cells[1].Trim('`'), cells[2].Trim('`')));
        }

        return rows;
    }
}
