using System.Globalization;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// A window of the champion's scored rows (batch predictions and online samples, labelled or not). <c>Id</c> is stable
/// as rows arrive: <c>r{n}</c> for the n-th block of <c>window.rows</c> scored rows (in scoring order), or the window's
/// start time for duration windows. A window is complete when it has all its rows (row windows) or its time has passed
/// (duration windows). <c>Rows</c> are the window's labelled rows; <c>Scored</c> counts all of them.
/// </summary>
public sealed record LiveWindow(string Id, int Index, DateTimeOffset From, DateTimeOffset To, bool Complete, IReadOnlyList<LabelledRow> Rows)
{
    /// <summary>Scored rows in the window, labelled or not (at least <c>Rows.Count</c>).</summary>
    public long Scored { get; init; }
}

/// <summary>Cuts scored rows into windows, in the order they were scored.</summary>
public static class LiveWindows
{
    /// <summary>The window key of each scored row, given in scoring order: its block for row windows, its span for duration windows.</summary>
    public static Func<ScoredRow, long> Keys(MonitoringWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Rows is { } size)
        {
            long ordinal = 0;
            return _ => ordinal++ / size;
        }

        var span = window.Duration ?? throw new ArgumentException("a window needs rows or a duration", nameof(window));
        return row => row.ScoredAt.UtcTicks / span.Ticks;
    }

    /// <summary>The window of a key with its scored and labelled rows; <paramref name="index"/> is its place among the windows.</summary>
    public static LiveWindow Describe(
        MonitoringWindow window, long key, int index, long scored, DateTimeOffset first, DateTimeOffset last, IReadOnlyList<LabelledRow> labelled, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Rows is { } size)
        {
            return new LiveWindow($"r{key + 1}", index, first, last, scored >= size, labelled) { Scored = scored };
        }

        var span = window.Duration!.Value;
        var from = new DateTimeOffset(key * span.Ticks, TimeSpan.Zero);
        var to = from + span;
        return new LiveWindow(from.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), index, from, to, to <= now, labelled) { Scored = scored };
    }

    /// <summary>The windows of scored rows held in memory, oldest first, each with its labelled rows (for tests and small inputs).</summary>
    public static IReadOnlyList<LiveWindow> Cut(IReadOnlyList<ScoredRow> scored, IReadOnlyList<LabelledRow> labelled, MonitoringWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(labelled);
        var keyOf = Keys(window);
        var labels = labelled.ToDictionary<LabelledRow, ScoredRow>(l => l.Scored, ReferenceEqualityComparer.Instance);
        var groups = new SortedDictionary<long, List<ScoredRow>>();
        foreach (var row in scored.OrderBy(r => r.ScoredAt).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            var key = keyOf(row);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(row);
        }

        return [.. groups.Select((g, i) => Describe(window, g.Key, i, g.Value.Count, g.Value[0].ScoredAt, g.Value[^1].ScoredAt,
            [.. g.Value.Select(r => labels.GetValueOrDefault(r)).OfType<LabelledRow>()], now))];
    }
}
