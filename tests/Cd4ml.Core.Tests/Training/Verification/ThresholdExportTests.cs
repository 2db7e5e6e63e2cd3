using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;
using Xunit.Abstractions;

namespace Cd4ml.Core.Tests.Training.Verification;

/// <summary>A decision threshold baked into the model travels into its ONNX export, and the parity check compares decisions too.</summary>
public sealed class ThresholdExportTests(ITestOutputHelper output)
{
    public static TheoryData<string> Trainers => CreditSample.Trainers;

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_tuned_threshold_exports_to_onnx_with_the_same_decisions(string trainer)
    {
        var ml = new MLContext(CreditSample.Seed);
        var plan = new ValidationPlan { Threshold = new ThresholdSpec { Mode = ThresholdSpec.Tuned, TuneFor = BinaryMetricNames.F1 } };
        var trained = CandidateTrainer.Train(ml, CreditSample.Load(ml), new TrainerSpec { Name = trainer, Parameters = Quick(trainer) }, CreditSample.Seed, plan);
        var loadedMl = new MLContext(1);
        var model = loadedMl.Model.Load(new MemoryStream(trained.ModelZip), out _);

        var result = OnnxExport.TryExport(loadedMl, model, CreditSample.HoldoutRows(loadedMl));
        output.WriteLine($"{trainer}: threshold {trained.Threshold}, {result.DecisionsCompared} decisions compared");

        Assert.Equal(ThresholdSources.Tuned, trained.Threshold!.Source);
        Assert.NotEqual(0, trained.Threshold.Score);
        Assert.True(result.Parity, result.Reason);
        Assert.Equal(result.RowsCompared, result.DecisionsCompared);
    }

    private static Dictionary<string, double> Quick(string trainer) =>
        new Dictionary<string, double> { ["numberOfIterations"] = 20, ["numberOfTrees"] = 20, ["maximumNumberOfIterations"] = 20 }
            .Where(p => TrainerCatalog.Find(trainer)!.Parameters.Any(d => d.Name == p.Key))
            .ToDictionary();
}
