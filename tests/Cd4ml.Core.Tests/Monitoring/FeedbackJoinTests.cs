using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Monitoring.MonitoringRows;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class FeedbackJoinTests
{
    private static readonly string[] Classes = ["bad", "good"];

    [Fact]
    public void Unknown_ids_duplicates_and_labels_outside_the_classes_are_counted_and_named_and_the_latest_label_wins()
    {
        var scored = new[] { Scored("a"), Scored("b"), Scored("c") };
        var first = Feedback("day-1", "id,Status\na,good\nb,bad\nz,good\nc,maybe\n");
        var later = Feedback("day-2", "id,Status\na,bad\n", minutes: 60);

        var (rows, counts) = FeedbackJoin.Join(scored, [later, first], "Status", "id", TaskTypes.Binary, Classes);

        Assert.Equal((5, 2, 1, 1, 1, 0), (counts.FeedbackRows, counts.Joined, counts.UnknownIds, counts.DuplicateIds, counts.LabelsOutsideClasses, counts.Unreadable));
        Assert.Equal("bad", rows.Single(r => r.Scored.Key == "a").Label);
        Assert.Equal("day-2", rows.Single(r => r.Scored.Key == "a").FeedbackFile);
        Assert.Contains(counts.Samples, s => s.Contains("feedback/p/day-1.csv:4", StringComparison.Ordinal) && s.Contains("'z'", StringComparison.Ordinal));
        Assert.Contains(counts.Samples, s => s.Contains("feedback/p/day-1.csv:5", StringComparison.Ordinal) && s.Contains("'maybe'", StringComparison.Ordinal));
        Assert.Contains(counts.Samples, s => s.Contains("feedback/p/day-2.csv:2", StringComparison.Ordinal) && s.Contains("replaces", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_id_column_rows_are_joined_by_predictions_file_and_line()
    {
        var scored = new[] { Scored("2", file: "batch-a"), Scored("2", file: "batch-b", prediction: "bad"), Scored("3", file: "batch-b") };
        var feedback = Feedback("labels", "line,source,Status\n2,predictions/p/batch-b.csv,bad\n3,batch-b,good\n2,batch-c.csv,good\n");

        var (rows, counts) = FeedbackJoin.Join(scored, [feedback], "Status", null, TaskTypes.Binary, Classes);

        Assert.Equal((2, 1), (counts.Joined, counts.UnknownIds));
        Assert.All(rows, r => Assert.Equal("batch-b", r.Scored.File));
    }

    [Fact]
    public void A_feedback_file_without_the_label_column_is_reported_as_unreadable_not_dropped_silently()
    {
        var (rows, counts) = FeedbackJoin.Join([Scored("a")], [Feedback("wrong", "id,label\na,good\n")], "Status", "id", TaskTypes.Binary, Classes);

        Assert.Empty(rows);
        Assert.Equal(1, counts.Unreadable);
        Assert.Contains(counts.Samples, s => s.Contains("'Status'", StringComparison.Ordinal) && s.Contains("feedback/p/wrong.csv:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_windows_are_blocks_of_scored_rows_in_scoring_order_and_the_last_one_fills()
    {
        var rows = Enumerable.Range(0, 5).Select(i => Labelled($"k{i}", "good", "good", 0.1, minutes: 10 - i)).ToList();

        var windows = LiveWindows.Cut([.. rows.Select(r => r.Scored)], rows, MonitoringWindow.OfRows(2), T0);

        Assert.Equal(["r1", "r2", "r3"], windows.Select(w => w.Id));
        Assert.Equal([true, true, false], windows.Select(w => w.Complete));
        Assert.Equal(["k4", "k3"], windows[0].Rows.Select(r => r.Scored.Key));
    }

    [Fact]
    public void Scored_rows_without_labels_still_make_windows_that_count_them()
    {
        var labelled = Labelled("k0", "good", "good", 0.1, minutes: 1);
        var scored = new[] { labelled.Scored, Scored("k1", minutes: 2), Scored("k2", minutes: 3), Scored("k3", minutes: 4) };

        var windows = LiveWindows.Cut(scored, [labelled], MonitoringWindow.OfRows(2), T0);

        Assert.Equal([2L, 2L], windows.Select(w => w.Scored));
        Assert.Equal([1, 0], windows.Select(w => w.Rows.Count));
    }

    [Fact]
    public void Duration_windows_group_rows_by_scoring_time_and_are_complete_once_their_time_has_passed()
    {
        var rows = new[] { Labelled("a", "good", "good", 0.1, minutes: 10), Labelled("b", "good", "good", 0.1, minutes: 50), Labelled("c", "bad", "good", 0.1, minutes: 80) };

        var windows = LiveWindows.Cut([.. rows.Select(r => r.Scored)], rows, MonitoringWindow.OfDuration(TimeSpan.FromHours(1)), T0.AddMinutes(90));

        Assert.Equal(["20261101T000000Z", "20261101T010000Z"], windows.Select(w => w.Id));
        Assert.Equal([2, 1], windows.Select(w => w.Rows.Count));
        Assert.Equal([true, false], windows.Select(w => w.Complete));
    }
}
