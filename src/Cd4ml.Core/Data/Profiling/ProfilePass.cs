using System.Buffers;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// The state of a pass over rows: the whole file's (it reads the header, then absorbs blocks of rows in file order), or
/// one block's (it starts from the header and from the whole pass's category values at the time, numbers its lines
/// from 1, and is absorbed when every block before it has been). A class so the row loop stays small.
/// </summary>
internal sealed class ProfilePass
{
    private static readonly SearchValues<char> s_special = SearchValues.Create("\0\"\uFFFD");

    private readonly ProfileOptions _options;
    private readonly HyperLogLog _rowSketch;
    private RowHashSet? _exactRows;
    private RowHashSet? _rowSet; // kept across blocks, so its memory is reused
    private readonly LineSampler _ragged = new();
    private readonly LineSampler _nul = new();
    private readonly LineSampler _invalidUtf8 = new();
    private string[]? _header;
    private ColumnAccumulator[] _columns = [];
    private bool _headerLooksLikeData;
    private long _rows;
    private long _nextLine = 1;
    private long _readerStartLine = 1;
    private bool _firstRowOfReader = true;
    private long? _unterminatedQuoteLine;
    private long? _unparsedFromLine;
    private char[] _scratch = [];

    /// <summary>The pass over a whole file: the first row it sees is the header.</summary>
    public ProfilePass(ProfileOptions options)
    {
        _options = options;
        _rowSketch = new HyperLogLog(options.RowDistinctPrecision);
        _exactRows = new RowHashSet(DatasetProfiler.ExactDuplicateRows);
    }

    /// <summary>A pass over a block of data rows of a file with <paramref name="header"/>; <paramref name="seeds"/> per column (or null).</summary>
    public ProfilePass(ProfileOptions options, string[] header, CategorySeed?[] seeds, bool countRowsExactly)
    {
        _options = options;
        _rowSketch = new HyperLogLog(options.RowDistinctPrecision);
        _header = header;
        _columns = [.. header.Select((name, i) => new ColumnAccumulator(name, i, header.Length, options, seeds[i]))];
        Reset(seeds, countRowsExactly);
    }

