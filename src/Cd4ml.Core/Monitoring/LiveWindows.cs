using System.Globalization;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// A window of labelled rows. <c>Id</c> is stable as rows arrive: <c>r{n}</c> for the n-th block of
/// <c>window.rows</c> labelled rows (in scoring order), or the window's start time for duration windows.
/// A window is complete when it has all its rows (row windows) or its time has passed (duration windows).
/// </summary>
public sealed record LiveWindow(string Id, int Index, DateTimeOffset From, DateTimeOffset To, bool Complete, IReadOnlyList<LabelledRow> Rows);

/// <summary>Cuts labelled rows into windows, in the order they were scored.</summary>
public static class LiveWindows
{
    /// <summary>The windows of <paramref name="rows"/>, oldest first; an empty window is never returned.</summary>
    public static IReadOnlyList<LiveWindow> Cut(IReadOnlyList<LabelledRow> rows, MonitoringWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(window);
        var ordered = rows.OrderBy(r => r.Scored.ScoredAt).ThenBy(r => r.Scored.File, StringComparer.Ordinal).ThenBy(r => r.Scored.Line).ToList();
        var windows = new List<LiveWindow>();
        if (window.Rows is { } size)
        {
            for (var start = 0; start < ordered.Count; start += size)
            {
                var block = ordered.Skip(start).Take(size).ToList();
                var index = start / size;
                windows.Add(new LiveWindow($"r{index + 1}", index, block[0].Scored.ScoredAt, block[^1].Scored.ScoredAt, block.Count == size, block));
            }

            return windows;
        }

        var span = window.Duration ?? throw new ArgumentException("a window needs rows or a duration", nameof(window));
        foreach (var group in ordered.GroupBy(r => r.Scored.ScoredAt.UtcTicks / span.Ticks))
        {
            var from = new DateTimeOffset(group.Key * span.Ticks, TimeSpan.Zero);
            var to = from + span;
            windows.Add(new LiveWindow(from.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), windows.Count, from, to, to <= now, group.ToList()));
        }

        return windows;
    }
}
