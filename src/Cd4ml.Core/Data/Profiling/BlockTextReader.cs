using System.Runtime.CompilerServices;
using System.Text;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// The text of one block, decoded from its bytes straight into the parser's buffer (UTF-8; invalid bytes become U+FFFD,
/// as <see cref="StreamReader"/> makes them). Against a <see cref="StreamReader"/> over a <see cref="MemoryStream"/> it
/// copies no bytes into a buffer of its own and allocates no buffers per block (a stream reader's are 128 KB, on the
/// large object heap, once per block).
/// </summary>
internal sealed class BlockTextReader(CsvBlock block, Encoding encoding) : TextReader
{
    private readonly Decoder _decoder = encoding.GetDecoder();
    private int _position;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Read(Span<char> buffer)
    {
        while (!buffer.IsEmpty && _position < block.Length)
        {
            // The block's bytes are the whole input: flush, so a sequence cut off at its end becomes U+FFFD here.
            _decoder.Convert(block.Buffer.AsSpan(_position, block.Length - _position), buffer, flush: true, out var bytesUsed, out var charsUsed, out _);
            _position += bytesUsed;
            if (charsUsed > 0)
            {
                return charsUsed;
            }
        }

        return 0;
    }

    public override int ReadBlock(Span<char> buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = Read(buffer[total..])) > 0)
        {
            total += read;
        }

        return total;
    }

    public override int ReadBlock(char[] buffer, int index, int count) => ReadBlock(buffer.AsSpan(index, count));
}
