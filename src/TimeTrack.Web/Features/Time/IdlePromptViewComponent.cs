using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Time;

/// <summary>
/// The idle-time question of the time page, for a person who chose an idle time in their reminders;
/// nothing otherwise. It is on the page whether or not a timer runs, because the timer bar starts one in
/// place; <c>idle.js</c> asks only while one runs, when they come back.
/// </summary>
public sealed class IdlePromptViewComponent(TimeTrackDbContext db, TenantContext tenant, PersonTrackingProvider people) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (tenant.UserId is not { } userId || !tenant.HasTenant)
        {
            return Content("");
        }

        var cancellationToken = HttpContext.RequestAborted;
        var minutes = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => m.IdleReminderMinutes)
            .SingleOrDefaultAsync(cancellationToken);
        if (minutes is not { } idleMinutes)
        {
            return Content("");
        }

        var zone = (await people.ForAsync(userId, cancellationToken)).Zone;
        return View("~/Features/Time/_IdlePrompt.cshtml", new IdlePromptModel(tenant.Slug!, idleMinutes, zone.Id));
    }
}

public sealed record IdlePromptModel(string Slug, int Minutes, string ZoneId);
