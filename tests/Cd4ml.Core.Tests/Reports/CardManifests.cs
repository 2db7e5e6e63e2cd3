using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Reports;

/// <summary>Hand-built manifests for model card tests, from the sample specs shipped in samples/.</summary>
internal static class CardManifests
{
    public static PipelineSpec Spec(string sample = "credit-risk") =>
        PipelineSpecParser.Parse(File.ReadAllText(RepoRoot.Combine("samples", sample, $"{sample}.json")), $"{sample}.json");

    public static ModelManifest Manifest(int version, double auc, PipelineSpec? spec = null)
    {
        spec ??= PipelineSpecParser.Parse(Samples.SpecJson, "credit-risk.json");
        return new ModelManifest
        {
            Pipeline = spec.Name,
            Version = version,
            RunId = $"run-{version}",
            CreatedAt = new DateTimeOffset(2026, 11, version, 12, 0, 0, TimeSpan.Zero),
            Dataset = new DatasetLineage($"datasets/{spec.Name}/batch.csv", new string('a', 64), $"snapshots/{spec.Name}/aaa/data.csv", 1000),
            SpecHash = new string('b', 64),
            Spec = spec,
            CandidateId = "lightgbm",
            Trainer = "LightGbm",
            Parameters = new Dictionary<string, double>(),
            Seed = 42,
            Metrics = new Dictionary<string, double> { ["auc"] = auc, ["accuracy"] = 0.7, ["logLoss"] = double.NaN },
            ModelSha256 = new string('c', 64),
            ModelBytes = 1234,
            PackageVersions = new Dictionary<string, string> { ["Microsoft.ML"] = "5.0.1" },
            Trigger = new RunTrigger("manual", "test"),
            Decision = new Decision(true, "lightgbm", []),
        };
    }
}
