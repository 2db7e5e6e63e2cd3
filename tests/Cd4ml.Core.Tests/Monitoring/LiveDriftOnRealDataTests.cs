using System.Globalization;
using System.Text;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Monitoring;

/// <summary>
/// Live drift on the real credit data (samples/credit-risk, from the credit_data set): the champion's training rows are
/// the first half of a seeded shuffle, live windows are cut from the other half. Windows from the training distribution
/// itself must not breach at the default limit, whatever their size; a clearly shifted window must.
/// </summary>
public sealed class LiveDriftOnRealDataTests
{
    private static readonly Lazy<(string[] Header, string[][] Training, string[][] Live)> s_halves = new(Split);

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    [InlineData(1000)]
    public void Windows_drawn_from_the_training_distribution_do_not_breach_at_the_default_limit(int size)
    {
        var (header, training, live) = s_halves.Value;
        var (columns, reference) = Reference(header, training);
        var windows = 0;
        for (var start = 0; start + size <= live.Length; start += size)
        {
            var drift = LiveDrift.Measure(reference, Count(columns, header, live.Skip(start).Take(size)), MonitoringSpec.DefaultMaxDrift);

            Assert.Equal(columns.Count - 1, drift.Count); // every feature; no prediction column in these rows
            Assert.All(drift, d => Assert.False(d.Breached, $"{size} rows from {start}: {d.Column} {d.Measure} {d.Value:0.###} (noise {d.NoiseLevel:0.###})"));
            windows++;
        }

        Assert.True(windows >= 2);
    }

    [Fact]
    public void The_noise_level_grows_as_windows_shrink_so_a_small_window_needs_more_than_the_limit_to_breach()
    {
        var (header, training, live) = s_halves.Value;
        var (columns, reference) = Reference(header, training);

        var small = LiveDrift.Measure(reference, Count(columns, header, live.Take(50)), MonitoringSpec.DefaultMaxDrift).Single(d => d.Column == "Income");
        var large = LiveDrift.Measure(reference, Count(columns, header, live.Take(2000)), MonitoringSpec.DefaultMaxDrift).Single(d => d.Column == "Income");

        Assert.True(small.NoiseLevel > MonitoringSpec.DefaultMaxDrift, $"{small.NoiseLevel}");
        Assert.True(large.NoiseLevel < 0.1, $"{large.NoiseLevel}");
        Assert.InRange(small.Rows, 40, 50); // incomes the data leaves missing are not counted
        Assert.InRange(large.Rows, 1600, 2000);
    }

    [Fact]
    public void A_window_with_one_column_clearly_shifted_breaches_on_that_column_only()
    {
        var (header, training, live) = s_halves.Value;
        var (columns, reference) = Reference(header, training);
        var income = Array.IndexOf(header, "Income");
        var home = Array.IndexOf(header, "Home");
        // Incomes one and a half times larger, and every renter recorded as an owner.
        var shifted = live.Take(300).Select(r =>
        {
            var cells = (string[])r.Clone();
            if (double.TryParse(cells[income], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                cells[income] = (v * 1.5).ToString("R", CultureInfo.InvariantCulture);
            }

            cells[home] = cells[home] == "rent" ? "owner" : cells[home];
            return cells;
        });

        var drift = LiveDrift.Measure(reference, Count(columns, header, shifted), MonitoringSpec.DefaultMaxDrift);

        Assert.Equal(["Home", "Income"], drift.Where(d => d.Breached).Select(d => d.Column).Order(StringComparer.Ordinal));
        Assert.Equal(LiveDrift.Psi, drift.Single(d => d.Column == "Income").Measure);
        Assert.Equal(LiveDrift.JensenShannonDistance, drift.Single(d => d.Column == "Home").Measure);
    }

    [Fact]
    public void Prediction_drift_compares_the_answers_with_the_training_labels_and_falls_back_to_the_profile_shares()
    {
        var (header, training, _) = s_halves.Value;
        var profile = Profile(header, training);
        var columns = LiveDrift.Columns(profile, [], "Status");
        var allGood = new DriftCounts(columns);
        var asTrained = new DriftCounts(columns);
        foreach (var row in training.Take(400))
        {
            allGood.Add(c => c == PredictionsReader.PredictionColumn ? "good" : null);
            asTrained.Add(c => c == PredictionsReader.PredictionColumn ? row[0] : null);
        }

        Assert.True(Assert.Single(LiveDrift.Measure(null, allGood, 0.2)).Breached);
        Assert.False(Assert.Single(LiveDrift.Measure(null, asTrained, 0.2)).Breached);
    }

    [Fact]
    public void The_chi_square_quantiles_are_close_to_the_table()
    {
        // Wilson–Hilferty is within 1% of the table in the upper tail.
        Assert.InRange(DriftNoise.ChiSquareQuantile(0.95, 9), 16.919 * 0.99, 16.919 * 1.01);
        Assert.InRange(DriftNoise.ChiSquareQuantile(0.999, 9), 27.877 * 0.99, 27.877 * 1.01);
        Assert.InRange(DriftNoise.ChiSquareQuantile(0.9999, 20), 52.386 * 0.99, 52.386 * 1.01);
        Assert.Equal(1.959964, DriftNoise.NormalQuantile(0.975), 5);
    }

    private static (IReadOnlyList<DriftColumn> Columns, DriftCounts Reference) Reference(string[] header, string[][] training)
    {
        var profile = Profile(header, training);
        var columns = LiveDrift.Columns(profile, [.. header.Where(h => h != "Status")], "Status");
        var counts = new DriftCounts(columns, ofTrainingData: true);
        foreach (var row in training)
        {
            counts.Add(c => Cell(header, row, c));
        }

        return (columns, counts);
    }

    private static DriftCounts Count(IReadOnlyList<DriftColumn> columns, string[] header, IEnumerable<string[]> rows)
    {
        var counts = new DriftCounts(columns);
        foreach (var row in rows)
        {
            counts.Add(c => Cell(header, row, c));
        }

        return counts;
    }

    private static string? Cell(string[] header, string[] row, string column) => Array.IndexOf(header, column) is >= 0 and var i ? row[i] : null;

    private static DatasetProfile Profile(string[] header, IEnumerable<string[]> rows)
    {
        var text = string.Join(',', header) + "\n" + string.Join("\n", rows.Select(r => string.Join(',', r))) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return DatasetProfiler.Profile(stream);
    }

    private static (string[], string[][], string[][]) Split()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("samples", "credit-risk", "credit-batch-2.csv"));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        new Random(7).Shuffle(rows);
        return (lines[0].Split(','), rows[..(rows.Length / 2)], rows[(rows.Length / 2)..]);
    }
}
