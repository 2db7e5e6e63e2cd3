using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>
/// A snapshot loaded for ML.NET: typed columns, the label mapped for the task, the values of the sensitive
/// columns, and the deterministic train/holdout split every candidate and the champion share.
/// </summary>
/// <remarks>
/// The holdout is the same rows whenever the same file is loaded with the same plan, label classes and spec:
/// rows without a usable label are dropped first, then <c>TrainTestSplit</c> draws one seeded random number per
/// remaining row in file order. The champion's re-evaluation relies on this; changing anything before the split
/// (the filter, the seed, the test fraction) changes the rows.
/// </remarks>
public sealed class TrainingData
{
    /// <summary>The label column training and evaluation read (boolean, key or single); not part of saved models.</summary>
    public const string LabelColumn = "Label";

    private const string GroupPrefix = "Group.";
    private const string LabelTextColumn = "Label.Text";

    private TrainingData(
        string task, IDataView raw, IDataView train, IDataView holdout, FeaturePlan plan, IReadOnlyList<string> classes, IReadOnlyList<string> sensitiveColumns,
        BusinessValueSpec? businessValue, bool inMemory)
    {
        InMemory = inMemory;
        BusinessValue = businessValue;
        Task = task;
        Raw = raw;
        Train = train;
        Holdout = holdout;
        Plan = plan;
        Classes = classes;
        SensitiveColumns = sensitiveColumns;
    }

    /// <summary>One of <see cref="TaskTypes"/>.</summary>
    public string Task { get; }

    /// <summary>The file as loaded, without the label mapping: the input schema of saved models.</summary>
    public IDataView Raw { get; }

    public IDataView Train { get; }

    /// <summary>True when the rows come from columns already in memory rather than from parsing the file.</summary>
    public bool InMemory { get; }

    public IDataView Holdout { get; }

    /// <summary>The plan with every fact known (measured on load when the caller's plan lacked some).</summary>
    public FeaturePlan Plan { get; }

    public IReadOnlyList<PlannedColumn> Features => Plan.Features;

    /// <summary>Binary: [negative, positive]; multiclass: the classes in ordinal order (key i+1 is class i); regression: empty.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The positive class of a binary label; null for the other tasks.</summary>
    public string? PositiveClass => Task == TaskTypes.Binary ? Classes[1] : null;

    /// <summary>The spec's fairness columns, whose values the holdout carries as text for per-group metrics.</summary>
    public IReadOnlyList<string> SensitiveColumns { get; }

    /// <summary>What each binary outcome is worth (the spec's <c>promotion.businessValue</c>); null when not defined.</summary>
    public BusinessValueSpec? BusinessValue { get; }

    /// <summary>The holdout column holding a sensitive column's values as written in the file.</summary>
    public static string GroupColumn(string sensitiveColumn) => GroupPrefix + sensitiveColumn;

    /// <summary>
    /// A label with at least this many known values may have more than were listed (a profile keeps only the most
    /// frequent values of a column with very many), so a multiclass load reads its classes from the file.
    /// </summary>
    public const int ListedLabelValuesLimit = 50;

    /// <summary>Loads with the feature plan and label values of the file's profile, as a training activity does.</summary>
    public static TrainingData Load(
        MLContext ml, string csvPath, DatasetProfile profile, PipelineSpec spec, Func<IReadOnlyCollection<ColumnRead>, SnapshotColumns>? readColumns = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Load(ml, csvPath, FeaturePlan.FromProfile(profile, spec), ProfileLabels.ValuesOf(profile, spec.Label), spec, profile.Options.MaxClasses, readColumns);
    }

    /// <summary>Loads with the column kinds and label values a data check already found.</summary>
    public static TrainingData Load(
        MLContext ml, string csvPath, IReadOnlyList<DatasetColumn> columnKinds, IReadOnlyCollection<string> labelValues, PipelineSpec spec,
        Func<IReadOnlyCollection<ColumnRead>, SnapshotColumns>? readColumns = null) =>
        Load(ml, csvPath, FeaturePlan.FromColumns(columnKinds, spec), labelValues, spec, readColumns: readColumns);

