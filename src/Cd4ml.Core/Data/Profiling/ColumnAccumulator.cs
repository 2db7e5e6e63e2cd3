using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>One column's state during the pass: fixed size, whatever the number of rows.</summary>
internal sealed class ColumnAccumulator
{
    private readonly string _name;
    private readonly int _index;
    private readonly ProfileOptions _options;
    private readonly HyperLogLog _distinct;
    private readonly CategoryCounter _categories;
    private readonly QuantileAccumulator _sketch;
    private readonly CellMemo _memo;
    private readonly BadCellSampler _notNumeric = new();
    private readonly BadCellSampler _notBoolean = new();
    private readonly BadCellSampler _notDate = new();
    private long _present;
    private long _missing;
    private long _numbers;
    private long _nonFinite;
    private long _booleans;
    private long _dates;
    private long _totalLength;

    // Welford's running mean and sum of squared deviations over the finite numbers.
    private long _n;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _minLine;
    private long _maxLine;

    public ColumnAccumulator(string name, int index, int columns, ProfileOptions options, CategorySeed? seed = null)
    {
        _memo = new CellMemo(columns);
        _name = name;
        _index = index;
        _options = options;
        _distinct = new HyperLogLog(options.ColumnDistinctPrecision);
        _categories = new CategoryCounter(options.CategoryLimit, options.MaxCategoryLength, seed, beforeMove: () =>
        {
            _memo.Flush(_categories!);
            _memo.Clear();
        });
        _sketch = new QuantileAccumulator(options.RelativeAccuracy, options.MaxBuckets);
    }

