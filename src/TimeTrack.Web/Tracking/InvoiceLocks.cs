using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Billing;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tracking;

/// <summary>
/// Issued invoices as a lock on the write path (ADR 021): an entry on an issued invoice cannot change,
/// and no billable time of the invoiced client may be added to, moved into or out of an invoiced month,
/// until the invoice is voided. A paid invoice locks as an issued one does.
/// </summary>
public static class InvoiceLocks
{
    /// <summary>Why the entry on <paramref name="invoiceId"/> cannot change, or null when that invoice no longer locks it.</summary>
    public static async Task<string?> EntryOnInvoiceAsync(TimeTrackDbContext db, Guid? invoiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (invoiceId is not { } id)
        {
            return null;
        }

        var invoice = await db.Invoices.AsNoTracking()
            .Where(i => i.Id == id && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Paid))
            .Select(i => new { i.Number, i.IssueDate })
            .FirstOrDefaultAsync(cancellationToken);
        return invoice is null
            ? null
            : $"This entry is on invoice {invoice.Number}, issued {Day(invoice.IssueDate)}; it cannot change until the invoice is voided.";
    }

    /// <summary>
    /// Why billable time of <paramref name="projectId"/> may not count on the local days of
    /// <paramref name="span"/> in <paramref name="zone"/>, or null when no issued invoice holds them.
    /// </summary>
    public static async Task<string?> MonthInvoicedAsync(TimeTrackDbContext db, Guid projectId, bool? billable, Interval span, DateTimeZone zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Id == projectId)
            .Select(p => new { p.ClientId, p.IsBillableByDefault })
            .FirstOrDefaultAsync(cancellationToken);
        if (project?.ClientId is not { } clientId || !(billable ?? project.IsBillableByDefault))
        {
            return null;
        }

        var first = Month(span.Start.InZone(zone).Date);
        var last = Month((span.End > span.Start ? span.End - Duration.Epsilon : span.End).InZone(zone).Date);
        var months = new List<LocalDate>();
        for (var month = first; month <= last; month = month.PlusMonths(1))
        {
            months.Add(month);
        }

        var held = await db.InvoiceMonths.AsNoTracking()
            .Where(m => m.ClientId == clientId && months.Contains(m.Month))
            .Join(
                db.Invoices.Where(i => i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Paid),
                m => m.InvoiceId,
                i => i.Id,
                (m, i) => new { m.Month, i.Number, i.IssueDate })
            .OrderBy(x => x.Month)
            .FirstOrDefaultAsync(cancellationToken);
        return held is null
            ? null
            : $"{Invoice.MonthName(held.Month)} of this client is on invoice {held.Number}, issued {Day(held.IssueDate)}; its billable time cannot change until the invoice is voided.";
    }

    private static LocalDate Month(LocalDate date) => new(date.Year, date.Month, 1);

    private static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
