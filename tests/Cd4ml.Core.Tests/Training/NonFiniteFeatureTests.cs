using System.Globalization;
using System.Text;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training;

/// <summary>
/// Non-finite numbers in a feature column (<c>1e39</c>, <c>Infinity</c>, <c>-1e39</c>) are missing values: they get the
/// column's missing indicator and the training mean, for every family of trainer (RELIABILITY.md 36).
/// </summary>
public sealed class NonFiniteFeatureTests : IDisposable
{
    private static readonly string[] s_nonFinite = ["1e39", "Infinity", "-1e39", "-Infinity", "3.5e38"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> TrainerFamilies() => new()
    {
        { TaskTypes.Binary, "LightGbm" },
        { TaskTypes.Binary, "FastTree" },
        { TaskTypes.Binary, "FastForest" },
        { TaskTypes.Binary, "SdcaLogisticRegression" },
        { TaskTypes.Binary, "LbfgsLogisticRegression" },
        { TaskTypes.Multiclass, "FastTree" },
        { TaskTypes.Multiclass, "SdcaMaximumEntropy" },
        { TaskTypes.Regression, "LightGbm" },
        { TaskTypes.Regression, "Sdca" },
        { TaskTypes.Regression, "LbfgsPoissonRegression" },
    };

    [Theory]
    [MemberData(nameof(TrainerFamilies))]
    public void Non_finite_feature_values_are_missing_with_an_indicator_and_the_training_mean(string task, string trainer)
    {
        var (path, nonFiniteRows) = Write(task);
        var spec = TrainingSamples.Spec(task, "y") with { Trainers = [new TrainerSpec { Name = trainer }] };
        var ml = new MLContext(spec.Seed);
        var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);

        Assert.Equal(FeatureEncoding.NumericWithMissingIndicator, data.Plan.Column("x")!.Encoding);

        var trained = CandidateTrainer.Train(ml, data, spec.Trainers[0], spec.Seed);
        var model = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
        var scored = model.Transform(data.Raw);

        var indicator = scored.GetColumn<float>("x.missing").ToList();
        Assert.Equal(Enumerable.Range(0, indicator.Count).Select(i => nonFiniteRows.Contains(i) ? 1f : 0f), indicator);

        var features = scored.GetColumn<VBuffer<float>>(Featurizer.FeaturesColumn).ToList();
        Assert.All(features, f => Assert.All(f.DenseValues(), v => Assert.True(float.IsFinite(v), $"a feature value is {v}")));

        var imputed = scored.GetColumn<float>("x").ToList();
        var first = imputed[nonFiniteRows.Min()];
        Assert.True(float.IsFinite(first));
        Assert.All(nonFiniteRows, row => Assert.Equal(first, imputed[row]));
        Assert.InRange(first, 0f, 10f); // the mean of the finite values, which lie from 0 to 10

        Assert.All(trained.Predictions.Score, s => Assert.True(float.IsFinite(s), $"a holdout score is {s}"));
    }

    [Fact]
    public void A_plan_measured_without_a_profile_also_gives_a_column_with_only_non_finite_cells_an_indicator()
    {
        var (path, _) = Write(TaskTypes.Binary);
        var spec = TrainingSamples.Spec(TaskTypes.Binary, "y");
        var ml = new MLContext(spec.Seed);

        var data = TrainingData.Load(ml, path, [new DatasetColumn("y", ColumnKind.Categorical), new DatasetColumn("x", ColumnKind.Numeric), new DatasetColumn("z", ColumnKind.Numeric)], [], spec);

        Assert.Equal(FeatureEncoding.NumericWithMissingIndicator, data.Plan.Column("x")!.Encoding);
        Assert.Equal(FeatureEncoding.Numeric, data.Plan.Column("z")!.Encoding);
    }

    /// <summary>
    /// 2,000 rows (SDCA regression diverges on a few hundred, with or without non-finite values): y depends on x (0 to 10)
    /// and z; 1 row in 20 has a non-finite x and no cell is empty, so only the
    /// non-finite values can make x a column with missing values.
    /// </summary>
    private (string Path, HashSet<int> NonFiniteRows) Write(string task)
    {
        var random = new Random(7);
        var csv = new StringBuilder("y,x,z\n");
        var nonFinite = new HashSet<int>();
        for (var i = 0; i < 2000; i++)
        {
            var x = random.NextDouble() * 10;
            var z = random.NextDouble();
            var y = task switch
            {
                TaskTypes.Binary => x + z > 5.5 ? "yes" : "no",
                TaskTypes.Multiclass => x < 3.3 ? "low" : x < 6.6 ? "mid" : "high",
                _ => (0.3 * x + z + 1 + random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture),
            };
            string xCell;
            if (i % 20 == 7)
            {
                nonFinite.Add(i);
                xCell = s_nonFinite[nonFinite.Count % s_nonFinite.Length];
            }
            else
            {
                xCell = x.ToString("0.####", CultureInfo.InvariantCulture);
            }

            csv.Append(CultureInfo.InvariantCulture, $"{y},{xCell},{z.ToString("0.####", CultureInfo.InvariantCulture)}\n");
        }

        return (_folder.Write(csv.ToString()), nonFinite);
    }
}
