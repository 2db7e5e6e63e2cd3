using System.Diagnostics;
using System.Runtime.InteropServices;
using Cd4ml.Benchmarks.Training.Splits;
using Cd4ml.Core.Data;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Benchmarks.Training.MlNet;

/// <summary>
/// ML.NET LightGbm trained the way a candidate is (same loader options, featurizer and trainer settings as
/// <c>TrainingData</c>, <c>Featurizer</c> and <c>TrainerCatalog</c>) on a prepared split, with only the thread count
/// changed to match the other libraries.
/// </summary>
internal sealed class MlNetBenchmark(SplitManifest split, int threads)
{
    private const string Trainer = "LightGbm";

    private readonly TrainerDefinition _definition = TrainerCatalog.Find(Trainer)
        ?? throw new InvalidOperationException($"the trainer catalog has no {Trainer}");

    public MlNetResult Run(int repetitions, string scoresPath)
    {
        WarmUp();
        var (endToEnd, cached, training, sep) = (new List<Timing>(), new List<Timing>(), new List<Timing>(), new List<Timing>());

        var memory = new MLContext(split.HyperParameters.Seed);
        var load = Stopwatch.StartNew();
        var inMemory = Labeled(memory, split.Train, cache: true);
        Touch(inMemory);
        load.Stop();

        ITransformer? model = null;
        for (var i = 0; i < repetitions; i++)
        {
            // Interleaved, so a burst of load from the rest of the machine does not land on one variant only.
            endToEnd.Add(Time(() =>
            {
                var ml = new MLContext(split.HyperParameters.Seed);
                model = Fit(ml, Labeled(ml, split.Train, cache: false));
            }));
            cached.Add(Time(() =>
            {
                var ml = new MLContext(split.HyperParameters.Seed);
                Fit(ml, Labeled(ml, split.Train, cache: true));
            }));
            training.Add(Time(() => Fit(memory, inMemory)));
            sep.Add(Time(() =>
            {
                var ml = new MLContext(split.HyperParameters.Seed);
                Fit(ml, ReadIntoMemory(ml, split.Train));
            }));
        }

        var scoring = new MLContext(split.HyperParameters.Seed);
        var test = Labeled(scoring, split.Test, cache: false);
        var auc = scoring.BinaryClassification.Evaluate(model!.Transform(test), TrainingData.LabelColumn).AreaUnderRocCurve;
        var scores = model!.Transform(test).GetColumn<float>("Score").ToArray();
        File.WriteAllBytes(scoresPath, MemoryMarshal.AsBytes(scores.AsSpan()).ToArray());

        return new MlNetResult(split.Dataset, threads, Trainer,
            endToEnd.Select(t => t.Seconds).ToList(), cached.Select(t => t.Seconds).ToList(), training.Select(t => t.Seconds).ToList(),
            endToEnd.Select(t => t.CpuSeconds).ToList(), cached.Select(t => t.CpuSeconds).ToList(), training.Select(t => t.CpuSeconds).ToList(),
            load.Elapsed.TotalSeconds, auc, scores.Length,
            Path.GetFullPath(scoresPath), LoadedLightGbm(), RuntimeInformation.FrameworkDescription)
        {
            EndToEndReadIntoMemory = [.. sep.Select(t => t.Seconds)],
            EndToEndReadIntoMemoryCpu = [.. sep.Select(t => t.CpuSeconds)],
        };
    }

    /// <summary>Featurizer, row cache and trainer, fitted: what <c>CandidateTrainer</c> times as training.</summary>
    private ITransformer Fit(MLContext ml, IDataView data)
    {
        var plan = new FeaturePlan
        {
            Columns = [.. split.Features.Select(f => new PlannedColumn(f, FeatureKind.Numeric, ColumnRole.Feature, HasMissing: false, Cardinality: null))],
        };
        return Featurizer.Build(ml, plan, _definition.NeedsNormalizedFeatures).AppendCacheCheckpoint(ml).Append(Estimator(ml)).Fit(data);
    }

