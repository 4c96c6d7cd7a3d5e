using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Digests;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// Weekly digests: your own, and other people's as far as the policy lets you see their digests.
/// Until a digest is released, others get only its state; every read of someone else's digest is in
/// their access log.
/// </summary>
public sealed class DigestsController(
    TimeTrackDbContext db,
    IAuthorizationService authorization,
    AccessRecorder access,
    IClock clock) : ApiControllerBase
{
    [HttpGet("me/digests", Name = "listMyDigests")]
    [Tags("Me")]
    [EndpointSummary("Your weekly digests")]
    [EndpointDescription("All your digests, newest week first, with their numbers, your reflection and your support request.")]
    [ProducesResponseType<IReadOnlyList<DigestResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<DigestResponse>>> Mine(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var now = clock.GetCurrentInstant();
        var digests = await db.Digests.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderByDescending(d => d.WeekStart)
            .ToListAsync(cancellationToken);
        return digests.Select(d => ToResponse(d, now, own: true)).ToList();
    }

    [ReadsPersonData]
    [HttpGet("people/{userId:guid}/digests/{weekStart}", Name = "getPersonDigest")]
    [Tags("People")]
    [EndpointSummary("One person's weekly digest, as far as you may see it")]
    [EndpointDescription("The digest of the week starting on weekStart (yyyy-MM-dd, the first day of the person's week). While it is under self-review you get only "
        + "its state and visible_from; once released, its numbers, and the reflection only when the person shared it. 404 when the policy does not let you see "
        + "this person's digests, they are not a member, or there is no such digest. The person sees this read in their access log.")]
    [ProducesResponseType<DigestResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<DigestResponse>> Get(Guid userId, string weekStart, CancellationToken cancellationToken)
    {
        if (LocalDatePattern.Iso.Parse(weekStart) is not { Success: true } parsed)
        {
            return Problem(
                StatusCodes.Status400BadRequest,
                "The request is not valid",
                errors: new Dictionary<string, string[]> { ["week_start"] = ["Use an ISO-8601 date such as 2026-11-16."] });
        }

        var own = userId == CurrentUserId;
        if (!own && !(await authorization.AuthorizeAsync(User, new PersonData(userId, DataCategory.Digests), PersonDataOperations.ViewTotals)).Succeeded)
        {
            return NotFoundProblem();
        }

        var week = parsed.Value;
        var digest = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == userId && d.WeekStart == week, cancellationToken);
        if (digest is null)
        {
            return NotFoundProblem();
        }

        var now = clock.GetCurrentInstant();
        var response = ToResponse(digest, now, own);
        if (!own)
        {
            access.Record(
                userId,
                response.Reflection is null ? [DataCategory.Digests] : [DataCategory.Digests, DataCategory.Reflections],
                AccessChannel.Api,
                "API: " + DigestFormat.Resource(digest.WeekStart, response.Content is null));
        }

        return response;
    }

    private ObjectResult NotFoundProblem() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "There is no such digest, or the policy does not show you this person's digests.");

    /// <summary>The owner sees everything; others nothing but the state until release, and a reflection only if shared.</summary>
    internal static DigestResponse ToResponse(Digest digest, Instant now, bool own)
    {
        var kind = digest.ReleaseAt(now);
        var shown = own || kind != DigestReleaseKind.UnderSelfReview;
        return new DigestResponse(
            digest.UserId,
            LocalDatePattern.Iso.Format(digest.WeekStart),
            MeController.Lower(kind),
            (digest.VisibleSince(now) ?? digest.EmbargoEndsAt).ToDateTimeUtc(),
            shown ? ToResponse(digest.Content) : null,
            own || (shown && digest.ReflectionShared) ? digest.Reflection : null,
            own ? digest.ReflectionShared : null,
            shown ? digest.SupportRequest : null,
            shown ? digest.SupportAcknowledgedAt?.ToDateTimeUtc() : null,
            shown ? digest.SupportResponse : null);
    }

    private static DigestContentResponse ToResponse(DigestContent content) => new(
        content.TotalMinutes,
        [.. content.ByProject.Select(p => new DigestProjectResponse(p.ProjectId, p.Name, p.Minutes))],
        [.. content.ByOutcome.Select(o => new DigestOutcomeResponse(o.OutcomeId, o.Name, o.ProjectName, o.Minutes))],
        [.. content.Outcomes.Select(m => new DigestOutcomeMoveResponse(m.OutcomeId, m.Name, m.ProjectName, MeController.Lower(m.Status), m.CompletedThisWeek))],
        content.FocusMinutes,
        content.LongestFocus is { } longest
            ? new DigestFocusBlockResponse(LocalDateTimePattern.GeneralIso.Format(longest.Start), longest.Minutes, longest.ProjectName)
            : null,
        [.. content.SwitchesPerDay.Select(d => new DigestDaySwitchesResponse(LocalDatePattern.Iso.Format(d.Date), d.Switches))],
        content.OutsideHoursMinutes,
        content.WeekendMinutes,
        new DigestComparisonResponse(content.Comparison.PreviousWeeks, content.Comparison.AverageMinutes, content.Comparison.DifferenceMinutes),
        content.Highlights);
}
