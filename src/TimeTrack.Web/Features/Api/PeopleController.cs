using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// Other people's weeks, as the transparency policy lets the token's owner see them. Each read of a
/// person's week is written to that person's access log.
/// </summary>
public sealed class PeopleController(TimeTrackDbContext db, PersonWeekReader reader, PersonDataDoor door) : ApiControllerBase
{
    [HttpGet("people", Name = "listPeople")]
    [ShowsNoOneElsesData("Names of the people whose totals you may see one by one; no figures.")]
    [EndpointSummary("People whose totals you may see")]
    [EndpointDescription("Members whose daily and weekly totals the organization's policy lets you see one by one (you included), by name. Ids and names only.")]
    [ProducesResponseType<IReadOnlyList<PersonResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<PersonResponse>>> List(CancellationToken cancellationToken)
    {
        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("The token handler sets the person.");
        var ids = await db.Memberships.AsNoTracking()
            .Where(looker.SubjectsSeen<Membership>(DataCategory.Totals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        var people = await reader.PeopleAsync(ids, cancellationToken);
        return people.Select(p => new PersonResponse(p.UserId, p.DisplayName)).ToList();
    }

    [ReadsPersonData("json")]
    [HttpGet("people/{userId:guid}/week", Name = "getPersonWeek")]
    [EndpointSummary("One person's week, as far as you may see it")]
    [EndpointDescription("The week containing start (this week when omitted) in the person's calendar. Only the kinds of data the policy shows you are included; "
        + "404 when it shows you nothing of this person or they are not a member. The person sees this read in their access log.")]
    [ProducesResponseType<PersonWeekResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<PersonWeekResponse>> Week(Guid userId, [FromQuery, SupportedDate] string? start, CancellationToken cancellationToken)
    {
        LocalDate? date = null;
        if (!string.IsNullOrEmpty(start))
        {
            var parsed = SupportedDates.Read(start);
            if (!parsed.IsValid)
            {
                return Problem(
                    StatusCodes.Status400BadRequest,
                    "The request is not valid",
                    errors: new Dictionary<string, string[]> { ["start"] = [DateProblem(parsed)] });
            }

            date = parsed.Date;
        }

        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("The token handler sets the person.");
        var week = await reader.ReadAsync(
            looker,
            userId,
            date,
            w => new AccessRead(AccessChannel.Api, "API: week of " + PersonWeek.WeekLabel(w.Start), w.Dates),
            cancellationToken);
        if (week is not { ShowsAnything: true })
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", "There is no such person, or the policy shows you nothing of theirs.");
        }

        return ToResponse(week);
    }

    internal static PersonWeekResponse ToResponse(PersonWeek week) => new(
        week.Person.UserId,
        week.Person.DisplayName,
        LocalDatePattern.Iso.Format(week.Week.Start),
        week.Week.Zone.Id,
        [.. week.Included.Select(c => MeController.Lower(c))],
        week.Totals is { } totals
            ? new PersonWeekTotalsResponse(
                [.. totals.Days.Select(d => new DayTotalResponse(LocalDatePattern.Iso.Format(d.Date), Seconds(d.Duration)))],
                Seconds(totals.Total))
            : null,
        week.Projects?.Select(p => new ProjectTimeResponse(p.ProjectId, p.Project, p.OutcomeId, p.Outcome, Seconds(p.Duration))).ToList(),
        week.ProjectsLimitedToManaged || week.EntriesLimitedToManaged,
        week.Entries?.Select(e => new PersonEntryResponse(
            e.Id,
            e.ProjectId,
            e.Project,
            e.Task,
            e.Outcome,
            e.Description,
            e.Tags,
            e.Start.ToDateTimeUtc(),
            e.End?.ToDateTimeUtc(),
            e.IsRunning,
            Seconds(e.Length),
            e.IsOutsideHours,
            e.DurationOnly)).ToList(),
        week.OutsideHours is { } outside ? new OutsideHoursResponse(Seconds(outside.Duration), outside.Entries) : null,
        week.TimerRunning);

    private static long Seconds(Duration duration) => (long)Math.Floor(duration.TotalSeconds);
}
