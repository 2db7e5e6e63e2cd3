using System.Security.Cryptography;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Reads a stream once for two readers: every byte goes into a SHA-256 and a byte and line-break count, and the CSV
/// reader gets the same bytes less a leading UTF-8 byte order mark (which is noted, and still hashed).
/// </summary>
internal sealed class HashingReadStream(Stream inner) : Stream
{
    private static readonly byte[] s_bom = [0xEF, 0xBB, 0xBF];

    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _pending; // bytes read while looking for the byte order mark, not yet handed out
    private int _pendingStart;
    private bool _started;

    public long Bytes { get; private set; }

    /// <summary>'\n' bytes seen: with <see cref="LastByte"/>, the file's line count even where the CSV reader gave up.</summary>
    public long LineBreaks { get; private set; }

    public int LastByte { get; private set; } = -1;

    public bool HadByteOrderMark { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_started)
        {
            Start();
        }

        if (_pending is not null)
        {
            var n = Math.Min(buffer.Length, _pending.Length - _pendingStart);
            _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
            _pendingStart += n;
            if (_pendingStart == _pending.Length)
            {
                _pending = null;
            }

            return n;
        }

        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    /// <summary>Reads whatever the CSV reader left, so the hash and counts cover the whole stream.</summary>
    public void ReadToEnd()
    {
        var buffer = new byte[1 << 16];
        while (Read(buffer) > 0)
        {
        }
    }

    /// <summary>The lower-case hex SHA-256 of every byte read.</summary>
    public string Sha256() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Start()
    {
        _started = true;
        var head = new byte[s_bom.Length];
        var have = 0;
        while (have < head.Length)
        {
            var n = inner.Read(head.AsSpan(have));
            if (n == 0)
            {
                break;
            }

            have += n;
        }

        Observe(head.AsSpan(0, have));
        HadByteOrderMark = have == s_bom.Length && head.AsSpan().SequenceEqual(s_bom);
        if (!HadByteOrderMark && have > 0)
        {
            _pending = head[..have];
        }
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _sha256.AppendData(bytes);
        Bytes += bytes.Length;
        LineBreaks += bytes.Count((byte)'\n');
        LastByte = bytes[^1];
    }
}
