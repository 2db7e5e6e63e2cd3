using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// Tries a model zip the way a consumer will use it: checks the bytes are the ones the manifest names, loads
/// them with <c>mlContext.Model.Load</c>, and scores sample rows one at a time through the same row-to-row
/// mapper a PredictionEngine uses, timing each row. A model problem is a failed result with its reason, never
/// an exception, so the caller can turn it into a failing gate.
/// </summary>
public static class SmokeTester
{
    /// <summary>How many sample rows are scored when the caller does not say.</summary>
    public const int DefaultSampleRows = 100;

    /// <summary>Rows scored before timing starts, so one-off costs (JIT, lazy initialisation) stay out of the latencies.</summary>
    public const int WarmUpRows = 5;

    private static readonly MethodInfo s_valueReader = typeof(SmokeTester).GetMethod(nameof(ValueReader), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Smoke-tests a model zip.</summary>
    /// <param name="modelZip">The bytes as downloaded from storage.</param>
    /// <param name="expectedSha256">The SHA-256 the manifest (or the training result) records for them, hex.</param>
    /// <param name="sampleRows">Rows in the model's input schema (the raw schema it was saved with), for example the first holdout rows.</param>
    /// <param name="maxRows">How many of the sample rows to score.</param>
    /// <param name="ml">The context to load the model in; a fresh one when null.</param>
    public static SmokeTestResult Run(byte[] modelZip, string expectedSha256, IDataView sampleRows, int maxRows = DefaultSampleRows, MLContext? ml = null)
    {
        ArgumentNullException.ThrowIfNull(modelZip);
        ArgumentNullException.ThrowIfNull(expectedSha256);
        ArgumentNullException.ThrowIfNull(sampleRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(modelZip));
        if (!string.Equals(sha256, expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return Failed($"hash mismatch: expected {expectedSha256} got {sha256}", sha256);
        }

        if (ZipProblem(modelZip) is { } zipProblem)
        {
            return Failed($"cannot load: {zipProblem}", sha256);
        }

        ml ??= new MLContext(seed: 0);
        ITransformer model;
        DataViewSchema inputSchema;
        try
        {
            model = ml.Model.Load(new MemoryStream(modelZip, writable: false), out inputSchema);
        }
        catch (Exception e)
        {
            return Failed($"cannot load: {e.Message}", sha256);
        }

        SampleRows rows;
        try
        {
            rows = SampleRows.Read(sampleRows, maxRows);
        }
        catch (Exception e)
        {
            return Failed($"cannot read the sample rows: {e.Message}", sha256);
        }

        if (rows.Count == 0)
        {
            return Failed("no sample rows to score", sha256);
        }

        if (InputProblem(inputSchema, rows.Schema) is { } inputProblem)
        {
            return Failed(inputProblem, sha256);
        }

        return Score(model, inputSchema, rows, sha256);
    }

    private static SmokeTestResult Score(ITransformer model, DataViewSchema inputSchema, SampleRows rows, string sha256)
    {
        var row = 0;
        var timing = false;
        try
        {
            if (!model.IsRowToRowMapper)
            {
                return Failed("cannot score one row at a time: the model has a step that needs the whole data view", sha256);
            }

            var mapper = model.GetRowToRowMapper(inputSchema);
            var scoreColumns = ScoreColumns.Find(mapper.OutputSchema);
            if (scoreColumns.Count == 0)
            {
                return Failed($"the model has no '{ScoreColumns.Score}' column to score with", sha256);
            }

            if (scoreColumns.Select(ScoreColumns.Problem).FirstOrDefault(p => p is not null) is { } typeProblem)
            {
                return Failed(typeProblem, sha256);
            }

            var label = mapper.OutputSchema.GetColumnOrNull(ScoreColumns.PredictedLabel);
            var input = new SampleRow(rows, inputSchema);
            using var output = mapper.GetRow(input, label is { } l ? [.. scoreColumns, l] : scoreColumns);
            var readers = scoreColumns.Select(c => ScoreColumns.Reader(output, c)).ToArray();
            // A consumer reads the predicted label too; reading it keeps its cost inside the timing.
            var readLabel = label is { } predicted
                ? (Action)s_valueReader.MakeGenericMethod(predicted.Type.RawType).Invoke(null, [output, predicted])!
                : () => { };

            for (row = 0; row < Math.Min(WarmUpRows, rows.Count); row++)
            {
                input.MoveTo(row);
                ReadAll(readers, readLabel);
            }

            var milliseconds = new double[rows.Count];
            timing = true;
            for (row = 0; row < rows.Count; row++)
            {
                var start = Stopwatch.GetTimestamp();
                input.MoveTo(row);
                ReadAll(readers, readLabel);
                milliseconds[row] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

                if (NonFinite(readers) is { } problem)
                {
                    return Failed($"row {row + 1} scored {problem}", sha256, row);
                }
            }

            Array.Sort(milliseconds);
            return new SmokeTestResult(true, null, rows.Count, Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.99), sha256);
        }
        catch (Exception e)
        {
            return Failed($"scoring row {row + 1} threw {e.GetType().Name}: {e.Message}", sha256, timing ? row : 0);
        }
    }

    private static void ReadAll(ScoreReader[] readers, Action readLabel)
    {
        foreach (var reader in readers)
        {
            reader.Read();
        }

        readLabel();
    }

    /// <summary>"NaN in 'Score'" for the first value that is not a finite number, or null.</summary>
    private static string? NonFinite(ScoreReader[] readers)
    {
        foreach (var reader in readers)
        {
            foreach (var value in reader.Current)
            {
                if (!double.IsFinite(value))
                {
                    return $"{value.ToString(CultureInfo.InvariantCulture)} in '{reader.Column}'";
                }
            }
        }

        return null;
    }

    /// <summary>Why the bytes are not a zip ML.NET should open, or null.</summary>
    private static string? ZipProblem(byte[] modelZip)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(modelZip, writable: false), ZipArchiveMode.Read);
            // ML.NET may extract entries to a temporary folder; a name that climbs out of it is never ours.
            var escaping = archive.Entries.FirstOrDefault(e =>
                Path.IsPathRooted(e.FullName) || e.FullName.Split('/', '\\').Contains(".."));
            return escaping is null ? null : $"zip entry '{escaping.FullName}' points outside the archive";
        }
        catch (InvalidDataException e)
        {
            return $"not a zip archive ({e.Message})";
        }
    }

    /// <summary>Why the sample rows cannot feed the model, or null: every input column must be there with the same type.</summary>
    private static string? InputProblem(DataViewSchema inputSchema, DataViewSchema sampleSchema)
    {
        foreach (var column in inputSchema)
        {
            if (sampleSchema.GetColumnOrNull(column.Name) is not { } sample)
            {
                return $"the sample rows have no '{column.Name}' column, which the model reads";
            }

            if (!sample.Type.Equals(column.Type))
            {
                return $"the model reads '{column.Name}' as {column.Type} but the sample rows have {sample.Type}";
            }
        }

        return null;
    }

    private static Action ValueReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static SmokeTestResult Failed(string reason, string sha256, int rowsScored = 0) =>
        new(false, reason, rowsScored, 0, 0, sha256);
}
