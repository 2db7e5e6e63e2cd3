using System.Security.Cryptography;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;
using Azure.Storage.Blobs;

namespace Cd4ml.Testing;

/// <summary>Puts model versions into the registry without training: small fake zips with real hashes and manifests.</summary>
public static class RegistrySeed
{
    public static readonly DateTimeOffset At = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Publishes the next version for <paramref name="runId"/> with the given AUC and a zip unique to the run.</summary>
    public static Task<ModelManifest> PublishAsync(ModelRegistry registry, string pipeline, string runId, double auc = 0.8, int? comparedWith = null)
    {
        var zip = BinaryData.FromString($"model of {runId}");
        return registry.PublishVersionAsync(Manifest(pipeline, runId, zip, auc, comparedWith), zip);
    }

    /// <summary>Publishes <paramref name="count"/> versions (runs run-1..run-N, AUC rising), returning them in order.</summary>
    public static async Task<IReadOnlyList<ModelManifest>> PublishManyAsync(ModelRegistry registry, string pipeline, int count)
    {
        var versions = new List<ModelManifest>();
        for (var i = 1; i <= count; i++)
        {
            versions.Add(await PublishAsync(registry, pipeline, $"run-{i}", 0.70 + (0.01 * i)).ConfigureAwait(false));
        }

        return versions;
    }

    /// <summary>Replaces a version's model bytes behind the registry's back, as an operator or an attacker might.</summary>
    public static Task TamperAsync(BlobServiceClient service, string pipeline, int version) =>
        service.GetBlobContainerClient(Containers.Models).GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, version)}/model.zip")
            .UploadAsync(BinaryData.FromString("not the published model"), overwrite: true);

    public static ModelManifest Manifest(string pipeline, string runId, BinaryData zip, double auc = 0.8, int? comparedWith = null) => new()
    {
        Pipeline = pipeline,
        RunId = runId,
        CreatedAt = At,
        Dataset = new DatasetLineage($"datasets/{pipeline}/d.csv", new string('a', 64), $"snapshots/{pipeline}/x/data.csv", 10),
        SpecHash = new string('b', 64),
        Spec = Samples.CreditSpec(pipeline),
        CandidateId = "lightgbm",
        Trainer = "LightGbm",
        Parameters = new Dictionary<string, double>(),
        Seed = 42,
        Metrics = new Dictionary<string, double> { ["auc"] = auc, ["accuracy"] = 0.75 },
        ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(zip.ToArray())),
        ModelBytes = zip.ToArray().Length,
        PackageVersions = new Dictionary<string, string>(),
        Trigger = new RunTrigger("manual", "test"),
        Decision = new Decision(true, "lightgbm", []),
        ComparedWithVersion = comparedWith,
    };
}
