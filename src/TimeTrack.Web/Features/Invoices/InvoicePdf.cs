using System.Globalization;
using NodaTime;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TimeTrack.Domain.Billing;
using TimeTrack.Web.Reports;

namespace TimeTrack.Web.Features.Invoices;

/// <summary>
/// An invoice as a client-ready PDF (A4, the reports' embedded font): number and dates, both parties,
/// the period, the lines, subtotal, tax per rate, total with currency, notes and payment terms. A
/// draft is marked DRAFT and has no number.
/// </summary>
public static class InvoicePdf
{
    public static string Number(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Money(decimal value, string currency) => $"{Number(value)} {currency}";

    public static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A line cut at spaces into pieces of at most <paramref name="most"/> characters (a longer word stays whole).</summary>
    public static IEnumerable<string> Wrap(string line, int most)
    {
        ArgumentNullException.ThrowIfNull(line);
        var current = "";
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > most)
            {
                yield return current;
                current = word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }

        yield return current;
    }

    public static byte[] Render(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = invoice.Number is { } number ? $"Invoice {number}" : "Draft invoice";
        var title = new XFont(ReportFonts.Family, 20, XFontStyleEx.Bold);
        var bold = new XFont(ReportFonts.Family, 10, XFontStyleEx.Bold);
        var regular = new XFont(ReportFonts.Family, 10, XFontStyleEx.Regular);
        var small = new XFont(ReportFonts.Family, 8, XFontStyleEx.Regular);
        var stamp = new XFont(ReportFonts.Family, 48, XFontStyleEx.Bold);
        const double margin = 50, lineHeight = 15;

        var pages = new List<PdfPage>();
        XGraphics? graphics = null;
        double y = 0, width = 0, bottom = 0;
        XGraphics Page()
        {
            if (graphics is null || y > bottom)
            {
                graphics?.Dispose();
                var page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                pages.Add(page);
                width = page.Width.Point - 2 * margin;
                bottom = page.Height.Point - margin - 2 * lineHeight;
                y = margin;
                graphics = XGraphics.FromPdfPage(page);
                if (invoice.IsDraft)
                {
                    graphics.DrawString("DRAFT", stamp, XBrushes.LightGray, new XRect(margin, page.Height.Point / 2 - 30, width, 60), XStringFormats.Center);
                }
            }

            return graphics;
        }

        void Text(string text, XFont font, double left = 0, double? columnWidth = null)
        {
            var room = columnWidth ?? width - left;
            // DejaVu Sans averages a little over half its size per character: wrap by words within the column.
            foreach (var line in text.Split('\n').SelectMany(l => Wrap(l.TrimEnd('\r'), (int)(room / (font.Size * 0.6)))))
            {
                Page().DrawString(line, font, XBrushes.Black, new XRect(margin + left, y, room, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
        }

        Page().DrawString(invoice.IsDraft ? "Invoice (DRAFT)" : "Invoice", title, XBrushes.Black, new XRect(margin, y, width, 28), XStringFormats.TopLeft);
        y += 34;
        Text(invoice.Number is { } shown ? $"Invoice number: {shown}" : "Invoice number: assigned when issued", bold);
        Text($"Issue date: {Day(invoice.IssueDate)}", regular);
        Text($"Due date: {Day(invoice.DueDate)}", regular);
        Text($"Period: {invoice.PeriodLabel}", regular);
        y += lineHeight;

        // The parties side by side: the issuer on the left, the client on the right.
        var half = width / 2;
        static string Party(string heading, string name, string address, string tax) =>
            string.Join('\n', new[] { heading, name, address.Replace("\r", "", StringComparison.Ordinal), tax.Length > 0 ? $"Tax number: {tax}" : "" }.Where(s => s.Length > 0));
        var from = Party("From", invoice.IssuerName, invoice.IssuerAddress, invoice.IssuerTaxNumber);
        var to = Party("Bill to", invoice.ClientName, invoice.ClientAddress, invoice.ClientTaxNumber);
        var top = y;
        Text(from, regular, 0, half - 10);
        var afterFrom = y;
        y = top;
        Text(to, regular, half, half);
        y = Math.Max(afterFrom, y) + lineHeight;

        // Lines: description, hours, rate, tax, amount.
        const double numberColumn = 70, amountColumn = 90;
        var describe = width - 3 * numberColumn - amountColumn;
        void Row(string description, string hours, string rate, string tax, string amount, XFont font)
        {
            var g = Page();
            g.DrawString(description, font, XBrushes.Black, new XRect(margin, y, describe, lineHeight), XStringFormats.TopLeft);
            var x = margin + describe;
            foreach (var (cell, cellWidth) in new[] { (hours, numberColumn), (rate, numberColumn), (tax, numberColumn), (amount, amountColumn) })
            {
                g.DrawString(cell, font, XBrushes.Black, new XRect(x, y, cellWidth, lineHeight), XStringFormats.TopRight);
                x += cellWidth;
            }

            y += lineHeight;
        }

        Row("Description", "Hours", "Rate", "Tax", $"Amount ({invoice.Currency})", bold);
        foreach (var line in invoice.Lines.OrderBy(l => l.Position))
        {
            Row(line.Description, Number(line.Hours), Number(line.HourlyRate), Number(line.TaxRate) + " %", Number(line.Amount), regular);
        }

        y += lineHeight / 2;
        Row("Subtotal", "", "", "", Number(invoice.Subtotal), bold);
        foreach (var (rate, taxBase, tax) in invoice.Taxes)
        {
            Row($"Tax {Number(rate)} % of {Number(taxBase)}", "", "", "", Number(tax), regular);
        }

        Row($"Total ({invoice.Currency})", "", "", "", Money(invoice.Total, invoice.Currency), bold);
        y += lineHeight;
        if (invoice.Notes.Length > 0)
        {
            Text(invoice.Notes, regular);
            y += lineHeight / 2;
        }

        Text(string.Create(CultureInfo.InvariantCulture, $"Payment terms: {invoice.PaymentTermsDays} days; please pay by {Day(invoice.DueDate)}, quoting {(invoice.Number is { } quoted ? "invoice " + quoted : "the invoice number")}."), regular);
        Text(Invoice.RoundingNote.Replace("; ", ";\n", StringComparison.Ordinal).Replace(". ", ".\n", StringComparison.Ordinal), small);
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
