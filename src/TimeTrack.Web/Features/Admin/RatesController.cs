using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// The organization's currency and its hourly rates, effective-dated and kept as history. A rate of a
/// person (alone or on a project) is their data: it is shown only where the policy grants the admin
/// <see cref="DataCategory.Rates"/> one by one, and each person whose rate is shown finds the look in
/// their access log. Otherwise the page says a rate is set, and the admin may still set a new one.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class RatesController(
    TimeTrackDbContext db,
    TenantContext tenant,
    PersonDataDoor door,
    RatesReader reader,
    IClock clock,
    IStringLocalizer<SharedResource> text) : OrgController
{
    public const string HiddenText = "Set — hidden by the transparency policy";

    public const string DuplicateRate = "A rate of this scope already takes effect on that day. Remove it first or choose another day.";

    private const string ViewPath = "~/Features/Admin/Rates.cshtml";

    [HttpGet("admin/rates")]
    [ReadsPersonData]
    public async Task<IActionResult> Index(Guid? projectId, Guid? userId, CancellationToken cancellationToken)
    {
        var organization = await OrganizationAsync(cancellationToken);
        var form = new RateForm
        {
            ProjectId = projectId,
            UserId = userId,
            EffectiveFrom = TimeFormat.Iso(Today(organization.DefaultTimeZoneId)),
        };
        return View(ViewPath, await BuildAsync(new CurrencyForm { Currency = organization.Currency }, form, cancellationToken));
    }

    [HttpPost("admin/rates/currency")]
    public async Task<IActionResult> SetCurrency([Bind(Prefix = "Settings")] CurrencyForm form, CancellationToken cancellationToken)
    {
        string? code = null;
        if (ModelState.IsValid)
        {
            code = form.Normalized(out var problem);
            if (problem is not null)
            {
                ModelState.AddModelError("Settings.Currency", problem);
            }
        }

        if (!ModelState.IsValid || code is null)
        {
            return await InvalidAsync(form, new RateForm { EffectiveFrom = TimeFormat.Iso(Today((await OrganizationAsync(cancellationToken)).DefaultTimeZoneId)) }, cancellationToken);
        }

        var organization = await db.Organizations.SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);
        organization.Currency = code;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = text["Rates are now in {0}. Amounts were not converted.", code].Value;
        return LocalRedirect($"/{OrgSlug}/admin/rates");
    }

    [HttpPost("admin/rates")]
    public async Task<IActionResult> Add([Bind(Prefix = "NewRate")] RateForm form, CancellationToken cancellationToken)
    {
        var day = form.Day;
        if (!ModelState.HasErrors("NewRate.EffectiveFrom") && day is null)
        {
            ModelState.AddModelError("NewRate.EffectiveFrom", TimeFormat.DateProblem(form.EffectiveFrom, "Enter the day as a date, such as 2026-12-01."));
        }

        decimal? amount = null;
        if (!ModelState.HasErrors("NewRate.HourlyAmount"))
        {
            amount = form.Amount(out var problem);
            if (problem is not null)
            {
                ModelState.AddModelError("NewRate.HourlyAmount", problem);
            }
        }

        if (form.ProjectId is { } projectId && !await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken))
        {
            ModelState.AddModelError("NewRate.ProjectId", "Choose a project of this organization.");
        }

        if (form.UserId is { } userId && !await db.Memberships.AnyAsync(m => m.UserId == userId, cancellationToken))
        {
            ModelState.AddModelError("NewRate.UserId", "Choose a member of this organization.");
        }

        if (ModelState.IsValid && day is { } effective
            && await db.Rates.AnyAsync(r => r.ProjectId == form.ProjectId && r.UserId == form.UserId && r.EffectiveFrom == effective, cancellationToken))
        {
            ModelState.AddModelError("NewRate.EffectiveFrom", DuplicateRate);
        }

        if (!ModelState.IsValid || day is not { } from || amount is not { } hourly)
        {
            return await InvalidAsync(await CurrentCurrencyAsync(cancellationToken), form, cancellationToken);
        }

        db.Rates.Add(new Rate
        {
            Id = Guid.CreateVersion7(),
            ProjectId = form.ProjectId,
            UserId = form.UserId,
            EffectiveFrom = from,
            HourlyAmount = hourly,
            SetByUserId = tenant.UserId ?? throw new InvalidOperationException("A signed-in admin is required."),
            SetAt = clock.GetCurrentInstant(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (WorkRules.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("NewRate.EffectiveFrom", DuplicateRate);
            return await InvalidAsync(await CurrentCurrencyAsync(cancellationToken), form, cancellationToken);
        }

        TempData["Notice"] = text["Rate added: {0}, from {1}.", await ScopeLabelAsync(form.ProjectId, form.UserId, cancellationToken), RatesModel.Date(from)].Value;
        return LocalRedirect($"/{OrgSlug}/admin/rates");
    }

    /// <summary>Removes a rate the admin can see; a person's rate the policy hides from them is not found.</summary>
    [HttpPost("admin/rates/{id:guid}/delete")]
    [RequireConfirmation("Nothing was removed: tick “Yes, remove” next to the rate to confirm.")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var rate = await db.Rates.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rate is null || (rate.UserId is { } subject && !RatesReader.MayView(await LookerAsync(cancellationToken), subject, rate.ProjectId)))
        {
            return NotFound();
        }

        db.Rates.Remove(rate);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = text["Rate removed: {0}, from {1}.", await ScopeLabelAsync(rate.ProjectId, rate.UserId, cancellationToken), RatesModel.Date(rate.EffectiveFrom)].Value;
        return LocalRedirect($"/{OrgSlug}/admin/rates");
    }

    private async Task<IActionResult> InvalidAsync(CurrencyForm currency, RateForm rate, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ViewPath, await BuildAsync(currency, rate, cancellationToken));
    }

    private async Task<CurrencyForm> CurrentCurrencyAsync(CancellationToken cancellationToken) =>
        new() { Currency = (await OrganizationAsync(cancellationToken)).Currency };

    private async Task<RatesModel> BuildAsync(CurrencyForm currency, RateForm newRate, CancellationToken cancellationToken) =>
        await reader.ReadAsync(await LookerAsync(cancellationToken), await OrganizationAsync(cancellationToken), currency, newRate, cancellationToken);

    private async Task<Looker> LookerAsync(CancellationToken cancellationToken) =>
        await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("A signed-in admin is required.");

    private async Task<string> ScopeLabelAsync(Guid? projectId, Guid? userId, CancellationToken cancellationToken)
    {
        var project = projectId is { } p
            ? await db.Projects.AsNoTracking().Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var person = userId is { } u
            ? await db.Users.AsNoTracking().Where(x => x.Id == u).Select(x => x.DisplayName == "" ? x.Email : x.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        return RatesReader.Label(
            projectId,
            userId,
            projectId is { } pid ? new Dictionary<Guid, string> { [pid] = project ?? "" } : [],
            userId is { } uid ? new Dictionary<Guid, string> { [uid] = person ?? "" } : []);
    }

    private async Task<Domain.Tenancy.Organization> OrganizationAsync(CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);

    internal LocalDate Today(string zoneId) =>
        clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc).Date;
}

