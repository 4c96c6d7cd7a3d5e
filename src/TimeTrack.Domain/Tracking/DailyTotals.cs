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

/// <summary>Time per local day. Entries crossing midnight count on each day for the part that falls on it.</summary>
public static class DailyTotals
{
    /// <summary>The time on each local date the entries touch, in date order; dates without time are absent.</summary>
    public static IReadOnlyDictionary<LocalDate, Duration> ByDay(IEnumerable<Interval> entries, DateTimeZone zone)
    {
        var totals = new SortedDictionary<LocalDate, Duration>();
        foreach (var entry in entries)
        {
            foreach (var (date, length) in Weeks.SplitByDay(entry, zone))
            {
                totals[date] = totals.GetValueOrDefault(date) + length;
            }
        }

        return totals;
    }

    /// <summary>The week's seven daily totals, counting only the parts of entries inside the week.</summary>
    public static WeekTotals ForWeek(Week week, IEnumerable<Interval> entries)
    {
        // Only the week's own dates are read below: the parts of entries before or after the week fall
        // on other dates, because the week begins and ends at the start of a local day.
        var bounds = week.Interval;
        var byDay = ByDay(entries.Where(entry => entry.Start < bounds.End && entry.End > bounds.Start), week.Zone);

        var days = week.Days.Select(date => new DayTotal(date, byDay.GetValueOrDefault(date))).ToList();
        return new WeekTotals(week, days, days.Aggregate(Duration.Zero, (sum, day) => sum + day.Duration));
    }
}
