using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Promotion;

/// <summary>The per-group rates the fairness gate compares between the groups of a sensitive column.</summary>
public static class FairnessMetricNames
{
    /// <summary>Share of the group's rows predicted positive (binary).</summary>
    public const string SelectionRate = "selectionRate";

    /// <summary>Share of the group's positive rows predicted positive (binary).</summary>
    public const string TruePositiveRate = "truePositiveRate";

    /// <summary>Share of the group's rows predicted wrongly (binary and multiclass).</summary>
    public const string ErrorRate = "errorRate";

    public static IReadOnlyList<string> All { get; } = [SelectionRate, TruePositiveRate, ErrorRate];

    private static readonly string[] s_multiclass = [ErrorRate];

    /// <summary>The rates defined for a task: all three for binary, the error rate for multiclass, none for regression.</summary>
    public static IReadOnlyList<string> For(string task) => task switch
    {
        TaskTypes.Binary => All,
        TaskTypes.Multiclass => s_multiclass,
        _ => [],
    };
}
