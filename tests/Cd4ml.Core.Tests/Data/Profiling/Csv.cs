using System.Text;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>Profiles CSV text or bytes in memory, as the file would be read.</summary>
internal static class Csv
{
    public static DatasetProfile Profile(string text, bool bom = false, ProfileOptions? options = null) =>
        Profile(Bytes(text, bom), options);

    public static DatasetProfile Profile(byte[] bytes, ProfileOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return DatasetProfiler.Profile(stream, options);
    }

    public static byte[] Bytes(string text, bool bom = false) => new UTF8Encoding(bom).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

    public static ColumnProfile Column(this DatasetProfile profile, int index) => profile.Columns[index];
}
