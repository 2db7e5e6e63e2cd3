using System.Security.Cryptography;

namespace Cd4ml.Core.Scoring;

/// <summary>A byte range of a CSV file holding whole records, and the physical line it starts on.</summary>
/// <param name="Index">0-based position among the file's chunks.</param>
/// <param name="Offset">The first byte of the chunk's first record.</param>
/// <param name="Length">Bytes up to and including the last record's line break (or the end of the file).</param>
/// <param name="FirstLine">The physical line number of the chunk's first record.</param>
/// <param name="Records">How many records (blank lines included) the chunk holds.</param>
public sealed record CsvChunk(int Index, long Offset, long Length, long FirstLine, long Records);

/// <summary>How a CSV file splits: the header, the chunks of records after it, and the file's SHA-256.</summary>
public sealed record CsvChunkPlan(long HeaderBytes, IReadOnlyList<CsvChunk> Chunks, string Sha256, long Bytes);

/// <summary>
/// Splits a CSV file into chunks of whole records in one streaming pass that also hashes it. A line break inside a
/// quoted field does not end a record, so a chunk never cuts a record in two. Both bytes it looks at (<c>"</c> and
/// line feed) are ASCII, which never occur inside a multi-byte UTF-8 character, so it can work on bytes.
/// </summary>
public static class CsvChunks
{
    public const int DefaultRecordsPerChunk = 200_000;

    public static CsvChunkPlan Plan(Stream csv, long recordsPerChunk = DefaultRecordsPerChunk)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerChunk);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        var chunks = new List<CsvChunk>();
        long position = 0, line = 1, headerBytes = -1;
        long chunkStart = 0, chunkLine = 0, chunkRecords = 0;
        var quoted = false;
        var recordOpen = false;
        int read;
        while ((read = csv.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                    recordOpen = true;
                }
                else if (b == (byte)'\n')
                {
                    line++;
                    if (quoted)
                    {
                        continue;
                    }

                    var end = position + i + 1;
                    if (headerBytes < 0)
                    {
                        headerBytes = end;
                        (chunkStart, chunkLine) = (end, line);
                    }
                    else
                    {
                        chunkRecords++;
                        if (chunkRecords == recordsPerChunk)
                        {
                            chunks.Add(new CsvChunk(chunks.Count, chunkStart, end - chunkStart, chunkLine, chunkRecords));
                            (chunkStart, chunkLine, chunkRecords) = (end, line, 0);
                        }
                    }

                    recordOpen = false;
                    continue;
                }

                recordOpen = true;
            }

            position += read;
        }

        if (headerBytes < 0)
        {
            // A header without a line break after it, or an empty file: no records.
            headerBytes = position;
            chunkStart = position;
        }
        else if (recordOpen)
        {
            chunkRecords++;
        }

        if (chunkRecords > 0)
        {
            chunks.Add(new CsvChunk(chunks.Count, chunkStart, position - chunkStart, chunkLine, chunkRecords));
        }

        return new CsvChunkPlan(headerBytes, chunks, Convert.ToHexStringLower(hash.GetHashAndReset()), position);
    }
}
