namespace Cd4ml.Benchmarks.Training.Splits;

/// <summary>A dataset in memory as integers: the label, the feature columns, and which rows train and which are held out.</summary>
internal sealed record PreparedData(
    string Dataset,
    string Source,
    string LabelRule,
    string SplitRule,
    IReadOnlyList<string> Features,
    IReadOnlyList<int[]> Columns,
    bool[] Labels,
    int[] TrainRows,
    int[] TestRows,
    IReadOnlyDictionary<string, IReadOnlyList<string>> CategoryCodes);
