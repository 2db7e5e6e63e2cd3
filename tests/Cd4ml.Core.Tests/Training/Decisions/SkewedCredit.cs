using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Training.Decisions;

/// <summary>
/// The credit sample made skewed like a real lending book: every good loan, and every 7th bad one (about 5% bad).
/// The rows are real; only the share of the positive class is changed, deterministically.
/// </summary>
internal static class SkewedCredit
{
    private static readonly Lazy<string> s_path = new(Write);

    public static string Path => s_path.Value;

    public static PipelineSpec Spec(string primaryMetric = "auc", ThresholdSpec? threshold = null, BusinessValueSpec? businessValue = null, int folds = 0) => new()
    {
        Name = "skewed-credit",
        Task = TaskTypes.Binary,
        Label = "Status",
        PositiveClass = "bad",
        TestFraction = 0.25,
        Seed = 42,
        CrossValidationFolds = folds,
        Trainers = [new TrainerSpec { Name = "LightGbm" }],
        Promotion = new PromotionSpec
        {
            PrimaryMetric = primaryMetric,
            Threshold = threshold ?? new ThresholdSpec(),
            BusinessValue = businessValue,
        },
    };

    private static string Write()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("samples", "credit-risk", "credit-batch-2.csv"));
        var bad = 0;
        var kept = lines.Skip(1).Where(line => !line.StartsWith("bad,", StringComparison.Ordinal) || bad++ % 7 == 0);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cd4ml-skewed-credit-{Environment.ProcessId}.csv");
        File.WriteAllLines(path, [lines[0], .. kept]);
        return path;
    }
}
