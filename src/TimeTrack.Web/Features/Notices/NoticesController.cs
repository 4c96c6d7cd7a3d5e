using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Notices;

public sealed class NoticesController(TimeTrackDbContext db, IClock clock) : OrgController
{
    [HttpPost("notices/{id:guid}/dismiss")]
    public async Task<IActionResult> Dismiss(Guid id, string? returnUrl, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var dismissed = await db.Notices
            .Where(n => n.Id == id && n.UserId == userId && n.DismissedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.DismissedAt, clock.GetCurrentInstant()), cancellationToken);
        if (dismissed == 0 && !await db.Notices.AnyAsync(n => n.Id == id && n.UserId == userId, cancellationToken))
        {
            return NotFound();
        }

        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/{OrgSlug}/time");
    }
}

/// <summary>The person's undismissed notices in this organization, shown at the top of every page.</summary>
public sealed class NoticesViewComponent(TimeTrackDbContext db, TenantContext tenant) : ViewComponent
{
    public sealed record NoticeRow(Guid Id, string Text, string? Link);

    public sealed record NoticesModel(string Slug, string ReturnUrl, IReadOnlyList<NoticeRow> Notices);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (tenant is not { HasTenant: true, UserId: { } userId, Slug: { } slug })
        {
            return Content("");
        }

        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.UserId == userId && n.DismissedAt == null)
            .OrderBy(n => n.CreatedAt)
            .Take(5)
            .Select(n => new NoticeRow(n.Id, n.Text, n.Link))
            .ToListAsync(HttpContext.RequestAborted);
        return notices.Count == 0
            ? Content("")
            : View("~/Features/Notices/Notices.cshtml", new NoticesModel(slug, HttpContext.Request.Path + HttpContext.Request.QueryString, notices));
    }
}
