using Azure.Storage.Blobs;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>The statuses a dataset receipt records.</summary>
public static class ReceiptStatuses
{
    // started, already-accepted and already-completed come from StartStatuses.

    /// <summary>Not a dataset of any pipeline (wrong folder, bad name); never handled again.</summary>
    public const string Ignored = "ignored";

    /// <summary>No usable spec yet (unknown or invalid pipeline); handled again once its spec is pushed or changed.</summary>
    public const string WaitingForPipeline = "waiting-for-pipeline";

    /// <summary>Handling kept failing; the reason is recorded and it is not retried.</summary>
    public const string Failed = "failed";
}

/// <summary>One dataset version handled by the local poller, and what became of it.</summary>
public sealed record DatasetReceipt(string Blob, string ETag, DateTimeOffset HandledAt, string Status, string? RunId, string? Sha256, string? Reason);

/// <summary>
/// Receipts of the local dataset poller: <c>runs/_receipts/datasets/{dataset blob name}/{etag}.json</c> (see
/// <see cref="ReceiptLedger{TReceipt}"/>).
/// </summary>
public sealed class DatasetReceipts(BlobServiceClient service)
{
    public const string Prefix = "_receipts/datasets/";

    private readonly ReceiptLedger<DatasetReceipt> _ledger = new(service, Prefix);

    /// <summary>The receipt of one version of a dataset blob (<see cref="ReceiptNames.For"/>).</summary>
    public static string BlobName(string datasetBlob, string etag) => ReceiptNames.For(Prefix, datasetBlob, etag);

    /// <summary>Every receipt, keyed by its blob name (<see cref="BlobName"/>).</summary>
    public Task<IReadOnlyDictionary<string, ReceiptSummary>> ListAsync(CancellationToken ct = default) => _ledger.ListAsync(ct);

    /// <summary>Writes a receipt; a first one only if none exists (two pollers racing: the first stands). False when one existed.</summary>
    public Task<bool> WriteAsync(DatasetReceipt receipt, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return _ledger.WriteAsync(receipt.Blob, receipt.ETag, new ReceiptSummary(receipt.Status, receipt.HandledAt), receipt, replace, ct);
    }

    public Task<DatasetReceipt?> ReadAsync(string datasetBlob, string etag, CancellationToken ct = default) => _ledger.ReadAsync(datasetBlob, etag, ct);
}
