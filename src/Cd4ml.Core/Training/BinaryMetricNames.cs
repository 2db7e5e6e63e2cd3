namespace Cd4ml.Core.Training;

/// <summary>The metrics a binary classifier is judged on, and which way is better.</summary>
public static class BinaryMetricNames
{
    public const string Auc = "auc";
    public const string Accuracy = "accuracy";
    public const string F1 = "f1";
    public const string Auprc = "auprc";
    public const string LogLoss = "logLoss";

    /// <summary>Mean value per row at the decision threshold, from <c>promotion.businessValue</c> (see <see cref="Specs.BusinessValueSpec"/>).</summary>
    public const string BusinessValue = "businessValue";

    public static IReadOnlyList<string> All { get; } = [Auc, Accuracy, F1, Auprc, LogLoss];

    /// <summary>True when a larger value is better (all but log-loss).</summary>
    public static bool HigherIsBetter(string metric) => MetricCatalog.HigherIsBetter(metric);
}
