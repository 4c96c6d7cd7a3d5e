using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Digests;

/// <summary>
/// A person's own weekly digests: the history with its trend, one digest with its numbers, and what
/// only its owner may do with it — reflect, ask for support, release it before the embargo ends.
/// Only ever the person's own data, so no policy question arises.
/// </summary>
[ShowsNoOneElsesData("The person's own digests.")]
public sealed class DigestsController(TimeTrackDbContext db, PersonTrackingProvider people, IClock clock) : OrgController
{
    private const string ShowView = "~/Features/Digests/Show.cshtml";

    public const string ReleaseNeedsConfirmation = "Tick the box to confirm that you want to release this digest now; a release cannot be undone.";

    [HttpGet("digests")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var now = clock.GetCurrentInstant();
        var digests = await db.Digests.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderByDescending(d => d.WeekStart)
            .ToListAsync(cancellationToken);
        return View(new DigestIndexModel(
        [
            .. digests.Select(d => new DigestListItem(
                d.WeekStart,
                d.Content.TotalMinutes,
                d.Content.FocusMinutes,
                d.ReleaseAt(now),
                d.Reflection is not null,
                d.SupportRequest is not null)),
        ]));
    }

    [HttpGet("digests/{weekStart}")]
    public async Task<IActionResult> Show(string weekStart, CancellationToken cancellationToken)
    {
        if (await FindAsync(weekStart, tracked: false, cancellationToken) is not { } digest)
        {
            return NotFound();
        }

        return View(ShowView, await ModelAsync(digest, null, null, cancellationToken));
    }

    [HttpPost("digests/{weekStart}/reflection")]
    public async Task<IActionResult> SaveReflection(string weekStart, [Bind(Prefix = "Reflection")] ReflectionForm form, CancellationToken cancellationToken)
    {
        if (await FindAsync(weekStart, tracked: true, cancellationToken) is not { } digest)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ShowView, await ModelAsync(digest, form, null, cancellationToken));
        }

        var reflection = string.IsNullOrWhiteSpace(form.Text) ? null : form.Text.Trim();
        digest.Reflection = reflection;
        digest.ReflectionShared = reflection is not null && form.Share;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = reflection is null ? "Your reflection has been removed."
            : digest.ReflectionShared ? "Your reflection has been saved. People who can see this digest can read it."
            : "Your reflection has been saved. Only you can read it.";
        return Back(digest);
    }

    [HttpPost("digests/{weekStart}/support")]
    public async Task<IActionResult> SaveSupport(string weekStart, [Bind(Prefix = "Support")] SupportForm form, CancellationToken cancellationToken)
    {
        if (await FindAsync(weekStart, tracked: true, cancellationToken) is not { } digest)
        {
            return NotFound();
        }

        var request = string.IsNullOrWhiteSpace(form.Request) ? null : form.Request.Trim();
        if (digest.SupportAcknowledgedAt is not null && request != digest.SupportRequest && !ModelState.HasErrors("Support.Request"))
        {
            ModelState.AddModelError("Support.Request", "This request has already been acknowledged, so it can no longer be changed or withdrawn.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ShowView, await ModelAsync(digest, null, form, cancellationToken));
        }

        if (request != digest.SupportRequest)
        {
            // Clearing the text withdraws a request nobody has acknowledged yet; new text is a new request.
            digest.SupportRequest = request;
            digest.SupportRequestedAt = request is null ? null : clock.GetCurrentInstant();
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Notice"] = request is null ? "You have no open support request for this week." : "Your support request has been saved.";
        return Back(digest);
    }

    [HttpPost("digests/{weekStart}/release")]
    public async Task<IActionResult> Release(string weekStart, bool confirmRelease, CancellationToken cancellationToken)
    {
        if (await FindAsync(weekStart, tracked: true, cancellationToken) is not { } digest)
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        if (digest.ReleaseAt(now) == DigestReleaseKind.UnderSelfReview)
        {
            if (!confirmRelease)
            {
                // There is no undo for a release, so it is never done without the box ticked.
                ModelState.AddModelError("ConfirmRelease", ReleaseNeedsConfirmation);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(ShowView, await ModelAsync(digest, null, null, cancellationToken));
            }

            digest.ReleasedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Notice"] = "Your digest has been released.";
        return Back(digest);
    }

    private Guid CurrentUserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("Members are signed in.");

    private async Task<Digest?> FindAsync(string weekStart, bool tracked, CancellationToken cancellationToken)
    {
        if (TimeFormat.ParseDate(weekStart) is not { } week)
        {
            return null;
        }

        var userId = CurrentUserId;
        var query = tracked ? db.Digests : db.Digests.AsNoTracking();
        return await query.SingleOrDefaultAsync(d => d.UserId == userId && d.WeekStart == week, cancellationToken);
    }

    private LocalRedirectResult Back(Digest digest) => LocalRedirect($"/{OrgSlug}/digests/{TimeFormat.Iso(digest.WeekStart)}");

    private async Task<OwnDigestModel> ModelAsync(Digest digest, ReflectionForm? reflection, SupportForm? support, CancellationToken cancellationToken)
    {
        var zone = (await people.ForAsync(digest.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        return new OwnDigestModel(
            digest.WeekStart,
            digest.Content,
            DigestPages.Release(digest, now, zone),
            reflection ?? new ReflectionForm { Text = digest.Reflection, Share = digest.ReflectionShared },
            support ?? new SupportForm { Request = digest.SupportRequest },
            digest.SupportRequestedAt is { } requested ? DigestFormat.When(requested, zone) : null,
            digest.SupportAcknowledgedAt is not null,
            await DigestPages.AnswerAsync(db, digest, zone, cancellationToken));
    }
}

/// <summary>What the own and the team digest pages share.</summary>
internal static class DigestPages
{
    public static DigestRelease Release(Digest digest, Instant now, DateTimeZone zone) => new(
        digest.ReleaseAt(now),
        DigestFormat.When(digest.EmbargoEndsAt, zone),
        digest.VisibleSince(now) is { } since ? DigestFormat.When(since, zone) : null,
        digest.VisibleSince(now) ?? digest.EmbargoEndsAt);

    public static async Task<SupportAnswer?> AnswerAsync(TimeTrackDbContext db, Digest digest, DateTimeZone zone, CancellationToken cancellationToken)
    {
        if (digest.SupportAcknowledgedAt is null && digest.SupportResponse is null)
        {
            return null;
        }

        var by = digest.SupportAcknowledgedBy is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new SupportAnswer(by, digest.SupportAcknowledgedAt is { } at ? DigestFormat.When(at, zone) : null, digest.SupportResponse, digest.SupportAcknowledgedAt);
    }
}
