using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// The data has the columns the spec and the champion expect: the label and every declared column are present with
/// their declared types, and compared with the champion's training data no column went missing, appeared or changed
/// type. A model trained on a different schema is not comparable with the champion, and one served the old schema breaks.
/// </summary>
public sealed class SchemaCheck : IDataCheck
{
    public const string Name = "schema";

    private const string Rule = "declared and champion columns present, types unchanged";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the label and the spec's declared columns are present with their declared types; against the champion's training data, no column is missing, extra or of a changed type",
        ThresholdKind.Severity, Warn: null, Fail: 0, CanDisable: true, HasColumnThresholds: true,
        "a schema change makes the candidate incomparable with the champion and breaks callers that send the old columns; " +
        "set a column to {\"warn\": 0} to accept an intended change");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var profile = context.Profile;
        var spec = context.Spec;
        var results = new List<CheckResult>();

        if (profile.Column(spec.Label) is null)
        {
            results.Add(new CheckResult(Name, CheckStatus.Fail, "label missing", Rule,
                $"the label column '{spec.Label}' is not in the data; its columns are {CheckText.Names(profile.Header)}", spec.Label));
        }

        foreach (var (column, declared) in context.Spec.Columns)
        {
            var found = profile.Column(column);
            if (found is null)
            {
                results.Add(Problem(context, column, "missing", $"the spec declares column '{column}' but the data has no such column"));
            }
            else if (declared.Type is { } type && !ColumnTypes.Fits(type, found))
            {
                results.Add(Problem(context, column, $"{ColumnTypes.Describe(found.Type)}, declared {type}",
                    $"the spec declares '{column}' as {type} but its values read as {ColumnTypes.Describe(found.Type)}{Examples(found)}"));
            }
        }

        var missingExcluded = spec.Exclude.Where(e => profile.Column(e) is null).ToList();
        if (missingExcluded.Count > 0)
        {
            results.Add(new CheckResult(Name, CheckStatus.Warn, $"excluded but absent: {string.Join(", ", missingExcluded)}", "excluded columns present",
                $"the spec excludes {CheckText.Names(missingExcluded)} but the data has no such column; was it renamed?"));
        }

        if (context.Reference is { } reference)
        {
            CompareWithChampion(context, reference, results);
        }

        if (results.All(r => r.Status == CheckStatus.Pass))
        {
            var champion = context.Reference is null ? "no champion yet to compare with" : "same columns and types as the champion's training data";
            results.Add(new CheckResult(Name, CheckStatus.Pass, CheckText.Count(profile.Header.Count, "column"), Rule,
                $"the label '{spec.Label}' and {CheckText.Count(spec.Columns.Count, "declared column")} are present as declared; {champion}"));
        }

        return results;
    }

    private static void CompareWithChampion(DataCheckContext context, DatasetProfile reference, List<CheckResult> results)
    {
        // Excluded columns never reach the model, so adding or dropping one does not change what the model reads.
        var current = context.Profile;
        foreach (var old in reference.Columns.Where(c => !IsExcluded(context, c.Name)))
        {
            var now = current.Column(old.Name);
            if (now is null)
            {
                results.Add(Problem(context, old.Name, "missing vs champion",
                    $"'{old.Name}' was in the champion's training data but is missing now; the champion and callers still send it"));
            }
            else if (now.Type != old.Type && now.Type != InferredType.Empty && old.Type != InferredType.Empty)
            {
                results.Add(Problem(context, old.Name, $"{ColumnTypes.Describe(now.Type)}, was {ColumnTypes.Describe(old.Type)}",
                    $"'{old.Name}' changed type from {ColumnTypes.Describe(old.Type)} (champion's training data) to {ColumnTypes.Describe(now.Type)}{Examples(now)}"));
            }
        }

        foreach (var added in current.Columns.Where(c => !IsExcluded(context, c.Name) && reference.Column(c.Name) is null))
        {
            results.Add(Problem(context, added.Name, "extra vs champion",
                $"'{added.Name}' is new: the champion's training data had no such column; add it to \"exclude\" if it is not a feature"));
        }
    }

    private static CheckResult Problem(DataCheckContext context, string column, string observed, string message)
    {
        var status = Grading.Severity(context.ThresholdsFor(column));
        return new CheckResult(Name, status, observed, Rule, message, column);
    }

    private static bool IsExcluded(DataCheckContext context, string column) => context.Spec.Exclude.Contains(column, StringComparer.Ordinal);

    private static string Examples(ColumnProfile column) =>
        column.BadValueExamples.Count > 0 ? $" (e.g. {CheckText.Examples(column.BadValueExamples)})"
        : column.TopCategories.Count > 0 ? $" (e.g. {CheckText.Examples(column.TopCategories.Select(c => c.Value))})"
        : "";
}
