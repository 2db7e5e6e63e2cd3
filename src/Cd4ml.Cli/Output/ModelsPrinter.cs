using System.Globalization;
using Cd4ml.Core.Registry;

namespace Cd4ml.Cli.Output;

/// <summary>Prints registry views for people: aliases, versions, history and the result of a move.</summary>
public static class ModelsPrinter
{
    public static void Aliases(IReadOnlyDictionary<string, AliasRecord> aliases, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Aliases");
        if (aliases.Count == 0)
        {
            output.WriteLine("  none yet");
            return;
        }

        TextTable.Write(output, ["alias", "version", "generation", "previous", "at", "by", "reason"],
            aliases.Select(a => new[] { a.Key, V(a.Value.Version), N(a.Value.Generation), V(a.Value.Previous), T(a.Value.At), a.Value.By, a.Value.Reason }));
    }

    public static void Versions(IReadOnlyList<VersionSummary> versions, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Versions");
        if (versions.Count == 0)
        {
            output.WriteLine("  none yet");
            return;
        }

        var metric = versions[^1].PrimaryMetric;
        TextTable.Write(output, ["version", "created", "trainer", metric, "rows", "dataset sha256", "run", "compared with", "aliases"],
            versions.Select(v => new[]
            {
                V(v.Version), T(v.CreatedAt), v.Trainer, M(v.PrimaryMetricValue), N(v.DatasetRows), v.DatasetSha256[..Math.Min(12, v.DatasetSha256.Length)],
                v.RunId, v.ComparedWith is { } c ? V(c) : "none (first)",
                v.RunFailed ? "never moved: its run failed after publishing" : v.EverMoved ? string.Join(",", v.Aliases) : "never moved: published, not promoted",
            }));
    }

    public static void History(IReadOnlyList<AuditEntry> newestFirst, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("History (newest first)");
        if (newestFirst.Count == 0)
        {
            output.WriteLine("  nothing recorded yet");
            return;
        }

        TextTable.Write(output, ["at", "action", "alias", "version", "previous", "by", "reason"],
            newestFirst.Select(e => new[] { T(e.At), e.Action, e.Alias, V(e.Version), V(e.Previous), e.By, e.Reason }));
    }

    public static void Move(string pipeline, string alias, AliasMoveResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var record = result.Current!;
        output.WriteLine(result.Outcome == AliasMoveOutcome.Moved
            ? $"{pipeline}: {alias} → {V(record.Version)} (generation {N(record.Generation)}, was {V(record.Previous)})"
            : $"{pipeline}: {alias} already points at {V(record.Version)}; nothing changed");
        output.WriteLine($"  by {record.By}: {record.Reason}");
    }

    public static string V(int? version) => version is { } v ? $"v{v.ToString(CultureInfo.InvariantCulture)}" : "-";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string M(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
