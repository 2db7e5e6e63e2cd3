using System.Text;

namespace Cd4ml.Core.Scoring;

/// <summary>
/// Reads CSV records one at a time from a stream, the way the training loader reads them: comma-separated,
/// double-quoted fields may hold commas, doubled quotes and line breaks. Each record knows the physical line it
/// starts on, so a scoring problem can name the line a user sees in an editor. Fields are slices of one buffer
/// the reader reuses, so reading allocates nothing per row.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _length;
    private int _position;
    private char[] _record = new char[1024];
    private int _recordLength;
    private readonly List<(int Start, int Length)> _fields = [];
    private long _line;

    /// <param name="stream">UTF-8 text (a byte-order mark is skipped).</param>
    /// <param name="firstLine">The physical line number of the stream's first byte (1 for a whole file).</param>
    public CsvRecordReader(Stream stream, long firstLine = 1)
    {
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: false);
        _line = firstLine;
    }

    /// <summary>The physical line the current record starts on.</summary>
    public long Line { get; private set; }

    /// <summary>How many fields the current record has.</summary>
    public int FieldCount => _fields.Count;

    /// <summary>A field of the current record, unquoted; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Field(int index) => _record.AsSpan(_fields[index].Start, _fields[index].Length);

    /// <summary>A field of the current record as memory (for ML.NET text values); valid until the next <see cref="Read"/>.</summary>
    public ReadOnlyMemory<char> FieldMemory(int index) => _record.AsMemory(_fields[index].Start, _fields[index].Length);

    /// <summary>A field of the current record as a string.</summary>
    public string FieldText(int index) => Field(index).ToString();

    /// <summary>Moves to the next record; false at the end. A blank line is a record with one empty field.</summary>
    public bool Read()
    {
        _fields.Clear();
        _recordLength = 0;
        if (!Fill())
        {
            return false;
        }

        Line = _line;
        var fieldStart = 0;
        var quoted = false;
        var atFieldStart = true;
        while (Fill())
        {
            var c = _buffer[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (Fill() && _buffer[_position] == '"')
                    {
                        _position++;
                        Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart || OnlyWhitespaceSince(fieldStart):
                    _recordLength = fieldStart;
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    _fields.Add((fieldStart, _recordLength - fieldStart));
                    fieldStart = _recordLength;
                    atFieldStart = true;
                    break;
                case '\n':
                    _line++;
                    EndField(fieldStart);
                    return true;
                case '\r':
                    break;
                default:
                    atFieldStart = false;
                    Append(c);
                    break;
            }
        }

        // The last record has no line break after it.
        EndField(fieldStart);
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private void EndField(int fieldStart) => _fields.Add((fieldStart, _recordLength - fieldStart));

    private bool OnlyWhitespaceSince(int fieldStart) => _record.AsSpan(fieldStart, _recordLength - fieldStart).IsWhiteSpace();

    private void Append(char c)
    {
        if (_recordLength == _record.Length)
        {
            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[_recordLength++] = c;
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
