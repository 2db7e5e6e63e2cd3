using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// The label can be learned from: present, never blank, no NaN, <c>?</c>, Infinity or out-of-range numbers; for a
/// classification, at least two classes (exactly two with a resolvable positive class for a binary one) and a
/// rarest class that is not vanishingly rare; for a regression, numbers that vary. ML.NET would skip bad labels with
/// only a log warning, so every problem here stops the run before training.
/// </summary>
public sealed class LabelCheck : IDataCheck
{
    public const string Name = "label";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the label column: blanks, unusable values (NaN, ?, Infinity, 1e39), the classes and the share of the rarest class",
        ThresholdKind.MinShare, Warn: 0.05, Fail: 0.01, CanDisable: false, HasColumnThresholds: false,
        "below 5% of rows the rarest class has few holdout examples, so its metrics are noisy; below 1% a model can " +
        "score well by never predicting it. Blank or unusable labels and a single class always fail");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var spec = context.Spec;
        var profile = context.Profile;
        var label = profile.Column(spec.Label);
        if (label is null)
        {
            return [Fail("missing", "present", $"the label column '{spec.Label}' is not in the data; its columns are {CheckText.Names(profile.Header)}", spec.Label)];
        }

        if (profile.Rows == 0)
        {
            return [Fail("0 rows", "≥ 1 labelled row", "the file has no data rows, so there are no labels to learn from", spec.Label)];
        }

        var results = new List<CheckResult>();
        if (label.Missing > 0)
        {
            var share = (double)label.Missing / Math.Max(label.Count + label.Missing, 1);
            results.Add(Fail(CheckText.Count(label.Missing, "blank label"), "0 blank",
                $"{CheckText.Count(label.Missing, "row")} ({CheckText.Percent(share)}) {(label.Missing == 1 ? "has" : "have")} no value in '{spec.Label}'; " +
                "rows without a label cannot be trained on or evaluated: fill them in or drop them", spec.Label));
        }

        if (label.BadValues.Count > 0)
        {
            var at = label.BadValues.Lines.Count > 0 ? $" at {CheckText.Lines(label.BadValues.Lines, label.BadValues.Count)}" : "";
            var examples = label.BadValueExamples.Count > 0 ? $" ({CheckText.Examples(label.BadValueExamples)})" : "";
            results.Add(Fail(CheckText.Count(label.BadValues.Count, "unusable label"), "0 unusable",
                $"{CheckText.Count(label.BadValues.Count, "label")} in '{spec.Label}' {(label.BadValues.Count == 1 ? "is" : "are")} not a usable value{examples}{at}; " +
                "training would silently skip these rows", spec.Label));
        }

        if (spec.Task == TaskTypes.Regression)
        {
            Regression(spec.Label, label, results);
        }
        else
        {
            Classification(context, label, results);
        }

        return results;
    }

    private static void Regression(string name, ColumnProfile label, List<CheckResult> results)
    {
        if (label.Type != InferredType.Numeric || label.Numeric is not { Count: > 0 } numeric)
        {
            var examples = label.TopCategories.Count > 0 ? $" (e.g. {CheckText.Examples(label.TopCategories.Select(c => c.Value))})" : "";
            results.Add(Fail(ColumnTypes.Describe(label.Type), "numeric",
                $"a regression label must be numeric, but '{name}' reads as {ColumnTypes.Describe(label.Type)}{examples}", name));
            return;
        }

        if (numeric.Min == numeric.Max)
        {
            results.Add(Fail($"always {CheckText.Number(numeric.Min)}", "varies",
                $"every label in '{name}' is {CheckText.Number(numeric.Min)}: there is nothing to learn", name));
            return;
        }

        if (results.Count == 0)
        {
            results.Add(new CheckResult(Name, CheckStatus.Pass, $"{CheckText.Number(numeric.Min)} to {CheckText.Number(numeric.Max)}", "numeric, no blanks",
                $"numeric label from {CheckText.Number(numeric.Min)} to {CheckText.Number(numeric.Max)} (mean {CheckText.Number(numeric.Mean)}), every row labelled", name));
        }
    }

    private static void Classification(DataCheckContext context, ColumnProfile label, List<CheckResult> results)
    {
        var spec = context.Spec;
        var name = spec.Label;
        var binary = spec.Task == TaskTypes.Binary;
        var exact = label.Categories is not null;
        var counts = label.Categories?.Select(c => new CategoryCount(c.Key, c.Value)).ToList() ?? label.TopCategories.ToList();

        // A numeric label's bad values are already counted by the profiler (above); only its finite numbers are classes.
        // Any other label may hold '?' or 'NaN' as if it were a class: those are counted here.
        var numericLabel = label.Type == InferredType.Numeric;
        var unusable = counts.Where(c => numericLabel ? !LabelValues.IsFiniteNumber(c.Value) : LabelValues.IsUnusable(c.Value)).ToList();
        var classes = counts.Except(unusable).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
        if (!numericLabel && unusable.Count > 0)
        {
            var total = unusable.Sum(c => c.Count);
            results.Add(Fail(CheckText.Count(total, "unusable label"), "0 unusable",
                $"{CheckText.Count(total, "row")} of '{name}' hold {string.Join(", ", unusable.Select(c => $"'{c.Value}' ({CheckText.Whole(c.Count)})"))}, " +
                "values that are not classes but unknown or non-finite numbers: fix or drop these rows", name));
        }

        if (!binary && TooManyClasses(context.Profile.Options.MaxClasses, name, exact ? classes.Count : null, label.DistinctEstimate) is { } tooMany)
        {
            results.Add(tooMany);
            return;
        }

        if (!exact)
        {
            var distinct = CheckText.Whole(label.DistinctEstimate);
            if (binary)
            {
                results.Add(Fail($"~{distinct} classes", "2 classes",
                    $"a binary label has 2 values, but '{name}' has about {distinct} distinct values; is it the right column?", name));
            }
            else
            {
                results.Add(new CheckResult(Name, CheckStatus.Warn, $"~{distinct} classes", "exact class counts",
                    $"'{name}' has about {distinct} distinct values, too many to count each class; the rarest class's share was not checked", name));
            }

            return;
        }

        if (classes.Count < 2)
        {
            results.Add(Fail(CheckText.Count(classes.Count, "class", "classes"), binary ? "2 classes" : "≥ 2 classes",
                classes.Count == 0
                    ? $"'{name}' has no usable label values, so there is nothing to learn"
                    : $"every labelled row of '{name}' is '{classes[0].Value}' ({CheckText.Count(classes[0].Count, "row")}): a classifier needs at least two classes to learn",
                name));
            return;
        }

        var described = Describe(classes);
        string? positiveNote = null;
        if (binary)
        {
            if (classes.Count > 2)
            {
                results.Add(Fail(CheckText.Count(classes.Count, "class", "classes"), "2 classes",
                    $"a binary label needs exactly 2 classes, but '{name}' has {classes.Count}: {described}; " +
                    $"use \"task\": \"{TaskTypes.Multiclass}\" or fix the values", name));
                return;
            }

            var (positive, _, problem) = LabelClasses.Resolve(classes.Select(c => c.Value).ToList(), spec.PositiveClass);
            if (problem is not null)
            {
                results.Add(Fail(described, "a resolvable positive class", problem, name));
                return;
            }

            positiveNote = $"; positive class '{positive}'";
        }

        var labelled = classes.Sum(c => c.Count);
        var rarest = classes[^1];
        var share = (double)rarest.Count / labelled;
        var grade = Grading.Below(share, context.ThresholdsFor(null));
        var threshold = grade.Bound is { } bound ? $"rarest class ≥ {CheckText.Percent(bound)}" : "any share";
        var message = grade.Status switch
        {
            CheckStatus.Pass => $"{CheckText.Count(classes.Count, "class", "classes")}: {described}{positiveNote}",
            _ => $"the rarest class '{rarest.Value}' is {CheckText.Percent(share)} of labelled rows ({CheckText.Whole(rarest.Count)} of {CheckText.Whole(labelled)}), " +
                 $"below {CheckText.Percent(grade.Bound ?? 0)}: its holdout metrics rest on very few rows; classes: {described}",
        };
        results.Add(new CheckResult(Name, grade.Status, $"rarest class {CheckText.Percent(share)}", threshold, message, name));
    }

    /// <summary>
    /// A multiclass label over the class cap fails: each class is a model output and a share of every row's scores, and
    /// more than a thousand values is almost always an id, a free-text column or a regression label.
    /// </summary>
    private static CheckResult? TooManyClasses(int maxClasses, string name, int? exactClasses, long distinctEstimate)
    {
        var count = exactClasses ?? distinctEstimate;
        if (count <= maxClasses)
        {
            return null;
        }

        var observed = exactClasses is null ? $"~{CheckText.Whole(count)} classes" : CheckText.Count(count, "class", "classes");
        return Fail(observed, $"≤ {CheckText.Whole(maxClasses)} classes",
            $"'{name}' has {(exactClasses is null ? "about " : "")}{CheckText.Whole(count)} distinct values, more than the {CheckText.Whole(maxClasses)} classes " +
            "a multiclass label may have: is it the right column, or a regression task? If it really has that many classes, raise the limit with " +
            $"the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxClasses))}", name);
    }

    private static string Describe(List<CategoryCount> classes)
    {
        var total = (double)classes.Sum(c => c.Count);
        var shown = string.Join(", ", classes.Take(10).Select(c => $"'{c.Value}' {CheckText.Percent(c.Count / total)}"));
        return classes.Count > 10 ? $"{shown} and {classes.Count - 10} more" : shown;
    }

    private static CheckResult Fail(string observed, string threshold, string message, string column) =>
        new(Name, CheckStatus.Fail, observed, threshold, message, column);
}
