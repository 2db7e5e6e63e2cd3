using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Cd4ml.Core.Limits;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Profiles a comma-separated file in one streaming pass: the SHA-256 of its bytes, the header, every column's type,
/// counts, bad values, statistics, sketches and categories, and the rows that are ragged, hold NUL characters or are
/// not valid UTF-8, with line numbers. Memory grows with the number of columns (and the longest row), never with the
/// number of rows. Cells are trimmed of surrounding white space and unquoted before they are looked at; a cell is
/// missing when it is empty or one of <see cref="MissingMarkers"/>; the type rule is <see cref="TypeInference"/>.
/// </summary>
public static class DatasetProfiler
{
    /// <summary>The cell values (after trimming) that mean "no value", exactly as written (case matters): empty, <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NULL</c>.</summary>
    public static IReadOnlyList<string> MissingMarkers { get; } = ["", "NA", "N/A", "null", "NULL"];

    /// <summary>Up to this many distinct rows, duplicates are counted exactly (a set of row hashes, at most a few MB); past it, estimated.</summary>
    public const int ExactDuplicateRows = 1 << 18;

    private static readonly SearchValues<char> s_special = SearchValues.Create("\0\"\uFFFD");

    /// <summary>Profiles the file at <paramref name="path"/>.</summary>
    public static DatasetProfile Profile(string path, ProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Profile(file, options, cancellationToken);
    }

