using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Disclosure;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Configurations;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Invoices;

/// <summary>A problem with what was asked, tied to the form field it is about ("" for the whole form).</summary>
public sealed record InvoiceProblem(string Field, string Message);

public enum InvoiceFailure
{
    None,
    Invalid,
    NotFound,

    /// <summary>The policy does not give the viewer billing figures.</summary>
    Forbidden,
}

/// <summary>What an invoice command did: the invoice, or why not.</summary>
public sealed record InvoiceResult(Invoice? Invoice, InvoiceFailure Failure, IReadOnlyList<InvoiceProblem> Problems)
{
    public bool Succeeded => Failure == InvoiceFailure.None;

    public static InvoiceResult Ok(Invoice invoice) => new(invoice, InvoiceFailure.None, []);

    public static InvoiceResult Invalid(string field, string message) => new(null, InvoiceFailure.Invalid, [new InvoiceProblem(field, message)]);

    public static InvoiceResult NotFound { get; } = new(null, InvoiceFailure.NotFound, []);

    public static InvoiceResult Forbidden { get; } = new(null, InvoiceFailure.Forbidden, []);
}

/// <summary>What may change on a draft.</summary>
public sealed record DraftChanges(LocalDate IssueDate, LocalDate DueDate, string? Notes, IReadOnlyList<decimal> TaxRates);

/// <summary>
/// Invoices (ADR 021). Every figure on one is a billing figure of a released month
/// (<see cref="MonthFigures.BillingOf"/>): whole calendar months, exact, per client and project, never
/// per person, given only to viewers the policy grants Billing for the whole organization
/// (<see cref="GroupReports.OffersBilling"/>) — admins included, by the same rule. Issuing numbers the
/// invoice from the organization's counter in the same transaction (gap-free) and locks the invoiced
/// entries on the one write path; voiding unlocks them and keeps the number.
/// </summary>
public sealed class InvoiceService(TimeTrackDbContext db, GroupFigures figures, TenantContext tenant, IClock clock)
{
    /// <summary>The longest period one invoice covers.</summary>
    public const int MostMonths = 12;

