using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using UglyToad.PdfPig;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>Report URLs and readers for the downloads (CSV lines, XLSX rows, PDF text).</summary>
public static class ReportClient
{
    /// <summary>The query string of a report by person over the week starting on <paramref name="week"/> (yyyy-MM-dd).</summary>
    public static string WeekByPerson(string week) => Week(week) + "&groupBy=person";

    public static string Week(string week) =>
        $"from={week}&to={DateOnly.ParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(6):yyyy-MM-dd}";

    public static async Task<byte[]> DownloadAsync(HttpClient client, string url, string mediaType)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<string[]> CsvLinesAsync(HttpClient client, string url)
    {
        var bytes = await DownloadAsync(client, url, "text/csv");
        return System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The first sheet's rows under the headings, by heading: a number as a double, text as a string, an empty cell as null.</summary>
    public static List<IDictionary<string, object?>> XlsxRows(byte[] xlsx) => XlsxSheet.ReadValid(xlsx).Body;

    /// <summary>Every cell of the first sheet, a row per line (a number as the double it is), to look for text and figures in.</summary>
    public static string XlsxText(byte[] xlsx) =>
        string.Join("\n", XlsxSheet.ReadValid(xlsx).Rows.Select(r => string.Join(" ", r.Select(c => c.IsNumber ? Convert.ToString(c.Number, CultureInfo.InvariantCulture) : c.Text))));

    /// <summary>What the Open XML SDK's schema validator finds wrong in the file: each error's description, part and path.</summary>
    public static List<string> XlsxErrors(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), isEditable: false);
        return [.. new OpenXmlValidator().Validate(document).Select(e => $"{e.ErrorType} {e.Id}: {e.Description} (at {e.Path?.PartUri} {e.Path?.XPath})")];
    }

    /// <summary>Every page's words, a page per line.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}

/// <summary>A cell as read back: where it is, its text (a number's digits as written), its number format.</summary>
public sealed record XlsxCell(string Column, int Row, string Text, bool IsNumber, uint NumberFormatId)
{
    public double Number => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public object Value => IsNumber ? Number : Text;
}

/// <summary>
/// The first sheet of a valid XLSX as read with the Open XML SDK: its rows of cells, its column widths and
/// frozen rows, and the rows under the headings (row <see cref="HeadingRow"/>, under the title and the period).
/// </summary>
public sealed record XlsxSheet(IReadOnlyList<IReadOnlyList<XlsxCell>> Rows, IReadOnlyList<(uint Min, uint Max, double Width)> Widths, int FrozenRows)
{
    public const int HeadingRow = 3;

    public XlsxCell? Cell(string column, int row) => Rows.SelectMany(r => r).SingleOrDefault(c => c.Column == column && c.Row == row);

    public IReadOnlyList<string> Headings => [.. Rows.Single(r => r.Count > 0 && r[0].Row == HeadingRow).Select(c => c.Text)];

    /// <summary>The rows under the headings, each with every heading (null where the cell is empty).</summary>
    public List<IDictionary<string, object?>> Body
    {
        get
        {
            var columns = Rows.Single(r => r.Count > 0 && r[0].Row == HeadingRow).ToDictionary(c => c.Column, c => c.Text);
            return [.. Rows.Where(r => r.Count > 0 && r[0].Row > HeadingRow).Select(r =>
            {
                var line = columns.Values.ToDictionary(h => h, _ => (object?)null);
                foreach (var cell in r)
                {
                    line[columns[cell.Column]] = cell.Value;
                }

                return (IDictionary<string, object?>)line;
            })];
        }
    }

    /// <summary>The sheet, after asserting that the schema validator finds nothing wrong with the file: every XLSX a test reads is checked.</summary>
    public static XlsxSheet ReadValid(byte[] xlsx)
    {
        var errors = ReportClient.XlsxErrors(xlsx);
        Assert.True(errors.Count == 0, "The XLSX is not valid Open XML:\n" + string.Join("\n", errors));
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidOperationException("No workbook.");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().First() ?? throw new InvalidOperationException("No sheet.");
        var worksheet = ((WorksheetPart)workbook.GetPartById(first.Id?.Value ?? "")).Worksheet;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var formats = workbook.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value ?? 0).ToList() ?? [];

        XlsxCell Read(Cell cell, int row)
        {
            var column = new string([.. (cell.CellReference?.Value ?? "").TakeWhile(char.IsLetter)]);
            var format = cell.StyleIndex?.Value is { } style ? formats[(int)style] : 0;
            var type = cell.DataType?.Value;
            if (type == CellValues.InlineString)
            {
                return new(column, row, cell.InlineString?.InnerText ?? "", false, format);
            }

            if (type == CellValues.SharedString)
            {
                return new(column, row, shared[int.Parse(cell.CellValue?.Text ?? "", CultureInfo.InvariantCulture)], false, format);
            }

            return new(column, row, cell.CellValue?.Text ?? "", type is null || type == CellValues.Number, format);
        }

        var rows = worksheet.Descendants<Row>()
            .Select(r => (IReadOnlyList<XlsxCell>)[.. r.Elements<Cell>().Select(c => Read(c, (int)(r.RowIndex?.Value ?? 0)))])
            .ToList();
        var widths = worksheet.GetFirstChild<Columns>()?.Elements<Column>()
            .Select(c => (c.Min?.Value ?? 0, c.Max?.Value ?? 0, c.Width?.Value ?? 0))
            .ToList() ?? [];
        var pane = worksheet.Descendants<Pane>().FirstOrDefault();
        var frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
        return new XlsxSheet(rows, widths, frozen);
    }
}
