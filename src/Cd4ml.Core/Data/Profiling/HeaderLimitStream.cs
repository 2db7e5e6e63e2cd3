namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Passes a stream through and stops it with <see cref="HeaderTooLongException"/> as soon as more than a set number of
/// bytes have gone by without a line break: the parser reads a whole row before it hands it over, so a header of a
/// million names (or a file with no line break at all) would otherwise be held in memory whole before anything could
/// judge it. Past the first line break it only counts nothing.
/// </summary>
internal sealed class HeaderLimitStream(Stream inner, int maxHeaderBytes) : Stream
{
    private long _headerBytes;
    private bool _headerEnded;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (!_headerEnded && read > 0)
        {
            var lineBreak = buffer[..read].IndexOf((byte)'\n');
            _headerEnded = lineBreak >= 0;
            _headerBytes += _headerEnded ? lineBreak : read;
            if (_headerBytes > maxHeaderBytes)
            {
                throw new HeaderTooLongException(_headerBytes);
            }
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The first line of a file is longer than the header cap; <see cref="BytesSeen"/> is how far it was read.</summary>
internal sealed class HeaderTooLongException(long bytesSeen) : Exception($"the header is longer than {bytesSeen} bytes")
{
    public long BytesSeen { get; } = bytesSeen;
}
