using System.Globalization;
using System.Reflection;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace TimeTrack.Web.Reports;

/// <summary>Names for the ids of a detail export's lines.</summary>
public sealed record ReportNames(
    IReadOnlyDictionary<Guid, string> People,
    IReadOnlyDictionary<Guid, string> Clients,
    IReadOnlyDictionary<Guid, string> Projects,
    IReadOnlyDictionary<Guid, string> Outcomes,
    IReadOnlyDictionary<Guid, string> Tasks);

/// <summary>The downloads of a report: CSV (summary or entry by entry), XLSX and a client-ready PDF.</summary>
public static partial class ReportExports
{
    public static string FileName(Report report, string extension)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"report-{report.GroupBy.ToString().ToLowerInvariant()}-{ReportPeriod.Iso(report.Period.From)}-{ReportPeriod.Iso(report.Period.To)}.{extension}";
    }

    /// <summary>
    /// One line per group; a suppressed group's hours, and an amount the policy withholds, say why
    /// they are missing.
    /// </summary>
    public static async Task WriteCsvAsync(Stream destination, Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var csv = CsvWriter.Create(destination, SafeCsv.Options, leaveOpen: true);
        await csv.WriteRecordAsync([Report.GroupLabel(report.GroupBy), "Id", "Hours", "From", "To", "Billable hours", report.AmountHeading, "Billable hours without a rate"], cancellationToken);
        foreach (var row in report.Rows.Append(report.Total))
        {
            await csv.WriteRecordAsync(
                [
                    row.Label,
                    row.Key?.ToString() ?? "",
                    row.IsSuppressed ? Report.SuppressedText : row.Hours,
                    ReportPeriod.Iso(report.Period.From),
                    ReportPeriod.Iso(report.Period.To),
                    row.IsSuppressed ? Report.SuppressedText : row.BillableHours,
                    row.Amount is { } amount ? amount.ToString("0.00", CultureInfo.InvariantCulture) : row.AmountCell,
                    row.Amount is null ? "" : Report.Hours(row.Unpriced),
                ],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// One line per entry whose details the viewer may see, written as the database returns them, so a
    /// long period never sits in memory.
    /// </summary>
    public static async Task WriteDetailCsvAsync(
        Stream destination,
        IAsyncEnumerable<ReportLine> lines,
        ReportNames names,
        DateTimeZone zone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(names);
        var time = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");
        await using var csv = CsvWriter.Create(destination, SafeCsv.Options, leaveOpen: true);
        await csv.WriteRecordAsync(["Start", "End", "Person", "Client", "Project", "Outcome", "Task", "Hours", "Description"], cancellationToken);
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            string[] record =
            [
                // Time typed without clock times says its day and nothing it does not know.
                line.DurationOnly ? LocalDatePattern.Iso.Format(line.Start.InZone(zone).Date) : time.Format(line.Start.InZone(zone).LocalDateTime),
                line.DurationOnly ? "" : time.Format(line.End.InZone(zone).LocalDateTime),
                names.People.GetValueOrDefault(line.UserId, ""),
                line.ClientId is { } client ? names.Clients.GetValueOrDefault(client, "") : "",
                names.Projects.GetValueOrDefault(line.ProjectId, ""),
                line.OutcomeId is { } outcome ? names.Outcomes.GetValueOrDefault(outcome, "") : "",
                line.TaskId is { } task ? names.Tasks.GetValueOrDefault(task, "") : "",
                Report.Hours(line.End - line.Start),
                line.Description,
            ];
            await csv.WriteRecordAsync(record, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>A4, the organization's name, the period, the filters, the line items and the total, with page numbers.</summary>
    public static byte[] Pdf(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"{report.Organization} — {report.Title}";
        var title = new XFont(ReportFonts.Family, 16, XFontStyleEx.Bold);
        var bold = new XFont(ReportFonts.Family, 10, XFontStyleEx.Bold);
        var regular = new XFont(ReportFonts.Family, 10, XFontStyleEx.Regular);
        var small = new XFont(ReportFonts.Family, 8, XFontStyleEx.Regular);
        const double margin = 50, lineHeight = 16;

        var pages = new List<PdfPage>();
        XGraphics? graphics = null;
        double y = 0, width = 0, bottom = 0;
        XGraphics NewPage()
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            pages.Add(page);
            width = page.Width.Point - 2 * margin;
            bottom = page.Height.Point - margin - lineHeight;
            y = margin;
            return XGraphics.FromPdfPage(page);
        }

        XGraphics Page()
        {
            if (graphics is null || y > bottom)
            {
                graphics?.Dispose();
                graphics = NewPage();
            }

            return graphics;
        }

        void Text(string text, XFont font, double indent = 0)
        {
            Page().DrawString(text, font, XBrushes.Black, new XRect(margin + indent, y, width - indent, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }

        // Hours, billable hours and (when the viewer sees any amount) the amount, right-aligned.
        var amounts = report.ShowsAmounts;
        const double column = 80, amountColumn = 110;
        var numbers = amounts ? 2 * column + amountColumn : 2 * column;
        void Row(ReportLineView? row, string label, XFont font)
        {
            var g = Page();
            g.DrawString(label, font, XBrushes.Black, new XRect(margin, y, width - numbers, lineHeight), XStringFormats.TopLeft);
            var x = margin + width - numbers;
            if (row is { IsSuppressed: true })
            {
                // One sentence across the figures: there are none to show.
                g.DrawString(Report.SuppressedText, font, XBrushes.Black, new XRect(margin, y, width, lineHeight), XStringFormats.TopRight);
                y += lineHeight;
                return;
            }

            string[] cells = row is null
                ? ["Hours", "Billable", .. amounts ? [report.AmountHeading] : Array.Empty<string>()]
                : [row.Shown, row.BillableShown, .. amounts ? [row.Amount is not null ? row.AmountText : "Withheld*"] : Array.Empty<string>()];
            for (var i = 0; i < cells.Length; i++)
            {
                var cellWidth = i == 2 ? amountColumn : column;
                g.DrawString(cells[i], font, XBrushes.Black, new XRect(x, y, cellWidth, lineHeight), XStringFormats.TopRight);
                x += cellWidth;
            }

            y += lineHeight;
        }

        Page().DrawString(report.Organization, title, XBrushes.Black, new XRect(margin, y, width, 24), XStringFormats.TopLeft);
        y += 28;
        Text(report.Title, bold);
        Text("By " + Report.GroupLabel(report.GroupBy).ToLowerInvariant(), regular);
        foreach (var filter in report.Filters)
        {
            Text(filter, regular);
        }

        y += lineHeight / 2;
        Row(null, Report.GroupLabel(report.GroupBy), bold);
        foreach (var row in report.Rows)
        {
            Row(row, row.Label, regular);
        }

        y += lineHeight / 4;
        Row(report.Total, "Total", bold);
        y += lineHeight / 2;
        foreach (var row in report.Rows.Append(report.Total).Where(r => r.Unpriced > Duration.Zero))
        {
            Text($"{row.Label}: {row.UnpricedText}, not in the amount.", small);
        }

        if (!amounts)
        {
            Text($"{report.AmountHeading}: {Report.AmountWithheldText}.", small);
        }
        else if (report.AnyAmountWithheld)
        {
            Text($"* {Report.AmountWithheldText}.", small);
        }

        graphics?.Dispose();

        for (var i = 0; i < pages.Count; i++)
        {
            using var footer = XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
            var page = pages[i];
            footer.DrawString(
                string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pages.Count}"),
                small,
                XBrushes.Gray,
                new XRect(margin, page.Height.Point - margin + 10, page.Width.Point - 2 * margin, 12),
                XStringFormats.TopRight);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}

/// <summary>
/// PDFsharp's Core build finds no system fonts on Linux: the report's font (DejaVu Sans, under the
/// Bitstream Vera licence) ships inside the assembly, the same on every machine.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly ReportFonts Instance = new();
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp accepts its resolver once per process, or the same instance again.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"TimeTrack.Web.Reports.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
