using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
    private readonly bool _workbook;

    private TrackerExport(Stream stream, long origin, ExportEncoding encoding, char delimiter, BoundLayout layout, ValueStyles styles, int maxRowCharacters, bool workbook = false)
    {
        _workbook = workbook;
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
    public string FormatName => _workbook ? ExportLayout.KimaiWorkbookName : _layout.Layout.Name;

    /// <summary>The encoding of a CSV export; <see cref="ExportEncoding.Utf8"/> for a workbook, whose XML is Unicode.</summary>
    public ExportEncoding Encoding { get; }

    /// <summary>',' or ';' (what Excel saves where the decimal separator is a comma); ',' for a workbook, which has none.</summary>
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
                stream.Position = origin;
                return TryOpenWorkbook(stream, origin, options, out export, out problem);
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
    public IEnumerable<ImportedRow> ReadRows() => _workbook ? ReadWorkbookRows() : ReadCsvRows();

    private IEnumerable<ImportedRow> ReadCsvRows()
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

    /// <summary>
    /// Kimai's XLSX export: the first worksheet, its first row the header of Kimai's CSV export. Any other
    /// spreadsheet is refused; other trackers are read from their CSV exports.
    /// </summary>
    private static bool TryOpenWorkbook(Stream stream, long origin, TrackerExportOptions options, [NotNullWhen(true)] out TrackerExport? export, [NotNullWhen(false)] out string? problem)
    {
        export = null;
        if (!WorkbookRowReader.TryOpen(stream, out var reader, out var unreadable))
        {
            problem = $"The file is a ZIP archive but not a spreadsheet that can be read: {unreadable}. Accepted: {AcceptedFormats}.";
            return false;
        }

        using (reader)
        {
            BoundLayout? layout = null;
            var evidence = new ValueEvidence();
            foreach (var row in reader!.Rows())
            {
                if (layout is null)
                {
                    if (row.IsBlank)
                    {
                        continue;
                    }

                    var header = row.Cells.Select(c => c.Text).ToArray();
                    if (!ExportLayout.TryMatch(header, out layout, out var notAnExport) || layout.Layout.Format != TrackerFormat.Kimai)
                    {
                        var looksLike = notAnExport?.IndexOf(" It looks like", StringComparison.Ordinal) ?? -1;
                        problem = "This spreadsheet is not a Kimai export: " + (layout is not null
                            ? $"its first row is the header of a {layout.Layout.Name}; export that report as CSV and import the CSV file."
                            : "its first row is not the header of Kimai's export (Date, From, To, Duration, …, in English, German, French, Dutch or Spanish)."
                                + (looksLike >= 0 ? notAnExport![looksLike..] : $" Accepted: {AcceptedFormats}."));
                        return false;
                    }

                    continue;
                }

                if (row.IsBlank)
                {
                    continue;
                }

                var fields = Fields(layout, row, reader.Date1904);
                foreach (var date in EntryReader.Dates(layout, fields))
                {
                    evidence.NoteDate(date, row.Line);
                }

                foreach (var number in EntryReader.Numbers(layout, fields))
                {
                    evidence.NoteNumber(number);
                }
            }

            if (layout is null)
            {
                problem = $"This spreadsheet is not a Kimai export: its first worksheet is empty. Accepted: {AcceptedFormats}.";
                return false;
            }

            export = new TrackerExport(stream, origin, ExportEncoding.Utf8, ',', layout, evidence.Settle(options.DateOrder), options.MaxRowCharacters, workbook: true);
            problem = null;
            return true;
        }
    }

    private IEnumerable<ImportedRow> ReadWorkbookRows()
    {
        _stream.Position = _origin;
        if (!WorkbookRowReader.TryOpen(_stream, out var reader, out var problem))
        {
            throw new InvalidDataException($"The workbook opened before cannot be read again: {problem}.");
        }

        using (reader)
        {
            var entries = new EntryReader(_layout, _styles);
            var header = true;
            foreach (var row in reader!.Rows())
            {
                if (row.IsBlank)
                {
                    continue;
                }

                if (header)
                {
                    header = false;
                    continue;
                }

                yield return entries.Read(row.Line, Fields(_layout, row, reader.Date1904));
            }
        }
    }

    /// <summary>
    /// A worksheet row as the text the CSV reader would see: date cells as ISO dates in the date column,
    /// times of day in the from and to columns, a time-formatted duration as h:mm:ss, other numbers in
    /// invariant form. Cells past the header are left out.
    /// </summary>
    private static string[] Fields(BoundLayout layout, SheetRow row, bool date1904)
    {
        var fields = new string[Math.Min(row.Cells.Length, layout.HeaderCount)];
        for (var i = 0; i < fields.Length; i++)
        {
            var cell = row.Cells[i];
            fields[i] = cell.Number is not { } number ? cell.Text
                : !cell.IsDate ? ExportValues.Plain(ToDecimal(number))
                : i == layout.Index[(int)Column.Duration] ? ElapsedText(number)
                : i == layout.Index[(int)Column.StartTime] || i == layout.Index[(int)Column.EndTime] ? SerialDateTime(number, date1904).TimeOfDay.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
                : i == layout.Index[(int)Column.Date] || i == layout.Index[(int)Column.EndDate] ? SerialDateTime(number, date1904).Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)
                : SerialDateTime(number, date1904).ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private static decimal ToDecimal(double number) =>
        double.IsFinite(number) && Math.Abs(number) < 1e15 ? decimal.Round((decimal)number, 10) : 0m;

    /// <summary>A fraction of a day as h:mm:ss (hours may pass 24); negative and absurd values stay numbers and are refused as durations.</summary>
    private static string ElapsedText(double days)
    {
        if (!double.IsFinite(days) || days < 0 || days * 24 > ExportValues.MostHours)
        {
            return days.ToString(CultureInfo.InvariantCulture);
        }

        var seconds = (long)Math.Round(days * 86_400, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    /// <summary>An Excel serial as a local date and time, to the second (1900 dates counted from 1899-12-30, as Excel does past February 1900).</summary>
    private static NodaTime.LocalDateTime SerialDateTime(double serial, bool date1904)
    {
        if (!double.IsFinite(serial) || serial < 0 || serial > 2_958_465)
        {
            serial = 0;
        }

        var seconds = (long)Math.Round(serial * 86_400, MidpointRounding.AwayFromZero);
        var epoch = date1904 ? new NodaTime.LocalDateTime(1904, 1, 1, 0, 0) : new NodaTime.LocalDateTime(1899, 12, 30, 0, 0);
        return epoch.PlusSeconds(seconds);
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
