using System.Globalization;
using Cd4ml.Core.Limits;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>
/// Fills in the facts a <see cref="FeaturePlan"/> built from a scan does not know (missing cells, distinct
/// values, and the classes of a multiclass label) with one pass over the file, read exactly as training reads it.
/// A column the scan called categorical only because of missing-value markers (<c>NA</c>) becomes numeric.
/// </summary>
internal static class FeatureMeasurement
{
    /// <summary>
    /// Measures what the plan does not know; a multiclass label with more distinct values than <paramref name="maxClasses"/>
    /// is refused (the setting <c>Cd4ml:Limits:MaxClasses</c>): it is almost certainly not a class.
    /// </summary>
    public static (FeaturePlan Plan, IReadOnlyList<string>? Classes) Measure(
        MLContext ml, string csvPath, FeaturePlan plan, string label, bool collectClasses, int maxClasses = ResourceLimits.DefaultMaxClasses)
    {
        var columns = plan.Columns;
        var measured = columns
            .Select((c, i) => (Column: c, Index: i))
            .Where(x => (x.Column.Role == ColumnRole.Feature && !x.Column.FactsKnown) || (collectClasses && x.Column.Role == ColumnRole.Label))
            .ToList();
        if (measured.Count == 0)
        {
            return (plan, null);
        }

        var loader = TrainingData.CreateLoader(ml, [.. measured.Select(x => new TextLoader.Column(x.Column.Name, DataKind.String, x.Index))]);
        var view = loader.Load(csvPath);
        var tallies = measured.Select(x => new Tally(x.Column, maxClasses)).ToArray();
        var getters = measured.Select(x => view.Schema[x.Column.Name]).ToArray();

        using (var cursor = view.GetRowCursor(getters))
        {
            var read = getters.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
            var cell = default(ReadOnlyMemory<char>);
            while (cursor.MoveNext())
            {
                for (var i = 0; i < read.Length; i++)
                {
                    read[i](ref cell);
                    tallies[i].Add(cell.Span);
                }
            }
        }

        var completed = columns.ToArray();
        IReadOnlyList<string>? classes = null;
        foreach (var (tally, (column, index)) in tallies.Zip(measured))
        {
            if (column.Role == ColumnRole.Label)
            {
                classes = tally.Classes();
            }
            else
            {
                completed[index] = tally.Complete();
            }
        }

        return (plan with { Columns = completed }, classes);
    }

    private sealed class Tally(PlannedColumn column, int maxClasses)
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private bool _moreThanLimit;
        private long _missing;
        private long _numbers;
        private long _markers;
        private long _words;

        public void Add(ReadOnlySpan<char> cell)
        {
            if (column.Role == ColumnRole.Label)
            {
                if (!cell.Trim().IsEmpty && _distinct.Count <= maxClasses)
                {
                    _distinct.Add(cell.Trim().ToString());
                }

                return;
            }

            if (column.Kind == FeatureKind.Numeric)
            {
                // ML.NET reads an empty or unparsable cell of a numeric column as NaN, and training reads a non-finite
                // number (Infinity, 1e39) as NaN too (NonFiniteAsMissing): missing.
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    _missing++;
                }

                return;
            }

            if (cell.Trim().IsEmpty)
            {
                _missing++;
            }
            else if (!_moreThanLimit)
            {
                _distinct.Add(cell.ToString());
                _moreThanLimit = _distinct.Count > FeaturePlan.HashingCardinality;
            }

            if (MissingValueMarkers.IsMissing(cell))
            {
                _markers++;
            }
            else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                _numbers++;
            }
            else
            {
                _words++;
            }
        }

        public PlannedColumn Complete()
        {
            if (column.Kind == FeatureKind.Numeric)
            {
                return column with { HasMissing = _missing > 0 };
            }

            if (!column.Declared && column.Kind == FeatureKind.Categorical && _words == 0 && _numbers > 0)
            {
                return column with { Kind = FeatureKind.Numeric, HasMissing = _markers > 0, Cardinality = null };
            }

            return column with { HasMissing = _missing > 0, Cardinality = _distinct.Count };
        }

        public IReadOnlyList<string> Classes()
        {
            if (_distinct.Count > maxClasses)
            {
                throw new InvalidDataException(
                    $"label '{column.Name}' has more than {maxClasses} distinct values; a multiclass label needs a small set of classes (is it the right column, or a regression task?); " +
                    $"if it really has that many, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxClasses))}");
            }

            return [.. _distinct.Order(StringComparer.Ordinal)];
        }
    }
}
