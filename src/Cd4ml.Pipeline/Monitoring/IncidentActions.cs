using Cd4ml.Core.Data;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Events;
using Cd4ml.Pipeline.Governance;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// What an incident does besides being recorded: <c>retrain</c> drops a dataset for the normal pipeline (every gate
/// applies), <c>rollback</c> moves the champion back through the audited rollback, expecting the degraded version so a
/// move by anyone in between is never undone; <c>alert</c> only announces. Every incident is announced as a
/// <c>cd4ml.model.degraded</c> CloudEvent.
/// </summary>
public sealed class IncidentActions(MonitoringStore store, ModelGovernance governance, ModelEventPublisher events)
{
    /// <summary>The actor named in the audit log for monitoring's own rollbacks.</summary>
    public const string Actor = "cd4ml-monitor";

    /// <summary>The dataset blob (in <c>datasets</c>) a retraining incident drops.</summary>
    public static string DatasetBlob(string pipeline, string incidentId) => $"{pipeline}/incident-{incidentId}.csv";

    /// <summary>Runs the incident's action and says what it did.</summary>
    public async Task<string> RunAsync(
        PipelineSpec spec, ModelManifest champion, Incident incident, IReadOnlyList<LabelledRow> rows,
        IReadOnlyList<IReadOnlyDictionary<string, string>?> inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(incident);
        switch (incident.Action)
        {
            case DegradedActions.Retrain:
                return await RetrainAsync(spec, champion, incident, rows, inputs, ct).ConfigureAwait(false);
            case DegradedActions.Rollback:
                var reason = $"incident {incident.Id}: {string.Join("; ", incident.Reasons)}";
                try
                {
                    var result = await governance.RollbackAsync(spec.Name, ModelRegistry.Champion, null, Actor, reason, ct, expectedVersion: champion.Version)
                        .ConfigureAwait(false);
                    return $"rollback {result.Outcome.ToString().ToLowerInvariant()}: {result.Message}";
                }
                catch (Exception ex) when (ex is ModelNotFoundException or AliasMoveRefusedException or InvalidOperationException or ArgumentException)
                {
                    return $"not rolled back: {ex.Message}";
                }

            default:
                return "announced; no automatic action";
        }
    }

    public Task<bool> AnnounceAsync(Incident incident, CancellationToken ct) => events.PublishDegradedAsync(incident, ct);

    private async Task<string> RetrainAsync(
        PipelineSpec spec, ModelManifest champion, Incident incident, IReadOnlyList<LabelledRow> rows,
        IReadOnlyList<IReadOnlyDictionary<string, string>?> inputs, CancellationToken ct)
    {
        var problems = new List<string>();
        var snapshotBlob = SnapshotStore.SnapshotBlob(champion.Pipeline, champion.Dataset.Sha256);
        var snapshot = await store.ReadTextAsync(Containers.Snapshots, snapshotBlob, problems, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            return $"not retrained: the champion's training snapshot {Containers.Snapshots}/{snapshotBlob} could not be read {string.Join("; ", problems)}".TrimEnd();
        }

        var lookup = new Dictionary<LabelledRow, IReadOnlyDictionary<string, string>?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            lookup[rows[i]] = inputs[i];
        }

        var (csv, training, live, duplicates) = RetrainingDataset.Build(
            CsvTable.Parse($"{Containers.Snapshots}/{snapshotBlob}", snapshot), spec.Label, rows, row => lookup.GetValueOrDefault(row));
        var blob = DatasetBlob(spec.Name, incident.Id);
        var dropped = await store.DropDatasetAsync(blob, csv, ct).ConfigureAwait(false);
        return $"{(dropped ? "dropped" : "already dropped")} {Containers.Datasets}/{blob}: {training} training rows and {live} labelled live rows ({duplicates} repeated rows kept once); the pipeline decides through every gate";
    }
}
