using System.Globalization;
using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>
/// Drift on the real credit data (samples/credit-risk, from the credit_data set): the champion's training rows are
/// the first half of a seeded shuffle; a fresh sample is the other half; a shifted sample is that half with one
/// column moved.
/// </summary>
public sealed class DriftOnRealDataTests
{
    private static readonly PipelineSpec s_spec = PipelineSpecParser.Parse(Samples.SpecJson, "credit-risk.json");
    private static readonly Lazy<(string Header, string[] Reference, string[] Fresh)> s_halves = new(Split);

    [Fact]
    public void A_fresh_sample_of_the_same_data_shows_no_drift()
    {
        var (header, reference, fresh) = s_halves.Value;

        var results = Drift(Profile(header, reference), Profile(header, fresh));

        Assert.All(results, r => Assert.NotEqual(CheckStatus.Fail, r.Status));
        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Warn && r.Column is not null);
    }

    [Fact]
    public void One_numeric_column_shifted_is_found_and_named()
    {
        var (header, reference, fresh) = s_halves.Value;
        var income = Array.IndexOf(header.Split(','), "Income");
        // Incomes one and a half times larger: the kind of unit or inflation change a model should not silently absorb.
        var shifted = fresh.Select(line => Scale(line, income, 1.5)).ToArray();

        var results = Drift(Profile(header, reference), Profile(header, shifted));

        var failed = Assert.Single(results, r => r.Status == CheckStatus.Fail);
        Assert.Equal("Income", failed.Column);
        Assert.Equal(DriftCheck.Name, failed.Name);
    }

    [Fact]
    public void One_categorical_column_shifted_is_found_and_named()
    {
        var (header, reference, fresh) = s_halves.Value;
        var home = Array.IndexOf(header.Split(','), "Home");
        // Every renter recorded as an owner: a category mix that moved.
        var shifted = fresh.Select(line => Replace(line, home, "rent", "owner")).ToArray();

        var results = Drift(Profile(header, reference), Profile(header, shifted));

        var failed = Assert.Single(results, r => r.Status == CheckStatus.Fail);
        Assert.Equal("Home", failed.Column);
        Assert.Equal(CategoryDriftCheck.Name, failed.Name);
    }

    private static List<CheckResult> Drift(DatasetProfile reference, DatasetProfile current) =>
        [.. new[] { DriftCheck.Name, CategoryDriftCheck.Name }
            .SelectMany(name => DataChecks.Run(name, DataChecks.Context(name, current, s_spec, reference)))];

    private static DatasetProfile Profile(string header, IEnumerable<string> rows)
    {
        var text = header + "\n" + string.Join("\n", rows) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return DatasetProfiler.Profile(stream);
    }

    private static (string, string[], string[]) Split()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("samples", "credit-risk", "credit-batch-2.csv"));
        var rows = lines.Skip(1).ToArray();
        new Random(7).Shuffle(rows);
        return (lines[0], rows[..(rows.Length / 2)], rows[(rows.Length / 2)..]);
    }

    private static string Scale(string line, int column, double factor)
    {
        var cells = line.Split(',');
        if (double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            cells[column] = (value * factor).ToString("R", CultureInfo.InvariantCulture);
        }

        return string.Join(',', cells);
    }

    private static string Replace(string line, int column, string from, string to)
    {
        var cells = line.Split(',');
        cells[column] = cells[column] == from ? to : cells[column];
        return string.Join(',', cells);
    }
}
