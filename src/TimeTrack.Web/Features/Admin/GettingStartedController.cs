using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// A new organization's first run: the checklist (time zone and week start, working days and hours,
/// a first project, inviting people, the default policy with each purpose explained), and the
/// organization's own settings, which may change until time is tracked.
/// </summary>
[ShowsNoOneElsesData("The organization's settings and first-run checklist: no one's figures.")]
[Authorize(Policy = Policies.Admin)]
public sealed class GettingStartedController(TimeTrackDbContext db, GettingStarted gettingStarted, PolicyStore policies, TenantContext tenant, IStringLocalizer<SharedResource> text) : OrgController
{
    /// <summary>Why the time zone and week start no longer change once time is tracked.</summary>
    public const string SettledOnceTracked =
        "Time has been tracked, and every week, digest and approval is counted by this setting, so it can no longer change.";

    /// <summary>The days a week may start on, as at creation.</summary>
    public static readonly IReadOnlyList<IsoDayOfWeek> WeekStarts = [IsoDayOfWeek.Monday, IsoDayOfWeek.Sunday, IsoDayOfWeek.Saturday];

    [HttpGet("admin/getting-started")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View("~/Features/Admin/GettingStarted.cshtml", await BuildModelAsync(cancellationToken));

    [HttpPost("admin/getting-started/{step}")]
    public async Task<IActionResult> Confirm(string step, CancellationToken cancellationToken)
    {
        if (OnboardingSteps.ConfirmedFromKey(step) is not { } confirmed)
        {
            return NotFound();
        }

        var checklist = await gettingStarted.ConfirmAsync(confirmed, cancellationToken);
        if (checklist.AllDone)
        {
            TempData["Notice"] = text["{0} is set up. Everything can still be changed from Admin.", checklist.Organization.Name].Value;
            return LocalRedirect($"/{OrgSlug}/admin");
        }

        return LocalRedirect($"/{OrgSlug}/admin/getting-started#{confirmed.Key()}");
    }

    [HttpGet("admin/organization")]
    public async Task<IActionResult> Settings(CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);
        var form = new OrganizationSettingsForm
        {
            Name = organization.Name,
            TimeZoneId = organization.DefaultTimeZoneId,
            WeekStart = organization.WeekStart,
        };
        return View("~/Features/Admin/Organization.cshtml", new OrganizationSettingsModel(form, await TrackedAsync(cancellationToken)));
    }

    [HttpPost("admin/organization")]
    public async Task<IActionResult> SaveSettings([Bind(Prefix = "Organization")] OrganizationSettingsForm form, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);
        var tracked = await TrackedAsync(cancellationToken);
        if (!TimeZones.IsKnown(form.TimeZoneId))
        {
            ModelState.AddModelError("Organization.TimeZoneId", "Choose a time zone from the list.");
        }
        else if (tracked && form.TimeZoneId != organization.DefaultTimeZoneId)
        {
            ModelState.AddModelError("Organization.TimeZoneId", SettledOnceTracked);
        }

        if (!WeekStarts.Contains(form.WeekStart))
        {
            ModelState.AddModelError("Organization.WeekStart", "Choose Monday, Sunday or Saturday.");
        }
        else if (tracked && form.WeekStart != organization.WeekStart)
        {
            ModelState.AddModelError("Organization.WeekStart", SettledOnceTracked);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Features/Admin/Organization.cshtml", new OrganizationSettingsModel(form, tracked));
        }

        organization.Name = form.Name!.Trim();
        organization.DefaultTimeZoneId = form.TimeZoneId!;
        organization.WeekStart = form.WeekStart;
        await db.SaveChangesAsync(cancellationToken);
        // Saving them is choosing them: the checklist's first step is done.
        var checklist = await gettingStarted.ConfirmAsync(OnboardingStep.ZoneAndWeek, cancellationToken);
        TempData["Notice"] = "The organization's settings are saved.";
        return LocalRedirect(checklist.Organization.OnboardedAt is null && !checklist.AllDone
            ? $"/{OrgSlug}/admin/getting-started#{OnboardingStep.ZoneAndWeek.Key()}"
            : $"/{OrgSlug}/admin");
    }

    private async Task<bool> TrackedAsync(CancellationToken cancellationToken) =>
        await db.TimeEntries.AnyAsync(cancellationToken) || await db.WeekSubmissions.AnyAsync(cancellationToken);

    private async Task<GettingStartedModel> BuildModelAsync(CancellationToken cancellationToken)
    {
        var checklist = await gettingStarted.ReadAsync(cancellationToken);
        var policy = await policies.ActiveAsync(cancellationToken);
        return new GettingStartedModel(checklist, policy);
    }
}

public sealed record GettingStartedModel(GettingStarted.Checklist Checklist, TransparencyPolicy Policy);

public sealed record OrganizationSettingsModel(OrganizationSettingsForm Organization, bool Tracked);

/// <summary>What an admin may change about the organization itself.</summary>
public sealed class OrganizationSettingsForm
{
    [Required(ErrorMessage = "Enter your organization's name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Organization name")]
    public string? Name { get; set; }

    [Display(Name = "Time zone", Description = "Used for people who have not chosen their own.")]
    public string? TimeZoneId { get; set; }

    [Display(Name = "Weeks start on")]
    public IsoDayOfWeek WeekStart { get; set; } = IsoDayOfWeek.Monday;
}
