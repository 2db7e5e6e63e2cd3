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
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

// Batch scoring benchmark (benchmarks/README.md, "Batch scoring"). One mode per process, so each peak memory is its own:
//   train TRAIN.csv OUT_DIR        trains the champion the way a run does (profile → plan → LightGbm), saves model.zip + manifest.json
//   pipeline MODEL_DIR FILE.csv    the scoring path of the chunk activities and `cd4ml score`: parse, check, score, write the CSV
//   raw MODEL_DIR FILE.csv         ML.NET alone: Transform over a TextLoader view, every output read, nothing written
//   monitor-seed CONN PIPELINE NAME INPUT.csv PREDICTIONS.csv LABELS LABEL_COLUMN   (monitoring-memory.sh: see MonitoringSeed.cs)
//   onnx MODEL_DIR FILE.csv        the champion's ONNX export (model.onnx, written by train when the export passed the
//                                  parity check, as the registry keeps it) on ONNX Runtime: rows parsed by the same
//                                  CsvRecordReader, fed in batches of 1,024 rows, every output read, nothing written
// Each scoring mode prints one line: mode rows seconds rows/s peak-MiB.
var mode = args.ElementAtOrDefault(0);
return mode switch
{
    "train" => Train(args[1], args[2]),
    "pipeline" => Pipeline(args[1], args[2]),
    "raw" => Raw(args[1], args[2]),
    "onnx" => Onnx(args[1], args[2]),
    "monitor-seed" => await MonitoringSeed.RunAsync(args[1], args[2], args[3], args[4], args[5], int.Parse(args[6], CultureInfo.InvariantCulture), args[7]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: train TRAIN.csv OUT_DIR | pipeline MODEL_DIR FILE.csv | raw MODEL_DIR FILE.csv | onnx MODEL_DIR FILE.csv");
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

    // The edge export exactly as a run's verification makes it: the holdout's first rows in the model's input schema,
    // converted, then checked against ML.NET on ONNX Runtime; model.onnx is kept only when it passed, like the registry.
    var model = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
    var export = OnnxExport.TryExport(ml, model, VerificationSample.Take(ml, data.Holdout, data.Raw.Schema));
    var onnxPath = Path.Combine(outDir, "model.onnx");
    File.Delete(onnxPath);
    if (export.Exported && export.Parity && export.OnnxBytes is { } onnx)
    {
        File.WriteAllBytes(onnxPath, onnx);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"onnx export: {(File.Exists(onnxPath) ? "kept" : "not kept")}, parity {export.Parity} on {export.RowsCompared} rows (max difference {export.MaxAbsoluteDifference:G3}){(export.Reason is { } r ? $": {r}" : "")}"));
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

static int Onnx(string modelDir, string csv)
{
    const int batch = 1024;
    using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
    using var session = new InferenceSession(Path.Combine(modelDir, "model.onnx"), options);
    var clock = Stopwatch.StartNew();
    using var records = new CsvRecordReader(File.OpenRead(csv));
    var header = BatchScorer.ReadHeader(records).ToList();
    // One feed per graph input (ML.NET's converter makes one per input column, shaped [N, 1]); a fixed first dimension
    // of 1 means the graph takes one row per run.
    var inputs = session.InputMetadata.Select(i => new OnnxColumn(i.Key, header.IndexOf(i.Key), i.Value.IsString, i.Value.Dimensions[0] is > 0 ? 1 : batch)).ToList();
    if (inputs.FirstOrDefault(i => i.Index < 0) is { } missing)
    {
        Console.Error.WriteLine($"the ONNX graph reads '{missing.Name}', which {csv} does not have");
        return 1;
    }

    var size = inputs.Min(i => i.Batch);
    string[] outputs = ["Score.output", "Probability.output", "PredictedLabel.output"];
    using var runOptions = new RunOptions();
    long rows = 0;
    var filled = 0;
    double checksum = 0;
    void Run(int count)
    {
        var feeds = inputs.ToDictionary(i => i.Name, i => i.Tensor(count));
        try
        {
            using var results = session.Run(runOptions, feeds, outputs);
            var score = results[0].GetTensorDataAsSpan<float>();
            var probability = results[1].GetTensorDataAsSpan<float>();
            var label = results[2].GetTensorDataAsSpan<bool>();
            for (var r = 0; r < count; r++)
            {
                checksum += score[r] + probability[r] + (label[r] ? 1 : 0);
            }
        }
        finally
        {
            foreach (var feed in feeds.Values)
            {
                feed.Dispose();
            }
        }
    }

    while (records.Read())
    {
        foreach (var input in inputs)
        {
            input.Set(filled, records);
        }

        rows++;
        if (++filled == size)
        {
            Run(filled);
            filled = 0;
        }
    }

    if (filled > 0)
    {
        Run(filled);
    }

    GC.KeepAlive(checksum);
    return Report("onnx", rows, clock.Elapsed.TotalSeconds);
}

static int Report(string mode, long rows, double seconds)
{
    var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode} {rows} {seconds:F3} {rows / seconds:F0} {long.Parse(peak, CultureInfo.InvariantCulture) / 1024.0:F0}"));
    return rows < 0 ? 1 : 0;
}

/// <summary>One graph input fed from a CSV column: numbers as float32 (missing or unreadable as NaN, like scoring), text as strings.</summary>
internal sealed class OnnxColumn(string name, int index, bool text, int batch)
{
    private readonly float[] _numbers = new float[batch];
    private readonly string[] _texts = new string[batch];

    public string Name { get; } = name;

    public int Index { get; } = index;

    public int Batch { get; } = batch;

    public void Set(int row, CsvRecordReader records)
    {
        var cell = Index < records.FieldCount ? records.Field(Index) : default;
        if (text)
        {
            _texts[row] = cell.Trim().ToString();
        }
        else
        {
            _numbers[row] = CellValues.TryNumber(cell, out var value) ? value : float.NaN;
        }
    }

    /// <summary>A [count, 1] tensor of the first <paramref name="count"/> rows; the caller disposes it.</summary>
    public OrtValue Tensor(int count)
    {
        long[] shape = [count, 1];
        if (!text)
        {
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _numbers.AsMemory(0, count), shape);
        }

        var tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < count; i++)
        {
            tensor.StringTensorSetElementAt(_texts[i].AsSpan(), i);
        }

        return tensor;
    }
}
