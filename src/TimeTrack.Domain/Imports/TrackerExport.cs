using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TimeTrack.Domain.Imports;

/// <summary>Choices for reading an export that the file itself may not settle.</summary>
/// <param name="DateOrder">
/// The order of day and month to use when no date in the file settles it (every day is 12 or less). A
/// file whose dates do settle it is read as they show.
/// </param>
public sealed record TrackerExportOptions(DateOrder? DateOrder = null)
{
    /// <summary>
    /// The longest record read, in characters. Far above any real entry; a longer one means a quote was
    /// left open, and reading stops there rather than hold the rest of the file as one value.
    /// </summary>
    public int MaxRowCharacters { get; init; } = 100_000;
}

/// <summary>
/// An export of another time tracker (Toggl Track, Clockify, Harvest, Kimai), opened for reading:
/// what it is and how it is written, and its rows one at a time. Memory stays flat in the size of the
/// file: opening reads the file twice without keeping it (once for its encoding, once to settle how it
/// writes dates and numbers), and <see cref="ReadRows"/> reads it once more, yielding each row as it goes.
/// The stream must therefore be seekable (a file, or an upload buffered to disk); it is not disposed.
/// </summary>
public sealed class TrackerExport
{
    private const int MaxHeaderCharacters = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _origin;
    private readonly BoundLayout _layout;
    private readonly ValueStyles _styles;
    private readonly int _maxRowCharacters;

    private TrackerExport(Stream stream, long origin, ExportEncoding encoding, char delimiter, BoundLayout layout, ValueStyles styles, int maxRowCharacters)
    {
        _stream = stream;
        _origin = origin;
        Encoding = encoding;
        Delimiter = delimiter;
        _layout = layout;
        _styles = styles;
        _maxRowCharacters = maxRowCharacters;
    }

    public TrackerFormat Format => _layout.Layout.Format;

    /// <summary>"Toggl Track detailed report (CSV)", for the person importing.</summary>
    public string FormatName => _layout.Layout.Name;

    public ExportEncoding Encoding { get; }

    /// <summary>',' or ';' (what Excel saves where the decimal separator is a comma).</summary>
    public char Delimiter { get; }

    /// <summary>The order of day and month in the file's dates; null when its dates never needed one or do not settle it.</summary>
    public DateOrder? DateOrder => _styles.DateOrder;

    /// <summary>'.' or ',' as the file's numbers show; null when they do not show it.</summary>
    public char? DecimalSeparator => _styles.DecimalSeparator;

    /// <summary>The formats that can be read, as named to the person importing.</summary>
    public static string AcceptedFormats => ExportLayout.AcceptedFormats;

    /// <summary>
    /// Recognises the export from its header and settles its encoding, delimiter, date order and decimal
    /// separator. False, with a problem for the person importing, when the file is empty or is not an export
    /// that can be read (the problem names the formats accepted). The stream is left where it was.
    /// </summary>
    public static bool TryOpen(Stream stream, [NotNullWhen(true)] out TrackerExport? export, [NotNullWhen(false)] out string? problem, TrackerExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("An export is read more than once: give a readable, seekable stream (a file, or an upload buffered to disk).", nameof(stream));
        }

        options ??= new TrackerExportOptions();
        var origin = stream.Position;
        export = null;
        try
        {
            if (IsZip(stream))
            {
                problem = $"The file is a workbook (such as XLSX), not CSV: export the report as CSV, or save it from the spreadsheet as CSV. Accepted: {AcceptedFormats}.";
                return false;
            }

            stream.Position = origin;
            var encoding = ExportEncodings.Detect(stream);
            stream.Position = origin;

            using var text = Text(stream, encoding);
            var records = new CsvRecordReader(text) { MaxRecordCharacters = options.MaxRowCharacters };
            var header = ReadHeader(records);
            if (header is null)
            {
                problem = $"The file is empty. Accepted: {AcceptedFormats}.";
                return false;
            }

            var delimiter = records.Delimiter;
            if (!ExportLayout.TryMatch(CsvRecordReader.Split(header, delimiter), out var layout, out problem))
            {
                return false;
            }

            var evidence = new ValueEvidence();
            while (records.TryRead(out var record))
            {
                if (record.Problem is not null || record.IsBlank)
                {
                    continue;
                }

                foreach (var date in EntryReader.Dates(layout, record.Fields))
                {
                    evidence.NoteDate(date, record.Line);
                }

                foreach (var number in EntryReader.Numbers(layout, record.Fields))
                {
                    evidence.NoteNumber(number);
                }
            }

            export = new TrackerExport(stream, origin, encoding, delimiter, layout, evidence.Settle(options.DateOrder), options.MaxRowCharacters);
            return true;
        }
        finally
        {
            stream.Position = origin;
        }
    }

    /// <summary>
    /// Every record after the header, in file order: an <see cref="ImportedEntry"/> or a
    /// <see cref="RejectedRow"/> with its line and reason. A row that cannot be read never stops the rows
    /// after it, except a quote never closed (nothing after it can be told apart). Blank rows, and rows of
    /// only delimiters as spreadsheets leave at the end, are skipped. Reads the stream from the start each
    /// time it is enumerated.
    /// </summary>
    public IEnumerable<ImportedRow> ReadRows()
    {
        _stream.Position = _origin;
        using var text = Text(_stream, Encoding);
        var records = new CsvRecordReader(text) { MaxRecordCharacters = _maxRowCharacters };
        ReadHeader(records);
        var entries = new EntryReader(_layout, _styles);
        while (records.TryRead(out var record))
        {
            if (record.Problem is not null)
            {
                yield return new RejectedRow(record.Line, record.Problem);
            }
            else if (!record.IsBlank)
            {
                yield return entries.Read(record.Line, record.Fields);
            }
        }
    }

    /// <summary>XLSX and other Office Open XML files are ZIP archives: they start with "PK\x03\x04".</summary>
    private static bool IsZip(Stream stream)
    {
        Span<byte> start = stackalloc byte[4];
        return stream.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start is [0x50, 0x4B, 0x03, 0x04];
    }

    private static StreamReader Text(Stream stream, ExportEncoding encoding) =>
        new(stream, ExportEncodings.For(encoding), detectEncodingFromByteOrderMarks: encoding == ExportEncoding.Utf8WithBom,
            bufferSize: 64 * 1024, leaveOpen: true);

    /// <summary>
    /// Reads the header line and sets the delimiter it uses: the one of ',' and ';' it has more of outside
    /// quotes, unless an Excel "sep=;" line before it names the delimiter. Null when there is no header.
    /// </summary>
    private static string? ReadHeader(CsvRecordReader records)
    {
        var line = records.ReadLine(MaxHeaderCharacters);
        if (line is not null && line.StartsWith('\uFEFF'))
        {
            line = line[1..];
        }

        if (line is { Length: 5 } && line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
        {
            records.Delimiter = line[4];
            return records.ReadLine(MaxHeaderCharacters) is { Length: > 0 } afterSep ? afterSep : null;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in line)
        {
            quoted ^= c == '"';
            commas += !quoted && c == ',' ? 1 : 0;
            semicolons += !quoted && c == ';' ? 1 : 0;
        }

        records.Delimiter = semicolons > commas ? ';' : ',';
        return line;
    }
}