    /// <summary>
    /// Profiles <paramref name="csv"/> (UTF-8, comma-separated, header first), reading it once to its end, synchronously
    /// (from a network stream, run it off the request thread). The stream is not closed. Cancellation is checked every
    /// 65,536 rows.
    /// </summary>
    public static DatasetProfile Profile(Stream csv, ProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        options ??= ProfileOptions.Default;
        options.Validate();

        using var bytes = new HashingReadStream(csv);
        using var guarded = new HeaderLimitStream(bytes, options.MaxHeaderBytes);
        // Invalid UTF-8 decodes to U+FFFD instead of throwing, so it can be counted per row.
        using var text = new StreamReader(guarded, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
            detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var pass = new Pass(options);
        try
        {
            using var reader = Sep.Reader(o => o with
            {
                HasHeader = false,
                DisableColCountCheck = true,
                Sep = new Sep(','),
            }).From(text);
            var rows = 0;
            foreach (var row in reader)
            {
                if (!pass.Add(row))
                {
                    break;
                }

                if ((++rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (HeaderTooLongException)
        {
            pass.Refuse(new ProfileRefusal(nameof(ProfileOptions.MaxHeaderBytes),
                $"header over {Bytes(options.MaxHeaderBytes)}", $"header ≤ {Bytes(options.MaxHeaderBytes)}",
                $"the header (line 1) is longer than {Bytes(options.MaxHeaderBytes)}, the most a header may take, so the file was not " +
                "profiled; a file without line breaks, or with a very large number of columns, is not a table Cd4ml can train on. " +
                $"If the header is right, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxHeaderBytes))}"));
        }
        catch (NotSupportedException)
        {
            // Sep refuses a row longer than 16 M characters; an unclosed quote makes one of the whole rest of the file.
            bytes.ReadToEnd();
            var lines = bytes.LineBreaks + (bytes.LastByte is >= 0 and not '\n' ? 1 : 0);
            pass.GiveUp(lines);
        }

        // A refused file is still hashed to its end: the snapshot's name must be checked whatever its shape.
        bytes.ReadToEnd();
        return pass.Refusal is null
            ? pass.ToProfile(bytes.Sha256(), bytes.Bytes, bytes.HadByteOrderMark)
            : pass.ToRefusedProfile(bytes.Sha256(), bytes.Bytes, bytes.HadByteOrderMark, bytes.LineBreaks + (bytes.LastByte is >= 0 and not '\n' ? 1 : 0));
    }

    private static string Bytes(long count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} bytes");

    /// <summary>
    /// The profile of A's rows followed by B's data rows (B's header dropped; both headers must be equal and both profiles
    /// made with the same options). Exact: row, cell, missing, bad and type counts, line samples (B's lines move down by
    /// A's lines less B's header line, which assumes a one-line header and that A ends with a line break), min, max and
    /// their lines, quantile sketch buckets, HyperLogLog registers, and categories while the union stays within the
    /// category limit. To rounding: mean and standard deviation (Chan's parallel formula). Not mergeable: the SHA-256
    /// (left empty) and the byte count (the sum of both files). Past the category limit, top categories are approximate.
    /// </summary>
    public static DatasetProfile Merge(DatasetProfile a, DatasetProfile b) => ProfileMerge.Merge(a, b);

    /// <summary>The state of one pass; a class so the row loop stays small.</summary>
    private sealed class Pass(ProfileOptions options)
    {
        private readonly HyperLogLog _rowSketch = new(options.RowDistinctPrecision);
        private HashSet<ulong>? _exactRows = [];
        private readonly LineSampler _ragged = new();
        private readonly LineSampler _nul = new();
        private readonly LineSampler _invalidUtf8 = new();
        private string[]? _header;
        private ColumnAccumulator[] _columns = [];
        private bool _headerLooksLikeData;
        private long _rows;
        private long _nextLine = 1;
        private long? _unterminatedQuoteLine;
        private long? _unparsedFromLine;
        private char[] _scratch = [];

        /// <summary>Why the file is not profiled (a cap it is over), or null.</summary>
        public ProfileRefusal? Refusal { get; private set; }

        public void Refuse(ProfileRefusal refusal) => Refusal ??= refusal;

        /// <summary>Profiles one row; false when the file is refused and nothing more is to be read into the profile.</summary>
        // Hot from the first row: optimised at once rather than after a slow, instrumented start (a third of the time
        // on a 100 MB file).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Add(SepReader.Row row)
        {
            var line = _nextLine;
            // Line numbers from the row's own span, so they stay right past int.MaxValue lines.
            _nextLine += unchecked(row.LineNumberToExcl - row.LineNumberFrom);
            if (_header is null)
            {
                // Sep numbers the first row oddly when it is not read as a header; its end is right.
                _nextLine = row.LineNumberToExcl;
                ReadHeader(row);
                return Refusal is null;
            }

            _rows++;
            var span = row.Span;
            var rowHash = Hashes.OfText(span);
            _rowSketch.Add(rowHash);
            if (_exactRows is not null && _exactRows.Add(rowHash) && _exactRows.Count > ExactDuplicateRows)
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
                DuplicateRowsEstimate = _exactRows is null ? DuplicateRows(_rows, rowSketch) : _rows - _exactRows.Count,
                DuplicateRowsExact = _exactRows is not null,
                RowSketch = rowSketch,
                Options = options,
            };
        }

        public DatasetProfile ToRefusedProfile(string sha256, long bytes, bool hadByteOrderMark, long lines) => new()
        {
            Sha256 = sha256,
            Bytes = bytes,
            HadByteOrderMark = hadByteOrderMark,
            Header = [],
            Rows = 0,
            Lines = lines,
            Columns = [],
            Options = options,
            Refusal = Refusal,
        };

        private void ReadHeader(SepReader.Row row)
        {
            // Checked before a name is copied or a column's state (about 9 KiB each) is allocated.
            if (row.ColCount > options.MaxColumns)
            {
                _header = [];
                var count = row.ColCount.ToString("N0", CultureInfo.InvariantCulture);
                var max = options.MaxColumns.ToString("N0", CultureInfo.InvariantCulture);
                Refuse(new ProfileRefusal(nameof(ProfileOptions.MaxColumns), $"{count} columns", $"≤ {max} columns",
                    $"the header (line 1) names {count} columns, more than the {max} a dataset may have, so the file was not profiled. " +
                    $"If the data really has that many columns, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxColumns))}"));
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
            _columns = [.. _header.Select((name, i) => new ColumnAccumulator(name, i, _header.Length, options))];
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

    internal static long DuplicateRows(long rows, DistinctSketch rowSketch) => Math.Max(0, rows - rowSketch.Estimate());
}
