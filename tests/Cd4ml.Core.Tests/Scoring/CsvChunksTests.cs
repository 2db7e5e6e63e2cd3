using System.Text;
using Cd4ml.Core.Scoring;

namespace Cd4ml.Core.Tests.Scoring;

/// <summary>Chunks of whole records and the line numbers the reader gives them: the two halves of chunked batch scoring.</summary>
public sealed class CsvChunksTests
{
    private const string Csv = "id,text,n\r\n1,plain,10\r\n2,\"two\nlines, with a comma\",20\r\n3,\"say \"\"hi\"\"\",30\r\n\r\n4,last,40";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public void Chunks_hold_whole_records_and_read_back_to_the_same_records_and_lines(int perChunk)
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);

        var plan = CsvChunks.Plan(new MemoryStream(bytes), perChunk);

        Assert.Equal(Encoding.UTF8.GetByteCount("id,text,n\r\n"), plan.HeaderBytes);
        Assert.Equal(5, plan.Chunks.Sum(c => c.Records)); // the blank line is a record; scorers skip it
        Assert.Equal(bytes.Length, plan.Chunks[^1].Offset + plan.Chunks[^1].Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), plan.Sha256);
        var read = plan.Chunks.SelectMany(chunk => Read(bytes, chunk)).Where(r => r.Fields[0].Length > 0).ToList();
        Assert.Equal([2L, 3L, 5L, 7L], read.Select(r => r.Line));
        Assert.Equal(["plain", "two\nlines, with a comma", "say \"hi\"", "last"], read.Select(r => r.Fields[1]));
        Assert.All(read, r => Assert.Equal(3, r.Fields.Length));
    }

    [Fact]
    public void A_file_with_only_a_header_has_no_chunks()
    {
        var plan = CsvChunks.Plan(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n")));

        Assert.Empty(plan.Chunks);
        Assert.Equal(4, plan.HeaderBytes);
    }

    [Theory]
    [InlineData("12.5", 12.5f)]
    [InlineData(" 3 ", 3f)]
    [InlineData("", float.NaN)]
    [InlineData("NA", float.NaN)]
    [InlineData("?", float.NaN)]
    [InlineData("1e39", float.NaN)]
    [InlineData("-Infinity", float.NaN)]
    public void Numeric_cells_are_numbers_or_missing(string cell, float expected)
    {
        Assert.True(CellValues.TryNumber(cell, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("forty")]
    [InlineData("1,5")]
    [InlineData("12kg")]
    public void Other_numeric_cells_are_refused(string cell) => Assert.False(CellValues.TryNumber(cell, out _));

    private static IEnumerable<(long Line, string[] Fields)> Read(byte[] bytes, CsvChunk chunk)
    {
        using var reader = new CsvRecordReader(new MemoryStream(bytes, (int)chunk.Offset, (int)chunk.Length), chunk.FirstLine);
        var records = new List<(long, string[])>();
        while (reader.Read())
        {
            records.Add((reader.Line, [.. Enumerable.Range(0, reader.FieldCount).Select(reader.FieldText)]));
        }

        return records;
    }
}
