using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training;

/// <summary>What a column holds, as training reads and encodes it.</summary>
public enum FeatureKind
{
    /// <summary>Numbers (read as single precision); missing cells become NaN.</summary>
    Numeric,

    /// <summary>A small or large set of values: one-hot, or one-hot hashing above <see cref="FeaturePlan.HashingCardinality"/> values.</summary>
    Categorical,

    /// <summary>Two values (yes/no, true/false): encoded as a categorical column.</summary>
    Boolean,

    /// <summary>Free text: word and character n-grams (<c>FeaturizeText</c>).</summary>
    Text,

    /// <summary>Dates: read as text but not a feature (a raw date rarely generalises; derive features before the data lands).</summary>
    Date,

    /// <summary>Every cell is missing: not a feature.</summary>
    Empty,
}

/// <summary>What part a column plays in training.</summary>
public enum ColumnRole
{
    Feature,
    Label,

    /// <summary>Listed in the spec's <c>exclude</c> (ids, leaks).</summary>
    Excluded,

    /// <summary>Read but not a feature because of its kind (<see cref="FeatureKind.Date"/>, <see cref="FeatureKind.Empty"/>).</summary>
    Unused,
}

/// <summary>How a feature column becomes part of the <c>Features</c> vector.</summary>
public enum FeatureEncoding
{
    None,
    Numeric,

    /// <summary>Mean-imputed, plus a 0/1 column <c>{name}.missing</c> saying which cells were missing.</summary>
    NumericWithMissingIndicator,
    OneHot,
    OneHotHash,
    Text,
}

/// <summary>
/// One column of the file: its kind, role and the facts featurization needs. <see cref="HasMissing"/> and
/// <see cref="Cardinality"/> (distinct values: the profile's estimate, or a count exact up to
/// <see cref="FeaturePlan.HashingCardinality"/> + 1) are null while unknown; loading measures them.
/// <see cref="Declared"/>: the kind was declared in the spec's <c>columns</c>, so it is never re-inferred.
/// </summary>
public sealed record PlannedColumn(string Name, FeatureKind Kind, ColumnRole Role, bool? HasMissing = null, long? Cardinality = null, bool Declared = false)
{
    /// <summary>The encoding the featurizer applies (<see cref="FeatureEncoding.None"/> for anything but a feature).</summary>
    public FeatureEncoding Encoding => Role != ColumnRole.Feature ? FeatureEncoding.None : Kind switch
    {
        FeatureKind.Numeric => HasMissing == false ? FeatureEncoding.Numeric : FeatureEncoding.NumericWithMissingIndicator,
        FeatureKind.Categorical or FeatureKind.Boolean =>
            Cardinality is { } distinct && distinct > FeaturePlan.HashingCardinality ? FeatureEncoding.OneHotHash : FeatureEncoding.OneHot,
        FeatureKind.Text => FeatureEncoding.Text,
        _ => FeatureEncoding.None,
    };

    internal bool FactsKnown => Kind switch
    {
        FeatureKind.Numeric => HasMissing is not null,
        FeatureKind.Categorical or FeatureKind.Boolean => Cardinality is not null,
        _ => true,
    };
}

/// <summary>
/// Which columns are features and how each is encoded. Built from the dataset profile when there is one
/// (<see cref="FromProfile"/>), or from column kinds alone (<see cref="FromColumns"/>, a run whose snapshot has no profile),
/// whose unknown facts (missing cells, distinct values) are measured when the data is loaded.
/// A type declared in the spec's <c>columns</c> always wins over the inferred one.
/// </summary>
public sealed record FeaturePlan
{
    /// <summary>Categorical columns with more distinct values than this are one-hot hashed instead of one-hot encoded.</summary>
    public const int HashingCardinality = 100;

    /// <summary>Bits of the hash for high-cardinality columns: 2^10 = 1,024 indicator slots per column.</summary>
    public const int HashBits = 10;

    /// <summary>Every column of the file, in file order.</summary>
    public required IReadOnlyList<PlannedColumn> Columns { get; init; }

    public IReadOnlyList<PlannedColumn> Features => [.. Columns.Where(c => c.Role == ColumnRole.Feature)];

    public PlannedColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>True when every feature's facts are known, so loading need not measure anything.</summary>
    public bool IsComplete => Columns.All(c => c.Role != ColumnRole.Feature || c.FactsKnown);

    /// <summary>From a scan's column kinds (numeric or categorical). Missing cells and distinct values are left unknown.</summary>
    public static FeaturePlan FromColumns(IReadOnlyList<DatasetColumn> columns, PipelineSpec spec) => new()
    {
        Columns =
        [
            .. columns.Select(c => Plan(
                c.Name,
                c.Kind == ColumnKind.Numeric ? FeatureKind.Numeric : FeatureKind.Categorical,
                hasMissing: null,
                cardinality: null,
                spec)),
        ],
    };

    /// <summary>From a profile: its inferred types, missing counts and distinct estimates; nothing is left to measure.</summary>
    public static FeaturePlan FromProfile(DatasetProfile profile, PipelineSpec spec) => new()
    {
        Columns =
        [
            .. profile.Columns.Select(c => Plan(
                c.Name,
                c.Type switch
                {
                    InferredType.Numeric => FeatureKind.Numeric,
                    InferredType.Boolean => FeatureKind.Boolean,
                    InferredType.Date => FeatureKind.Date,
                    InferredType.Text => FeatureKind.Text,
                    InferredType.Empty => FeatureKind.Empty,
                    _ => FeatureKind.Categorical,
                },
                // A bad value (text, NaN, Infinity, 1e39) in a numeric column is read as missing too.
                hasMissing: c.Missing > 0 || (c.Type == InferredType.Numeric && c.BadValues.Count > 0),
                cardinality: c.DistinctEstimate,
                spec)),
        ],
    };

    /// <summary>The spec's declared type of a column as a kind, or null when none (or an unknown one) is declared.</summary>
    public static FeatureKind? DeclaredKind(PipelineSpec spec, string column) =>
        spec.Columns.TryGetValue(column, out var declared) ? declared.Type switch
        {
            "numeric" => FeatureKind.Numeric,
            "categorical" => FeatureKind.Categorical,
            "boolean" => FeatureKind.Boolean,
            "text" => FeatureKind.Text,
            "date" => FeatureKind.Date,
            _ => null,
        } : null;

    private static PlannedColumn Plan(string name, FeatureKind inferred, bool? hasMissing, long? cardinality, PipelineSpec spec)
    {
        var declared = DeclaredKind(spec, name);
        var kind = declared ?? inferred;
        var role = string.Equals(name, spec.Label, StringComparison.Ordinal) ? ColumnRole.Label
            : spec.Exclude.Contains(name, StringComparer.Ordinal) ? ColumnRole.Excluded
            : kind is FeatureKind.Date or FeatureKind.Empty ? ColumnRole.Unused
            : ColumnRole.Feature;

        // Declared numeric over inferred text: the cells that do not parse are read as missing too.
        if (kind == FeatureKind.Numeric && inferred != FeatureKind.Numeric && hasMissing is not null)
        {
            hasMissing = true;
        }

        return new PlannedColumn(name, kind, role, hasMissing, cardinality, declared is not null);
    }
}
