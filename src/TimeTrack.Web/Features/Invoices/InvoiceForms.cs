using System.ComponentModel.DataAnnotations;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Billing;

namespace TimeTrack.Web.Features.Invoices;

/// <summary>A new invoice: a client and whole calendar months (yyyy-MM), lines by project or by outcome.</summary>
public sealed class NewInvoiceForm
{
    [Required(ErrorMessage = "Choose a client.")]
    [Display(Name = "Client")]
    public Guid? ClientId { get; set; }

    [Required(ErrorMessage = "Enter the first month, such as 2026-10.")]
    [Display(Name = "First month")]
    public string? FirstMonth { get; set; }

    [Required(ErrorMessage = "Enter the last month, such as 2026-10.")]
    [Display(Name = "Last month")]
    public string? LastMonth { get; set; }

    [Display(Name = "Lines")]
    public InvoiceGrouping Grouping { get; set; } = InvoiceGrouping.Project;

    public static LocalDate? Month(string? text) =>
        text is not null && MonthPattern.Parse(text.Trim()).TryGetValue(default, out var month) ? month : null;

    public static string MonthText(LocalDate month) => MonthPattern.Format(month);

    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu'-'MM", CultureInfo.InvariantCulture, new LocalDate(2000, 1, 1));
}

/// <summary>What may change on a draft: dates, notes and a tax rate per line.</summary>
public sealed class DraftForm
{
    [Required(ErrorMessage = "Enter the issue date, such as 2026-12-01.")]
    [Display(Name = "Issue date")]
    public string? IssueDate { get; set; }

    [Required(ErrorMessage = "Enter the due date, such as 2026-12-31.")]
    [Display(Name = "Due date")]
    public string? DueDate { get; set; }

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    [Display(Name = "Notes")]
    public string? Notes { get; set; }

    /// <summary>Each line's tax rate in percent, in line order.</summary>
    public List<decimal> TaxRates { get; set; } = [];

    public static DraftForm Of(Invoice invoice) => new()
    {
        IssueDate = LocalDatePattern.Iso.Format(invoice.IssueDate),
        DueDate = LocalDatePattern.Iso.Format(invoice.DueDate),
        Notes = invoice.Notes,
        TaxRates = [.. invoice.Lines.OrderBy(l => l.Position).Select(l => l.TaxRate)],
    };

    public static LocalDate? Date(string? text) =>
        text is not null && LocalDatePattern.Iso.Parse(text.Trim()).TryGetValue(default, out var date) ? date : null;
}

/// <summary>Why an invoice is void.</summary>
public sealed class VoidForm
{
    [Required(ErrorMessage = "Say why the invoice is void; the reason stays with it.")]
    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    [Display(Name = "Reason")]
    public string? Reason { get; set; }

    /// <summary>Voiding cannot be undone, so the form asks for a ticked box as well as the reason.</summary>
    [Range(typeof(bool), "true", "true", ErrorMessage = VoidNeedsConfirmation)]
    public bool Confirm { get; set; }

    public const string VoidNeedsConfirmation = "Tick “Yes, void this invoice” to confirm; a void invoice cannot be issued again.";
}

/// <summary>The organization as it appears on its invoices.</summary>
public sealed class BillingDetailsForm
{
    [Required(ErrorMessage = "Enter the organization's legal name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Legal name")]
    public string? LegalName { get; set; }

    [Required(ErrorMessage = "Enter the address invoices show.")]
    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    [Display(Name = "Address")]
    public string? Address { get; set; }

    [StringLength(60, ErrorMessage = "Use at most 60 characters.")]
    [Display(Name = "Tax or VAT number")]
    public string? TaxNumber { get; set; }

    [Range(0, 365, ErrorMessage = "Enter a number of days from 0 to 365.")]
    [Display(Name = "Payment terms (days)")]
    public int PaymentTermsDays { get; set; } = 30;

    [Range(0, 100, ErrorMessage = "Enter a percentage from 0 to 100.")]
    [Display(Name = "Default tax rate (%)")]
    public decimal? DefaultTaxRate { get; set; }
}

public sealed record InvoiceListModel(IReadOnlyList<Invoice> Invoices);

public sealed record NewInvoiceModel(NewInvoiceForm Form, IReadOnlyList<(Guid Id, string Name)> Clients, IReadOnlyList<string> Months);

public sealed record InvoiceModel(Invoice Invoice, DraftForm Draft, VoidForm Void, IReadOnlyDictionary<Guid, string> People);
