using System.Collections.Concurrent;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;

namespace Cd4ml.Core.Tests.Training.Verification;

/// <summary>
/// The credit-risk sample, loaded and trained as a run does it, with few iterations to keep the tests fast.
/// Each trainer is trained once per test run; every caller gets its own MLContext, since contexts are not thread-safe.
/// </summary>
internal static class CreditSample
{
    private static readonly PipelineSpec s_spec = PipelineSpecParser.Parse(Samples.SpecJson, Samples.SpecPath);
    private static readonly Lazy<DatasetProfile> s_profile = new(() => DatasetProfiler.Profile(Samples.Batch1Path));
    private static readonly ConcurrentDictionary<string, Lazy<TrainedCandidate>> s_trained = new(StringComparer.Ordinal);

    /// <summary>Few trees or iterations: the checks care that a model scores, not how well.</summary>
    private static readonly Dictionary<string, double> s_quick = new(StringComparer.Ordinal)
    {
        ["numberOfIterations"] = 20,
        ["numberOfTrees"] = 20,
        ["maximumNumberOfIterations"] = 20,
    };

    public static int Seed => s_spec.Seed;

    public static TheoryData<string> Trainers => [.. TrainerCatalog.All.Select(t => t.Name)];

    public static TrainingData Load(MLContext ml) => TrainingData.Load(ml, Samples.Batch1Path, s_profile.Value, s_spec);

    public static TrainedCandidate Trained(string trainer) =>
        s_trained.GetOrAdd(trainer, name => new Lazy<TrainedCandidate>(() =>
        {
            var ml = new MLContext(s_spec.Seed);
            var parameters = s_quick.Where(p => TrainerCatalog.Find(name)!.Parameters.Any(d => d.Name == p.Key)).ToDictionary();
            return CandidateTrainer.Train(ml, Load(ml), new TrainerSpec { Name = name, Parameters = parameters }, s_spec.Seed);
        })).Value;

    /// <summary>The first holdout rows in the models' input schema: what the smoke test and the parity check score.</summary>
    public static IDataView HoldoutRows(MLContext ml, int rows = SmokeTester.DefaultSampleRows)
    {
        var data = Load(ml);
        return VerificationSample.Take(ml, data.Holdout, data.Raw.Schema, rows);
    }
}
