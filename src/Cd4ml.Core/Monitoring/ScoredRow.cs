namespace Cd4ml.Core.Monitoring;

/// <summary>
/// One scored row of a predictions file. <c>Key</c> is the id value, or the line number in the scoring file when the
/// spec has no id column; <c>File</c> is the predictions file's <c>{name}</c>. Probabilities: the positive class's
/// (binary) or one per class (multiclass); null for regression or when the file has none.
/// </summary>
public sealed record ScoredRow(
    string File,
    string Key,
    long Line,
    string Prediction,
    double? Probability,
    IReadOnlyDictionary<string, double>? ClassProbabilities,
    int ModelVersion,
    DateTimeOffset ScoredAt,
    string InputBlob);

/// <summary>A scored row joined with its late label.</summary>
public sealed record LabelledRow(ScoredRow Scored, string Label, string FeedbackFile, long FeedbackLine);

/// <summary>A problem in an input file, with where it is.</summary>
public sealed record InputProblem(string File, long Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}, column '{Column}': {Message}";
}
