using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

// Batch scoring benchmark (benchmarks/README.md, "Batch scoring"). One mode per process, so each peak memory is its own:
//   train TRAIN.csv OUT_DIR        trains the champion the way a run does (profile → plan → LightGbm), saves model.zip + manifest.json
//   pipeline MODEL_DIR FILE.csv    the scoring path of the chunk activities and `cd4ml score`: parse, check, score, write the CSV
//   raw MODEL_DIR FILE.csv         ML.NET alone: Transform over a TextLoader view, every output read, nothing written
// Each scoring mode prints one line: mode rows seconds rows/s peak-MiB.
var mode = args.ElementAtOrDefault(0);
return mode switch
{
    "train" => Train(args[1], args[2]),
    "pipeline" => Pipeline(args[1], args[2]),
    "raw" => Raw(args[1], args[2]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: train TRAIN.csv OUT_DIR | pipeline MODEL_DIR FILE.csv | raw MODEL_DIR FILE.csv");
    return 2;
}

static int Train(string csv, string outDir)
{
    const string specJson = """
        {"name": "flights", "task": "binary-classification", "label": "late", "positiveClass": "yes", "seed": 42, "testFraction": 0.2,
         "trainers": [{"name": "LightGbm", "parameters": {"numberOfLeaves": 31, "numberOfIterations": 100}}],
         "promotion": {"primaryMetric": "auc", "minImprovement": 0.002}}
        """;
    var spec = PipelineSpecParser.Parse(specJson, "benchmark spec");
    var ml = new MLContext(spec.Seed);
    var profile = DatasetProfiler.Profile(csv);
    var data = TrainingData.Load(ml, csv, profile, spec);
    var trained = CandidateTrainer.Train(ml, data, spec.Trainers[0], spec.Seed);
    Directory.CreateDirectory(outDir);
    File.WriteAllBytes(Path.Combine(outDir, "model.zip"), trained.ModelZip);
    var manifest = new ModelManifest
    {
        Pipeline = spec.Name, Version = 1, RunId = "benchmark", CreatedAt = DateTimeOffset.UtcNow,
        Dataset = new DatasetLineage(csv, profile.Sha256, csv, profile.Rows), SpecHash = "", Spec = spec, CandidateId = "lightgbm",
        Trainer = "LightGbm", Parameters = new Dictionary<string, double>(), Seed = spec.Seed,
        Metrics = trained.Metrics.Values, ModelSha256 = trained.Sha256, ModelBytes = trained.ModelZip.Length,
        PackageVersions = new Dictionary<string, string>(), Trigger = new RunTrigger("manual", "benchmark"), Decision = new Decision(true, "lightgbm", []),
    };
    File.WriteAllText(Path.Combine(outDir, "manifest.json"), JsonSerializer.Serialize(manifest, Cd4ml.Core.Specs.SpecJson.Options));
    File.WriteAllText(Path.Combine(outDir, "labels.txt"), string.Join('\n', ProfileLabels.ValuesOf(profile, spec.Label)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"trained LightGbm on {profile.Rows:N0} rows in {trained.TrainingSeconds:F1} s, holdout auc {trained.Metrics.Values.GetValueOrDefault("auc"):F4}"));
    return 0;
}

static ScoringModel Load(string modelDir)
{
    var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(Path.Combine(modelDir, "manifest.json")), Cd4ml.Core.Specs.SpecJson.Options)!;
    var labels = File.ReadAllLines(Path.Combine(modelDir, "labels.txt"));
    return ScoringModel.Load(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(modelDir, "model.zip"))), manifest, labels);
}

static int Pipeline(string modelDir, string csv)
{
    var model = Load(modelDir);
    var output = Path.Combine(Path.GetTempPath(), $"cd4ml-bench-{Environment.ProcessId}.csv");
    var clock = Stopwatch.StartNew();
    BatchScoreResult result;
    using (var records = new CsvRecordReader(File.OpenRead(csv)))
    using (var writer = new StreamWriter(output, false, new UTF8Encoding(false), 64 * 1024))
    {
        var schema = ScoringSchema.Match(model, BatchScorer.ReadHeader(records));
        writer.Write(PredictionCsv.HeaderLine(model));
        result = BatchScorer.Score(model, schema, records, writer);
    }

    var seconds = clock.Elapsed.TotalSeconds;
    File.Delete(output);
    return Report("pipeline", result.Refused ? -1 : result.Rows, seconds);
}

static int Raw(string modelDir, string csv)
{
    var model = Load(modelDir);
    var ml = new MLContext(1);
    var clock = Stopwatch.StartNew();
    var header = File.ReadLines(csv).First().Split(',').ToList();
    var columns = model.InputSchema
        .Select(c => new TextLoader.Column(c.Name, c.Type == NumberDataViewType.Single ? DataKind.Single : DataKind.String, header.IndexOf(c.Name)))
        .ToArray();
    var loader = ml.Data.CreateTextLoader(new TextLoader.Options
    {
        Columns = columns, HasHeader = true, Separators = [','], AllowQuoting = true, ReadMultilines = true, TrimWhitespace = true, MissingRealsAsNaNs = true,
    });
    var scored = model.Transformer.Transform(loader.Load(csv));
    long rows = 0;
    using (var cursor = scored.GetRowCursor([scored.Schema["Score"], scored.Schema["Probability"], scored.Schema["PredictedLabel"]]))
    {
        var score = cursor.GetGetter<float>(scored.Schema["Score"]);
        var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
        var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
        float s = 0, p = 0;
        var l = false;
        while (cursor.MoveNext())
        {
            score(ref s);
            probability(ref p);
            label(ref l);
            rows++;
        }
    }

    return Report("raw", rows, clock.Elapsed.TotalSeconds);
}

static int Report(string mode, long rows, double seconds)
{
    var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode} {rows} {seconds:F3} {rows / seconds:F0} {long.Parse(peak, CultureInfo.InvariantCulture) / 1024.0:F0}"));
    return rows < 0 ? 1 : 0;
}
