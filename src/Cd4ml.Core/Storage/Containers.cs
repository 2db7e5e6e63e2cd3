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

    /// <summary>Scoring drop zone: <c>{pipeline}/{name}.csv</c>, never changed by the app.</summary>
    public const string Scoring = "scoring";

    /// <summary>Batch predictions: <c>{pipeline}/{name}.csv</c> and its manifest <c>{name}.json</c>.</summary>
    public const string Predictions = "predictions";

    /// <summary>Late labels for scored rows: <c>{pipeline}/{name}.csv</c>.</summary>
    public const string Feedback = "feedback";

    /// <summary>Scored inputs, online samples and incidents of the champion in production.</summary>
    public const string Monitoring = "monitoring";

    public static IReadOnlyList<string> All { get; } = [Datasets, Pipelines, Snapshots, Quarantine, Models, Runs, Scoring, Predictions, Feedback, Monitoring];
}
