using System.CommandLine;
using System.Globalization;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml profile FILE.csv [--json] [--threads N]</c>: one streaming pass over a local CSV file (blocks of rows
/// profiled on every core unless <c>--threads</c> says otherwise), printed as a table per column with
/// the rows that have problems, or as <c>profile.json</c>. No storage involved. Exit codes: 0 profiled (whatever the
/// data holds), 2 the file does not exist or <c>--threads</c> is negative, 1 it could not be read.
/// </summary>
public static class ProfileCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file (UTF-8, comma-separated, header first)." };
        var json = new Option<bool>("--json") { Description = "Print profile.json instead of tables." };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads that profile blocks of rows at once: 0 (the default) one per core, 1 the calling thread only. The profile is the same.",
            DefaultValueFactory = _ => DatasetProfiler.EveryCore,
        };
        var command = new Command("profile", "Profile a CSV file: types, counts, missing and bad values, statistics, distinct values, and problem rows by line.") { file, json, threads };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(threads), stdout, stderr));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, bool asJson, int threads, TextWriter stdout, TextWriter stderr)
    {
        if (threads < 0)
        {
            await stderr.WriteLineAsync($"error: --threads is {threads}; give 0 (one thread per core) or a positive number").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        if (!file.Exists)
        {
            await stderr.WriteLineAsync($"error: {file.FullName} does not exist; give the path of a CSV file").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        DatasetProfile profile;
        try
        {
            profile = DatasetProfiler.Profile(file.FullName, options: null, threads);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: cannot read {file.FullName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        if (asJson)
        {
            await stdout.WriteLineAsync(ProfileJson.Serialize(profile)).ConfigureAwait(false);
        }
        else
        {
            ProfilePrinter.Print(file.Name, profile, stdout);
        }

        return ExitCodes.Completed;
    }
}

/// <summary>A dataset profile for people: the file's facts, one table row per column, then every problem with its lines.</summary>
internal static class ProfilePrinter
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static void Print(string name, DatasetProfile profile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Profile of {name}");
        output.WriteLine($"  rows {N(profile.Rows)}, lines {N(profile.Lines)}, bytes {N(profile.Bytes)}, columns {profile.Header.Count}");
        output.WriteLine($"  sha256 {profile.Sha256}");
        output.WriteLine($"  duplicate rows ~{N(profile.DuplicateRowsEstimate)} (estimate)");
        if (profile.HadByteOrderMark)
        {
            output.WriteLine("  the file starts with a UTF-8 byte order mark");
        }

        if (profile.Header.Count == 0)
        {
            output.WriteLine("  the file is empty: no header");
        }

        if (profile.HeaderLooksLikeData)
        {
            output.WriteLine("  the first line looks like data (every name is a number or a date): is the header missing?");
        }

        if (profile.Columns.Count > 0)
        {
            output.WriteLine();
            TextTable.Write(
                output,
                ["column", "type", "count", "missing", "bad", "min", "max", "mean", "std", "distinct", "top values"],
                profile.Columns.Select(Row));
        }

        output.WriteLine();
        Problem(output, "ragged rows (field count differs from the header)", profile.RaggedRows);
        Problem(output, "rows with invalid UTF-8", profile.InvalidUtf8Rows);
        Problem(output, "rows with NUL bytes", profile.NulRows);
        if (profile.UnterminatedQuoteLine is { } quote)
        {
            output.WriteLine($"  a quote opened on line {N(quote)} is never closed");
        }

        if (profile.UnparsedFromLine is { } unparsed)
        {
            output.WriteLine($"  could not parse from line {N(unparsed)} on (a row over 16 M characters); those lines count as ragged rows");
        }

        foreach (var column in profile.Columns.Where(c => c.BadValues.Count > 0))
        {
            output.WriteLine($"  {column.Name}: {N(column.BadValues.Count)} bad {column.Type.ToString().ToLowerInvariant()} values on lines {Lines(column.BadValues)}, " +
                $"e.g. {string.Join(", ", column.BadValueExamples.Select(e => $"'{e}'"))}");
        }

        var problems = profile.RaggedRows.Count + profile.InvalidUtf8Rows.Count + profile.NulRows.Count + profile.Columns.Sum(c => c.BadValues.Count);
        if (problems == 0 && profile.UnparsedFromLine is null)
        {
            output.WriteLine("  no ragged rows, encoding problems or bad values");
        }
    }

    private static string[] Row(ColumnProfile c)
    {
        var n = c.Numeric is { Count: > 0 } numeric && c.Type == InferredType.Numeric ? numeric : null;
        return
        [
            c.Name.Length == 0 ? $"(blank #{c.Index + 1})" : c.Name,
            c.Type.ToString().ToLowerInvariant(),
            N(c.Count),
            N(c.Missing),
            N(c.BadValues.Count),
            n is null ? "-" : G(n.Min),
            n is null ? "-" : G(n.Max),
            n is null ? "-" : G(n.Mean),
            n is null ? "-" : G(n.StdDev),
            (c.Categories is null ? "~" : "") + N(c.DistinctEstimate),
            string.Join(", ", c.TopCategories.Take(3).Select(t => $"{Clip(t.Value)} ({N(t.Count)})")),
        ];
    }

    private static void Problem(TextWriter output, string what, LineSample sample)
    {
        if (sample.Count > 0)
        {
            output.WriteLine($"  {N(sample.Count)} {what}: lines {Lines(sample)}");
        }
    }

    private static string Lines(LineSample sample) =>
        string.Join(", ", sample.Lines.Select(N)) + (sample.Count > sample.Lines.Count ? ", …" : "");

    private static string N(long value) => value.ToString("N0", s_invariant);

    private static string G(double value) => value.ToString("G6", s_invariant);

    private static string Clip(string value) => value.Length <= 20 ? value : value[..19] + "…";
}
