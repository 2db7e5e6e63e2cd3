using System.Globalization;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training.Loading;

/// <summary>
/// Candidates trained on a snapshot read once into memory (Sep, <see cref="SnapshotColumnsCache"/>) must be the very
/// models ML.NET's text loader gives: same bytes, metrics and holdout answers, same missing and non-finite cells.
/// </summary>
public sealed class InMemoryLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cd4ml-loading-").FullName;

    public static TheoryData<string, string> TasksAndTrainers => new()
    {
        { TaskTypes.Regression, "LightGbm" },
        { TaskTypes.Regression, "FastTree" },
        { TaskTypes.Regression, "Sdca" },
        { TaskTypes.Binary, "LightGbm" },
        // FastTree for the tasks where it trains from memory without the featurized-row cache (CopiesRowsItself).
        { TaskTypes.Binary, "FastTree" },
        { TaskTypes.Binary, "SdcaLogisticRegression" },
        { TaskTypes.Multiclass, "LightGbm" },
    };

    [Theory]
    [MemberData(nameof(TasksAndTrainers))]
    public void A_candidate_trained_from_memory_is_the_model_the_text_loader_gives(string task, string trainer)
    {
        var (path, spec) = TrainingSamples.ForTask(task);
        AssertSameCandidate(path, spec, trainer);
    }

    [Fact]
    public void Fairness_columns_and_categorical_features_give_the_same_model_and_groups()
    {
        AssertSameCandidate(TrainingSamples.TelcoChurn, TrainingSamples.TelcoSpec, "LightGbm");
    }

    [Fact]
    public void Missing_markers_non_finite_numbers_quotes_blank_lines_and_short_rows_read_as_the_text_loader_reads_them()
    {
        var path = Path.Combine(_dir, "edge.csv");
        var rows = new List<string> { "y,x,z,note,when" };
        var cells = new[] { "1.5", "", "NA", "n/a", "NaN", "null", "?", "Infinity", "-Infinity", "1e39", "-2.25", " 3 ", "4.", ".5", "+6", "1e-3" };
        for (var i = 0; i < 120; i++)
        {
            var z = i % 7 == 0 ? "\"quoted, with comma\"" : i % 11 == 0 ? "\"two\nlines\"" : i % 13 == 0 ? "\"say \"\"hi\"\"\"" : i % 3 == 0 ? "red" : " blue ";
            var y = (i * 0.37 % 5).ToString("0.###", CultureInfo.InvariantCulture);
            rows.Add(i % 17 == 5 ? $"{y},{cells[i % cells.Length]}" : $"{y},{cells[i % cells.Length]},{z},n{i % 4},2024-01-{1 + (i % 28):00}");
            if (i % 29 == 3)
            {
                rows.Add("");
            }
        }

        File.WriteAllText(path, string.Join('\n', rows) + "\n");
        // Declared numeric: a scan would call a column with Infinity and "?" cells categorical.
        var spec = TrainingSamples.Spec(TaskTypes.Regression, "y") with
        {
            TestFraction = 0.3,
            Columns = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal) { ["x"] = new ColumnSpec { Type = "numeric" } },
        };
        var profile = DatasetProfiler.Profile(path);

        var fromFile = TrainingData.Load(new MLContext(spec.Seed), path, profile, spec);
        var fromMemory = TrainingData.Load(new MLContext(spec.Seed), path, profile, spec, wanted => SnapshotColumns.Read(path, wanted));

        Assert.Equal(Cells(fromFile.Train, fromFile), Cells(fromMemory.Train, fromMemory));
        Assert.Equal(Cells(fromFile.Holdout, fromFile), Cells(fromMemory.Holdout, fromMemory));
        Assert.Contains(Cells(fromFile.Train, fromFile).Concat(Cells(fromFile.Holdout, fromFile)), c => c == "NaN");
        AssertSameCandidate(path, spec, "Sdca");
    }

    private static void AssertSameCandidate(string path, PipelineSpec spec, string trainer)
    {
        var profile = DatasetProfiler.Profile(path);
        var trainerSpec = new TrainerSpec { Name = trainer };
        var cache = new SnapshotColumnsCache();
        var fromFile = Train(path, profile, spec, trainerSpec, readColumns: null);
        var fromMemory = Train(path, profile, spec, trainerSpec, wanted => cache.GetOrRead("sha", path, wanted));
        var again = Train(path, profile, spec, trainerSpec, wanted => cache.GetOrRead("sha", path, wanted));

        Assert.Equal(1, cache.Reads);
        foreach (var other in new[] { fromMemory, again })
        {
            Assert.Equal(fromFile.Sha256, other.Sha256);
            Assert.Equal(fromFile.Metrics.HoldoutRows, other.Metrics.HoldoutRows);
            Assert.Equal(fromFile.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal), other.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal));
            Assert.Equal(HoldoutPredictionsJson.Serialize(fromFile.Predictions), HoldoutPredictionsJson.Serialize(other.Predictions));
        }
    }

    private static TrainedCandidate Train(
        string path, DatasetProfile profile, PipelineSpec spec, TrainerSpec trainer, Func<IReadOnlyCollection<ColumnRead>, SnapshotColumns>? readColumns)
    {
        var ml = new MLContext(spec.Seed);
        var data = TrainingData.Load(ml, path, profile, spec, readColumns);
        return CandidateTrainer.Train(ml, data, trainer, spec.Seed);
    }

    // Every cell of the columns training reads, as text, row by row.
    private static List<string> Cells(IDataView view, TrainingData data)
    {
        var names = data.Plan.Columns.Where(c => c.Role == ColumnRole.Label || c.Encoding != FeatureEncoding.None).Select(c => c.Name).ToList();
        var columns = names.Select(n => view.Schema[n]).ToArray();
        var cells = new List<string>();
        using var cursor = view.GetRowCursor(columns);
        var getters = columns.Select<DataViewSchema.Column, Func<string>>(c =>
        {
            if (c.Type is TextDataViewType)
            {
                var text = cursor.GetGetter<ReadOnlyMemory<char>>(c);
                return () =>
                {
                    ReadOnlyMemory<char> value = default;
                    text(ref value);
                    return "'" + value + "'";
                };
            }

            var number = cursor.GetGetter<float>(c);
            return () =>
            {
                float value = 0;
                number(ref value);
                return value.ToString("R", CultureInfo.InvariantCulture);
            };
        }).ToArray();
        while (cursor.MoveNext())
        {
            cells.AddRange(getters.Select(g => g()));
        }

        return cells;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
