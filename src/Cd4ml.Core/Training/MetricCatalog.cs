using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training;

/// <summary>The metrics each task is judged on, and which way is better.</summary>
public static class MetricCatalog
{
    public const string MicroAccuracy = "microAccuracy";
    public const string MacroAccuracy = "macroAccuracy";
    public const string LogLoss = "logLoss";
    public const string LogLossReduction = "logLossReduction";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string RSquared = "rSquared";

    private static readonly string[] s_multiclass = [MicroAccuracy, MacroAccuracy, LogLoss, LogLossReduction];
    private static readonly string[] s_regression = [Rmse, Mae, RSquared];

    /// <summary>The metrics a model of this task is scored on, in the order reports show them.</summary>
    public static IReadOnlyList<string> For(string task) => task switch
    {
        TaskTypes.Multiclass => s_multiclass,
        TaskTypes.Regression => s_regression,
        _ => BinaryMetricNames.All,
    };

    /// <summary>The metric compared when a spec names none.</summary>
    public static string DefaultPrimary(string task) => task switch
    {
        TaskTypes.Multiclass => MacroAccuracy,
        TaskTypes.Regression => Rmse,
        _ => BinaryMetricNames.Auc,
    };

    /// <summary>True when a larger value is better; false for losses and errors.</summary>
    public static bool HigherIsBetter(string metric) => metric is not (LogLoss or Rmse or Mae);
}
