using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>A run of whole rows: <see cref="Length"/> bytes at the start of <see cref="Buffer"/> (give it back with <see cref="CsvBlockSplitter.Return"/>).</summary>
internal readonly record struct CsvBlock(byte[] Buffer, int Length);

/// <summary>
/// Cuts a CSV stream into blocks of whole rows while reading it once: every byte goes into a SHA-256 (on the reading
/// thread, beside whoever parses the blocks), a leading UTF-8 byte order mark is noted and left out of the blocks, and a
/// block ends at the first line feed outside quotes at or after its target size. "Outside quotes" is the parity of the
/// quote characters since the block's start, the rule the CSV parser (Sep) applies: every <c>"</c> opens or closes
/// quoting wherever it stands, so a doubled quote inside a quoted field closes and reopens it. Where a block ends
/// depends only on the bytes and the target size, never on how the stream delivers them, so the same file always
/// gives the same blocks.
/// </summary>
internal sealed class CsvBlockSplitter : IDisposable
{
    /// <summary>
    /// A block never grows past this; a stream that has no line feed outside quotes within it (a quote left open, or a
    /// row longer than the parser's limit of 16 M characters) is left to <see cref="Rest"/>.
    /// </summary>
    public const int MaxBlockBytes = 15_000_000;

    private const int ReadSize = 1 << 20;
    private static readonly byte[] s_bom = [0xEF, 0xBB, 0xBF];
    private static readonly SearchValues<byte> s_quoteOrLineFeed = SearchValues.Create("\"\n"u8);

    private readonly Stream _inner;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int _maxBlockBytes;
    private byte[] _buffer = [];
    private int _filled; // bytes of the next blocks at the start of _buffer
    private bool _ended;
    private bool _started;
    private int _target; // the largest block size asked for: new buffers are made to hold one block without growing

    // Buffers given back by whoever profiled their blocks. Kept here rather than in the shared array pool so the few
    // that are in flight are reused for the whole file: the kernel maps a fresh buffer's pages one fault at a time as
    // the file is read into it, and that cost as much CPU as parsing a tenth of the file.
    private readonly ConcurrentStack<byte[]> _free = new();

    public CsvBlockSplitter(Stream inner, int maxBlockBytes = MaxBlockBytes)
    {
        _inner = inner;
        _maxBlockBytes = maxBlockBytes;
    }

    /// <summary>Every byte read so far, the byte order mark included.</summary>
    public long Bytes { get; private set; }

    public bool HadByteOrderMark { get; private set; }

    /// <summary>True when the stream has been read to its end and every byte handed out.</summary>
    public bool AtEnd => _started && _ended && _filled == 0;

    /// <summary>
    /// The next block: at least <paramref name="targetBytes"/> bytes (0: the first row alone) up to and including the
    /// first line feed outside quotes from there, or everything left at the end of the stream. Null at the end of the
    /// stream, or when no line feed outside quotes comes within <see cref="MaxBlockBytes"/>: then <see cref="Rest"/>.
    /// </summary>
    public CsvBlock? Next(int targetBytes)
    {
        Start();
        _target = Math.Max(_target, targetBytes);
        while ((_filled < targetBytes || _filled == 0) && !_ended)
        {
            Fill();
        }

        if (_filled == 0)
        {
            return null;
        }

        var quotes = _buffer.AsSpan(0, Math.Min(targetBytes, _filled)).Count((byte)'"');
        var scanned = Math.Min(targetBytes, _filled);
        while (true)
        {
            var end = FindEnd(ref scanned, ref quotes);
            if (end >= 0)
            {
                return Take(end + 1);
            }

            if (_ended)
            {
                return Take(_filled);
            }

            if (_filled >= _maxBlockBytes)
            {
                return null;
            }

            Fill();
        }
    }

