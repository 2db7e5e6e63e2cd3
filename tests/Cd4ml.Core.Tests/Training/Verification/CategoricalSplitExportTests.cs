using System.Globalization;
using System.Text;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Core.Tests.Training.Verification;

/// <summary>
/// LightGBM's categorical splits: ML.NET turns them on by itself above 50,000 training rows when the features hold
/// one-hot categories, and exports them as tree nodes on feature -1, which ONNX Runtime refuses to load
/// (<c>nodes_featureids[0]=-1 must be in [0, 2147483647] for non-leaf nodes</c>). Seen on flights_3m.csv.
/// </summary>
public sealed class CategoricalSplitExportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(TaskTypes.Regression)]
    [InlineData(TaskTypes.Binary)]
    public void A_catalog_LightGbm_model_trained_on_more_than_50000_rows_with_categories_exports_with_parity(string task)
    {
        // 70,000 rows (56,000 to train on), past ML.NET's threshold for categorical splits, with a one-hot and a hashed category that carry signal.
        var path = Flights(70_000, task);
        var spec = new PipelineSpec
        {
            Name = "flights",
            Task = task,
            Label = "delay",
            PositiveClass = task == TaskTypes.Binary ? "late" : null,
            TestFraction = 0.2,
            Seed = 42,
            Trainers = [new TrainerSpec { Name = "LightGbm" }],
            Promotion = new PromotionSpec { PrimaryMetric = MetricCatalog.DefaultPrimary(task) },
        };
        var ml = new MLContext(spec.Seed);
        var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);
        Assert.Equal(FeatureEncoding.OneHotHash, data.Plan.Column("origin")!.Encoding);
        var trainer = new TrainerSpec { Name = "LightGbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 20 } };

        var trained = CandidateTrainer.Train(ml, data, trainer, spec.Seed);
        var model = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
        var result = OnnxExport.TryExport(ml, model, VerificationSample.Take(ml, data.Holdout, data.Raw.Schema));

        Assert.True(result.Exported, result.Reason);
        Assert.True(result.Parity, result.Reason);
        Assert.Equal(SmokeTester.DefaultSampleRows, result.RowsCompared);
    }

    [Fact]
    public void A_model_ONNX_Runtime_cannot_load_is_reported_in_one_line_with_the_runtime_reason_and_its_log_goes_to_our_sink()
    {
        // The same tree shape on a small file: categorical splits asked for explicitly.
        var path = Flights(2_000, TaskTypes.Regression);
        var ml = new MLContext(1);
        var spec = new PipelineSpec
        {
            Name = "flights",
            Task = TaskTypes.Regression,
            Label = "delay",
            Seed = 1,
            Trainers = [new TrainerSpec { Name = "LightGbm" }],
            Promotion = new PromotionSpec { PrimaryMetric = "rmse" },
        };
        var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);
        var model = Featurizer.Build(ml, data.Plan, normalize: false)
            .Append(ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = TrainingData.LabelColumn,
                NumberOfIterations = 10,
                UseCategoricalSplit = true,
                NumberOfThreads = 1,
                Seed = 1,
            }))
            .Fit(data.Train);
        var nativeLog = new List<string>();

        var result = OnnxExport.TryExport(ml, model, VerificationSample.Take(ml, data.Holdout, data.Raw.Schema), nativeLog: nativeLog.Add);

        Assert.True(result.Exported);
        Assert.False(result.Parity);
        Assert.Equal(0, result.RowsCompared);
        Assert.NotNull(result.Reason);
        Assert.DoesNotContain('\n', result.Reason);
        Assert.StartsWith("parity not checked: ONNX Runtime cannot load the exported model: ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("nodes_featureids", result.Reason, StringComparison.Ordinal);
        Assert.True(OnnxRuntimeLog.Routed); // nothing else in this process created ONNX Runtime's environment first
        Assert.Contains(nativeLog, line => line.StartsWith("ONNX Runtime error", StringComparison.Ordinal) && line.Contains("nodes_featureids", StringComparison.Ordinal));
        Assert.Equal("nodes_featureids[0]=-1 must be in [0, 2147483647] for non-leaf nodes.", result.Reason["parity not checked: ONNX Runtime cannot load the exported model: ".Length..]);

        // What the manifest, the card and the CLI show: the runtime's reason, not "differ by up to 0 on 0 rows".
        var edge = EdgeExports.From(result);
        Assert.False(edge.Published);
        Assert.Equal(result.Reason, edge.Reason);
        var line = ModelCardText.Edge(edge);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("nodes_featureids", line, StringComparison.Ordinal);
        Assert.DoesNotContain("differ", line, StringComparison.Ordinal);
    }

    /// <summary>A flights-like file: delay depends on distance, the carrier (8 values) and the origin (150 values).</summary>
    private string Flights(int rows, string task)
    {
        var random = new Random(3);
        var csv = new StringBuilder("delay,distance,carrier,origin\n");
        for (var i = 0; i < rows; i++)
        {
            var distance = random.Next(100, 3000);
            var carrier = random.Next(8);
            var origin = random.Next(150);
            var delay = (distance / 100.0) + (carrier * 7) + (origin % 5 == 0 ? 25 : 0) + (random.NextDouble() * 10);
            var label = task == TaskTypes.Binary ? (delay > 40 ? "late" : "on-time") : delay.ToString("0.#", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{label},{distance},C{carrier},A{origin:000}\n");
        }

        return _folder.Write(csv.ToString());
    }
}
