using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Billing;

/// <summary>Where an invoice is in its life: a draft has no number; issued, paid and void ones keep theirs.</summary>
public enum InvoiceStatus
{
    Draft,
    Issued,
    Paid,
    Void,
}

/// <summary>How an invoice's lines are made from the billable time of its months.</summary>
public enum InvoiceGrouping
{
    /// <summary>A line per project and hourly rate.</summary>
    Project,

    /// <summary>A line per outcome of a project (the finest level released months keep) and hourly rate.</summary>
    Outcome,
}

/// <summary>
/// An invoice to a client for the billable time of whole calendar months. Its lines are taken from the
/// released months (billing figures), so they never change; a draft's dates, notes and tax rates may.
/// Issuing gives it the organization's next number and freezes who issued it to whom; paid and void
/// record when and by whom, void also why.
/// </summary>
public sealed class Invoice : ITenantOwned
{
    /// <summary>How every amount is rounded, said once on the page and the PDF.</summary>
    public const string RoundingNote =
        "Each amount is the exact billable time at its hourly rate, rounded to the cent (half away from zero); hours are shown to two decimals. Tax is rounded to the cent per tax rate.";

    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid ClientId { get; set; }

    /// <summary>The first day of the first month invoiced.</summary>
    public LocalDate FirstMonth { get; set; }

    /// <summary>The first day of the last month invoiced.</summary>
    public LocalDate LastMonth { get; set; }

    public InvoiceGrouping Grouping { get; set; }

    /// <summary>ISO 4217 code: the organization's currency, which every rate is in.</summary>
    public string Currency { get; set; } = "EUR";

    public InvoiceStatus Status { get; set; }

    /// <summary>The year of issue and the organization's sequence in it, such as 2026-0007; null while a draft.</summary>
    public string? Number { get; set; }

    public int? NumberYear { get; set; }

    public int? NumberSequence { get; set; }

    public LocalDate IssueDate { get; set; }

    public LocalDate DueDate { get; set; }

    public string Notes { get; set; } = "";

    /// <summary>Who issues it, as it was when issued (the organization's details until then).</summary>
    public string IssuerName { get; set; } = "";

    public string IssuerAddress { get; set; } = "";

    public string IssuerTaxNumber { get; set; } = "";

    public int PaymentTermsDays { get; set; }

    /// <summary>To whom, as it was when issued.</summary>
    public string ClientName { get; set; } = "";

    public string ClientAddress { get; set; } = "";

    public string ClientTaxNumber { get; set; } = "";

    public Guid CreatedByUserId { get; set; }

    public Instant CreatedAt { get; set; }

    public Guid? IssuedByUserId { get; set; }

    public Instant? IssuedAt { get; set; }

    public Guid? PaidByUserId { get; set; }

    public Instant? PaidAt { get; set; }

    public Guid? VoidedByUserId { get; set; }

    public Instant? VoidedAt { get; set; }

    public string? VoidReason { get; set; }

    public List<InvoiceLine> Lines { get; } = [];

    /// <summary>The months invoiced, each as its first day.</summary>
    public IEnumerable<LocalDate> Months
    {
        get
        {
            for (var month = FirstMonth; month <= LastMonth; month = month.PlusMonths(1))
            {
                yield return month;
            }
        }
    }

    /// <summary>The period in words, such as "October 2026" or "October – November 2026".</summary>
    public string PeriodLabel => PeriodOf(FirstMonth, LastMonth);

    public decimal Subtotal => Lines.Sum(l => l.Amount);

    /// <summary>Tax per rate, each rounded to the cent, ascending by rate; rates of zero are listed too.</summary>
    public IReadOnlyList<(decimal Rate, decimal Base, decimal Tax)> Taxes =>
        [.. Lines.GroupBy(l => l.TaxRate).OrderBy(g => g.Key).Select(g =>
        {
            var taxBase = g.Sum(l => l.Amount);
            return (g.Key, taxBase, Math.Round(taxBase * g.Key / 100m, 2, MidpointRounding.AwayFromZero));
        })];

