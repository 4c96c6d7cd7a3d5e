using System.Globalization;
using System.Text;

namespace TimeTrack.Domain.Imports;

/// <summary>
/// One record of a delimited file: the physical line it starts on and its fields, or why it could not be
/// read (then <see cref="Fields"/> is empty).
/// </summary>
internal readonly record struct CsvRecord(int Line, string[] Fields, string? Problem)
{
    public bool IsBlank => Problem is null && Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads RFC 4180 records one at a time from text, counting physical lines so that a record whose quoted
/// field spans several lines is reported at the line it starts on, and the next record at its own line.
/// It is lenient where spreadsheets and exporters are sloppy (a quote inside an unquoted field is text,
/// text after a closing quote is kept) and strict only where reading cannot go on: a quote never closed,
/// or a record so long that one must have been left open. A backslash escapes nothing.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _position;
    private int _length;
    private int _line = 1;
    private bool _stopped;

    public char Delimiter { get; set; } = ',';

    public int MaxRecordCharacters { get; set; } = 100_000;

    public bool TryRead(out CsvRecord record)
    {
        record = default;
        if (_stopped || Peek() < 0)
        {
            return false;
        }

        var start = _line;
        var characters = 0;
        _fields.Clear();
        while (true)
        {
            _field.Clear();
            if (Peek() == '"')
            {
                Next();
                var opened = _line;
                while (true)
                {
                    var c = Next();
                    if (c < 0)
                    {
                        record = Stop(start, opened == start
                            ? "a quoted field opened on this line is never closed"
                            : $"a quoted field opened on line {opened} is never closed");
                        return true;
                    }

                    if (c == '"')
                    {
                        if (Peek() != '"')
                        {
                            break;
                        }

                        Next();
                    }
                    else if (c is '\r' or '\n')
                    {
                        // Line breaks inside a value become \n, whichever system saved the file.
                        if (c == '\r' && Peek() == '\n')
                        {
                            Next();
                        }

                        _line++;
                        c = '\n';
                    }

                    _field.Append((char)c);
                    if (++characters > MaxRecordCharacters)
                    {
                        record = Stop(start, TooLong(MaxRecordCharacters));
                        return true;
                    }
                }
            }

            // An unquoted field, or whatever follows a closing quote before the next delimiter.
            while (Peek() is var c and >= 0 && c != Delimiter && c != '\r' && c != '\n')
            {
                _field.Append((char)Next());
                if (++characters > MaxRecordCharacters)
                {
                    record = Stop(start, TooLong(MaxRecordCharacters));
                    return true;
                }
            }

            _fields.Add(_field.ToString());
            var end = Next();
            if (end == Delimiter)
            {
                continue;
            }

            if (end == '\r' && Peek() == '\n')
            {
                Next();
            }

            if (end >= 0)
            {
                _line++;
            }

            record = new(start, [.. _fields], null);
            return true;
        }
    }

    /// <summary>Reads the rest of the current physical line as plain text (for a header or an Excel "sep=" line).</summary>
    public string? ReadLine(int maxCharacters)
    {
        if (Peek() < 0)
        {
            return null;
        }

        _field.Clear();
        while (Next() is var c and >= 0)
        {
            if (c is '\r' or '\n')
            {
                if (c == '\r' && Peek() == '\n')
                {
                    Next();
                }

                break;
            }

            if (_field.Length == maxCharacters)
            {
                // Not a header any export writes; what was read is enough to say so.
                _stopped = true;
                break;
            }

            _field.Append((char)c);
        }

        _line++;
        return _field.ToString();
    }

    /// <summary>The fields of one line of text, for the header.</summary>
    public static string[] Split(string line, char delimiter)
    {
        var reader = new CsvRecordReader(new StringReader(line)) { Delimiter = delimiter, MaxRecordCharacters = Math.Max(line.Length, 1) };
        return reader.TryRead(out var record) && record.Problem is null ? record.Fields : [];
    }

    /// <summary>Reading cannot find where the next record begins: report this one and end.</summary>
    private CsvRecord Stop(int line, string problem)
    {
        _stopped = true;
        return new(line, [], problem);
    }

    private static string TooLong(int max) => string.Create(CultureInfo.InvariantCulture,
        $"the row is longer than {max:N0} characters, so a quote was probably left open; nothing after it can be read");

    private int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

    private int Next() => _position < _length || Fill() ? _buffer[_position++] : -1;

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
