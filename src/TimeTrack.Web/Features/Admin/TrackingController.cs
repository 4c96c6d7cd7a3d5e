using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Admin;

/// <summary>The organization's tracking rules: overlaps, working hours and how far back entries may change.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class TrackingController(TimeTrackDbContext db, TenantContext tenant) : OrgController
{
    private const string ViewPath = "~/Features/Admin/Tracking.cshtml";

    [HttpGet("admin/tracking")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var settings = (await LoadAsync(cancellationToken)).Tracking;
        var form = new TrackingSettingsForm
        {
            Overlaps = settings.Overlaps,
            MaximumDaysInPast = settings.MaximumDaysInPast,
        };
        form.Fill(new WorkingHours((WorkingDays)settings.WorkingDays, settings.WorkdayStart, settings.WorkdayEnd));
        return View(ViewPath, form);
    }

    [HttpPost("admin/tracking")]
    public async Task<IActionResult> Save(TrackingSettingsForm form, CancellationToken cancellationToken)
    {
        if (form.ValidateHours(out var field) is { } problem && !ModelState.HasErrors(field))
        {
            ModelState.AddModelError(field, problem);
        }

        if (!ModelState.IsValid || form is not { Start: { } start, End: { } end, MaximumDaysInPast: { } maximumDays })
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, form);
        }

        var organization = await LoadAsync(cancellationToken);
        var tracking = organization.Tracking;
        tracking.Overlaps = form.Overlaps;
        tracking.WorkingDays = (int)form.DayFlags;
        tracking.WorkdayStart = start;
        tracking.WorkdayEnd = end;
        tracking.MaximumDaysInPast = maximumDays;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Tracking settings saved. People's own working hours still only narrow these.";
        return LocalRedirect($"/{OrgSlug}/admin/tracking");
    }

    private Task<Organization> LoadAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        return db.Organizations.SingleAsync(o => o.Id == tenantId, cancellationToken);
    }
}

public sealed class TrackingSettingsForm : WorkingHoursForm
{
    [EnumDataType(typeof(OverlapRule), ErrorMessage = "Choose whether entries may overlap.")]
    [Display(Name = "Overlapping entries")]
    public OverlapRule Overlaps { get; set; } = OverlapRule.Rejected;

    [Required(ErrorMessage = "Enter how many days back people may add or change entries.")]
    [Range(1, 3660, ErrorMessage = "Enter a number of days from 1 to 3660.")]
    [Display(Name = "Maximum days in the past")]
    public int? MaximumDaysInPast { get; set; }
}