    public decimal Total => Subtotal + Taxes.Sum(t => t.Tax);

    public bool IsDraft => Status == InvoiceStatus.Draft;

    /// <summary>Whether its months are still taken: every invoice but a void one holds them.</summary>
    public bool HoldsItsMonths => Status != InvoiceStatus.Void;

    public static string PeriodOf(LocalDate first, LocalDate last) =>
        first == last ? MonthName(first)
        : first.Year == last.Year ? $"{first.ToString("MMMM", CultureInfo.InvariantCulture)} – {MonthName(last)}"
        : $"{MonthName(first)} – {MonthName(last)}";

    public static string MonthName(LocalDate month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The number an invoice gets as the <paramref name="sequence"/>-th of <paramref name="year"/>.</summary>
    public static string FormatNumber(int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{sequence:0000}");

    /// <summary>Issues a draft under <paramref name="sequence"/> of <paramref name="year"/>.</summary>
    public void Issue(int year, int sequence, Guid byUserId, Instant at)
    {
        Require(InvoiceStatus.Draft, "Only a draft can be issued.");
        if (Lines.Count == 0)
        {
            throw new InvalidOperationException("An invoice without lines cannot be issued.");
        }

        Status = InvoiceStatus.Issued;
        NumberYear = year;
        NumberSequence = sequence;
        Number = FormatNumber(year, sequence);
        IssuedByUserId = byUserId;
        IssuedAt = at;
    }

    public void MarkPaid(Guid byUserId, Instant at)
    {
        Require(InvoiceStatus.Issued, "Only an issued invoice can be marked paid.");
        Status = InvoiceStatus.Paid;
        PaidByUserId = byUserId;
        PaidAt = at;
    }

    /// <summary>Voids an issued or paid invoice; it keeps its number, and its entries may change again.</summary>
    public void Void(string reason, Guid byUserId, Instant at)
    {
        if (Status is not (InvoiceStatus.Issued or InvoiceStatus.Paid))
        {
            throw new InvalidOperationException("Only an issued or paid invoice can be voided; discard a draft instead.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Voiding needs a reason.", nameof(reason));
        }

        Status = InvoiceStatus.Void;
        VoidReason = reason.Trim();
        VoidedByUserId = byUserId;
        VoidedAt = at;
    }

    private void Require(InvoiceStatus status, string message)
    {
        if (Status != status)
        {
            throw new InvalidOperationException(message);
        }
    }
}

/// <summary>One line of an invoice: billable time of a project (or an outcome of it) at one hourly rate.</summary>
public sealed class InvoiceLine : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public string Description { get; set; } = "";

    public Guid ProjectId { get; set; }

    public Guid? OutcomeId { get; set; }

    public long DurationMs { get; set; }

    public decimal HourlyRate { get; set; }

    /// <summary>The billing figure: the sum of each released row's amount, to the cent.</summary>
    public decimal Amount { get; set; }

    /// <summary>Percent, such as 19.00.</summary>
    public decimal TaxRate { get; set; }

    public decimal Hours => Math.Round(DurationMs / 3_600_000m, 2, MidpointRounding.AwayFromZero);
}

/// <summary>A client's month held by an invoice that is not void: the key refuses a second one.</summary>
public sealed class InvoiceMonth : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid ClientId { get; set; }

    public LocalDate Month { get; set; }

    public Guid InvoiceId { get; set; }
}

/// <summary>The organization's last invoice number of a year; the row is locked while an invoice is issued, so numbers have no gaps.</summary>
public sealed class InvoiceCounter : ITenantOwned
{
    public Guid TenantId { get; set; }

    public int Year { get; set; }

    public int LastNumber { get; set; }
}

/// <summary>Who the organization is on its invoices: legal name, address, tax number, payment terms.</summary>
public sealed class BillingProfile : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string LegalName { get; set; } = "";

    public string Address { get; set; } = "";

    public string TaxNumber { get; set; } = "";

    public int PaymentTermsDays { get; set; } = 30;

    /// <summary>Percent each new line starts with; null for none.</summary>
    public decimal? DefaultTaxRate { get; set; }
}
