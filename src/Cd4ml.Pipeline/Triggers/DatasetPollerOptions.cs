namespace Cd4ml.Pipeline.Triggers;

/// <summary><c>Cd4ml:DatasetPoller</c>: how the local host (<c>cd4ml serve</c>) watches the <c>datasets</c> container.</summary>
public sealed class DatasetPollerOptions
{
    public const string Section = "Cd4ml:DatasetPoller";

    /// <summary>Time between listings of the container. Each listing is one request per 5,000 blobs plus one for the receipts.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Datasets handled at once. Handling hashes the dataset (one streaming read) and schedules the run; training is
    /// bounded separately by the Durable worker, so this only limits download bandwidth and memory during a burst.
    /// </summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Attempts for a dataset whose handling keeps failing before a <c>failed</c> receipt records why.</summary>
    public int MaxAttempts { get; set; } = 5;
}