    /// <summary>Counts one cell (unquoted, not yet trimmed) of the row starting at <paramref name="line"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> cell, long line)
    {
        cell = CellParser.Trim(cell);
        if (CellParser.IsMissing(cell))
        {
            _missing++;
            return;
        }

        _present++;
        _totalLength += cell.Length;
        if (cell.Length > ShortKey.MaxLength)
        {
            AddLong(cell, line);
            return;
        }

        var key = new ShortKey(cell);
        ref var memo = ref _memo.Find(in key, out var hit);
        if (hit)
        {
            Replay(cell, line, ref memo);
            return;
        }

        memo.Flush(_categories);
        Classify(cell, key.Hash, line, ref memo);
        memo.Remember(in key);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddLong(ReadOnlySpan<char> cell, long line)
    {
        var entry = default(CellMemo.Entry);
        Classify(cell, Hashes.OfText(cell), line, ref entry);
    }

    /// <summary>Works out what a cell is, counts it, and notes in <paramref name="entry"/> what <see cref="Replay"/> needs to count it again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Classify(ReadOnlySpan<char> cell, ulong textHash, long line, ref CellMemo.Entry entry)
    {
        if (CellParser.TryParseNumber(cell, out var value))
        {
            if (double.IsFinite(value))
            {
                value += 0.0; // -0 and 0 are one value
                var hash = Hashes.OfNumber(value);
                _distinct.Add(hash);
                entry.Slot = _categories.AddNumber(value, hash);
                entry.Kind = float.IsFinite((float)value) ? CellKind.Number : CellKind.LargeNumber;
                entry.Value = value;
                entry.Bucket = entry.Kind == CellKind.Number ? _sketch.IndexOf(value) : 0;
                entry.Sign = (sbyte)QuantileAccumulator.SignOf(value);
            }
            else
            {
                _distinct.Add(textHash);
                entry.Slot = _categories.AddText(cell, textHash);
                entry.Kind = CellKind.NonFinite;
            }
        }
        else
        {
            _distinct.Add(textHash);
            entry.Slot = _categories.AddText(cell, textHash);
            entry.Kind = CellParser.IsBoolean(cell) ? CellKind.Boolean : CellParser.IsIsoDate(cell) ? CellKind.Date : CellKind.Text;
        }

        Count(cell, line, in entry);
    }

    /// <summary>Counts a cell seen before: its distinct-count hash is already in, and everything else is in <paramref name="entry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Replay(ReadOnlySpan<char> cell, long line, ref CellMemo.Entry entry)
    {
        entry.Pending++;
        Count(cell, line, in entry);
    }

    /// <summary>The counts and statistics of one present cell of a known kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(ReadOnlySpan<char> cell, long line, in CellMemo.Entry entry)
    {
        switch (entry.Kind)
        {
            case CellKind.Number:
                _numbers++;
                NotBoolean(cell, line);
                NotDate(cell, line);
                AddFinite(entry.Value, entry.Sign, entry.Bucket, line);
                break;
            case CellKind.LargeNumber or CellKind.NonFinite:
                // NaN, Infinity and numbers beyond single precision: ML.NET would load them as NaN or Infinity.
                _numbers++;
                _nonFinite++;
                NotNumeric(cell, line);
                NotBoolean(cell, line);
                NotDate(cell, line);
                break;
            case CellKind.Boolean:
                _booleans++;
                NotNumeric(cell, line);
                NotDate(cell, line);
                break;
            case CellKind.Date:
                _dates++;
                NotNumeric(cell, line);
                NotBoolean(cell, line);
                break;
            default:
                NotNumeric(cell, line);
                NotBoolean(cell, line);
                NotDate(cell, line);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NotNumeric(ReadOnlySpan<char> cell, long line)
    {
        if (!_notNumeric.Full)
        {
            _notNumeric.Add(line, cell);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NotBoolean(ReadOnlySpan<char> cell, long line)
    {
        if (!_notBoolean.Full)
        {
            _notBoolean.Add(line, cell);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NotDate(ReadOnlySpan<char> cell, long line)
    {
        if (!_notDate.Full)
        {
            _notDate.Add(line, cell);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddFinite(double value, int sign, int bucket, long line)
    {
        _n++;
        var delta = value - _mean;
        _mean += delta / _n;
        _m2 += delta * (value - _mean);
        if (value < _min)
        {
            _min = value;
            _minLine = line;
        }

        if (value > _max)
        {
            _max = value;
            _maxLine = line;
        }

        _sketch.AddToBucket(sign, bucket);
    }

    /// <summary>Starts a new block of rows, from <paramref name="seed"/>'s category values: as if new, keeping the memory.</summary>
    public void Reset(CategorySeed? seed)
    {
        _memo.Clear();
        _categories.Reset(seed);
        _notNumeric.Clear();
        _notBoolean.Clear();
        _notDate.Clear();
        _distinct.Clear();
        _sketch.Clear();
        _present = _missing = _numbers = _nonFinite = _booleans = _dates = _totalLength = 0;
        _n = 0;
        _mean = _m2 = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _minLine = _maxLine = 0;
    }

    /// <summary>The category values held so far, for a block of later rows to start from.</summary>
    public CategorySeed SeedCategories()
    {
        _memo.Flush(_categories);
        return _categories.Seed();
    }

    /// <summary>How many category values are held; a new seed is only worth making when it changed.</summary>
    public int CategoryCount => _categories.Count;

    /// <summary>Ends a block of rows: hands the memo's pending counts to the category table.</summary>
    public void Finish() => _memo.Flush(_categories);

    /// <summary>See <see cref="CategoryCounter.CanAbsorb"/>: false when the block must be counted again from a newer seed.</summary>
    public bool CanAbsorb(ColumnAccumulator block)
    {
        _memo.Flush(_categories);
        return _categories.CanAbsorb(block._categories);
    }

    /// <summary>
    /// Adds the block of rows that follows (its lines numbered from 1, moved down by <paramref name="shift"/>; already
    /// <see cref="Finish"/>ed): what one accumulator over both would hold, except the mean and the sum of squared
    /// deviations, which merge by Chan's formula (the same blocks in the same order always give the same bits).
    /// </summary>
    public void Absorb(ColumnAccumulator block, long shift)
    {
        _memo.Flush(_categories);
        _present += block._present;
        _missing += block._missing;
        _numbers += block._numbers;
        _nonFinite += block._nonFinite;
        _booleans += block._booleans;
        _dates += block._dates;
        _totalLength += block._totalLength;
        _notNumeric.Absorb(block._notNumeric, shift);
        _notBoolean.Absorb(block._notBoolean, shift);
        _notDate.Absorb(block._notDate, shift);
        _distinct.Absorb(block._distinct);
        _categories.Absorb(block._categories);
        _sketch.Absorb(block._sketch);
        if (block._n == 0)
        {
            return;
        }

        if (_n == 0)
        {
            (_n, _mean, _m2) = (block._n, block._mean, block._m2);
        }
        else
        {
            var n = _n + block._n;
            var delta = block._mean - _mean;
            _mean += delta * block._n / n;
            _m2 += block._m2 + (delta * delta * _n * block._n / n);
            _n = n;
        }

        // The first occurrence wins a tie, as in one pass.
        if (block._min < _min)
        {
            _min = block._min;
            _minLine = block._minLine + shift;
        }

        if (block._max > _max)
        {
            _max = block._max;
            _maxLine = block._maxLine + shift;
        }
    }

    public ColumnProfile ToProfile()
    {
        _memo.Flush(_categories);
        var evidence = new TypeEvidence
        {
            Numbers = _numbers,
            NonFinite = _nonFinite,
            Booleans = _booleans,
            Dates = _dates,
            TotalLength = _totalLength,
            NotNumeric = _notNumeric.ToBadCells(_present - (_numbers - _nonFinite)),
            NotBoolean = _notBoolean.ToBadCells(_present - _booleans),
            NotDate = _notDate.ToBadCells(_present - _dates),
        };
        var numeric = _n == 0
            ? null
            : new NumericSummary
            {
                Count = _n,
                Min = _min,
                Max = _max,
                Mean = _mean,
                StdDev = _n < 2 ? 0 : Math.Sqrt(_m2 / (_n - 1)),
                MinLine = _minLine,
                MaxLine = _maxLine,
                Sketch = _sketch.ToSketch(_min, _max),
            };
        return ColumnProfiles.Build(
            _name, _index, _present, _missing, evidence, numeric, _distinct.ToSketch(),
            _categories.Overflowed ? null : _categories.Entries(), _categories.Entries(), _options);
    }
}