    /// <summary>Makes a block's pass ready for another block, as if new, keeping its memory.</summary>
    public void Reset(CategorySeed?[] seeds, bool countRowsExactly)
    {
        _rowSketch.Clear();
        _rowSet?.Clear();
        _exactRows = countRowsExactly ? (_rowSet ??= new RowHashSet(DatasetProfiler.ExactDuplicateRows)) : null;
        _ragged.Clear();
        _nul.Clear();
        _invalidUtf8.Clear();
        _rows = 0;
        _nextLine = 1;
        _readerStartLine = 1;
        _firstRowOfReader = true;
        _unterminatedQuoteLine = null;
        _unparsedFromLine = null;
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Reset(seeds[i]);
        }
    }

    public string[]? Header => _header;

    /// <summary>Why the file is not profiled (a cap it is over), or null.</summary>
    public ProfileRefusal? Refusal { get; private set; }

    public void Refuse(ProfileRefusal refusal) => Refusal ??= refusal;

    /// <summary>The line the next row starts on (1-based; from 1 again in each block).</summary>
    public long NextLine => _nextLine;

    /// <summary>Whether duplicate rows are still counted exactly; once not, blocks need not keep row hashes.</summary>
    public bool CountsRowsExactly => _exactRows is not null;

    /// <summary>Reads every row of <paramref name="reader"/>, a reader that starts at this pass's next line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SepReader reader, CancellationToken cancellationToken)
    {
        _readerStartLine = _nextLine;
        _firstRowOfReader = true;
        var rows = 0;
        foreach (var row in reader)
        {
            if (!Add(row))
            {
                break;
            }

            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    // Hot from the first row: optimised at once rather than after a slow, instrumented start (a third of the time
    // on a 100 MB file).
    /// <summary>Profiles one row; false when the file is refused and nothing more is to be read into the profile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(SepReader.Row row)
    {
        var line = _nextLine;
        if (_firstRowOfReader)
        {
            // Sep numbers a reader's first row oddly when it is not read as a header; its end is right.
            _firstRowOfReader = false;
            _nextLine = _readerStartLine - 1 + row.LineNumberToExcl;
        }
        else
        {
            // Line numbers from the row's own span, so they stay right past int.MaxValue lines.
            _nextLine += unchecked(row.LineNumberToExcl - row.LineNumberFrom);
        }

        if (_header is null)
        {
            ReadHeader(row);
            return Refusal is null;
        }

        _rows++;
        var span = row.Span;
        var rowHash = Hashes.OfText(span);
        _rowSketch.Add(rowHash);
        if (_exactRows is not null && _exactRows.Add(rowHash) && _exactRows.Count > DatasetProfiler.ExactDuplicateRows)
        {
            _exactRows = null;
        }

        var quoted = false;
        if (span.ContainsAny(s_special))
        {
            quoted = span.Contains('"');
            if (span.Contains('\0'))
            {
                _nul.Add(line);
            }

            if (span.Contains('\uFFFD'))
            {
                _invalidUtf8.Add(line);
            }

            if (quoted && span.Count('"') % 2 != 0)
            {
                // Quotes pair up in every row Sep ends normally; an odd count means the file ended inside a quote.
                _unterminatedQuoteLine ??= line;
                _ragged.Add(line);
                return true;
            }
        }

        var columns = _columns;
        if (row.ColCount != columns.Length)
        {
            _ragged.Add(line);
            return true;
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var cell = row[i].Span;
            columns[i].Add(quoted ? Unquote(cell) : cell, line);
        }

        return true;
    }

    /// <summary>Counts every line from where the parser stopped to the end of the file as a ragged row.</summary>
    public void GiveUp(long linesInFile)
    {
        _unparsedFromLine = _nextLine;
        if (_header is null)
        {
            return;
        }

        var remaining = Math.Max(1, linesInFile - _nextLine + 1);
        _exactRows = null; // the unparsed lines were never hashed
        _rows += remaining;
        _ragged.AddRange(_nextLine, remaining);
        _nextLine += remaining;
    }

    /// <summary>Ends a block: every count is where <see cref="Absorb"/> will look for it.</summary>
    public void Finish()
    {
        foreach (var column in _columns)
        {
            column.Finish();
        }
    }

    /// <summary>The category values of every column so far, for the blocks that start now.</summary>
    public CategorySeed?[] Seeds(CategorySeed?[]? previous, int[] counts)
    {
        var seeds = new CategorySeed?[_columns.Length];
        for (var i = 0; i < seeds.Length; i++)
        {
            // A seed is a copy of the table: only worth making again when it took new values.
            var count = _columns[i].CategoryCount;
            seeds[i] = previous is not null && previous[i] is not null && counts[i] == count ? previous[i] : _columns[i].SeedCategories();
            counts[i] = count;
        }

        return seeds;
    }

    /// <summary>False when a column of <paramref name="block"/> must be counted again from newer seeds (see <see cref="CategoryCounter.CanAbsorb"/>).</summary>
    public bool CanAbsorb(ProfilePass block)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_columns[i].CanAbsorb(block._columns[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the block of rows that follows everything absorbed so far (finished, and <see cref="CanAbsorb"/>).</summary>
    public void Absorb(ProfilePass block)
    {
        var shift = _nextLine - 1;
        _rows += block._rows;
        _nextLine += block._nextLine - 1;
        _rowSketch.Absorb(block._rowSketch);
        if (_exactRows is not null)
        {
            if (block._exactRows is null)
            {
                _exactRows = null;
            }
            else if (_exactRows.Count == 0)
            {
                // Take the block's set rather than copy it; the block keeps this empty one for its next rows.
                (_exactRows, block._exactRows) = (block._exactRows, _exactRows);
                block._rowSet = block._exactRows;
            }
            else
            {
                _exactRows.UnionWith(block._exactRows);
                if (_exactRows.Count > DatasetProfiler.ExactDuplicateRows)
                {
                    _exactRows = null;
                }
            }
        }

        _ragged.Absorb(block._ragged, shift);
        _nul.Absorb(block._nul, shift);
        _invalidUtf8.Absorb(block._invalidUtf8, shift);
        _unterminatedQuoteLine ??= block._unterminatedQuoteLine + shift;
        _unparsedFromLine ??= block._unparsedFromLine + shift;
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Absorb(block._columns[i], shift);
        }
    }

    public DatasetProfile ToProfile(string sha256, long bytes, bool hadByteOrderMark)
    {
        var rowSketch = _rowSketch.ToSketch();
        return new DatasetProfile
        {
            Sha256 = sha256,
            Bytes = bytes,
            HadByteOrderMark = hadByteOrderMark,
            Header = _header ?? [],
            HeaderLooksLikeData = _headerLooksLikeData,
            Rows = _rows,
            Lines = _nextLine - 1,
            Columns = [.. _columns.Select(c => c.ToProfile())],
            RaggedRows = _ragged.ToSample(),
            UnterminatedQuoteLine = _unterminatedQuoteLine,
            UnparsedFromLine = _unparsedFromLine,
            InvalidUtf8Rows = _invalidUtf8.ToSample(),
            NulRows = _nul.ToSample(),
            DuplicateRowsEstimate = _exactRows is null ? DatasetProfiler.DuplicateRows(_rows, rowSketch) : _rows - _exactRows.Count,
            DuplicateRowsExact = _exactRows is not null,
            RowSketch = rowSketch,
            Options = _options,
        };
    }

    /// <summary>The profile of a refused file: only what the bytes say (hash, size, lines) and why.</summary>
    public DatasetProfile ToRefusedProfile(string sha256, long bytes, bool hadByteOrderMark, long lines) => new()
    {
        Sha256 = sha256,
        Bytes = bytes,
        HadByteOrderMark = hadByteOrderMark,
        Header = [],
        Rows = 0,
        Lines = lines,
        Columns = [],
        Options = _options,
        Refusal = Refusal,
    };

    private void ReadHeader(SepReader.Row row)
    {
        // Checked before a name is copied or a column's state (about 9 KiB each) is allocated.
        if (row.ColCount > _options.MaxColumns)
        {
            _header = [];
            Refuse(ProfileRefusals.TooManyColumns(row.ColCount, _options.MaxColumns));
            return;
        }

        _header = new string[row.ColCount];
        var allData = true;
        for (var i = 0; i < _header.Length; i++)
        {
            var name = CellParser.Trim(Unquote(row[i].Span)).ToString();
            _header[i] = name;
            allData &= CellParser.TryParseNumber(name, out _) || CellParser.IsIsoDate(name);
        }

        // An empty file's only "row" is one empty name: no header at all.
        _headerLooksLikeData = allData && _header.Any(n => n.Length > 0);
        _columns = [.. _header.Select((name, i) => new ColumnAccumulator(name, i, _header.Length, _options))];
    }

    /// <summary>The cell's text without its surrounding quotes and with each doubled quote made single.</summary>
    private ReadOnlySpan<char> Unquote(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty || cell[0] != '"')
        {
            return cell;
        }

        if (cell.Length >= 2 && cell[^1] == '"' && !cell[1..^1].Contains('"'))
        {
            return cell[1..^1];
        }

        if (_scratch.Length < cell.Length)
        {
            _scratch = new char[Math.Max(cell.Length, 256)];
        }

        var length = 0;
        for (var i = 1; i < cell.Length; i++)
        {
            if (cell[i] != '"')
            {
                _scratch[length++] = cell[i];
            }
            else if (i + 1 < cell.Length && cell[i + 1] == '"')
            {
                _scratch[length++] = '"';
                i++;
            }
        }

        return _scratch.AsSpan(0, length);
    }
}