    /// <summary>The invoices of the organization, newest first, when the viewer may see billing figures.</summary>
    public async Task<IReadOnlyList<Invoice>?> ListAsync(Looker looker, CancellationToken cancellationToken = default)
    {
        if (!GroupReports.OffersBilling(looker))
        {
            return null;
        }

        return await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .OrderByDescending(i => i.NumberYear).ThenByDescending(i => i.NumberSequence).ThenByDescending(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>One invoice, or why not (not found, or billing figures are not the viewer's to see).</summary>
    public async Task<InvoiceResult> FindAsync(Looker looker, Guid id, CancellationToken cancellationToken = default)
    {
        if (!GroupReports.OffersBilling(looker))
        {
            return InvoiceResult.Forbidden;
        }

        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (invoice is null)
        {
            return InvoiceResult.NotFound;
        }

        invoice.Lines.Sort((a, b) => a.Position.CompareTo(b.Position));
        if (invoice.IsDraft)
        {
            await FillPartiesAsync(invoice, cancellationToken);
        }

        return InvoiceResult.Ok(invoice);
    }

    /// <summary>Records that the viewer was shown the invoice's figures: everyone whose time they add up, as a billing group.</summary>
    public async Task RecordShownAsync(Looker looker, Invoice invoice, AccessChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(invoice);
        var months = invoice.Months.ToList();
        var people = await db.ReleasedTime.AsNoTracking()
            .Where(t => months.Contains(t.Month) && t.ClientId == invoice.ClientId && t.Billable)
            .Select(t => t.UserId).Distinct().ToListAsync(cancellationToken);
        var period = new DateInterval(invoice.FirstMonth, invoice.LastMonth.PlusMonths(1).PlusDays(-1));
        looker.ShownInGroup(people, [DataCategory.Billing], new AccessRead(channel, $"Invoice {invoice.Number ?? "draft"} › {invoice.ClientName}, {invoice.PeriodLabel}", period));
    }

    /// <summary>
    /// A draft invoice to <paramref name="clientId"/> for the calendar months from the one of
    /// <paramref name="firstMonth"/> to the one of <paramref name="lastMonth"/>: a line per project (or
    /// outcome) and hourly rate from the months' billing figures. Every month must be released, and no
    /// other invoice that is not void may hold one of them.
    /// </summary>
    public async Task<InvoiceResult> CreateDraftAsync(Looker looker, Guid clientId, LocalDate firstMonth, LocalDate lastMonth, InvoiceGrouping grouping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        if (!GroupReports.OffersBilling(looker))
        {
            return InvoiceResult.Forbidden;
        }

        var first = MonthRelease.MonthOf(firstMonth);
        var last = MonthRelease.MonthOf(lastMonth);
        if (last < first)
        {
            return InvoiceResult.Invalid(InvoiceFields.LastMonth, "The last month cannot be before the first.");
        }

        if (Period.Between(first, last, PeriodUnits.Months).Months >= MostMonths)
        {
            return InvoiceResult.Invalid(InvoiceFields.LastMonth, $"One invoice covers at most {MostMonths} months.");
        }

        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return InvoiceResult.Invalid(InvoiceFields.ClientId, "Choose a client.");
        }

        var (released, pending) = await figures.ReleasedAsync(first, last.PlusMonths(1).PlusDays(-1), cancellationToken);
        if (pending.Count > 0)
        {
            var (month, at) = pending[0];
            return InvoiceResult.Invalid(
                InvoiceFields.LastMonth,
                $"{Invoice.MonthName(month)} is not released yet; it will be on {at.InUtc().Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. "
                + "Invoices take billing figures from whole calendar months once they are released, after everyone has had time to review their weeks, so an invoice never differs from the figures behind it.");
        }

        var months = released.Select(m => m.Month).ToList();
        if (await HeldAsync(clientId, months, cancellationToken) is { } held)
        {
            return InvoiceResult.Invalid(InvoiceFields.FirstMonth, held);
        }

        var profile = await db.BillingProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == tenant.RequiredTenantId)
            .Select(o => new { o.Currency, o.DefaultTimeZoneId }).SingleAsync(cancellationToken);
        var today = clock.GetCurrentInstant().InZone(TimeZones.Resolve(null, organization.DefaultTimeZoneId)).Date;
        var invoice = new Invoice
        {
            Id = Guid.CreateVersion7(),
            ClientId = clientId,
            FirstMonth = first,
            LastMonth = last,
            Grouping = grouping,
            Currency = organization.Currency,
            Status = InvoiceStatus.Draft,
            IssueDate = today,
            DueDate = today.PlusDays(profile?.PaymentTermsDays ?? 30),
            CreatedByUserId = looker.UserId,
            CreatedAt = clock.GetCurrentInstant(),
        };
        await AddLinesAsync(invoice, released, profile?.DefaultTaxRate ?? 0m, cancellationToken);
        if (invoice.Lines.Count == 0)
        {
            return InvoiceResult.Invalid(InvoiceFields.ClientId, $"{client.Name} has no billable time at an hourly rate in {Invoice.PeriodOf(first, last)}.");
        }

        // The parties as they are now; a draft shows them as they are when it is read, issuing freezes them.
        await FillPartiesAsync(invoice, cancellationToken);
        db.Invoices.Add(invoice);
        db.InvoiceMonths.AddRange(months.Select(m => new InvoiceMonth { ClientId = clientId, Month = m, InvoiceId = invoice.Id }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: InvoiceMonthConfiguration.Key })
        {
            db.ChangeTracker.Clear();
            return InvoiceResult.Invalid(InvoiceFields.FirstMonth, "Another invoice for this client and one of these months was made a moment ago.");
        }

        await RecordShownAsync(looker, invoice, AccessChannel.Page, cancellationToken);
        return InvoiceResult.Ok(invoice);
    }

    /// <summary>Changes a draft's dates, notes and each line's tax rate.</summary>
    public Task<InvoiceResult> UpdateDraftAsync(Looker looker, Guid id, DraftChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return ChangeAsync(looker, id, invoice =>
        {
            if (!invoice.IsDraft)
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem("", "Only a draft can be changed; void an issued invoice and make a new one."));
            }

            if (changes.DueDate < changes.IssueDate)
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem(InvoiceFields.DueDate, "The due date cannot be before the issue date."));
            }

