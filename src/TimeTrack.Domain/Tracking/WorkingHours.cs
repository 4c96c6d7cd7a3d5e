using NodaTime;

namespace TimeTrack.Domain.Tracking;

[Flags]
public enum WorkingDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    All = Weekdays | Saturday | Sunday,
}

public static class WorkingDaysExtensions
{
    extension(WorkingDays)
    {
        /// <summary>The flag for one day of the week.</summary>
        public static WorkingDays For(IsoDayOfWeek day)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan((int)day, (int)IsoDayOfWeek.Monday, nameof(day));
            ArgumentOutOfRangeException.ThrowIfGreaterThan((int)day, (int)IsoDayOfWeek.Sunday, nameof(day));
            return (WorkingDays)(1 << ((int)day - 1));
        }
    }
}

/// <summary>
/// The hours a person is expected to work: the same window of wall-clock time on each working day, in
/// the person's zone. A window never spans midnight; time outside every window is "outside hours", which
/// stays private by default and feeds the after-hours insight.
/// </summary>
public sealed record WorkingHours(WorkingDays Days, LocalTime Start, LocalTime End)
{
    public static WorkingHours Default { get; } = new(WorkingDays.Weekdays, new LocalTime(8, 0), new LocalTime(18, 0));

    /// <summary>A person-readable reason the hours cannot be saved, or null when they are fine.</summary>
    public static string? Validate(LocalTime start, LocalTime end, WorkingDays days)
    {
        if (start >= end)
        {
            return "The working day must end after it starts, on the same day.";
        }

        if ((days & ~WorkingDays.All) != WorkingDays.None)
        {
            return "Choose working days from Monday to Sunday.";
        }

        return days == WorkingDays.None ? "Choose at least one working day." : null;
    }

    /// <summary>
    /// Whether <paramref name="date"/> is a working day. Hours whose window is empty (a narrowing can
    /// leave one) have no working days at all.
    /// </summary>
    public bool IsWorkingDay(LocalDate date) =>
        Start < End && (Days & WorkingDays.For(date.DayOfWeek)) != WorkingDays.None;

    /// <summary>
    /// The working window of <paramref name="date"/> as instants, or null on a non-working day. A start
    /// or end the zone skips moves to the end of the gap; one it repeats takes the earlier instant.
    /// </summary>
    public Interval? WindowOn(LocalDate date, DateTimeZone zone) =>
        IsWorkingDay(date)
            ? new Interval(LocalDays.Resolve(date + Start, zone), LocalDays.Resolve(date + End, zone))
            : null;

    /// <summary>
    /// The hours that apply to a person: an organization's hours (this) narrowed by the person's own.
    /// A person may only narrow them, never widen: the days both share, from the later start to the earlier end.
    /// </summary>
    public WorkingHours NarrowedBy(WorkingHours? personal)
    {
        if (personal is null)
        {
            return this;
        }

        var start = LocalTime.Max(Start, personal.Start);
        var end = LocalTime.Min(End, personal.End);
        var days = start < end ? Days & personal.Days : WorkingDays.None;
        return new WorkingHours(days, start, end);
    }

    /// <summary>How much of <paramref name="entry"/> falls outside the working windows of the days it touches.</summary>
    public Duration OutsideHours(Interval entry, DateTimeZone zone)
    {
        var outside = Duration.Zero;
        foreach (var (date, part) in LocalDays.Pieces(entry, zone))
        {
            var inside = WindowOn(date, zone) is { } window ? LocalDays.Intersection(part, window) : Duration.Zero;
            outside += part.Duration - inside;
        }

        return outside;
    }

    /// <summary>Whether any part of <paramref name="entry"/> falls outside the working windows.</summary>
    public bool IsOutsideHours(Interval entry, DateTimeZone zone) => OutsideHours(entry, zone) > Duration.Zero;

    /// <summary>
    /// Where a timer running at <paramref name="instant"/> should stop on its own: the end of the working
    /// window the instant lies in, or null when it lies outside every window (the window's end is outside).
    /// </summary>
    public Instant? EndOfWindowContaining(Instant instant, DateTimeZone zone) =>
        WindowOn(LocalDays.DateOf(instant, zone), zone) is { } window && window.Contains(instant)
            ? window.End
            : null;
}
