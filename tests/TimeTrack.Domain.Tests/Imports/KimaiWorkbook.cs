using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>A number in a cell with one of <see cref="KimaiWorkbook"/>'s styles.</summary>
internal sealed record Styled(double Value, uint Style);

/// <summary>
/// Builds small XLSX workbooks with the Open XML SDK, as Excel and Kimai write them: strings shared or
/// inline, numbers plain or in a date or time format. Rows are given with their spreadsheet row number.
/// </summary>
internal static class KimaiWorkbook
{
    /// <summary>Built-in format 14, a date (m/d/yyyy).</summary>
    public const uint DateStyle = 1;

    /// <summary>Custom "hh:mm", a time of day.</summary>
    public const uint TimeStyle = 2;

    /// <summary>Custom "[h]:mm", elapsed hours.</summary>
    public const uint ElapsedStyle = 3;

    /// <summary>Built-in format 22, date and time.</summary>
    public const uint DateTimeStyle = 4;

    /// <summary>Custom "0.00" (no date in it).</summary>
    public const uint DecimalStyle = 5;

    public const string Header =
        "Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,category,Account,Project number,VAT-ID,Order number";

    /// <summary>An Excel serial (days since 1899-12-30).</summary>
    public static double Serial(int year, int month, int day, int hour = 0, int minute = 0) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified).ToOADate();

    /// <summary>A Kimai row: the date, from, to and duration as given, then the rest plain.</summary>
    public static object[] Row(object date, object from, object to, object duration, string description = "Wireframes") =>
    [
        date, from, to, duration, "EUR", new Styled(120, DecimalStyle), "", new Styled(80, DecimalStyle), "",
        "Ada Lovelace", "ada", "ada@example.test", "0042", "Acme GmbH", "Website relaunch", "Design", description, "Yes", "frontend", "timesheet", "work", "", "P-7", "", "",
    ];

    /// <summary>A workbook whose first worksheet holds the rows; a string starting with "inline:" is written as an inline string.</summary>
    public static byte[] Build(params (uint Row, object[] Cells)[] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(
                    new NumberingFormat { NumberFormatId = 164, FormatCode = "hh:mm" },
                    new NumberingFormat { NumberFormatId = 165, FormatCode = "[h]:mm" },
                    new NumberingFormat { NumberFormatId = 166, FormatCode = "0.00" }),
                new Fonts(new Font()),
                new Fills(new Fill()),
                new Borders(new Border()),
                new CellFormats(
                    new CellFormat { NumberFormatId = 0 },
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 166, ApplyNumberFormat = true }));

            var shared = new List<string>();
            var sheetData = new SheetData();
            foreach (var (index, cells) in rows)
            {
                var row = new Row { RowIndex = index };
                for (var i = 0; i < cells.Length; i++)
                {
                    var reference = $"{ColumnName(i)}{index}";
                    switch (cells[i])
                    {
                        case "":
                            break;
                        case string text when text.StartsWith("inline:", StringComparison.Ordinal):
                            row.Append(new Cell(new InlineString(new Text(text["inline:".Length..]))) { CellReference = reference, DataType = CellValues.InlineString });
                            break;
                        case string text:
                            var at = shared.IndexOf(text);
                            if (at < 0)
                            {
                                at = shared.Count;
                                shared.Add(text);
                            }

                            row.Append(new Cell(new CellValue(at)) { CellReference = reference, DataType = CellValues.SharedString });
                            break;
                        case Styled styled:
                            row.Append(new Cell(new CellValue(styled.Value)) { CellReference = reference, StyleIndex = styled.Style });
                            break;
                        case double number:
                            row.Append(new Cell(new CellValue(number)) { CellReference = reference });
                            break;
                        default:
                            throw new ArgumentException($"Cannot write {cells[i]}.", nameof(rows));
                    }
                }

                sheetData.Append(row);
            }

            var sharedPart = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s))));

            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new Worksheet(sheetData);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "Export" }));
        }

        return stream.ToArray();
    }

    public static object[] HeaderCells(string header = Header) => [.. header.Split(',')];

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + (index / 26) - 1)}{(char)('A' + (index % 26))}";
}