    /// <summary>
    /// True when the first line (the bytes before the first line feed, quoted or not, byte order mark left out) is
    /// longer than <paramref name="maxBytes"/>: checked before a row is parsed, so a header of a million names (or a file
    /// without line breaks) is refused after reading little more than the cap.
    /// </summary>
    public bool FirstLineLongerThan(int maxBytes)
    {
        Start();
        var scanned = 0;
        while (true)
        {
            var i = _buffer.AsSpan(scanned, _filled - scanned).IndexOf((byte)'\n');
            if (i >= 0)
            {
                return scanned + i > maxBytes;
            }

            scanned = _filled;
            if (_filled > maxBytes)
            {
                return true;
            }

            if (_ended)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>
    /// Everything not yet handed out in blocks, as a stream that keeps hashing what it reads (after <see cref="Next"/>
    /// returned null); <see cref="TailStream.LineFeeds"/> and <see cref="TailStream.LastByte"/> count what it gave.
    /// </summary>
    public TailStream Rest()
    {
        Start();
        var pending = _buffer.AsSpan(0, _filled).ToArray();
        _filled = 0;
        return new TailStream(this, pending);
    }

    /// <summary>Takes back a block's buffer once its rows are profiled (any thread), for a later block.</summary>
    public void Return(byte[] buffer) => _free.Push(buffer);

    public void Dispose()
    {
        _sha256.Dispose();
        _buffer = [];
        _free.Clear();
    }

    /// <summary>The lower-case hex SHA-256 of every byte of the stream (call after reading it to its end).</summary>
    public string Sha256() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    /// <summary>The first line feed outside quotes at or after <paramref name="scanned"/>, or -1; advances the scan state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindEnd(ref int scanned, ref int quotes)
    {
        var data = _buffer.AsSpan(0, _filled);
        while (scanned < data.Length)
        {
            var i = data[scanned..].IndexOfAny(s_quoteOrLineFeed);
            if (i < 0)
            {
                scanned = data.Length;
                return -1;
            }

            var at = scanned + i;
            scanned = at + 1;
            if (data[at] == (byte)'"')
            {
                quotes++;
            }
            else if ((quotes & 1) == 0)
            {
                return at;
            }
        }

        return -1;
    }

    private CsvBlock Take(int length)
    {
        // The block keeps this buffer; what follows the block moves to a new one.
        var block = new CsvBlock(_buffer, length);
        var rest = _filled - length;
        var next = Rent(Math.Max(rest, _target) + (2 * ReadSize));
        _buffer.AsSpan(length, rest).CopyTo(next);
        _buffer = next;
        _filled = rest;
        return block;
    }

    /// <summary>A given-back buffer of at least <paramref name="length"/> bytes, or a new one (a smaller one is let go).</summary>
    private byte[] Rent(int length)
    {
        while (_free.TryPop(out var buffer))
        {
            if (buffer.Length >= length)
            {
                return buffer;
            }
        }

        // Rounded up to whole reads, so the sizes asked for as blocks, which vary by a few bytes, all fit one buffer.
        return GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, (length + (long)ReadSize - 1) / ReadSize * ReadSize));
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _buffer = Rent(ReadSize * 2);
        while (_filled < s_bom.Length && !_ended)
        {
            Fill();
        }

        HadByteOrderMark = _buffer.AsSpan(0, _filled).StartsWith(s_bom);
        if (HadByteOrderMark)
        {
            // Hashed, but not part of the text.
            _buffer.AsSpan(s_bom.Length, _filled - s_bom.Length).CopyTo(_buffer);
            _filled -= s_bom.Length;
        }
    }

    private void Fill()
    {
        if (_buffer.Length - _filled < ReadSize)
        {
            var bigger = Rent(Math.Max(_buffer.Length * 2, _filled + ReadSize));
            _buffer.AsSpan(0, _filled).CopyTo(bigger);
            Return(_buffer);
            _buffer = bigger;
        }

        var n = ReadInner(_buffer.AsSpan(_filled, ReadSize));
        if (n == 0)
        {
            _ended = true;
        }

        _filled += n;
    }

    private int ReadInner(Span<byte> into)
    {
        var n = _inner.Read(into);
        if (n > 0)
        {
            _sha256.AppendData(into[..n]);
            Bytes += n;
        }

        return n;
    }

    /// <summary>The bytes no block took, then the rest of the stream (hashed as it is read), counting line feeds.</summary>
    internal sealed class TailStream(CsvBlockSplitter owner, byte[] pending) : Stream
    {
        private int _pendingStart;

        public long LineFeeds { get; private set; }

        public int LastByte { get; private set; } = -1;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            if (_pendingStart < pending.Length)
            {
                n = Math.Min(buffer.Length, pending.Length - _pendingStart);
                pending.AsSpan(_pendingStart, n).CopyTo(buffer);
                _pendingStart += n;
            }
            else
            {
                n = owner.ReadInner(buffer);
            }

            if (n > 0)
            {
                LineFeeds += buffer[..n].Count((byte)'\n');
                LastByte = buffer[n - 1];
            }

            return n;
        }

        /// <summary>Reads whatever the parser left, so the hash and the counts cover the whole stream.</summary>
        public void ReadToEnd()
        {
            var buffer = new byte[ReadSize];
            while (Read(buffer) > 0)
            {
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
