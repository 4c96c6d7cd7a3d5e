using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TimeTrack.Domain.Imports;

/// <summary>
/// A cell of a worksheet: its text, or its number and whether the number is shown as a date or time
/// (an Excel serial: days since 1899-12-30, the fraction being the time of day).
/// </summary>
internal readonly record struct SheetCell(string Text, double? Number, bool IsDate)
{
    public static readonly SheetCell Empty = new("", null, false);
}

/// <summary>A row of the first worksheet with its spreadsheet row number.</summary>
internal readonly record struct SheetRow(int Line, SheetCell[] Cells)
{
    public bool IsBlank => Cells.All(c => c.Number is null && string.IsNullOrWhiteSpace(c.Text));
}

/// <summary>
/// Reads the rows of the first worksheet of an XLSX workbook one at a time (SAX style, one row in memory),
/// resolving shared and inline strings and telling date- and time-formatted numbers apart. The shared
/// strings are held in memory, as every reader of the format must: a row may use any of them.
/// </summary>
internal sealed class WorkbookRowReader : IDisposable
{
    private const int MostColumns = 16_384;

    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings = [];
    private readonly bool[] _dateStyles;

    private WorkbookRowReader(SpreadsheetDocument document, WorksheetPart sheet, bool[] dateStyles, bool date1904)
    {
        _document = document;
        _sheet = sheet;
        _dateStyles = dateStyles;
        Date1904 = date1904;
    }

    /// <summary>Whether the workbook counts days from 1904 (old Mac Excel) rather than 1900.</summary>
    public bool Date1904 { get; }

    /// <summary>
    /// Opens the workbook in the stream (read only; the stream is left open). False with the reason when it
    /// is not a workbook that can be read or has no worksheet.
    /// </summary>
    public static bool TryOpen(Stream stream, out WorkbookRowReader? reader, out string? problem)
    {
        reader = null;
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(new KeepOpenStream(stream), false);
            var workbookPart = document.WorkbookPart;
            if (workbookPart?.Workbook is not { } workbook)
            {
                problem = "it has no workbook";
                document.Dispose();
                return false;
            }

            var first = workbook.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (first?.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart sheet)
            {
                problem = "its first sheet is not a worksheet";
                document.Dispose();
                return false;
            }

            var date1904 = workbook.WorkbookProperties?.Date1904?.Value ?? false;
            var opened = new WorkbookRowReader(document, sheet, DateStyles(workbookPart.WorkbookStylesPart?.Stylesheet), date1904);
            opened.ReadSharedStrings(workbookPart.SharedStringTablePart);
            reader = opened;
            problem = null;
            return true;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or IOException or InvalidOperationException or FormatException or ArgumentException)
        {
            document?.Dispose();
            problem = "it cannot be read as a spreadsheet";
            return false;
        }
    }

    /// <summary>The rows in sheet order, skipping none (blank ones included when the sheet lists them).</summary>
    public IEnumerable<SheetRow> Rows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            yield return Read(row);
        }
    }

    public void Dispose() => _document.Dispose();

    private SheetRow Read(Row row)
    {
        var cells = new List<SheetCell>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var at = ColumnIndex(cell.CellReference?.Value) ?? next;
            if (at < next || at >= MostColumns)
            {
                at = next;
            }

            while (cells.Count < at)
            {
                cells.Add(SheetCell.Empty);
            }

            cells.Add(Value(cell));
            next = at + 1;
        }

        var line = row.RowIndex?.Value is { } index and <= int.MaxValue ? (int)index : 0;
        return new SheetRow(line, [.. cells]);
    }

    private SheetCell Value(Cell cell)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count
                ? new SheetCell(_sharedStrings[i], null, false)
                : SheetCell.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return new SheetCell(cell.InlineString is { } inline ? Concat(inline) : raw, null, false);
        }

        if (type == CellValues.Boolean)
        {
            return new SheetCell(raw == "1" ? "TRUE" : "FALSE", null, false);
        }

        if (type == CellValues.Date)
        {
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written)
                ? new SheetCell(raw, written.ToOADate(), true)
                : new SheetCell(raw, null, false);
        }

        if ((type is null || type == CellValues.Number) && raw.Length > 0
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var style = (int)(cell.StyleIndex?.Value ?? 0);
            return new SheetCell(raw, number, style < _dateStyles.Length && _dateStyles[style]);
        }

        return new SheetCell(raw, null, false);
    }

    private void ReadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null)
        {
            return;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                _sharedStrings.Add(Concat((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }
    }

    /// <summary>The text of a rich or plain string, without phonetic guides.</summary>
    private static string Concat(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var t in item.Descendants<Text>())
        {
            if (t.Parent is not PhoneticRun)
            {
                text.Append(t.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>"C12" → 2.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : index - 1;
    }

    /// <summary>For each cell style, whether its number format shows a date or a time.</summary>
    private static bool[] DateStyles(Stylesheet? stylesheet)
    {
        if (stylesheet?.CellFormats is not { } formats)
        {
            return [];
        }

        var custom = new Dictionary<uint, string>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
            {
                custom[id] = code;
            }
        }

        return
        [
            .. formats.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value is { } id
                && (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : id is >= 14 and <= 22 or >= 45 and <= 47)),
        ];
    }

    /// <summary>
    /// Whether a number format code shows a date or time: it has d, m, y, h or s outside quoted text,
    /// escaped characters and bracketed sections (colours, locales), elapsed-time brackets such as [h] aside.
    /// </summary>
    internal static bool IsDateFormat(string code)
    {
        var section = code.Split(';')[0];
        for (var i = 0; i < section.Length; i++)
        {
            var c = section[i];
            switch (c)
            {
                case '"':
                    var close = section.IndexOf('"', i + 1);
                    i = close < 0 ? section.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    var end = section.IndexOf(']', i + 1);
                    var inside = end < 0 ? "" : section[(i + 1)..end];
                    if (inside.Length > 0 && inside.All(x => x is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                    {
                        return true;
                    }

                    i = end < 0 ? section.Length : end;
                    break;
                default:
                    if (char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// The caller's stream, which the package must not close or dispose: the export reads it again and the
    /// web import stores it after opening.
    /// </summary>
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        private readonly long _origin = inner.Position;

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length - _origin;

        public override long Position { get => inner.Position - _origin; set => inner.Position = value + _origin; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => origin switch
        {
            SeekOrigin.Begin => inner.Seek(offset + _origin, SeekOrigin.Begin) - _origin,
            _ => inner.Seek(offset, origin) - _origin,
        };

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