    private IEstimator<ITransformer> Estimator(MLContext ml)
    {
        var hp = split.HyperParameters;
        // At one thread this is exactly the catalog's estimator; otherwise the catalog's settings with more threads.
        return threads == 1
            ? _definition.Create(ml, new Dictionary<string, double>(), hp.Seed)
            : ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = hp.NumberOfLeaves,
                NumberOfIterations = hp.NumberOfIterations,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                NumberOfThreads = threads,
                Seed = hp.Seed,
                Silent = true,
            });
    }

    /// <summary>The prepared CSV read with <c>TrainingData</c>'s loader options and its label mapped to a boolean.</summary>
    private IDataView Labeled(MLContext ml, string path, bool cache)
    {
        var columns = new TextLoader.Column[split.Features.Count + 1];
        columns[0] = new TextLoader.Column(SplitManifest.LabelColumn, DataKind.String, 0);
        for (var i = 0; i < split.Features.Count; i++)
        {
            columns[i + 1] = new TextLoader.Column(split.Features[i], DataKind.Single, i + 1);
        }

        var raw = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns,
            HasHeader = true,
            Separators = [','],
            AllowQuoting = true,
            ReadMultilines = true,
            TrimWhitespace = true,
            MissingRealsAsNaNs = true,
        }).Load(path);
        var labeled = ml.Transforms.Conversion.MapValue(
            TrainingData.LabelColumn,
            [new KeyValuePair<string, bool>("1", true), new KeyValuePair<string, bool>("0", false)],
            SplitManifest.LabelColumn).Fit(raw).Transform(raw);
        return cache ? ml.Data.Cache(labeled) : labeled;
    }

    /// <summary>The prepared CSV read as a candidate reads a snapshot now: Sep into typed arrays once, viewed in memory.</summary>
    private IDataView ReadIntoMemory(MLContext ml, string path)
    {
        var columns = new ViewColumn[split.Features.Count + 1];
        columns[0] = new ViewColumn(SplitManifest.LabelColumn, new ColumnRead(0, DataKind.String));
        for (var i = 0; i < split.Features.Count; i++)
        {
            columns[i + 1] = new ViewColumn(split.Features[i], new ColumnRead(i + 1, DataKind.Single));
        }

        var table = SnapshotColumns.Read(path, [.. columns.Select(c => c.Source)]);
        var raw = NonFiniteAsMissing.Apply(new SnapshotColumnsView(ml, table, columns));
        return ml.Transforms.Conversion.MapValue(
            TrainingData.LabelColumn,
            [new KeyValuePair<string, bool>("1", true), new KeyValuePair<string, bool>("0", false)],
            SplitManifest.LabelColumn).Fit(raw).Transform(raw);
    }

    /// <summary>Compiles every code path once on a few thousand rows, so no measured repetition pays for the JIT.</summary>
    private void WarmUp()
    {
        var ml = new MLContext(split.HyperParameters.Seed);
        var sample = ml.Data.TakeRows(Labeled(ml, split.Train, cache: false), 5_000);
        var model = Fit(ml, sample);
        ml.BinaryClassification.Evaluate(model.Transform(sample), TrainingData.LabelColumn);
        Fit(ml, ml.Data.Cache(sample));
        Fit(ml, ml.Data.TakeRows(ReadIntoMemory(ml, split.Train), 5_000));
    }

    private static void Touch(IDataView view)
    {
        using var cursor = view.GetRowCursor(view.Schema);
        while (cursor.MoveNext())
        {
        }
    }

    private static Timing Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        action();
        var wall = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Which lib_lightgbm.so this process mapped: proof of the native version ML.NET ran on.</summary>
    private static string LoadedLightGbm() =>
        File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .FirstOrDefault(p => p.EndsWith("lib_lightgbm.so", StringComparison.Ordinal)) ?? "not loaded"
            : "unknown";
}
