using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;

namespace TimeTrack.Web.Reports;

public static partial class ReportExports
{
    /// <summary>The row of the column headings; the title and the period are above it.</summary>
    private const int XlsxHeadingRow = 3;

    /// <summary>Column widths in characters: the group's names, hours, billable hours, the amount, unpriced hours.</summary>
    private static readonly double[] XlsxWidths = [40, 12, 16, 20, 30];

    /// <summary>
    /// One sheet: the organization and the report's title, the period with the grouping and the filters
    /// (as the PDF shows them), the headings (frozen), a row per group and the total. Hours and amounts
    /// are numbers with two decimals; a suppressed group's cells and a withheld amount say why in words.
    /// The sheet's XML is written row by row, never held as a document.
    /// </summary>
    public static byte[] Xlsx(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = XlsxStylesheet();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            WriteXlsxSheet(sheet, report);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Report" }));
        }

        return stream.ToArray();
    }

    private static void WriteXlsxSheet(WorksheetPart part, Report report)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = XlsxHeadingRow, TopLeftCell = $"A{XlsxHeadingRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new Columns(XlsxWidths.Select((width, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = width, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());

        var title = string.IsNullOrEmpty(report.Organization) ? report.Title : $"{report.Organization} — {report.Title}";
        writer.WriteElement(XlsxRow(1, XlsxText(title, XlsxStyle.Title)));
        string[] period = [report.Period.Label, "By " + Report.GroupLabel(report.GroupBy).ToLowerInvariant(), .. report.Filters];
        writer.WriteElement(XlsxRow(2, XlsxText(string.Join(" · ", period), XlsxStyle.Text)));
        string[] headings = [Report.GroupLabel(report.GroupBy), "Hours", "Billable hours", report.AmountHeading, "Billable hours without a rate"];
        writer.WriteElement(XlsxRow(XlsxHeadingRow, [.. headings.Select(h => XlsxText(h, XlsxStyle.Heading))]));

        var index = XlsxHeadingRow;
        foreach (var row in report.Rows)
        {
            writer.WriteElement(XlsxRow(++index, XlsxCells(row, total: false)));
        }

        writer.WriteElement(XlsxRow(++index, XlsxCells(report.Total, total: true)));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The cells of a group's row (or the total's), from column A; null where there is nothing to say.</summary>
    private static Cell?[] XlsxCells(ReportLineView row, bool total)
    {
        var (text, hours, amount) = total
            ? (XlsxStyle.Heading, XlsxStyle.TotalHours, XlsxStyle.TotalAmount)
            : (XlsxStyle.Text, XlsxStyle.Hours, XlsxStyle.Amount);
        Cell? Hours(Duration? time) =>
            time is { } t ? XlsxNumber((decimal)Math.Round(t.TotalHours, 2, MidpointRounding.AwayFromZero), hours)
            : row.IsSuppressed ? XlsxText(Report.SuppressedText, text)
            : null;
        return
        [
            XlsxText(row.Label, text),
            Hours(row.Time),
            Hours(row.Billable),
            row.Amount is { } value ? XlsxNumber(value, amount) : row.AmountCell.Length > 0 ? XlsxText(row.AmountCell, text) : null,
            row.Amount is null ? null : Hours(row.Unpriced),
        ];
    }

    private static Row XlsxRow(int index, params Cell?[] cells)
    {
        var row = new Row { RowIndex = (uint)index };
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is { } cell)
            {
                cell.CellReference = $"{(char)('A' + i)}{index}";
                row.Append(cell);
            }
        }

        return row;
    }

    private static Cell XlsxText(string text, XlsxStyle style) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = (uint)style,
    };

    private static Cell XlsxNumber(decimal value, XlsxStyle style) => new()
    {
        CellValue = new CellValue(value),
        StyleIndex = (uint)style,
    };

    /// <summary>The cell formats, in the order of <see cref="XlsxStyle"/>.</summary>
    private static Stylesheet XlsxStylesheet()
    {
        // Built-in number formats: 2 is "0.00", 4 is "#,##0.00".
        const uint TwoDecimals = 2, Thousands = 4;
        static CellFormat Format(uint font, uint numberFormat = 0) => new()
        {
            FontId = font,
            FillId = 0,
            BorderId = 0,
            FormatId = 0,
            NumberFormatId = numberFormat,
            ApplyFont = font != 0 ? true : null,
            ApplyNumberFormat = numberFormat != 0 ? true : null,
        };

        static Font Font(bool bold, double size)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
            return font;
        }

        return new Stylesheet(
            new Fonts(Font(bold: false, 11), Font(bold: true, 11), Font(bold: true, 14)) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
            { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Format(0),
                Format(0, TwoDecimals),
                Format(0, Thousands),
                Format(1),
                Format(2),
                Format(1, TwoDecimals),
                Format(1, Thousands))
            { Count = 7 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private enum XlsxStyle : uint
    {
        Text,
        Hours,
        Amount,
        Heading,
        Title,
        TotalHours,
        TotalAmount,
    }
}
