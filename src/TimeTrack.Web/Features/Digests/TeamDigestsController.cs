using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Digests;

/// <summary>
/// Other people's digests, as far as the policy lets the viewer see <see cref="DataCategory.Digests"/>
/// of them, and their support requests. Until a digest is released (early, or when the embargo ends)
/// others learn only that it is under self-review and when it will be released at the latest — the
/// support request included, which travels with the digest. Reflections are shown only when their
/// author shared them. Every view of someone's digest is written to their access log, the
/// under-self-review one too: it tells the viewer that a digest exists.
/// </summary>
[ReadsPersonData]
public sealed class TeamDigestsController(
    TimeTrackDbContext db,
    ViewerDirectory viewers,
    PolicyStore policies,
    IAuthorizationService authorization,
    AccessRecorder access,
    PersonWeekReader reader,
    PersonTrackingProvider people,
    IClock clock) : OrgController
{
    /// <summary>How many weeks back the team list goes; older digests stay on each digest's own address.</summary>
    public const int ListedWeeks = 12;

    private const string ShowView = "~/Features/Digests/Others.cshtml";

    [HttpGet("team/digests")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var visible = await db.Memberships.AsNoTracking()
            .Where(Visibility.VisibleSubjects<Membership>(policy, viewer, DataCategory.Digests, Granularity.IndividualTotals, m => m.UserId))
            .Where(m => m.UserId != viewer.UserId)
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        var zone = (await people.ForAsync(viewer.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        var since = now.InZone(zone).Date.PlusWeeks(-ListedWeeks);
        var digests = await db.Digests.AsNoTracking()
            .Where(d => visible.Contains(d.UserId))
            .Where(d => d.WeekStart >= since || (d.SupportRequest != null && d.SupportAcknowledgedAt == null))
            .ToListAsync(cancellationToken);
        var names = (await reader.PeopleAsync(visible, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName);
        digests = [.. digests.Where(d => names.ContainsKey(d.UserId)).OrderBy(d => names[d.UserId], StringComparer.CurrentCulture).ThenBy(d => d.UserId).ThenByDescending(d => d.WeekStart)];

        var rows = digests
            .Where(d => d.WeekStart >= since)
            .Select(d => new TeamDigestRow(
                d.UserId,
                names[d.UserId],
                d.WeekStart,
                d.ReleaseAt(now),
                d.ReleaseAt(now) == DigestReleaseKind.UnderSelfReview ? DigestFormat.When(d.EmbargoEndsAt, zone) : null))
            .ToList();
        var requests = new List<TeamSupportRequest>();
        foreach (var digest in digests.Where(d => d.SupportRequest is not null && d.ReleaseAt(now) != DigestReleaseKind.UnderSelfReview))
        {
            requests.Add(new TeamSupportRequest(
                digest.UserId,
                names[digest.UserId],
                digest.WeekStart,
                digest.SupportRequest ?? "",
                digest.SupportRequestedAt is { } at ? DigestFormat.When(at, zone) : "",
                await DigestPages.AnswerAsync(db, digest, zone, cancellationToken)));
        }

        foreach (var person in digests.GroupBy(d => d.UserId))
        {
            var latest = person.Max(d => d.WeekStart);
            access.Record(
                person.Key,
                [DataCategory.Digests],
                AccessChannel.Page,
                $"Team digests › list of {person.Count()} digest{(person.Count() == 1 ? "" : "s")}, latest week of {PersonWeek.WeekLabel(latest)}");
        }

        return View("~/Features/Digests/Team.cshtml", new TeamDigestsModel(rows, requests, ListedWeeks));
    }

    [HttpGet("team/digests/{userId:guid}/{weekStart}")]
    public async Task<IActionResult> Show(Guid userId, string weekStart, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is { } viewer && viewer.UserId == userId && TimeFormat.ParseDate(weekStart) is { } own)
        {
            return LocalRedirect($"/{OrgSlug}/digests/{TimeFormat.Iso(own)}");
        }

        if (await FindAsync(userId, weekStart, tracked: false, cancellationToken) is not { } digest)
        {
            return NotFound();
        }

        return View(ShowView, await ShowModelAsync(digest, null, cancellationToken));
    }

    [HttpPost("team/digests/{userId:guid}/{weekStart}/acknowledge")]
    public async Task<IActionResult> Acknowledge(Guid userId, string weekStart, [FromForm] string? back, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, weekStart, tracked: true, cancellationToken) is not { } digest || !HasOpenRequest(digest))
        {
            return NotFound();
        }

        if (digest.SupportAcknowledgedAt is null)
        {
            digest.SupportAcknowledgedAt = clock.GetCurrentInstant();
            digest.SupportAcknowledgedBy = (await viewers.CurrentAsync(cancellationToken))?.UserId;
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Notice"] = "The support request has been acknowledged.";
        return Back(digest, back);
    }

    [HttpPost("team/digests/{userId:guid}/{weekStart}/respond")]
    public async Task<IActionResult> Respond(
        Guid userId, string weekStart, [Bind(Prefix = "ResponseForm")] SupportResponseForm form, [FromForm] string? back, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, weekStart, tracked: true, cancellationToken) is not { } digest || !HasOpenRequest(digest))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ShowView, await ShowModelAsync(digest, form, cancellationToken));
        }

        var now = clock.GetCurrentInstant();
        digest.SupportResponse = form.Response?.Trim();
        if (digest.SupportAcknowledgedAt is null)
        {
            digest.SupportAcknowledgedAt = now;
            digest.SupportAcknowledgedBy = (await viewers.CurrentAsync(cancellationToken))?.UserId;
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

    /// <summary>The digest, when the policy lets the viewer see this person's digests; otherwise null, as if there were none.</summary>
    private async Task<Digest?> FindAsync(Guid userId, string weekStart, bool tracked, CancellationToken cancellationToken)
    {
        if (TimeFormat.ParseDate(weekStart) is not { } week
            || await viewers.CurrentAsync(cancellationToken) is not { } viewer
            || viewer.UserId == userId
            || !(await authorization.AuthorizeAsync(User, new PersonData(userId, DataCategory.Digests), PersonDataOperations.ViewTotals)).Succeeded)
        {
            return null;
        }

        var query = tracked ? db.Digests : db.Digests.AsNoTracking();
        return await query.SingleOrDefaultAsync(d => d.UserId == userId && d.WeekStart == week, cancellationToken);
    }

    /// <summary>What the viewer may see of the digest; writes the read to the person's access log.</summary>
    private async Task<OthersDigestModel> ShowModelAsync(Digest digest, SupportResponseForm? form, CancellationToken cancellationToken)
    {
        var viewer = await viewers.CurrentAsync(cancellationToken) ?? throw new InvalidOperationException("Members are signed in.");
        var zone = (await people.ForAsync(viewer.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        var name = (await reader.PeopleAsync([digest.UserId], cancellationToken)).SingleOrDefault()?.DisplayName ?? "";
        var release = DigestPages.Release(digest, now, zone);
        var underReview = release.Kind == DigestReleaseKind.UnderSelfReview;
        var reflection = !underReview && digest.ReflectionShared ? digest.Reflection : null;
        access.Record(
            digest.UserId,
            reflection is null ? [DataCategory.Digests] : [DataCategory.Digests, DataCategory.Reflections],
            AccessChannel.Page,
            DigestFormat.Resource(digest.WeekStart, underReview));
        return new OthersDigestModel(
            digest.UserId,
            name,
            digest.WeekStart,
            release,
            underReview ? null : digest.Content,
            reflection,
            underReview ? null : digest.SupportRequest,
            !underReview && digest.SupportRequestedAt is { } at ? DigestFormat.When(at, zone) : null,
            underReview ? null : await DigestPages.AnswerAsync(db, digest, zone, cancellationToken),
            form ?? new SupportResponseForm { Response = digest.SupportResponse });
    }
}
