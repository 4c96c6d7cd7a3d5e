using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tracking;

/// <summary>The time logged on one local date.</summary>
public sealed record DayTotal(LocalDate Date, Duration Duration);

/// <summary>
/// The time logged in a week: its seven days in order (a day the zone skipped has zero) and their sum.
/// </summary>
public sealed record WeekTotals(Week Week, IReadOnlyList<DayTotal> Days, Duration Total)
{
    /// <summary>The time on <paramref name="date"/>; zero for dates outside the week.</summary>
    public Duration On(LocalDate date) =>
        Days.FirstOrDefault(day => day.Date == date)?.Duration ?? Duration.Zero;
}

/// <summary>
/// Time per local day, by the rule of <see cref="DaySplit"/>: entries crossing midnight count on each day
/// for the part that falls on it.
/// </summary>
public static class DailyTotals
{
    /// <summary>The time on each local date the parts count on, in date order; dates without time are absent.</summary>
    public static IReadOnlyDictionary<LocalDate, Duration> ByDay(IEnumerable<DayPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var totals = new SortedDictionary<LocalDate, Duration>();
        foreach (var part in parts)
        {
            totals[part.Date] = totals.GetValueOrDefault(part.Date) + part.Duration;
        }

        return totals;
    }

    /// <summary>The time on each local date the entries touch, each split in <paramref name="zone"/> (<see cref="DaySplit.Of"/>).</summary>
    public static IReadOnlyDictionary<LocalDate, Duration> ByDay(IEnumerable<Interval> entries, DateTimeZone zone) =>
        ByDay(Split(entries, zone));

    /// <summary>The week's seven daily totals, counting only the parts that count on the week's dates.</summary>
    public static WeekTotals ForWeek(Week week, IEnumerable<DayPart> parts)
    {
        ArgumentNullException.ThrowIfNull(week);
        var byDay = ByDay(parts.On(week.Dates));
        var days = week.Days.Select(date => new DayTotal(date, byDay.GetValueOrDefault(date))).ToList();
        return new WeekTotals(week, days, days.Aggregate(Duration.Zero, (sum, day) => sum + day.Duration));
    }

    /// <summary>The week's seven daily totals of entries split in the week's zone.</summary>
    public static WeekTotals ForWeek(Week week, IEnumerable<Interval> entries)
    {
        ArgumentNullException.ThrowIfNull(week);
        return ForWeek(week, Split(entries, week.Zone));
    }

    private static IEnumerable<DayPart> Split(IEnumerable<Interval> entries, DateTimeZone zone) =>
        entries.Where(entry => entry.Duration > Duration.Zero).SelectMany(entry => DaySplit.Of(entry, zone).Parts(entry.Start));
}
