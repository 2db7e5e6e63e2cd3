using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cd4ml.Benchmarks.Training.Splits;

/// <summary>Writes a prepared dataset as <c>train.csv</c>, <c>test.csv</c> (label first, integers only) and its manifest.</summary>
internal static class SplitWriter
{
    public static SplitManifest Write(PreparedData data, string directory, HyperParameters hyperParameters)
    {
        Directory.CreateDirectory(directory);
        var train = Path.Combine(directory, "train.csv");
        var test = Path.Combine(directory, "test.csv");
        WriteRows(data, data.TrainRows, train);
        WriteRows(data, data.TestRows, test);

        string sha256;
        using (var source = File.OpenRead(data.Source))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(source));
        }

        var manifest = new SplitManifest(
            data.Dataset, Path.GetFullPath(data.Source), sha256, data.LabelRule, data.SplitRule, data.Features, data.CategoryCodes,
            Path.GetFullPath(train), Path.GetFullPath(test),
            data.TrainRows.Length, data.TestRows.Length,
            data.TrainRows.Count(i => data.Labels[i]), data.TestRows.Count(i => data.Labels[i]),
            hyperParameters);
        BenchmarkJson.Write(Path.Combine(directory, SplitManifest.FileName), manifest);
        return manifest;
    }

    private static void WriteRows(PreparedData data, int[] rows, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20);
        writer.Write(SplitManifest.LabelColumn);
        foreach (var feature in data.Features)
        {
            writer.Write(',');
            writer.Write(feature);
        }

        writer.Write('\n');
        Span<char> number = stackalloc char[16];
        foreach (var row in rows)
        {
            writer.Write(data.Labels[row] ? '1' : '0');
            foreach (var column in data.Columns)
            {
                column[row].TryFormat(number, out var length, default, CultureInfo.InvariantCulture);
                writer.Write(',');
                writer.Write(number[..length]);
            }

            writer.Write('\n');
        }
    }
}
