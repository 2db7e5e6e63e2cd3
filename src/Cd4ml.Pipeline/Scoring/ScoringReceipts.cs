using Azure.Storage.Blobs;
using Cd4ml.Pipeline.Triggers;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>One version of a scoring file handled by the local poller, and what became of it.</summary>
public sealed record ScoringReceipt(string Blob, string ETag, DateTimeOffset HandledAt, string Status, string? InstanceId, string? Reason);

/// <summary>
/// Receipts of the local scoring poller: <c>runs/_receipts/scoring/{blob name}/{etag}.json</c>, one per version of a
/// dropped file (see <see cref="ReceiptLedger{TReceipt}"/>).
/// </summary>
public sealed class ScoringReceipts(BlobServiceClient service)
{
    public const string Prefix = "_receipts/scoring/";

    private readonly ReceiptLedger<ScoringReceipt> _ledger = new(service, Prefix);

    public static string BlobName(string scoringBlob, string etag) => ReceiptNames.For(Prefix, scoringBlob, etag);

    /// <summary>Every receipt's status and time, keyed by <see cref="BlobName"/>.</summary>
    public Task<IReadOnlyDictionary<string, ReceiptSummary>> ListAsync(CancellationToken ct = default) => _ledger.ListAsync(ct);

    /// <summary>Writes a receipt; a first one only if none exists (two pollers racing: the first stands).</summary>
    public Task<bool> WriteAsync(ScoringReceipt receipt, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return _ledger.WriteAsync(receipt.Blob, receipt.ETag, new ReceiptSummary(receipt.Status, receipt.HandledAt), receipt, replace, ct);
    }

    public Task<ScoringReceipt?> ReadAsync(string scoringBlob, string etag, CancellationToken ct = default) => _ledger.ReadAsync(scoringBlob, etag, ct);
}