public enum RateScope
{
    Organization,
    Project,
    Person,
    PersonOnProject,
}

public enum RateStatus
{
    InForce,
    Scheduled,
    Superseded,
}

public sealed record RateOption(Guid Id, string Label);

public sealed record RateRow(Guid Id, RateScope Scope, string Label, Guid? ProjectId, Guid? UserId, LocalDate EffectiveFrom, decimal HourlyAmount, RateStatus Status);

/// <summary>A person's rate (alone or on a project) that the policy does not show this admin: only that one is set.</summary>
public sealed record HiddenRate(RateScope Scope, string Label, Guid? ProjectId, Guid UserId);

public sealed record RateGroup(RateScope Scope, IReadOnlyList<RateRow> Rows, IReadOnlyList<HiddenRate> Hidden);

public sealed record RatesModel(
    string Currency,
    LocalDate Today,
    IReadOnlyList<RateGroup> Groups,
    IReadOnlyList<RateOption> Projects,
    IReadOnlyList<RateOption> People,
    CurrencyForm Settings,
    RateForm NewRate,
    IReadOnlySet<Guid> ShownPeople)
{
    public static RateScope ScopeOf(Guid? projectId, Guid? userId) => (projectId, userId) switch
    {
        (null, null) => RateScope.Organization,
        (_, null) => RateScope.Project,
        (null, _) => RateScope.Person,
        _ => RateScope.PersonOnProject,
    };

    public static string Heading(RateScope scope) => scope switch
    {
        RateScope.Organization => "Organization default",
        RateScope.Project => "Per project",
        RateScope.Person => "Per person",
        RateScope.PersonOnProject => "Per person on a project",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static string Id(RateScope scope) => scope switch
    {
        RateScope.Organization => "rates-organization",
        RateScope.Project => "rates-project",
        RateScope.Person => "rates-person",
        RateScope.PersonOnProject => "rates-person-project",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static string Label(RateStatus status) => status switch
    {
        RateStatus.InForce => "In force",
        RateStatus.Scheduled => "Scheduled",
        RateStatus.Superseded => "Superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Date(LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public string Amount(decimal amount) => string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {Currency}");
}
