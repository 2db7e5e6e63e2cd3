namespace Cd4ml.Core.Storage;

/// <summary>The blob containers of the storage layout; every path in them and its owner: docs/architecture.md.</summary>
public static class Containers
{
    /// <summary>Drop zone: <c>{pipeline}/{any name}.csv</c>.</summary>
    public const string Datasets = "datasets";

    /// <summary>Pipeline specs: <c>{pipeline}.json</c>.</summary>
    public const string Pipelines = "pipelines";

    /// <summary>Immutable dataset versions: <c>{pipeline}/{sha256}/data.csv</c>.</summary>
    public const string Snapshots = "snapshots";

    /// <summary>Rejected datasets and the report saying why: <c>{pipeline}/{sha256}/…</c>.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Model versions, aliases and the audit log.</summary>
    public const string Models = "models";

    /// <summary>Every run's record: <c>{pipeline}/{runId}/report.json</c>.</summary>
    public const string Runs = "runs";

    /// <summary>Drop zone for batch scoring: <c>{pipeline}/{name}.csv</c>.</summary>
    public const string Scoring = "scoring";

    /// <summary>Scored rows and their manifests: <c>{pipeline}/{name}.csv</c>, <c>{pipeline}/{name}.json</c>.</summary>
    public const string Predictions = "predictions";

    /// <summary>Late labels: <c>{pipeline}/{name}.csv</c>.</summary>
    public const string Feedback = "feedback";

    /// <summary>Live quality reports, scored input copies and incidents: <c>{pipeline}/…</c>.</summary>
    public const string Monitoring = "monitoring";

    public static IReadOnlyList<string> All { get; } = [Datasets, Pipelines, Snapshots, Quarantine, Models, Runs, Scoring, Predictions, Feedback, Monitoring];
}
