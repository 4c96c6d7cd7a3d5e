using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Digests;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// Weekly digests: your own, and other people's as far as the policy lets you see their digests.
/// Until a digest is released, others get only its state; every read of someone else's digest is in
/// their access log.
/// </summary>
[ShowsNoOneElsesData("The token owner's own digests (others' digests are declared on their endpoint).")]
public sealed class DigestsController(TimeTrackDbContext db, PersonDataDoor door, DigestReader digests, IClock clock) : ApiControllerBase
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
        return digests.Select(d => ToResponse(d, now)).ToList();
    }

    [ReadsPersonData("json")]
    [HttpGet("people/{userId:guid}/digests/{weekStart}", Name = "getPersonDigest")]
    [Tags("People")]
    [EndpointSummary("One person's weekly digest, as far as you may see it")]
    [EndpointDescription("The digest of the week starting on weekStart (yyyy-MM-dd, the first day of the person's week). While it is under self-review you get only "
        + "its state and visible_from; once released, its numbers, and the reflection only when the person shared it. 404 when the policy does not let you see "
        + "this person's digests, they are not a member, or there is no such digest. The person sees this read in their access log.")]
    [ProducesResponseType<DigestResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<DigestResponse>> Get(Guid userId, [SupportedDate] string weekStart, CancellationToken cancellationToken)
    {
        var parsed = SupportedDates.Read(weekStart);
        if (!parsed.IsValid)
        {
            return Problem(
                StatusCodes.Status400BadRequest,
                "The request is not valid",
                errors: new Dictionary<string, string[]> { ["week_start"] = [DateProblem(parsed)] });
        }

        var now = clock.GetCurrentInstant();
        var week = parsed.Date;
        if (userId == CurrentUserId)
        {
            var mine = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == userId && d.WeekStart == week, cancellationToken);
            return mine is null ? NotFoundProblem() : ToResponse(mine, now);
        }

        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("The token handler sets the person.");
        return await digests.OneAsync(looker, userId, week, AccessChannel.Api, null, cancellationToken) is { } shown
            ? ToResponse(shown)
            : NotFoundProblem();
    }

    private ObjectResult NotFoundProblem() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "There is no such digest, or the policy does not show you this person's digests.");

    /// <summary>One's own digest: everything, whatever its state.</summary>
    internal static DigestResponse ToResponse(Digest digest, Instant now) => new(
        digest.UserId,
        LocalDatePattern.Iso.Format(digest.WeekStart),
        MeController.Lower(digest.ReleaseAt(now)),
        (digest.VisibleSince(now) ?? digest.EmbargoEndsAt).ToDateTimeUtc(),
        ToResponse(digest.Content),
        digest.Reflection,
        digest.ReflectionShared,
        digest.SupportRequest,
        digest.SupportAcknowledgedAt?.ToDateTimeUtc(),
        digest.SupportResponse);

    /// <summary>Someone else's digest as <see cref="DigestReader"/> handed it out: what it withholds is absent.</summary>
    private static DigestResponse ToResponse(OthersDigestModel shown)
    {
        var release = shown.Release ?? throw new InvalidOperationException("Someone else's digest is shown only with its release state.");
        return new DigestResponse(
            shown.UserId,
            LocalDatePattern.Iso.Format(shown.WeekStart),
            MeController.Lower(release.Kind),
            release.VisibleFrom.ToDateTimeUtc(),
            shown.Content is { } content ? ToResponse(content) : null,
            shown.SharedReflection,
            null,
            shown.SupportRequest,
            shown.Answer?.AcknowledgedAt?.ToDateTimeUtc(),
            shown.Answer?.Response);
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
        content.Highlights ?? []);
}
