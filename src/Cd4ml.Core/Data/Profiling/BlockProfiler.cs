using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Implements <see cref="DatasetProfiler.Profile(Stream, ProfileOptions?, CancellationToken)"/>: the reading thread
/// hashes the bytes and cuts them into blocks of whole rows (<see cref="CsvBlockSplitter"/>); workers profile blocks
/// on every core; each finished block is absorbed into the whole file's pass strictly in file order. The blocks depend
/// only on the bytes and the block size, and each block starts from the category values the whole pass held when it
/// started, so the profile is the same with one thread or many (one thread is the sequential path). Memory: the blocks
/// in flight (at most two per thread, each about the block size) and one pass per block, whatever the file's size.
/// The per-row and per-cell methods are marked <c>AggressiveOptimization</c>: a profile is a short process, and left to
/// tiered compilation much of the file went through unoptimised and instrumented copies of them (benchmarks/RESULTS.md).
/// </summary>
internal static class BlockProfiler
{
    /// <summary>
    /// Big enough that a block's start-up (its cell memo learns the common values again, a reader is made) is noise; small
    /// enough that the blocks in flight (two per thread) take a few tens of MB and a 100 MB file spreads over the cores.
    /// </summary>
    public const int DefaultBlockBytes = 4 << 20;

    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>How many blocks, of all, had to be profiled again because a worker started them from older category values.</summary>
    internal static int LastRecounts { get; private set; }

    public static DatasetProfile Profile(Stream csv, ProfileOptions options, int threads, int blockBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockBytes, CsvBlockSplitter.MaxBlockBytes);
        using var splitter = new CsvBlockSplitter(csv);
        var whole = new ProfilePass(options);
        var recounts = 0;
        if (splitter.FirstLineLongerThan(options.MaxHeaderBytes))
        {
            whole.Refuse(ProfileRefusals.HeaderTooLong(options.MaxHeaderBytes));
            return Refused(whole, splitter, LineCount.None);
        }