            if (changes.TaxRates.Count != invoice.Lines.Count || changes.TaxRates.Any(r => r is < 0 or > 100 || decimal.Round(r, 2) != r))
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem("", "Enter each line's tax rate as a percentage from 0 to 100, with at most two decimals."));
            }

            if (changes.Notes is { Length: > 2000 })
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem(InvoiceFields.Notes, "Use at most 2,000 characters."));
            }

            invoice.IssueDate = changes.IssueDate;
            invoice.DueDate = changes.DueDate;
            invoice.Notes = changes.Notes?.Trim() ?? "";
            foreach (var line in invoice.Lines)
            {
                line.TaxRate = changes.TaxRates[line.Position - 1];
            }

            return Task.FromResult<InvoiceProblem?>(null);
        }, cancellationToken);
    }

    /// <summary>
    /// Issues a draft: the organization's next number of the issue date's year, taken from its counter
    /// in this transaction (so a failure gives the number back and there are no gaps), the parties as
    /// they are now, and every billable entry of the client's projects counted in its months locked.
    /// </summary>
    public Task<InvoiceResult> IssueAsync(Looker looker, Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(looker, id, async invoice =>
        {
            if (!invoice.IsDraft)
            {
                return new InvoiceProblem("", "This invoice is already issued.");
            }

            await FillPartiesAsync(invoice, cancellationToken);
            if (string.IsNullOrWhiteSpace(invoice.IssuerName) || string.IsNullOrWhiteSpace(invoice.IssuerAddress))
            {
                return new InvoiceProblem("", "Enter the organization's billing details (legal name and address) before issuing.");
            }

            if (string.IsNullOrWhiteSpace(invoice.ClientAddress))
            {
                return new InvoiceProblem("", $"Enter {invoice.ClientName}'s billing address on the client's page before issuing.");
            }

            var tenantId = tenant.RequiredTenantId;
            var year = invoice.IssueDate.Year;
            // The upsert takes the counter row's lock until this transaction ends: issues in the same
            // organization queue here, and a rollback hands the number back.
            var numbers = await db.Database.SqlQuery<int>($"""
                INSERT INTO invoice_counters (tenant_id, year, last_number) VALUES ({tenantId}, {year}, 1)
                ON CONFLICT (tenant_id, year) DO UPDATE SET last_number = invoice_counters.last_number + 1
                RETURNING last_number AS "Value"
                """).ToListAsync(cancellationToken);
            invoice.Issue(year, numbers[0], looker.UserId, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            var firstDay = invoice.FirstMonth;
            var lastDay = invoice.LastMonth.PlusMonths(1).PlusDays(-1);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE time_entries e SET invoice_id = {invoice.Id}
                FROM projects p
                WHERE p.tenant_id = e.tenant_id AND p.id = e.project_id AND p.client_id = {invoice.ClientId}
                  AND e.tenant_id = {tenantId} AND e.is_billable AND e.end_at IS NOT NULL AND e.invoice_id IS NULL
                  AND e.day <= {lastDay} AND e.day + (COALESCE(cardinality(e.day_milliseconds), 1) - 1) >= {firstDay}
                """, cancellationToken);
            return null;
        }, cancellationToken);

    public Task<InvoiceResult> MarkPaidAsync(Looker looker, Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(looker, id, invoice =>
        {
            if (invoice.Status != InvoiceStatus.Issued)
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem("", "Only an issued invoice can be marked paid."));
            }

            invoice.MarkPaid(looker.UserId, clock.GetCurrentInstant());
            return Task.FromResult<InvoiceProblem?>(null);
        }, cancellationToken);

    /// <summary>Voids an issued or paid invoice for <paramref name="reason"/>: it keeps its number, its months and entries are free again.</summary>
    public Task<InvoiceResult> VoidAsync(Looker looker, Guid id, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(looker, id, async invoice =>
        {
            if (invoice.Status is not (InvoiceStatus.Issued or InvoiceStatus.Paid))
            {
                return new InvoiceProblem("", invoice.IsDraft ? "A draft is discarded, not voided." : "This invoice is already void.");
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                return new InvoiceProblem(InvoiceFields.Reason, "Say why the invoice is void; the reason stays with it.");
            }

            if (reason.Trim().Length > 500)
            {
                return new InvoiceProblem(InvoiceFields.Reason, "Use at most 500 characters.");
            }

            invoice.Void(reason, looker.UserId, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            await db.InvoiceMonths.Where(m => m.InvoiceId == invoice.Id).ExecuteDeleteAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE time_entries SET invoice_id = NULL WHERE tenant_id = {tenant.RequiredTenantId} AND invoice_id = {invoice.Id}",
                cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Deletes a draft, freeing its months.</summary>
    public Task<InvoiceResult> DiscardAsync(Looker looker, Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(looker, id, invoice =>
        {
            if (!invoice.IsDraft)
            {
                return Task.FromResult<InvoiceProblem?>(new InvoiceProblem("", "An issued invoice keeps its number: void it instead."));
            }

            db.Invoices.Remove(invoice);
            return Task.FromResult<InvoiceProblem?>(null);
        }, cancellationToken);

    /// <summary>Loads the invoice for update in one transaction, applies <paramref name="change"/>, saves and commits unless it found a problem.</summary>
    private async Task<InvoiceResult> ChangeAsync(Looker looker, Guid id, Func<Invoice, Task<InvoiceProblem?>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(looker);
        if (!GroupReports.OffersBilling(looker))
        {
            return InvoiceResult.Forbidden;
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var invoice = await db.Invoices
                .FromSql($"SELECT * FROM invoices WHERE tenant_id = {tenant.RequiredTenantId} AND id = {id} FOR UPDATE")
                .Include(i => i.Lines)
                .SingleOrDefaultAsync(ct);
            if (invoice is null)
            {
                return InvoiceResult.NotFound;
            }

            invoice.Lines.Sort((a, b) => a.Position.CompareTo(b.Position));
            if (await change(invoice) is { } problem)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new InvoiceResult(invoice, InvoiceFailure.Invalid, [problem]);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return InvoiceResult.Ok(invoice);
        }, cancellationToken);
    }

    /// <summary>Why one of <paramref name="months"/> of the client is taken, or null.</summary>
    private async Task<string?> HeldAsync(Guid clientId, List<LocalDate> months, CancellationToken cancellationToken)
    {
        var held = await db.InvoiceMonths.AsNoTracking()
            .Where(m => m.ClientId == clientId && months.Contains(m.Month))
            .Join(db.Invoices, m => m.InvoiceId, i => i.Id, (m, i) => new { m.Month, i.Number })
            .OrderBy(x => x.Month)
            .FirstOrDefaultAsync(cancellationToken);
        return held is null
            ? null
            : $"{Invoice.MonthName(held.Month)} of this client is already on {(held.Number is null ? "a draft invoice" : "invoice " + held.Number)}. Void or discard it first.";
    }

    /// <summary>The lines: billable time at an hourly rate, by project (or outcome) and rate, in name order; the amounts are the billing figures'.</summary>
    private async Task AddLinesAsync(Invoice invoice, IReadOnlyList<ReleasedMonth> released, decimal taxRate, CancellationToken cancellationToken)
    {
        var rows = released.SelectMany(m => m.Time)
            .Where(t => t.Billable && t.ClientId == invoice.ClientId && t.HourlyRate is not null)
            .ToList();
        var projectIds = rows.Select(r => r.ProjectId).Distinct().ToList();
        var outcomeIds = rows.Select(r => r.OutcomeId).OfType<Guid>().Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => outcomeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        string Describe(Guid project, Guid? outcome)
        {
            var name = projects.GetValueOrDefault(project, "A removed project");
            return invoice.Grouping == InvoiceGrouping.Project ? name
                : name + " › " + (outcome is { } o ? outcomes.GetValueOrDefault(o, "A removed outcome") : "Other work");
        }

        var lines = rows
            .GroupBy(r => (r.ProjectId, OutcomeId: invoice.Grouping == InvoiceGrouping.Outcome ? r.OutcomeId : null, Rate: r.HourlyRate ?? 0m))
            .Select(g => new InvoiceLine
            {
                InvoiceId = invoice.Id,
                ProjectId = g.Key.ProjectId,
                OutcomeId = g.Key.OutcomeId,
                Description = Describe(g.Key.ProjectId, g.Key.OutcomeId),
                HourlyRate = g.Key.Rate,
                DurationMs = g.Sum(r => r.DurationMs),
                Amount = g.Sum(r => MonthFigures.Amount(r.DurationMs, g.Key.Rate)),
                TaxRate = taxRate,
            })
            .OrderBy(l => l.Description, StringComparer.CurrentCulture)
            .ThenBy(l => l.HourlyRate)
            .ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].Position = i + 1;
            invoice.Lines.Add(lines[i]);
        }
    }

    /// <summary>Puts the organization's and the client's billing details on the invoice, as they are now.</summary>
    private async Task FillPartiesAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var profile = await db.BillingProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == tenant.RequiredTenantId).Select(o => o.Name).SingleAsync(cancellationToken);
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == invoice.ClientId, cancellationToken);
        invoice.IssuerName = string.IsNullOrWhiteSpace(profile?.LegalName) ? organizationName : profile.LegalName;
        invoice.IssuerAddress = profile?.Address ?? "";
        invoice.IssuerTaxNumber = profile?.TaxNumber ?? "";
        invoice.PaymentTermsDays = profile?.PaymentTermsDays ?? 30;
        invoice.ClientName = client.Name;
        invoice.ClientAddress = client.BillingAddress;
        invoice.ClientTaxNumber = client.TaxNumber;
    }
}

/// <summary>Field names of the invoice forms, for problems and for the views.</summary>
public static class InvoiceFields
{
    public const string ClientId = "ClientId";
    public const string FirstMonth = "FirstMonth";
    public const string LastMonth = "LastMonth";
    public const string IssueDate = "IssueDate";
    public const string DueDate = "DueDate";
    public const string Notes = "Notes";
    public const string Reason = "Reason";
}
