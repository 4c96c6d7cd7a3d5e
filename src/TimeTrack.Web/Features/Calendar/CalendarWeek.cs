using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Calendar;

/// <summary>One of the person's entries as the calendar shows it, in their zone.</summary>
/// <param name="Start">Wall-clock start; for time without clock times (ADR 023), midnight of <paramref name="Date"/>, never shown.</param>
/// <param name="End">Wall-clock end; now for a running timer.</param>
public sealed record CalendarEntry(
    Guid Id,
    uint Version,
    LocalDate Date,
    LocalDateTime Start,
    LocalDateTime End,
    Duration Length,
    string Project,
    string? Task,
    string Description,
    bool IsDurationOnly,
    bool IsRunning,
    bool IsOutsideHours)
{
    /// <summary>"Mobile app · Design": what the entry is about.</summary>
    public string Title => Task is null ? Project : $"{Project} · {Task}";

    /// <summary>"09:00–10:30", "No clock times" or "09:00–now", in the request's language.</summary>
    public string Span(IStringLocalizer text) => IsDurationOnly ? text["No clock times"]
        : IsRunning ? text["{0}–now", TimeFormat.Clock(Start)]
        : $"{TimeFormat.Clock(Start)}–{TimeFormat.Clock(End)}{(End.Date != Start.Date ? " (" + TimeFormat.ShortDay(End.Date) + ")" : "")}";

    /// <summary>What an edit link says about the entry to someone who cannot see the calendar.</summary>
    public string About(IStringLocalizer text) => $"{TimeFormat.ShortDay(Date)} {Span(text)}, {Title}";

    /// <summary>Whether a drag or a resize may change its times: it has clock times and has ended.</summary>
    public bool CanMove => !IsDurationOnly && !IsRunning;
}

/// <summary>A day of the week with the time that counts on it (ADR 014) and its working window, if any.</summary>
public sealed record CalendarDay(LocalDate Date, Duration Total, LocalTime? WorkStart, LocalTime? WorkEnd);

/// <summary>A person's week for the calendar: its days with their totals, and the entries that count on them.</summary>
public sealed record CalendarWeekView(Week Week, IReadOnlyList<CalendarDay> Days, IReadOnlyList<CalendarEntry> Entries, Duration Total)
{
    /// <summary>The entries listed under <paramref name="date"/>: those starting on it (and, on the first day, those from before the week).</summary>
    public IEnumerable<CalendarEntry> ListedOn(LocalDate date) =>
        Entries.Where(e => e.Date == date || (date == Week.Start && e.Date < Week.Start));
}

/// <summary>
/// Reads one person's own week for the calendar the way the time page does: the entries that count on
/// the week's days (<see cref="EntryDays.CountingOn"/>), each counted by its parts (<see cref="DaySplit"/>),
/// shown in the person's zone.
/// </summary>
public sealed class CalendarWeekReader(TimeTrackDbContext db, IClock clock)
{
    public async Task<CalendarWeekView> ReadAsync(PersonTracking tracking, Week week, CancellationToken cancellationToken)
    {
        var userId = tracking.UserId;
        var now = clock.GetCurrentInstant();
        var rows = (await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .CountingOn(week.Dates)
            .OrderBy(e => e.Start)
            .ToListAsync(cancellationToken))
            .Where(e => e.PartsAt(now, tracking.Zone).On(week.Dates).Any())
            .ToList();

        var projectIds = rows.Select(e => e.ProjectId).Distinct().ToList();
        var taskIds = rows.Where(e => e.TaskId is not null).Select(e => e.TaskId!.Value).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);

        var entries = rows.Select(e =>
        {
            var end = e.End ?? Instant.Max(now, e.Start);
            return new CalendarEntry(
                e.Id,
                e.Version,
                e.IsDurationOnly ? e.Day : e.Start.InZone(tracking.Zone).Date,
                e.Start.InZone(tracking.Zone).LocalDateTime,
                end.InZone(tracking.Zone).LocalDateTime,
                end - e.Start,
                projects.GetValueOrDefault(e.ProjectId, ""),
                e.TaskId is { } task ? tasks.GetValueOrDefault(task) : null,
                e.Description,
                e.IsDurationOnly,
                e.IsRunning,
                e.IsOutsideHours);
        }).ToList();

        var totals = DailyTotals.ForWeek(week, rows.SelectMany(e => e.PartsAt(now, tracking.Zone)));
        var hours = tracking.WorkingHours;
        var days = week.Days
            .Select(date => hours.IsWorkingDay(date)
                ? new CalendarDay(date, totals.On(date), hours.Start, hours.End)
                : new CalendarDay(date, totals.On(date), null, null))
            .ToList();
        return new CalendarWeekView(week, days, entries, totals.Total);
    }
}

/// <summary>The week as the calendar script reads it (GET <c>time/calendar/events</c>).</summary>
public sealed record CalendarWeekJson(string WeekStart, int FirstDay, IReadOnlyList<CalendarDayJson> Days, IReadOnlyList<CalendarEntryJson> Entries, string Total)
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.GeneralIso;

    public static CalendarWeekJson From(CalendarWeekView view, string org, IStringLocalizer text) => new(
        TimeFormat.Iso(view.Week.Start),
        (int)view.Week.Start.DayOfWeek % 7,
        [.. view.Days.Select(d => new CalendarDayJson(
            TimeFormat.Iso(d.Date),
            TimeFormat.Length(d.Total),
            d.WorkStart is { } s ? LocalTimePattern.ExtendedIso.Format(s) : null,
            d.WorkEnd is { } e ? LocalTimePattern.ExtendedIso.Format(e) : null))],
        [.. view.Entries.Select(e => new CalendarEntryJson(
            e.Id,
            e.Version,
            TimeFormat.Iso(e.Date),
            e.IsDurationOnly ? null : Local.Format(e.Start),
            e.IsDurationOnly ? null : Local.Format(e.End),
            TimeFormat.Length(e.Length),
            e.Title,
            e.Description,
            e.IsDurationOnly,
            e.IsRunning,
            e.IsOutsideHours,
            e.CanMove,
            $"/{org}/time/entries/{e.Id}/edit",
            e.About(text)))],
        TimeFormat.Length(view.Total));
}

/// <param name="Date">yyyy-MM-dd.</param>
/// <param name="Total">"2h 30m".</param>
/// <param name="WorkStart">The working window's start (HH:mm:ss), null on a day off.</param>
public sealed record CalendarDayJson(string Date, string Total, string? WorkStart, string? WorkEnd);

/// <param name="Start">Local wall-clock time in the person's zone (no offset); null for time without clock times.</param>
public sealed record CalendarEntryJson(
    Guid Id,
    uint Version,
    string Date,
    string? Start,
    string? End,
    string Length,
    string Title,
    string Description,
    bool DurationOnly,
    bool Running,
    bool OutsideHours,
    bool Movable,
    string EditUrl,
    string About);
