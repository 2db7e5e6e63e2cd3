using System.Text;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training;

/// <summary>Per-row holdout answers: their encoding per task, the sensitive groups, the champion's re-evaluation, and the JSON form.</summary>
public sealed class HoldoutPredictionsTests : IDisposable
{
    private static readonly TrainerSpec s_lightGbm = new() { Name = "LightGbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 50 } };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Binary_predictions_carry_probabilities_predicted_labels_and_the_sensitive_groups()
    {
        var trained = TrainingSamples.Train(TrainingSamples.TelcoChurn, TrainingSamples.TelcoSpec, s_lightGbm);
        var predictions = trained.Predictions;

        Assert.Equal(TaskTypes.Binary, predictions.Task);
        Assert.Equal(["No", "Yes"], predictions.Classes);
        Assert.True(predictions.Calibrated);
        Assert.Equal(trained.Metrics.HoldoutRows, predictions.Rows);
        Assert.Equal(trained.Metrics.PositiveRows, predictions.Label.Count(l => l == 1));
        Assert.All(predictions.Label, l => Assert.Contains(l, new[] { 0f, 1f }));
        Assert.All(predictions.Score, s => Assert.InRange(s, 0f, 1f));
        Assert.Equal(predictions.Score.Select(s => s > 0.5f ? 1f : 0f), predictions.Predicted);
        var accuracy = predictions.Label.Zip(predictions.Predicted).Count(p => p.First == p.Second) / (double)predictions.Rows;
        Assert.Equal(trained.Metrics[BinaryMetricNames.Accuracy], accuracy, 6);

        Assert.Equal(["female", "senior_citizen"], predictions.Groups.Keys.Order(StringComparer.Ordinal));
        Assert.All(predictions.Groups.Values, values => Assert.Equal(predictions.Rows, values.Length));
        Assert.Equal(["0.0", "1.0"], predictions.Groups["female"].Distinct().Order(StringComparer.Ordinal)); // as written in the file
        Assert.Equal(["0", "1"], predictions.Groups["senior_citizen"].Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Multiclass_predictions_are_class_indexes_and_the_probability_of_the_true_class()
    {
        var trained = TrainingSamples.Train(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec, s_lightGbm);
        var predictions = trained.Predictions;

        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], predictions.Classes);
        Assert.Equal(trained.Metrics.HoldoutRows, predictions.Rows);
        Assert.All(predictions.Label.Concat(predictions.Predicted), i => Assert.Contains(i, new[] { 0f, 1f, 2f }));
        Assert.All(predictions.Score, p => Assert.InRange(p, 0f, 1f));
        var accuracy = predictions.Label.Zip(predictions.Predicted).Count(p => p.First == p.Second) / (double)predictions.Rows;
        Assert.Equal(trained.Metrics[MetricCatalog.MicroAccuracy], accuracy, 6);
        var logLoss = predictions.Score.Average(p => -Math.Log(Math.Max(p, 1e-15)));
        Assert.Equal(trained.Metrics[MetricCatalog.LogLoss], logLoss, 4);
        Assert.Empty(predictions.Groups);
    }

    [Fact]
    public void Regression_predictions_are_the_predicted_values()
    {
        var trained = TrainingSamples.Train(TrainingSamples.Diamonds, TrainingSamples.DiamondsSpec, s_lightGbm);
        var predictions = trained.Predictions;

        Assert.Empty(predictions.Classes);
        Assert.Equal(predictions.Predicted, predictions.Score);
        var rmse = Math.Sqrt(predictions.Label.Zip(predictions.Predicted).Average(p => Math.Pow(p.First - p.Second, 2)));
        Assert.Equal(trained.Metrics[MetricCatalog.Rmse], rmse, 0.5);
        Assert.Equal(trained.Metrics.HoldoutRows, predictions.Rows);
    }

    [Theory]
    [InlineData(TaskTypes.Binary)]
    [InlineData(TaskTypes.Multiclass)]
    [InlineData(TaskTypes.Regression)]
    public void The_champion_loaded_from_its_zip_gives_the_same_answers_on_a_fresh_load_of_the_same_data(string task)
    {
        var (path, spec) = TrainingSamples.ForTask(task);
        var trained = TrainingSamples.Train(path, spec, s_lightGbm);

        var (ml, data) = TrainingSamples.Load(path, spec);
        var champion = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
        var evaluation = HoldoutEvaluator.Evaluate(ml, champion, data);

        Assert.Equal(trained.Predictions.Label, evaluation.Predictions.Label);
        Assert.Equal(trained.Predictions.Predicted, evaluation.Predictions.Predicted);
        Assert.Equal(trained.Predictions.Score, evaluation.Predictions.Score);
        Assert.Equal(trained.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal), evaluation.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_multiclass_model_saves_the_predicted_class_name()
    {
        var trained = TrainingSamples.Train(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec, s_lightGbm);
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec);

        var model = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
        var names = model.Transform(data.Holdout).GetColumn<string>(CandidateTrainer.PredictedClassColumn).ToList();

        Assert.Equal(trained.Predictions.Predicted.Select(i => trained.Predictions.Classes[(int)i]), names);
    }

    [Fact]
    public void A_champion_that_knows_other_classes_gets_no_metrics_but_its_answers_by_class_name()
    {
        var trained = TrainingSamples.Train(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec, s_lightGbm);
        var lines = File.ReadAllLines(TrainingSamples.Penguins).Where(l => !l.StartsWith("Chinstrap", StringComparison.Ordinal));
        var path = _folder.Write(string.Join('\n', lines) + "\n", name: "two-species.csv");

        var (ml, data) = TrainingSamples.Load(path, TrainingSamples.PenguinsSpec);
        var evaluation = HoldoutEvaluator.Evaluate(ml, ml.Model.Load(new MemoryStream(trained.ModelZip), out _), data);

        Assert.Equal(["Adelie", "Gentoo"], data.Classes);
        Assert.All(evaluation.Metrics.Values.Values, v => Assert.True(double.IsNaN(v)));
        Assert.Contains("[Adelie, Chinstrap, Gentoo]", evaluation.Metrics.Problem, StringComparison.Ordinal);
        Assert.All(evaluation.Predictions.Predicted, i => Assert.Contains(i, new[] { -1f, 0f, 1f }));
        Assert.True(evaluation.Predictions.Label.Zip(evaluation.Predictions.Predicted).Count(p => p.First == p.Second) > 0.9 * evaluation.Predictions.Rows);
    }

    [Fact]
    public void A_multiclass_holdout_of_one_class_has_undefined_metrics_with_the_reason()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec);
        var model = CandidateTrainer.Train(ml, data, s_lightGbm, 42).ModelZip;
        var scored = ml.Model.Load(new MemoryStream(model), out _).Transform(data.Holdout);

