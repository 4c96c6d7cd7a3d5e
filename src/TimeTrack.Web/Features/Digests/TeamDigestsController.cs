using Microsoft.AspNetCore.Mvc;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Digests;

/// <summary>
/// Other people's digests and their support requests, as <see cref="DigestReader"/> hands them out:
/// until a digest is released others learn only that it is under self-review and when it will be
/// released at the latest. Every view of someone's digest is in their access log, the
/// under-self-review one too: it tells the viewer that a digest exists.
/// </summary>
public sealed class TeamDigestsController(TimeTrackDbContext db, PersonDataDoor door, DigestReader digests, IClock clock) : OrgController
{
    private const string ShowView = "~/Features/Digests/Others.cshtml";

    [HttpGet("team/digests")]
    [ReadsPersonData]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        return View("~/Features/Digests/Team.cshtml", await digests.TeamAsync(looker, cancellationToken));
    }

    [HttpGet("team/digests/{userId:guid}/{weekStart}")]
    [ReadsPersonData]
    public async Task<IActionResult> Show(Guid userId, string weekStart, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker || TimeFormat.ParseDate(weekStart) is not { } week)
        {
            return NotFound();
        }

        if (looker.UserId == userId)
        {
            return LocalRedirect($"/{OrgSlug}/digests/{TimeFormat.Iso(week)}");
        }

        return await digests.OneAsync(looker, userId, week, AccessChannel.Page, null, cancellationToken) is { } model
            ? View(ShowView, model)
            : NotFound();
    }

    [HttpPost("team/digests/{userId:guid}/{weekStart}/acknowledge")]
    public async Task<IActionResult> Acknowledge(Guid userId, string weekStart, [FromForm] string? back, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, weekStart, cancellationToken) is not { } found || !HasOpenRequest(found.Digest))
        {
            return NotFound();
        }

        var digest = found.Digest;
        if (digest.SupportAcknowledgedAt is null)
        {
            digest.SupportAcknowledgedAt = clock.GetCurrentInstant();
            digest.SupportAcknowledgedBy = found.Looker.UserId;
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Notice"] = "The support request has been acknowledged.";
        return Back(digest, back);
    }

    [HttpPost("team/digests/{userId:guid}/{weekStart}/respond")]
    public async Task<IActionResult> Respond(
        Guid userId, string weekStart, [Bind(Prefix = "ResponseForm")] SupportResponseForm form, [FromForm] string? back, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, weekStart, cancellationToken) is not { } found || !HasOpenRequest(found.Digest))
        {
            return NotFound();
        }

        var digest = found.Digest;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await digests.OneAsync(found.Looker, userId, digest.WeekStart, AccessChannel.Page, form, cancellationToken) is { } model
                ? View(ShowView, model)
                : NotFound();
        }

        var now = clock.GetCurrentInstant();
        digest.SupportResponse = form.Response?.Trim();
        if (digest.SupportAcknowledgedAt is null)
        {
            digest.SupportAcknowledgedAt = now;
            digest.SupportAcknowledgedBy = found.Looker.UserId;
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Your response has been saved.";
        return Back(digest, back);
    }

    /// <summary>Support requests are answered only once the digest they belong to is visible.</summary>
    private bool HasOpenRequest(Digest digest) =>
        digest.SupportRequest is not null && digest.ReleaseAt(clock.GetCurrentInstant()) != DigestReleaseKind.UnderSelfReview;

    private LocalRedirectResult Back(Digest digest, string? back) =>
        LocalRedirect(back == "list" ? $"/{OrgSlug}/team/digests" : $"/{OrgSlug}/team/digests/{digest.UserId}/{TimeFormat.Iso(digest.WeekStart)}");

    private async Task<(Looker Looker, Digest Digest)?> FindAsync(Guid userId, string weekStart, CancellationToken cancellationToken) =>
        TimeFormat.ParseDate(weekStart) is { } week
            && await door.LookerAsync(cancellationToken) is { } looker
            && await digests.FindAsync(looker, userId, week, tracked: true, cancellationToken) is { } digest
            ? (looker, digest)
            : null;
}
