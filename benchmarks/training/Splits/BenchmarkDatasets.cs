using System.Globalization;
using nietras.SeparatedValues;

namespace Cd4ml.Benchmarks.Training.Splits;

/// <summary>
/// The two real datasets of the benchmark (see ../shared/datasets/PROVENANCE.md), read from where they live and never
/// copied into the repository. Each becomes integer features, a 0/1 label and a train/test split.
/// </summary>
internal static class BenchmarkDatasets
{
    public const string Fertility = "fertility";
    public const string Flights = "flights";

    public static IReadOnlyList<string> All { get; } = [Fertility, Flights];

    private const double TestFraction = 0.2;

    public static PreparedData Read(string name, string datasetsDirectory, int seed) => name switch
    {
        Fertility => ReadFertility(Path.Combine(datasetsDirectory, "fertility.csv"), seed),
        Flights => ReadFlights(Path.Combine(datasetsDirectory, "flights_3m.csv")),
        _ => throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", All)}"),
    };

    /// <summary>
    /// US census 1980: label <c>morekids == yes</c>; numeric columns stay numbers, text columns become sorted codes.
    /// A seeded random 20 % of the rows is held out (the rows are in no meaningful order).
    /// </summary>
    private static PreparedData ReadFertility(string path, int seed)
    {
        const string label = "morekids";
        using var reader = Open(path);
        var header = reader.Header.ColNames;
        var labelIndex = IndexOf(header, label, path);
        var featureIndexes = Enumerable.Range(0, header.Count).Where(i => i != labelIndex).ToArray();
        var numbers = featureIndexes.Select(_ => new List<int>()).ToArray();
        var codes = featureIndexes.Select(_ => new List<int>()).ToArray();
        var books = featureIndexes.Select(_ => new CodeBook()).ToArray();
        var numeric = featureIndexes.Select(_ => true).ToArray();
        var labels = new List<bool>();

        foreach (var row in reader)
        {
            var value = row[labelIndex].Span.Trim();
            labels.Add(value switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new InvalidDataException($"{path} line {row.LineNumberFrom}: {label} is '{value}', expected yes or no"),
            });

            for (var f = 0; f < featureIndexes.Length; f++)
            {
                var cell = row[featureIndexes[f]].Span.Trim();
                if (numeric[f] && int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    numbers[f].Add(number);
                }
                else
                {
                    numeric[f] = false;
                }

                codes[f].Add(books[f].Code(cell));
            }
        }

        var columns = new List<int[]>();
        var categories = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var f = 0; f < featureIndexes.Length; f++)
        {
            if (numeric[f])
            {
                columns.Add([.. numbers[f]]);
                continue;
            }

            var column = codes[f].ToArray();
            books[f].Renumber(column);
            columns.Add(column);
            categories[header[featureIndexes[f]]] = books[f].SortedValues();
        }

        var (train, test) = RandomSplit(labels.Count, seed);
        return new PreparedData(Fertility, path, $"{label} == yes",
            string.Create(CultureInfo.InvariantCulture, $"seeded random {TestFraction * 100:0}% held out (System.Random({seed}) permutation)"),
            featureIndexes.Select(i => header[i]).ToList(), columns, [.. labels], train, test, categories);
    }

    /// <summary>
    /// US DOT on-time data, Jan–Jul 2001: label <c>delay &gt; 15</c> minutes; the timestamp becomes month, day of
    /// month, day of week and minute of day; airports become sorted codes. The latest 20 % of flights are held out.
    /// </summary>
    private static PreparedData ReadFlights(string path)
    {
        using var reader = Open(path);
        var header = reader.Header.ColNames;
        var (dateAt, delayAt, distanceAt, originAt, destinationAt) = (IndexOf(header, "date", path), IndexOf(header, "delay", path),
            IndexOf(header, "distance", path), IndexOf(header, "origin", path), IndexOf(header, "destination", path));
        string[] features = ["month", "dayOfMonth", "dayOfWeek", "minuteOfDay", "distance", "origin", "destination"];
        var values = features.Select(_ => new List<int>(3_000_000)).ToArray();
        var labels = new List<bool>(3_000_000);
        var times = new List<long>(3_000_000);
        var (origins, destinations) = (new CodeBook(), new CodeBook());

        foreach (var row in reader)
        {
            if (!DateTime.TryParseExact(row[dateAt].Span, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidDataException($"{path} line {row.LineNumberFrom}: date '{row[dateAt].Span}' is not yyyy-MM-ddTHH:mm");
            }

            times.Add(date.Ticks);
            values[0].Add(date.Month);
            values[1].Add(date.Day);
            values[2].Add((int)date.DayOfWeek);
            values[3].Add((date.Hour * 60) + date.Minute);
            values[4].Add(row[distanceAt].Parse<int>());
            values[5].Add(origins.Code(row[originAt].Span));
            values[6].Add(destinations.Code(row[destinationAt].Span));
            labels.Add(row[delayAt].Parse<int>() > 15);
        }

        var columns = values.Select(v => v.ToArray()).ToList();
        origins.Renumber(columns[5]);
        destinations.Renumber(columns[6]);
        var categories = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["origin"] = origins.SortedValues(),
            ["destination"] = destinations.SortedValues(),
        };

        // Stable sort by time: the file is already in time order, but the split must not depend on that.
        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();
        var testRows = (int)Math.Round(order.Length * TestFraction);
        return new PreparedData(Flights, path, "delay > 15",
            string.Create(CultureInfo.InvariantCulture, $"time-ordered: the latest {TestFraction * 100:0}% of flights (by date) held out, the earlier ones train"),
            features, columns, [.. labels], order[..^testRows], order[^testRows..], categories);
    }

    private static (int[] Train, int[] Test) RandomSplit(int rows, int seed)
    {
        var permutation = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(permutation);
        var testRows = (int)Math.Round(rows * TestFraction);
        // Each part keeps the file's row order.
        return ([.. permutation[testRows..].Order()], [.. permutation[..testRows].Order()]);
    }

    private static SepReader Open(string path) =>
        File.Exists(path)
            ? Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).FromFile(path)
            : throw new FileNotFoundException($"{path} not found; pass --datasets with the folder of PROVENANCE.md", path);

    private static int IndexOf(IReadOnlyList<string> header, string column, string path)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == column)
            {
                return i;
            }
        }

        throw new InvalidDataException($"{path}: no column '{column}' in the header ({string.Join(", ", header)})");
    }
}
