using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Monitoring;

/// <summary>One feedback file: its name (<c>{name}</c> of <c>feedback/{pipeline}/{name}.csv</c>), when it arrived, its rows.</summary>
public sealed record FeedbackFile(string Name, DateTimeOffset ArrivedAt, CsvTable Table);

/// <summary>What the join did with every feedback row (RELIABILITY 38: nothing is silently joined or dropped).</summary>
public sealed record JoinCounts
{
    public int FeedbackRows { get; init; }

    public int Joined { get; init; }

    /// <summary>Feedback rows whose id matched no scored row.</summary>
    public int UnknownIds { get; init; }

    /// <summary>Feedback rows replaced by a later row for the same id (the latest label wins).</summary>
    public int DuplicateIds { get; init; }

    /// <summary>Labels that are not one of the model's classes (classification) or not a number (regression).</summary>
    public int LabelsOutsideClasses { get; init; }

    /// <summary>Rows without an id, a label or (without an id column) a source.</summary>
    public int Unreadable { get; init; }

    /// <summary>The first few problems of each kind, with file and line.</summary>
    public IReadOnlyList<string> Samples { get; init; } = [];
}

/// <summary>Joins late labels to scored rows by id (or by predictions file and line when the spec has no id column).</summary>
public static class FeedbackJoin
{
    public const string SourceColumn = "source";

    /// <summary>How many problems of each kind the counts keep as samples.</summary>
    public const int SamplesPerKind = 5;

    /// <summary>
    /// The labelled rows, one per scored row that has a label, and the counts. Feedback files are applied in arrival
    /// order and rows in line order, so for a duplicated id the latest label wins. A scored id that appears in
    /// several predictions files is joined to the most recently scored one.
    /// </summary>
    public static (List<LabelledRow> Rows, JoinCounts Counts) Join(
        IReadOnlyList<ScoredRow> scored, IReadOnlyList<FeedbackFile> feedback, string labelColumn, string? idColumn, string task, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(feedback);
        var labels = new FeedbackLabels(labelColumn, idColumn, task, classes);
        foreach (var file in feedback.OrderBy(f => f.ArrivedAt).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            labels.Add(file.Name, file.Table.File, file.Table.Header, file.Table.Rows);
        }

        foreach (var row in scored.OrderBy(r => r.ScoredAt).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            labels.Match(row);
        }

        return (labels.Joined().ToList(), labels.Counts());
    }

    /// <summary>A feedback <c>source</c> may name the predictions file as <c>predictions/{p}/{name}.csv</c>, <c>{name}.csv</c> or <c>{name}</c>.</summary>
    public static string SourceName(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = source.Trim();
        var slash = name.LastIndexOf('/');
        name = slash >= 0 ? name[(slash + 1)..] : name;
        return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    internal static string KeyOf(string? idColumn, string file, string key) => idColumn is null ? $"{file}\n{key}" : key;

    internal static bool IsKnownLabel(string task, HashSet<string> classes, string label) =>
        task == TaskTypes.Regression
            ? double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            : classes.Contains(label);
}
