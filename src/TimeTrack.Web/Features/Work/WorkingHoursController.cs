using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Work;

/// <summary>
/// A person's own working hours in this organization. They may narrow the organization's hours
/// (fewer days, a later start, an earlier end) but never widen them.
/// </summary>
[ShowsNoOneElsesData("The person's own working hours.")]
public sealed class WorkingHoursController(
    TimeTrackDbContext db,
    TenantContext tenant,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    private const string ViewPath = "~/Features/Work/WorkingHours.cshtml";

    [HttpGet("settings/working-hours")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var (organization, membership) = await LoadAsync(cancellationToken);
        var personal = Personal(membership);
        var form = new WorkingHoursForm();
        form.Fill(personal ?? organization);
        return View(ViewPath, new WorkingHoursModel(organization, personal, form));
    }

    [HttpPost("settings/working-hours")]
    public async Task<IActionResult> Save([Bind(Prefix = "Form")] WorkingHoursForm form, CancellationToken cancellationToken)
    {
        var (organization, membership) = await LoadAsync(cancellationToken);
        if (form.ValidateHours(out var field) is { } problem && !ModelState.HasErrors("Form." + field))
        {
            ModelState.AddModelError("Form." + field, problem);
        }

        if (form is { Start: { } start, End: { } end })
        {

            var wider = form.DayFlags & ~organization.Days;
            if (wider != WorkingDays.None)
            {
                ModelState.AddModelError("Form.Days", text["You can only narrow the organization's working days ({0}); {1} is not one of them.", WorkingHoursForm.DescribeDays(organization.Days), WorkingHoursForm.DescribeDays(wider)].Value);
            }

            if (start < organization.Start)
            {
                ModelState.AddModelError("Form.WorkdayStart", text["Start no earlier than the organization's {0}: you can narrow your hours, not widen them.", organization.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)].Value);
            }

            if (end > organization.End)
            {
                ModelState.AddModelError("Form.WorkdayEnd", text["End no later than the organization's {0}: you can narrow your hours, not widen them.", organization.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)].Value);
            }
        }

        if (!ModelState.IsValid || form is not { Start: { } validStart, End: { } validEnd })
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, new WorkingHoursModel(organization, Personal(membership), form));
        }

        membership.WorkingDays = (int)form.DayFlags;
        membership.WorkdayStart = validStart;
        membership.WorkdayEnd = validEnd;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Your working hours have been saved.";
        return LocalRedirect($"/{OrgSlug}/settings/working-hours");
    }

    [HttpPost("settings/working-hours/clear")]
    public async Task<IActionResult> Clear(CancellationToken cancellationToken)
    {
        var (_, membership) = await LoadAsync(cancellationToken);
        membership.WorkingDays = null;
        membership.WorkdayStart = null;
        membership.WorkdayEnd = null;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Your working hours now follow the organization's.";
        return LocalRedirect($"/{OrgSlug}/settings/working-hours");
    }

    private async Task<(WorkingHours Organization, Membership Membership)> LoadAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var userId = tenant.UserId ?? throw new InvalidOperationException("No person is signed in.");
        var settings = (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenantId, cancellationToken)).Tracking;
        var membership = await db.Memberships.SingleAsync(m => m.UserId == userId, cancellationToken);
        return (new WorkingHours((WorkingDays)settings.WorkingDays, settings.WorkdayStart, settings.WorkdayEnd), membership);
    }

    private static WorkingHours? Personal(Membership membership) =>
        membership is { WorkingDays: { } days, WorkdayStart: { } start, WorkdayEnd: { } end }
            ? new WorkingHours((WorkingDays)days, start, end)
            : null;
}
