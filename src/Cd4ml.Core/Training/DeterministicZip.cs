using System.IO.Compression;

namespace Cd4ml.Core.Training;

/// <summary>
/// ML.NET stamps every entry of a saved model with the save time, so the same model saved twice hashes
/// differently. Rewriting the entries with one fixed timestamp makes the bytes (and the SHA-256 that
/// identifies a version) depend on the model alone, so a retried training gives the same hash.
/// </summary>
public static class DeterministicZip
{
    private static readonly DateTimeOffset s_fixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Normalize(byte[] zip)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = s_fixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
