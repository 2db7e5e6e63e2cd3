using System.Globalization;
using Cd4ml.Benchmarks.Training;
using Cd4ml.Benchmarks.Training.Candidates;
using Cd4ml.Benchmarks.Training.MlNet;
using Cd4ml.Benchmarks.Training.Pipeline;
using Cd4ml.Benchmarks.Training.Search;
using Cd4ml.Benchmarks.Training.Splits;

// Five steps, each its own process so run.sh never has two benchmarks on the CPU at once:
//   prepare     --datasets DIR --out DIR [--only fertility|flights] [--seed 42]
//   mlnet       --split DIR --threads N --reps N --out FILE
//   candidates  --datasets DIR --out FILE --cache DIR [--trainer LightGbm] [--count 4] [--reps 1]
//               (--trainer A,B,C: one candidate of each, a mixed set; --count is then ignored)
//   search      --datasets DIR --out FILE --cache DIR [--max-candidates 27] [--eta 3]   (benchmarks/search/run.sh)
//   pipeline    --spec FILE --data FILE --out FILE   (one `cd4ml run --json` in this process; AzureWebJobsStorage names the account)
const string Usage = "usage: prepare|mlnet|candidates|search|pipeline --name value ... (see benchmarks/README.md)";
if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    var options = new Arguments(args.Skip(1));
    switch (args[0])
    {
        case "prepare":
            var seed = options.Number("seed", 42);
            var only = options.Text("only", "");
            foreach (var name in BenchmarkDatasets.All.Where(n => only.Length == 0 || n == only))
            {
                var data = BenchmarkDatasets.Read(name, options.Text("datasets"), seed);
                var split = SplitWriter.Write(data, Path.Combine(options.Text("out"), name), HyperParameters.FromCatalog(seed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {split.TrainRows:N0} train / {split.TestRows:N0} test rows, {split.Features.Count} features ({split.SplitRule})"));
            }

            return 0;

        case "mlnet":
            var manifest = BenchmarkJson.Read<SplitManifest>(Path.Combine(options.Text("split"), SplitManifest.FileName));
            var threads = options.Number("threads", 1);
            var outFile = options.Text("out");
            var scores = Path.ChangeExtension(outFile, ".scores.f32");
            var result = new MlNetBenchmark(manifest, threads).Run(options.Number("reps", 1), scores);
            BenchmarkJson.Write(outFile, result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ML.NET {manifest.Dataset} t{threads}: end to end {result.EndToEnd.Min():F2} s, cached {result.EndToEndCached.Min():F2} s, training {result.Training.Min():F2} s, AUC {result.EvaluatorAuc:F4}"));
            return 0;

        case "candidates":
            var named = options.Text("trainer", "LightGbm").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var trainers = named.Length > 1 ? named : [.. Enumerable.Repeat(named.Single(), options.Number("count", 4))];
            var benchmark = new CandidateStageBenchmark(
                Path.Combine(options.Text("datasets"), "fertility.csv"), "morekids", "yes", trainers, options.Text("cache"));
            var stage = await benchmark.RunAsync(options.Number("reps", 1)).ConfigureAwait(false);
            BenchmarkJson.Write(options.Text("out"), stage);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate stage {stage.Trainer} x{stage.Candidates}: stage {stage.Stage.Min():F2} s vs singles {stage.SingleCandidate.Sum() / stage.Repetitions:F2} s; at most {stage.MostCandidatesAtOnce} at once"));
            return 0;

        case "search":
            var search = await new SearchBenchmark(Path.Combine(options.Text("datasets"), "fertility.csv"), "morekids", "yes", options.Text("cache"))
                .RunAsync(options.Number("max-candidates", 27), options.Number("eta", 3)).ConfigureAwait(false);
            BenchmarkJson.Write(options.Text("out"), search);
            foreach (var s in new[] { search.Grid, search.Search })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Strategy}: {s.Activities} activities, training stage {s.StageSeconds:F1} s (CPU {s.StageCpuSeconds:F1} s), run {s.RunSeconds:F1} s; best {s.BestId} ({s.BestParameters}) selection AUC {s.BestSelectionAuc:F4}, holdout AUC {s.BestHoldoutAuc:F4}"));
            }
            return 0;

        case "pipeline":
            var run = await PipelineRunBenchmark.RunAsync(options.Text("spec"), options.Text("data")).ConfigureAwait(false);
            BenchmarkJson.Write(options.Text("out"), run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cd4ml run {run.Data}: {run.Outcome}, {run.ProcessSeconds:F1} s wall ({run.CommandSeconds:F1} s in the command), peak {run.PeakWorkingSetMiB:F0} MiB, overhead {run.OverheadSeconds:F1} s = {run.OverheadShare:P1}"));
            return 0;

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
