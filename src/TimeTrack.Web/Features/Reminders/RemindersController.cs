using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Reminders;

/// <summary>
/// A person's own reminders in this organization: "nothing logged today" by email and the idle-time
/// question on the time page. Only the person reads or changes them; no other page shows them.
/// </summary>
[ShowsNoOneElsesData("The person's own reminder settings.")]
public sealed class RemindersController(TimeTrackDbContext db, TenantContext tenant, PersonTrackingProvider people, IStringLocalizer<SharedResource> text) : OrgController
{
    public const string Path = "settings/reminders";

    private const string ViewPath = "~/Features/Reminders/Reminders.cshtml";

    private const string FormPrefix = "Form";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var membership = await OwnMembershipAsync(cancellationToken);
        return View(ViewPath, await PageAsync(RemindersForm.From(membership.RemindNothingLogged, membership.IdleReminderMinutes), cancellationToken));
    }

    [HttpPost(Path)]
    public async Task<IActionResult> Save([Bind(Prefix = FormPrefix)] RemindersForm form, CancellationToken cancellationToken)
    {
        var membership = await OwnMembershipAsync(cancellationToken);
        var (minutes, rejected) = form.ParseIdleMinutes();
        if (rejected is not null)
        {
            ModelState.AddModelError($"{FormPrefix}.{nameof(RemindersForm.IdleMinutes)}", text[RemindersForm.IdleProblemFormat, RemindersForm.IdleChoiceList, rejected]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, await PageAsync(form, cancellationToken));
        }

        membership.RemindNothingLogged = form.NothingLogged;
        membership.IdleReminderMinutes = minutes;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Your reminders have been saved.";
        return LocalRedirect($"/{OrgSlug}/{Path}");
    }

    private Task<Membership> OwnMembershipAsync(CancellationToken cancellationToken)
    {
        var userId = tenant.UserId ?? throw new InvalidOperationException("No person is signed in.");
        return db.Memberships.SingleAsync(m => m.UserId == userId, cancellationToken);
    }

    private async Task<RemindersPageModel> PageAsync(RemindersForm form, CancellationToken cancellationToken)
    {
        var userId = tenant.UserId ?? throw new InvalidOperationException("No person is signed in.");
        var tracking = await people.ForAsync(userId, cancellationToken);
        return new RemindersPageModel(form, WorkingHoursForm.Describe(tracking.WorkingHours));
    }
}
