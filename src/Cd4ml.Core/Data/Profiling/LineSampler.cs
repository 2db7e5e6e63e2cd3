namespace Cd4ml.Core.Data.Profiling;

/// <summary>Counts problem rows and keeps their first line numbers.</summary>
internal sealed class LineSampler
{
    private readonly List<long> _lines = [];

    public long Count { get; private set; }

    public void Add(long line)
    {
        Count++;
        if (_lines.Count < LineSample.MaxLines)
        {
            _lines.Add(line);
        }
    }

    /// <summary>Counts <paramref name="count"/> consecutive lines from <paramref name="first"/>.</summary>
    public void AddRange(long first, long count)
    {
        for (var i = 0L; i < count && _lines.Count < LineSample.MaxLines; i++)
        {
            _lines.Add(first + i);
        }

        Count += count;
    }

    public void Clear()
    {
        _lines.Clear();
        Count = 0;
    }

    /// <summary>Adds the problem rows of the block of rows that follows, its lines moved down by <paramref name="shift"/>.</summary>
    public void Absorb(LineSampler other, long shift)
    {
        foreach (var line in other._lines)
        {
            if (_lines.Count == LineSample.MaxLines)
            {
                break;
            }

            _lines.Add(line + shift);
        }

        Count += other.Count;
    }

    public LineSample ToSample() => Count == 0 ? LineSample.None : new LineSample(Count, [.. _lines]);

    public static string Example(ReadOnlySpan<char> value) =>
        value.Length <= BadCells.MaxExampleLength ? value.ToString() : string.Concat(value[..(BadCells.MaxExampleLength - 1)], "…");

    /// <summary>The samples of A then B, B's lines moved down by <paramref name="shift"/>: what one pass over A followed by B keeps.</summary>
    public static LineSample Concat(LineSample a, LineSample b, long shift) =>
        a.Count + b.Count == 0
            ? LineSample.None
            : new LineSample(a.Count + b.Count, [.. a.Lines.Concat(b.Lines.Select(l => l + shift)).Take(LineSample.MaxLines)]);

    public static BadCells Concat(BadCells a, BadCells b, long shift) =>
        a.Lines.Count + b.Lines.Count == 0
            ? BadCells.None
            : new BadCells(Concat(a.Lines, b.Lines, shift), [.. a.Examples.Concat(b.Examples).Take(BadCells.MaxExamples)]);
}

/// <summary>
/// Keeps the first lines and values of the cells that do not fit a candidate type; the count comes from the column's
/// counters. Checking <see cref="Full"/> before <see cref="Add"/> keeps the cost per cell to one test once it is full.
/// </summary>
internal sealed class BadCellSampler
{
    private readonly List<long> _lines = [];
    private readonly List<string> _examples = [];

    public bool Full { get; private set; }

    public void Add(long line, ReadOnlySpan<char> value)
    {
        _lines.Add(line);
        if (_examples.Count < BadCells.MaxExamples)
        {
            _examples.Add(LineSampler.Example(value));
        }

        Full = _lines.Count == LineSample.MaxLines;
    }

    public void Clear()
    {
        _lines.Clear();
        _examples.Clear();
        Full = false;
    }

    /// <summary>Adds the first bad cells of the block of rows that follows, its lines moved down by <paramref name="shift"/>.</summary>
    public void Absorb(BadCellSampler other, long shift)
    {
        for (var i = 0; i < other._lines.Count && !Full; i++)
        {
            _lines.Add(other._lines[i] + shift);
            if (_examples.Count < BadCells.MaxExamples && i < other._examples.Count)
            {
                _examples.Add(other._examples[i]);
            }

            Full = _lines.Count == LineSample.MaxLines;
        }
    }

    public BadCells ToBadCells(long count) => count == 0 ? BadCells.None : new BadCells(new LineSample(count, [.. _lines]), [.. _examples]);
}
