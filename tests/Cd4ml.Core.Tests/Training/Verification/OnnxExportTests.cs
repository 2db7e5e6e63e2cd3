using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Cd4ml.Core.Tests.Training.Verification;

/// <summary>Edge export: the ONNX graph ML.NET's converter writes, checked against ML.NET's own scores on holdout rows.</summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    public static TheoryData<string> Trainers => CreditSample.Trainers;

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Every_catalog_model_exports_and_scores_holdout_rows_with_missing_values_like_ml_net(string trainer)
    {
        // The model as the registry holds it: loaded back from its zip.
        var ml = new MLContext(1);
        var model = ml.Model.Load(new MemoryStream(CreditSample.Trained(trainer).ModelZip), out var inputSchema);
        var sample = CreditSample.HoldoutRows(ml);

        var result = OnnxExport.TryExport(ml, model, sample);
        output.WriteLine($"{trainer}: max |diff| {result.MaxAbsoluteDifference:G3} over {result.RowsCompared} rows ({result.RowsWithMissingValues} with missing values)");

        Assert.True(result.Exported, result.Reason);
        Assert.True(result.Parity, result.Reason);
        Assert.Null(result.Reason);
        Assert.InRange(result.MaxAbsoluteDifference, 0, OnnxExport.ParityTolerance);
        Assert.InRange(result.MaxScaledDifference, 0, OnnxExport.ParityTolerance);
        Assert.Equal(SmokeTester.DefaultSampleRows, result.RowsCompared);
        Assert.InRange(result.RowsWithMissingValues, 1, result.RowsCompared);
        Assert.Equal("Score", result.ComparedColumns[0]);
        Assert.Equal(inputSchema.Select(c => c.Name), result.Inputs);
        using var session = new InferenceSession(result.OnnxBytes!);
        Assert.Contains("Score.output", session.OutputNames);
    }

    [Fact]
    public void Exporting_the_same_model_twice_gives_the_same_onnx_bytes()
    {
        // The manifest records the ONNX file's SHA-256; a retried publish must not produce a different one.
        var first = Export(new MLContext(1));
        var second = Export(new MLContext(2));

        Assert.NotNull(first);
        Assert.Equal(first, second);

        static byte[]? Export(MLContext ml) =>
            OnnxExport.TryExport(ml, ml.Model.Load(new MemoryStream(CreditSample.Trained("LightGbm").ModelZip), out _), CreditSample.HoldoutRows(ml)).OnnxBytes;
    }

    [Fact]
    public void A_regression_model_exports_with_parity_relative_to_its_large_scores()
    {
        // Amounts run to thousands, where float32 steps are about 1e-4: parity is judged relative to the value.
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = Features(ml, "Amount").Append(ml.Regression.Trainers.LightGbm("Amount", numberOfIterations: 20)).Fit(data.Raw);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml));

        Assert.True(result.Parity, result.Reason);
        Assert.Equal(["Score"], result.ComparedColumns);
        Assert.InRange(result.MaxScaledDifference, 0, OnnxExport.ParityTolerance);
        Assert.True(result.MaxAbsoluteDifference >= result.MaxScaledDifference);
    }

    [Fact]
    public void A_multiclass_model_exports_with_parity_on_every_class_score()
    {
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var labeled = ml.Transforms.Conversion.MapValueToKey("HomeKey", "Home").Fit(data.Raw).Transform(data.Raw);
        var model = Features(ml, "Home").Append(ml.MulticlassClassification.Trainers.LightGbm("HomeKey", numberOfIterations: 20)).Fit(labeled);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml));

        Assert.True(result.Parity, result.Reason);
        Assert.Equal(["Score"], result.ComparedColumns);
        Assert.InRange(result.MaxAbsoluteDifference, 0, OnnxExport.ParityTolerance);
    }

    [Fact]
    public void A_trainer_the_converter_does_not_support_is_named_in_the_reason()
    {
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = Features(ml, "Status").Append(ml.BinaryClassification.Trainers.Gam(TrainingData.LabelColumn, numberOfIterations: 20)).Fit(data.Train);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml));

        Assert.False(result.Exported);
        Assert.False(result.Parity);
        Assert.Null(result.OnnxBytes);
        Assert.StartsWith("GamBinaryModelParameters + PlattCalibrator is not supported by the ONNX converter", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transform_the_converter_would_silently_leave_out_is_named_in_the_reason()
    {
        // The converter does not throw here: it writes a graph that starts after the expression, fed doubled ages.
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = ml.Transforms.Expression("Age", "x => x * 2", "Age")
            .Append(Features(ml, "Status"))
            .Append(ml.BinaryClassification.Trainers.LightGbm(TrainingData.LabelColumn, numberOfIterations: 20))
            .Fit(data.Train);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml));

        Assert.False(result.Exported);
        Assert.Null(result.OnnxBytes);
        Assert.StartsWith("Expression is not supported by the ONNX converter", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parity_failure_keeps_the_export_but_says_why_it_must_not_be_published()
    {
        var ml = new MLContext(1);
        var model = ml.Model.Load(new MemoryStream(CreditSample.Trained("LightGbm").ModelZip), out _);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml), tolerance: 1e-12);

        Assert.True(result.Exported);
        Assert.NotNull(result.OnnxBytes);
        Assert.False(result.Parity);
        Assert.StartsWith("parity failed: the largest score difference is ", result.Reason, StringComparison.Ordinal);
        Assert.True(result.MaxScaledDifference > 1e-12);
    }

    [Fact]
    public void Sample_rows_the_model_cannot_score_are_a_reason_not_an_exception()
    {
        var ml = new MLContext(1);
        var model = ml.Model.Load(new MemoryStream(CreditSample.Trained("LightGbm").ModelZip), out _);
        var sample = ml.Transforms.DropColumns("Income").Fit(CreditSample.HoldoutRows(ml)).Transform(CreditSample.HoldoutRows(ml));

        var result = OnnxExport.TryExport(ml, model, sample);

        Assert.False(result.Exported);
        Assert.StartsWith("the model cannot score the sample rows: ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Income", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_score_column_is_not_exported()
    {
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = ml.Transforms.ReplaceMissingValues("Income").Fit(data.Raw);

        var result = OnnxExport.TryExport(ml, model, CreditSample.HoldoutRows(ml));

        Assert.False(result.Exported);
        Assert.Equal("the model has no 'Score' column to export", result.Reason);
    }

    /// <summary>The featurizer's shape (impute means, one-hot text, concatenate), built here so these tests pick their own label.</summary>
    private static IEstimator<ITransformer> Features(MLContext ml, string label)
    {
        string[] numeric = ["Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"];
        string[] text = ["Home", "Marital", "Records", "Job"];
        numeric = [.. numeric.Where(n => n != label)];
        text = [.. text.Where(t => t != label)];
        return ml.Transforms.ReplaceMissingValues([.. numeric.Select(n => new InputOutputColumnPair(n))])
            .Append(ml.Transforms.Categorical.OneHotEncoding([.. text.Select(t => new InputOutputColumnPair(t + ".onehot", t))]))
            .Append(ml.Transforms.Concatenate("Features", [.. numeric, .. text.Select(t => t + ".onehot")]));
    }
}
