using Azure.Storage.Blobs;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Reports;

/// <summary>
/// What a run stages under <c>runs/{pipeline}/{runId}/</c> before anything is published: each candidate's model and
/// holdout answers, the winner's ONNX export, the champion's holdout answers and the spec the run ran with. The one
/// owner of that layout; records keep the returned addresses (<c>runs/…</c>) and read them back through here.
/// </summary>
public sealed class RunArtifacts(BlobServiceClient service)
{
    public static string CandidateFolder(string pipeline, string runId, string candidateId) => $"{pipeline}/{runId}/candidates/{candidateId}";

    public static BlobAddress CandidateModel(string pipeline, string runId, string candidateId) =>
        new(Containers.Runs, $"{CandidateFolder(pipeline, runId, candidateId)}/model.zip");

    public static BlobAddress CandidatePredictions(string pipeline, string runId, string candidateId) =>
        new(Containers.Runs, $"{CandidateFolder(pipeline, runId, candidateId)}/holdout.json");

    public static BlobAddress CandidateOnnx(string pipeline, string runId, string candidateId) =>
        new(Containers.Runs, $"{CandidateFolder(pipeline, runId, candidateId)}/model.onnx");

    public static BlobAddress ChampionPredictions(string pipeline, string runId) => new(Containers.Runs, $"{pipeline}/{runId}/champion/holdout.json");

    /// <summary>
    /// A champion version's holdout answers when the run scores it again at promotion time (the champion changed after
    /// the run evaluated it); one file per version, so a version is scored once per run.
    /// </summary>
    public static BlobAddress ChampionVersionPredictions(string pipeline, string runId, int version) =>
        new(Containers.Runs, $"{pipeline}/{runId}/champion/v{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/holdout.json");

    public static BlobAddress Spec(string pipeline, string runId) => new(Containers.Runs, $"{pipeline}/{runId}/spec.json");

    /// <summary>Writes (or, on a retried activity, rewrites with the same bytes) one staged artifact; returns its address.</summary>
    public async Task<BlobAddress> StageAsync(BlobAddress address, BinaryData content, CancellationToken ct = default)
    {
        await address.Client(service).UploadAsync(content, overwrite: true, ct).ConfigureAwait(false);
        return address;
    }

    /// <summary>Reads a staged artifact back by the address a record keeps (<c>runs/…</c>, or a version's in <c>models/…</c>).</summary>
    public async Task<BinaryData> ReadAsync(string address, CancellationToken ct = default) =>
        (await BlobAddress.Parse(address).Client(service).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;

    /// <summary>Stores the spec a run runs with, once (a retried start writes the same bytes).</summary>
    public Task<BlobAddress> StoreSpecAsync(string pipeline, string runId, PipelineSpec spec, CancellationToken ct = default) =>
        StageAsync(Spec(pipeline, runId), BinaryData.FromObjectAsJson(spec, SpecJson.Options), ct);

    /// <summary>The spec a run ran with; null for runs that did not store one (versions before 3 passed it inline).</summary>
    public async Task<PipelineSpec?> ReadSpecAsync(string pipeline, string runId, CancellationToken ct = default) =>
        await Spec(pipeline, runId).Client(service).ReadJsonOrNullAsync<PipelineSpec>(ct).ConfigureAwait(false);
}
