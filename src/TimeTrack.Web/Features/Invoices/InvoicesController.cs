using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Invoices;

/// <summary>
/// Invoices to clients (ADR 021): list, new, the draft with its dates, notes and tax rates, issue,
/// paid, void, and the PDF. Only viewers the policy grants billing figures may use them; everyone else
/// gets 403, and another organization's invoice is not found.
/// </summary>
[ShowsNoOneElsesData("Invoices show billable hours and amounts per client and project by calendar month, through the Billing purpose: never per person.")]
public sealed class InvoicesController(
    TimeTrackDbContext db,
    PersonDataDoor door,
    InvoiceService invoices,
    MonthReleases releases,
    TenantContext tenant,
    IClock clock,
    IStringLocalizer<SharedResource> text) : OrgController
{
    [HttpGet("invoices")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var looker = await door.LookerAsync(cancellationToken);
        if (looker is null)
        {
            return NotFound();
        }

        var list = await invoices.ListAsync(looker, cancellationToken);
        return list is null ? Forbidden() : View(new InvoiceListModel(list));
    }

    [HttpGet("invoices/new")]
    public async Task<IActionResult> New(Guid? clientId, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker || !GroupReports.OffersBilling(looker))
        {
            return Forbidden();
        }

        var today = await TodayAsync(cancellationToken);
        var last = new LocalDate(today.Year, today.Month, 1).PlusMonths(-1);
        var form = new NewInvoiceForm { ClientId = clientId, FirstMonth = NewInvoiceForm.MonthText(last), LastMonth = NewInvoiceForm.MonthText(last) };
        return View(await NewModelAsync(form, cancellationToken));
    }

    [HttpPost("invoices")]
    public async Task<IActionResult> Create([Bind(Prefix = "Invoice")] NewInvoiceForm form, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var first = NewInvoiceForm.Month(form.FirstMonth);
        var last = NewInvoiceForm.Month(form.LastMonth);
        if (form.FirstMonth is not null && first is null)
        {
            ModelState.AddModelError("Invoice.FirstMonth", "Enter the first month as year and month, such as 2026-10.");
        }

        if (form.LastMonth is not null && last is null)
        {
            ModelState.AddModelError("Invoice.LastMonth", "Enter the last month as year and month, such as 2026-10.");
        }

        if (!Enum.IsDefined(form.Grouping))
        {
            ModelState.AddModelError("Invoice.Grouping", "Choose lines by project or by outcome.");
        }

        if (ModelState.IsValid && form.ClientId is { } clientId && first is { } f && last is { } l)
        {
            var result = await invoices.CreateDraftAsync(looker, clientId, f, l, form.Grouping, cancellationToken);
            if (result.Failure == InvoiceFailure.Forbidden)
            {
                return Forbidden();
            }

            if (result is { Succeeded: true, Invoice: { } invoice })
            {
                TempData["Notice"] = "Draft invoice made. Check it, then issue it.";
                return LocalRedirect($"/{OrgSlug}/invoices/{invoice.Id}");
            }

            AddProblems(result.Problems, "Invoice");
        }
        else if (!GroupReports.OffersBilling(looker))
        {
            return Forbidden();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(New), await NewModelAsync(form, cancellationToken));
    }

    [HttpGet("invoices/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var result = await invoices.FindAsync(looker, id, cancellationToken);
        if (result.Invoice is not { } invoice)
        {
            return result.Failure == InvoiceFailure.Forbidden ? Forbidden() : NotFound();
        }

        await invoices.RecordShownAsync(looker, invoice, AccessChannel.Page, cancellationToken);
        return View(await ModelAsync(invoice, DraftForm.Of(invoice), new VoidForm(), cancellationToken));
    }

    [HttpPost("invoices/{id:guid}")]
    public async Task<IActionResult> SaveDraft(Guid id, [Bind(Prefix = "Draft")] DraftForm form, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var issue = DraftForm.Date(form.IssueDate);
        var due = DraftForm.Date(form.DueDate);
        if (form.IssueDate is not null && issue is null)
        {
            ModelState.AddModelError("Draft.IssueDate", "Enter the issue date as a date, such as 2026-12-01.");
        }

        if (form.DueDate is not null && due is null)
        {
            ModelState.AddModelError("Draft.DueDate", "Enter the due date as a date, such as 2026-12-31.");
        }

        if (ModelState.IsValid && issue is { } i && due is { } d)
        {
            var result = await invoices.UpdateDraftAsync(looker, id, new DraftChanges(i, d, form.Notes, form.TaxRates), cancellationToken);
            if (Failed(result) is { } failed)
            {
                return failed;
            }

            if (result.Succeeded)
            {
                TempData["Notice"] = "Draft saved.";
                return LocalRedirect($"/{OrgSlug}/invoices/{id}");
            }

            AddProblems(result.Problems, "Draft");
        }

        return await InvalidAsync(looker, id, form, new VoidForm(), cancellationToken);
    }

    [HttpPost("invoices/{id:guid}/issue")]
    public Task<IActionResult> Issue(Guid id, CancellationToken cancellationToken) =>
        CommandAsync(id, (looker, ct) => invoices.IssueAsync(looker, id, ct), i => text["Invoice {0} issued. Its entries are locked until it is voided.", i.Number ?? ""], cancellationToken);

    [HttpPost("invoices/{id:guid}/paid")]
    public Task<IActionResult> MarkPaid(Guid id, CancellationToken cancellationToken) =>
        CommandAsync(id, (looker, ct) => invoices.MarkPaidAsync(looker, id, ct), i => text["Invoice {0} marked paid.", i.Number ?? ""], cancellationToken);

    [HttpPost("invoices/{id:guid}/discard")]
    [RequireConfirmation("Nothing was discarded: tick “Yes, discard this draft” to confirm; a discarded draft cannot be brought back.")]
    public async Task<IActionResult> Discard(Guid id, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var result = await invoices.DiscardAsync(looker, id, cancellationToken);
        if (Failed(result) is { } failed)
        {
            return failed;
        }

        if (!result.Succeeded)
        {
            AddProblems(result.Problems, "");
            return await InvalidAsync(looker, id, null, new VoidForm(), cancellationToken);
        }

        TempData["Notice"] = "Draft discarded.";
        return LocalRedirect($"/{OrgSlug}/invoices");
    }

    [HttpPost("invoices/{id:guid}/void")]
    public async Task<IActionResult> Void(Guid id, [Bind(Prefix = "Void")] VoidForm form, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await invoices.VoidAsync(looker, id, form.Reason, cancellationToken);
            if (Failed(result) is { } failed)
            {
                return failed;
            }

            if (result is { Succeeded: true, Invoice: { } invoice })
            {
                TempData["Notice"] = text["Invoice {0} is void. Its entries may change again.", invoice.Number ?? ""].Value;
                return LocalRedirect($"/{OrgSlug}/invoices/{id}");
            }

            AddProblems(result.Problems, "Void");
        }
        else if ((await invoices.FindAsync(looker, id, cancellationToken)) is { Invoice: null } missing)
        {
            return missing.Failure == InvoiceFailure.Forbidden ? Forbidden() : NotFound();
        }

        return await InvalidAsync(looker, id, null, form, cancellationToken);
    }

    [HttpGet("invoices/{id:guid}/pdf")]
    public async Task<IActionResult> Pdf(Guid id, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var result = await invoices.FindAsync(looker, id, cancellationToken);
        if (result.Invoice is not { } invoice)
        {
            return result.Failure == InvoiceFailure.Forbidden ? Forbidden() : NotFound();
        }

        await invoices.RecordShownAsync(looker, invoice, AccessChannel.Export, cancellationToken);
        var name = invoice.Number is { } number ? $"invoice-{number}.pdf" : $"invoice-draft-{NewInvoiceForm.MonthText(invoice.FirstMonth)}.pdf";
        return File(InvoicePdf.Render(invoice), "application/pdf", name);
    }

    private async Task<IActionResult> CommandAsync(Guid id, Func<Looker, CancellationToken, Task<InvoiceResult>> command, Func<Invoice, string> notice, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var result = await command(looker, cancellationToken);
        if (Failed(result) is { } failed)
        {
            return failed;
        }

        if (result is { Succeeded: true, Invoice: { } invoice })
        {
            TempData["Notice"] = notice(invoice);
            return LocalRedirect($"/{OrgSlug}/invoices/{id}");
        }

        AddProblems(result.Problems, "");
        return await InvalidAsync(looker, id, null, new VoidForm(), cancellationToken);
    }

    private IActionResult? Failed(InvoiceResult result) => result.Failure switch
    {
        InvoiceFailure.Forbidden => Forbidden(),
        InvoiceFailure.NotFound => NotFound(),
        _ => null,
    };

    private async Task<IActionResult> InvalidAsync(Looker looker, Guid id, DraftForm? draft, VoidForm voidForm, CancellationToken cancellationToken)
    {
        var found = await invoices.FindAsync(looker, id, cancellationToken);
        if (found.Invoice is not { } invoice)
        {
            return found.Failure == InvoiceFailure.Forbidden ? Forbidden() : NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Show), await ModelAsync(invoice, draft ?? DraftForm.Of(invoice), voidForm, cancellationToken));
    }

    private void AddProblems(IReadOnlyList<InvoiceProblem> problems, string prefix)
    {
        foreach (var problem in problems)
        {
            ModelState.AddModelError(problem.Field.Length == 0 || prefix.Length == 0 ? problem.Field : $"{prefix}.{problem.Field}", problem.Message);
        }
    }

    private ViewResult Forbidden()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("~/Features/Invoices/Forbidden.cshtml");
    }

    private async Task<InvoiceModel> ModelAsync(Invoice invoice, DraftForm draft, VoidForm voidForm, CancellationToken cancellationToken)
    {
        var ids = new[] { invoice.CreatedByUserId, invoice.IssuedByUserId, invoice.PaidByUserId, invoice.VoidedByUserId }.OfType<Guid>().Distinct().ToList();
        // Who acted on the invoice is the invoice's history, not their time: names only.
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new InvoiceModel(invoice, draft, voidForm, people);
    }

    private async Task<NewInvoiceModel> NewModelAsync(NewInvoiceForm form, CancellationToken cancellationToken)
    {
        var clients = await db.Clients.AsNoTracking().Where(c => !c.IsArchived || c.Id == form.ClientId).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var month = new LocalDate(today.Year, today.Month, 1);
        var months = await releases.EnsureAsync(month.PlusMonths(-3), month, cancellationToken);
        var said = months.Select(m => m.Released
            ? $"{Invoice.MonthName(m.Month)}: released, may be invoiced."
            : $"{Invoice.MonthName(m.Month)}: not released yet, from {m.ReleasedAt.InUtc().Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.").ToList();
        return new NewInvoiceModel(form, [.. clients.Select(c => (c.Id, c.Name))], said);
    }

    private async Task<LocalDate> TodayAsync(CancellationToken cancellationToken)
    {
        var zone = await db.Organizations.AsNoTracking().Where(o => o.Id == tenant.RequiredTenantId).Select(o => o.DefaultTimeZoneId).SingleAsync(cancellationToken);
        return clock.GetCurrentInstant().InZone(TimeZones.Resolve(null, zone)).Date;
    }
}