        // The header alone first: every block needs it. No line feed outside quotes at all: the rest path reads it.
        if (splitter.Next(0) is { } first)
        {
            Read(whole, first, cancellationToken);
            var headerLines = LineCount.Of(first);
            splitter.Return(first.Buffer);
            if (whole.Refusal is not null)
            {
                return Refused(whole, splitter, headerLines);
            }

            var absorber = new Absorber(whole, options, splitter);
            if (threads == 1)
            {
                var index = 0L;
                while (splitter.Next(blockBytes) is { } block)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var job = new Job(index++, block) { Part = absorber.Profile(block, cancellationToken) };
                    recounts += absorber.Absorb(job, cancellationToken);
                }
            }
            else
            {
                recounts = InParallel(splitter, absorber, threads, blockBytes, cancellationToken);
            }
        }

        LastRecounts = recounts;
        if (!splitter.AtEnd)
        {
            // Only reached with nothing taken in blocks when the header itself could not be: its lines are the file's.
            var rest = ReadRest(whole, splitter, cancellationToken);
            if (whole.Refusal is not null)
            {
                return whole.ToRefusedProfile(splitter.Sha256(), splitter.Bytes, splitter.HadByteOrderMark, rest.Lines);
            }
        }

        return whole.ToProfile(splitter.Sha256(), splitter.Bytes, splitter.HadByteOrderMark);
    }

    /// <summary>A refused file is still hashed to its end: the snapshot's name must be checked whatever its shape.</summary>
    private static DatasetProfile Refused(ProfilePass whole, CsvBlockSplitter splitter, LineCount taken)
    {
        using var rest = splitter.Rest();
        rest.ReadToEnd();
        var lines = taken.Then(rest.LineFeeds, rest.LastByte).Lines;
        return whole.ToRefusedProfile(splitter.Sha256(), splitter.Bytes, splitter.HadByteOrderMark, lines);
    }

    /// <summary>Line feeds and the last byte of the bytes read so far: a file's line count without parsing it.</summary>
    private readonly record struct LineCount(long LineFeeds, int LastByte)
    {
        public static LineCount None { get; } = new(0, -1);

        public long Lines => LineFeeds + (LastByte is >= 0 and not '\n' ? 1 : 0);

        public static LineCount Of(CsvBlock block) =>
            new(block.Buffer.AsSpan(0, block.Length).Count((byte)'\n'), block.Length > 0 ? block.Buffer[block.Length - 1] : -1);

        public LineCount Then(long lineFeeds, int lastByte) => new(LineFeeds + lineFeeds, lastByte >= 0 ? lastByte : LastByte);
    }

    private static int InParallel(CsvBlockSplitter splitter, Absorber absorber, int threads, int blockBytes, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failed.Token;
        using var inFlight = new SemaphoreSlim(threads * 2);
        using var queue = new BlockingCollection<Job>(threads);
        var gate = new object();
        var done = new Dictionary<long, Job>();
        var next = 0L;
        var recounts = 0;

        void Work()
        {
            try
            {
                foreach (var job in queue.GetConsumingEnumerable(token))
                {
                    job.Part = absorber.Profile(job.Block, token);
                    lock (gate)
                    {
                        // Whoever finishes the oldest block absorbs it and every finished block after it, in order.
                        done.Add(job.Index, job);
                        while (done.Remove(next, out var ready))
                        {
                            recounts += absorber.Absorb(ready, token);
                            next++;
                            inFlight.Release();
                        }
                    }
                }
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(Work, token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            var index = 0L;
            while (true)
            {
                inFlight.Wait(token);
                if (splitter.Next(blockBytes) is not { } block)
                {
                    break;
                }

                queue.Add(new Job(index++, block), token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A worker failed; its exception is thrown below.
        }
        finally
        {
            queue.CompleteAdding();
        }

        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e)
        {
            var cause = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Throw(cause);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return recounts;
    }

    /// <summary>Parses one block (UTF-8; invalid bytes become U+FFFD, as in one pass) into <paramref name="pass"/>.</summary>
    private static void Read(ProfilePass pass, CsvBlock block, CancellationToken cancellationToken)
    {
        using var text = new BlockTextReader(block, s_utf8);
        using var reader = OpenReader(text);
        pass.Read(reader, cancellationToken);
    }

    /// <summary>The rows no block could take (a quote left open, a row past the parser's limit), read as one stream.</summary>
    private static LineCount ReadRest(ProfilePass whole, CsvBlockSplitter splitter, CancellationToken cancellationToken)
    {
        using var rest = splitter.Rest();
        using var text = new StreamReader(rest, s_utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var startLine = whole.NextLine;
        try
        {
            using var reader = OpenReader(text);
            whole.Read(reader, cancellationToken);
        }
        catch (NotSupportedException)
        {
            // Sep refuses a row longer than 16 M characters; an unclosed quote makes one of the whole rest of the file.
            rest.ReadToEnd();
            var lines = rest.LineFeeds + (rest.LastByte is >= 0 and not '\n' ? 1 : 0);
            whole.GiveUp(startLine - 1 + lines);
        }

        rest.ReadToEnd();
        return new LineCount(rest.LineFeeds, rest.LastByte);
    }

    private static SepReader OpenReader(TextReader text) =>
        Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Sep = new Sep(',') }).From(text);

    private sealed class Job(long index, CsvBlock block)
    {
        public long Index { get; } = index;

        public CsvBlock Block { get; } = block;

        public ProfilePass? Part { get; set; }
    }

    /// <summary>The whole pass and the category values it publishes for blocks that start now.</summary>
    private sealed class Absorber
    {
        private readonly ProfilePass _whole;
        private readonly CsvBlockSplitter _splitter;
        private readonly ProfileOptions _options;
        private readonly string[] _header;
        private readonly int[] _seedCounts;
        private readonly ConcurrentBag<ProfilePass> _spare = [];
        private volatile Seeds _seeds;

        public Absorber(ProfilePass whole, ProfileOptions options, CsvBlockSplitter splitter)
        {
            _whole = whole;
            _splitter = splitter;
            _options = options;
            _header = whole.Header!;
            _seedCounts = new int[_header.Length];
            _seeds = new Seeds(whole.Seeds(null, _seedCounts), whole.CountsRowsExactly);
        }

        /// <summary>Profiles a block from the latest published category values (any thread).</summary>
        public ProfilePass Profile(CsvBlock block, CancellationToken cancellationToken)
        {
            var seeds = _seeds;
            if (_spare.TryTake(out var part))
            {
                part.Reset(seeds.Categories, seeds.CountRowsExactly);
            }
            else
            {
                part = new ProfilePass(_options, _header, seeds.Categories, seeds.CountRowsExactly);
            }

            Read(part, block, cancellationToken);
            part.Finish();
            return part;
        }

        /// <summary>Absorbs the next block in file order (one caller at a time); returns 1 when it had to be profiled again.</summary>
        public int Absorb(Job job, CancellationToken cancellationToken)
        {
            var recounted = Absorb(job.Block, job.Part!, cancellationToken);
            _splitter.Return(job.Block.Buffer);
            return recounted;
        }

        private int Absorb(CsvBlock block, ProfilePass part, CancellationToken cancellationToken)
        {
            var recounted = 0;
            if (!_whole.CanAbsorb(part))
            {
                // The block refused category values for lack of room, and values the whole pass took since the block
                // started may be among them: count it again from what the whole pass holds now (rare: blocks in flight
                // while a column's table fills up).
                Publish();
                _spare.Add(part);
                part = Profile(block, cancellationToken);
                Debug.Assert(_whole.CanAbsorb(part), "A block seeded with the whole pass's values always merges.");
                recounted = 1;
            }

            _whole.Absorb(part);
            _spare.Add(part);
            Publish();
            return recounted;
        }

        private void Publish() => _seeds = new Seeds(_whole.Seeds(_seeds.Categories, _seedCounts), _whole.CountsRowsExactly);
    }

    private sealed record Seeds(CategorySeed?[] Categories, bool CountRowsExactly);
}
