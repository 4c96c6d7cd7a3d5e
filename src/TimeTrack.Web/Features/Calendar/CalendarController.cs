using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Calendar;

/// <summary>
/// A person's own week as a calendar. The page lists the week's days and entries; its script turns the
/// list into a time grid where dragging makes an entry and moving or resizing one changes its times.
/// Every change goes through <see cref="TimeEntryService"/>, whose refusals come back as problem details.
/// </summary>
[ShowsNoOneElsesData("The person's own time, as a calendar.")]
public sealed class CalendarController(
    TimeTrackDbContext db,
    TimeEntryService entries,
    PersonTrackingProvider people,
    IClock clock,
    IStringLocalizer<SharedResource> text) : OrgController
{
    private static readonly LocalDateTimePattern[] LocalTimes =
    [
        LocalDateTimePattern.GeneralIso,
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
    ];

    private Guid UserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    [HttpGet("time/calendar")]
    public async Task<IActionResult> Index([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var theWeek = WeekFrom(week, tracking);
        var view = await new CalendarWeekReader(db, clock).ReadAsync(tracking, theWeek, cancellationToken);
        var userId = UserId;
        var projects = await db.Projects.AsNoTracking()
            .Where(p => !p.IsArchived && p.Members.Any(m => m.UserId == userId))
            .OrderBy(p => p.Name)
            .Select(p => new ProjectChoice(p.Id, p.Name, p.IsBillableByDefault))
            .ToListAsync(cancellationToken);

        // The dialog that asks for a new entry's project offers the one last tracked first.
        var lastProject = await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.Start)
            .Select(e => (Guid?)e.ProjectId)
            .FirstOrDefaultAsync(cancellationToken);
        var isThisWeek = theWeek.Contains(clock.GetCurrentInstant());
        return View(new CalendarPageModel(view, isThisWeek, projects, lastProject));
    }

    [HttpGet("time/calendar/events")]
    public async Task<IActionResult> Events([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return ProblemJson(StatusCodes.Status400BadRequest, "The week is not a date", SupportedDates.OutOfRangeMessage);
        }

        var tracking = await people.ForAsync(UserId, cancellationToken);
        var view = await new CalendarWeekReader(db, clock).ReadAsync(tracking, WeekFrom(week, tracking), cancellationToken);
        return Json(CalendarWeekJson.From(view, OrgSlug, text));
    }

    /// <summary>A range selected in the calendar becomes an entry on <paramref name="projectId"/>.</summary>
    [HttpPost("time/calendar/entries")]
    public async Task<IActionResult> Create(string? start, string? end, Guid? projectId, CancellationToken cancellationToken)
    {
        if (projectId is not { } project)
        {
            return ProblemJson(StatusCodes.Status422UnprocessableEntity, "The entry cannot be saved", "Choose a project.");
        }

        var tracking = await people.ForAsync(UserId, cancellationToken);
        if (ReadTimes(start, end, tracking.Zone) is not { } times)
        {
            return TimesUnreadable();
        }

        var result = await entries.CreateAsync(UserId, new EntryDetails(project), times.Start, times.End, EntrySource.Manual, cancellationToken);
        return result is { Succeeded: true, Value: { } entry }
            ? StatusCode(StatusCodes.Status201Created, new CalendarChange(entry.Id, entry.Version))
            : Refused(result);
    }

    /// <summary>
    /// Moves or resizes an entry the person read at <paramref name="version"/>: its new start and end,
    /// its details as they are.
    /// </summary>
    [HttpPost("time/calendar/entries/{id:guid}/times")]
    public async Task<IActionResult> Move(Guid id, uint version, string? start, string? end, CancellationToken cancellationToken)
    {
        var userId = UserId;
        var entry = await db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .SingleOrDefaultAsync(e => e.Id == id && e.UserId == userId, cancellationToken);
        if (entry is null)
        {
            return ProblemJson(StatusCodes.Status404NotFound, "Not found", "There is no such entry of yours.");
        }

        if (entry.IsDurationOnly || entry.IsRunning)
        {
            return ProblemJson(
                StatusCodes.Status422UnprocessableEntity,
                "The entry cannot be saved",
                entry.IsRunning ? "A running timer cannot be moved; stop it first." : "This time has no clock times; change its date or duration on its edit page.");
        }

        var tracking = await people.ForAsync(userId, cancellationToken);
        if (ReadTimes(start, end, tracking.Zone) is not { } times)
        {
            return TimesUnreadable();
        }

        var result = await entries.UpdateAsync(userId, id, version, TimeEntryService.DetailsOf(entry), times.Start, times.End, cancellationToken);
        return result is { Succeeded: true, Value: { } moved }
            ? Ok(new CalendarChange(moved.Id, moved.Version))
            : Refused(result);
    }

    private Week WeekFrom(string? week, PersonTracking tracking) =>
        TimeFormat.ParseDate(week) is { } date
            ? tracking.WeekOf(date)
            : tracking.WeekContaining(clock.GetCurrentInstant());

    /// <summary>Wall-clock times from the calendar (yyyy-MM-ddTHH:mm[:ss]) as instants in the person's zone.</summary>
    private static (Instant Start, Instant End)? ReadTimes(string? start, string? end, DateTimeZone zone)
    {
        static LocalDateTime? Read(string? text) =>
            LocalTimes.Select(p => p.Parse(text?.Trim() ?? "")).FirstOrDefault(r => r.Success) is { } parsed
            && SupportedDates.Contains(parsed.Value.Date) ? parsed.Value : null;

        return Read(start) is { } from && Read(end) is { } to
            ? (At(from, zone), At(to, zone))
            : null;
    }

    /// <summary>The instant of a wall-clock time, resolved as every entry form resolves it (a skipped time moves past the gap).</summary>
    private static Instant At(LocalDateTime local, DateTimeZone zone) =>
        EntryRules.FromDateAndDuration(local.Date, Duration.Zero, zone, local.TimeOfDay).Start;

    private ObjectResult TimesUnreadable() =>
        ProblemJson(StatusCodes.Status400BadRequest, "The times are not readable", "Send the start and end as local times like 2026-03-02T09:15.");

    /// <summary>The service's refusal as problem details: 404, 409 for a stale version, else 422 with every message.</summary>
    private ObjectResult Refused<T>(TrackingResult<T> result)
    {
        var messages = string.Join(" ", result.Problems.Select(p => text[p.Message].Value).Distinct());
        return result.Failure switch
        {
            TrackingFailure.NotFound => ProblemJson(StatusCodes.Status404NotFound, "Not found", "There is no such entry of yours."),
            TrackingFailure.Conflict => ProblemJson(StatusCodes.Status409Conflict, "The entry has changed", messages),
            _ => ProblemJson(StatusCodes.Status422UnprocessableEntity, "The entry cannot be saved", messages),
        };
    }

    private ObjectResult ProblemJson(int status, string title, string detail)
    {
        // In the person's language: the calendar shows the detail as it comes (ADR 026).
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, status, text[title], detail: text[detail]);
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}

/// <summary>The entry a change made or moved, with its new version for the next change.</summary>
public sealed record CalendarChange(Guid Id, uint Version);

public sealed record CalendarPageModel(CalendarWeekView Week, bool IsThisWeek, IReadOnlyList<ProjectChoice> Projects, Guid? LastProject);