    /// <summary>
    /// Loads with a feature plan (from the profile or a scan). <paramref name="labelValues"/> are the label's
    /// distinct values; empty (or, for multiclass, possibly cut short by the scan) means they are read from the file.
    /// Throws <see cref="InvalidDataException"/> when the label or a sensitive column is missing or the label unusable
    /// (a multiclass label read from the file with more than <paramref name="maxClasses"/> values).
    /// <paramref name="readColumns"/>, when given, supplies the columns training uses already read into memory (typically
    /// from a <see cref="SnapshotColumnsCache"/> shared by the candidates of a run); the rows, values and split are the
    /// same as when ML.NET's text loader reads the file, which it does when <paramref name="readColumns"/> is null.
    /// </summary>
    public static TrainingData Load(
        MLContext ml, string csvPath, FeaturePlan plan, IReadOnlyCollection<string> labelValues, PipelineSpec spec, int maxClasses = ResourceLimits.DefaultMaxClasses,
        Func<IReadOnlyCollection<ColumnRead>, SnapshotColumns>? readColumns = null)
    {
        if (plan.Column(spec.Label) is null)
        {
            throw new InvalidDataException($"label '{spec.Label}' is not a column of the dataset");
        }

        var sensitive = spec.Promotion.Fairness?.Columns ?? [];
        var absent = sensitive.Where(c => plan.Column(c) is null).ToList();
        if (absent.Count > 0)
        {
            throw new InvalidDataException($"sensitive column(s) {string.Join(", ", absent.Select(c => $"'{c}'"))} named in promotion.fairness are not columns of the dataset");
        }

        var classification = spec.Task != TaskTypes.Regression;
        var collectClasses = classification && (labelValues.Count == 0 || (spec.Task == TaskTypes.Multiclass && labelValues.Count >= ListedLabelValuesLimit));
        var (complete, measuredClasses) = plan.IsComplete && !collectClasses
            ? (plan, null)
            : FeatureMeasurement.Measure(ml, csvPath, plan, spec.Label, collectClasses, maxClasses);
        var classes = ResolveClasses(spec, measuredClasses ?? [.. labelValues]);

        var fileColumns = complete.Columns
            .Select((c, i) => new ViewColumn(c.Name, new ColumnRead(i, ReadAs(c, spec))))
            .ToArray();
        var groupColumns = sensitive
            .Select(c => new ViewColumn(GroupColumn(c), new ColumnRead(complete.Columns.ToList().FindIndex(p => p.Name == c), DataKind.String)))
            .ToArray();
        IDataView raw, loaded;
        if (readColumns is null)
        {
            raw = CreateLoader(ml, [.. fileColumns.Select(LoaderColumn)]).Load(csvPath);
            loaded = CreateLoader(ml, [.. fileColumns.Concat(groupColumns).Select(LoaderColumn)]).Load(csvPath);
        }
        else
        {
            var table = readColumns(UsedColumns(complete, fileColumns, groupColumns));
            raw = new SnapshotColumnsView(ml, table, fileColumns);
            loaded = new SnapshotColumnsView(ml, table, [.. fileColumns, .. groupColumns]);
        }

        // A non-finite number (1e39, Infinity) is missing, like an empty cell: indicator and training mean, never a value.
        raw = NonFiniteAsMissing.Apply(raw);
        loaded = NonFiniteAsMissing.Apply(loaded);

        var labeled = Label(ml, loaded, spec, classes);
        var split = ml.Data.TrainTestSplit(labeled, spec.TestFraction, seed: spec.Seed);
        return new TrainingData(spec.Task, raw, split.TrainSet, split.TestSet, complete, classes, sensitive,
            spec.Task == TaskTypes.Binary ? spec.Promotion.BusinessValue : null, readColumns is not null);
    }

    /// <summary>
    /// The same data with the training part cut to a seeded <paramref name="share"/> of its rows (a search budget): the
    /// same rows for the same share and seed. The holdout is unchanged. The cut rows are cached in memory when first
    /// read: otherwise every pass of featurization, fitting and validation would parse the whole file again to filter
    /// out the few rows it keeps, and a small budget would cost nearly as much as the full one.
    /// </summary>
    public TrainingData WithTrainingShare(MLContext ml, double share, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        return share >= 1
            ? this
            : new TrainingData(Task, Raw, ml.Data.Cache(ml.Data.TrainTestSplit(Train, 1 - share, seed: seed).TrainSet), Holdout, Plan, Classes, SensitiveColumns, BusinessValue, InMemory);
    }