        var adelieOnly = ml.Data.FilterRowsByKeyColumnFraction(scored, TrainingData.LabelColumn, 0, 0.34);
        var metrics = HoldoutEvaluator.Metrics(ml, adelieOnly, TaskTypes.Multiclass, data.Classes);

        Assert.All(MetricCatalog.For(TaskTypes.Multiclass), m => Assert.True(double.IsNaN(metrics[m])));
        Assert.Matches("^the holdout has [0-9]+ rows of 1 class\\(es\\); metrics need at least two classes$", metrics.Problem);
    }

    [Fact]
    public void A_constant_regression_label_leaves_r_squared_undefined_with_the_reason()
    {
        var ml = new MLContext(1);
        var scored = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new ScoredRow { Label = 5, Score = 4 + (i % 3) }));

        var metrics = HoldoutEvaluator.Metrics(ml, scored, TaskTypes.Regression, []);

        Assert.True(double.IsNaN(metrics[MetricCatalog.RSquared]));
        Assert.Equal("every holdout label is 5; R² needs labels that vary", metrics.Problem);
        Assert.InRange(metrics[MetricCatalog.Mae], 0.5, 1.0);
    }

    [Fact]
    public void Predictions_round_trip_through_compact_json()
    {
        var trained = TrainingSamples.Train(TrainingSamples.TelcoChurn, TrainingSamples.TelcoSpec, s_lightGbm);

        var json = HoldoutPredictionsJson.Serialize(trained.Predictions);
        var back = HoldoutPredictionsJson.Deserialize(json);

        Assert.DoesNotContain((byte)'\n', json);
        Assert.StartsWith("{\"task\":\"binary-classification\",\"classes\":[\"No\",\"Yes\"],\"label\":[", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(trained.Predictions.Label, back.Label);
        Assert.Equal(trained.Predictions.Predicted, back.Predicted);
        Assert.Equal(trained.Predictions.Score, back.Score);
        Assert.Equal(trained.Predictions.Classes, back.Classes);
        Assert.Equal(trained.Predictions.Calibrated, back.Calibrated);
        Assert.Equal(trained.Predictions.Groups["female"], back.Groups["female"]);
    }

    private sealed class ScoredRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }
}