    internal static TextLoader CreateLoader(MLContext ml, TextLoader.Column[] columns) =>
        ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns,
            HasHeader = true,
            Separators = [','],
            AllowQuoting = true,
            // A quoted field may span lines; the data check reads it as one row, so training must too.
            ReadMultilines = true,
            TrimWhitespace = true,
            // Empty numeric cells are missing values (NaN), never zero; so are markers such as NA, which do not parse.
            MissingRealsAsNaNs = true,
        });

    private static TextLoader.Column LoaderColumn(ViewColumn column) => new(column.Name, column.Source.Kind, column.Source.FileIndex);

    // Only what featurization, the label and per-group metrics read; dates, excluded and empty columns stay in the file.
    private static ColumnRead[] UsedColumns(FeaturePlan plan, ViewColumn[] fileColumns, ViewColumn[] groupColumns) =>
    [
        .. plan.Columns
            .Select((c, i) => (Column: c, Read: fileColumns[i].Source))
            .Where(x => x.Column.Role == ColumnRole.Label || x.Column.Encoding != FeatureEncoding.None)
            .Select(x => x.Read),
        .. groupColumns.Select(c => c.Source),
    ];

    private static DataKind ReadAs(PlannedColumn column, PipelineSpec spec) =>
        column.Role == ColumnRole.Label
            ? spec.Task == TaskTypes.Regression ? DataKind.Single : DataKind.String
            : column.Kind == FeatureKind.Numeric ? DataKind.Single : DataKind.String;

    private static IReadOnlyList<string> ResolveClasses(PipelineSpec spec, IReadOnlyCollection<string> labelValues)
    {
        switch (spec.Task)
        {
            case TaskTypes.Binary:
                var (positive, negative, problem) = LabelClasses.Resolve(labelValues, spec.PositiveClass);
                return problem is null ? [negative!, positive!] : throw new InvalidDataException($"label '{spec.Label}': {problem}");
            case TaskTypes.Multiclass:
                var classes = labelValues.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                return classes.Count >= 2
                    ? classes
                    : throw new InvalidDataException($"label '{spec.Label}': a multiclass label needs at least 2 classes, found {classes.Count}");
            default:
                return [];
        }
    }

    // Rows whose label is blank or not one of the classes cannot be learned from or scored; they leave before the split.
    private static IDataView Label(MLContext ml, IDataView loaded, PipelineSpec spec, IReadOnlyList<string> classes)
    {
        if (spec.Task == TaskTypes.Regression)
        {
            var copied = ml.Transforms.CopyColumns(LabelColumn, spec.Label).Fit(loaded).Transform(loaded);
            return ml.Data.FilterRowsByMissingValues(copied, LabelColumn);
        }

        var known = new HashSet<string>(classes, StringComparer.Ordinal);
        var text = ml.Transforms.CopyColumns(LabelTextColumn, spec.Label).Fit(loaded).Transform(loaded);
        var usable = ml.Data.FilterByCustomPredicate<LabelText>(text, row => !known.Contains(row.Value));
        var map = spec.Task == TaskTypes.Binary
            ? (IEstimator<ITransformer>)ml.Transforms.Conversion.MapValue(
                LabelColumn,
                [new KeyValuePair<string, bool>(classes[1], true), new KeyValuePair<string, bool>(classes[0], false)],
                spec.Label)
            : ml.Transforms.Conversion.MapValueToKey(
                LabelColumn,
                spec.Label,
                keyData: ml.Data.LoadFromEnumerable(classes.Select(c => new LabelText { Value = c })));
        return map.Fit(usable).Transform(usable);
    }

    /// <summary>The label as written, for filtering rows and listing the classes a key maps to.</summary>
    private sealed class LabelText
    {
        [ColumnName(LabelTextColumn)]
        public string Value { get; set; } = "";
    }
}
