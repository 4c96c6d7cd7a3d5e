using NodaTime;
using NodaTime.TimeZones;

namespace TimeTrack.Domain.Time;

/// <summary>
/// A person's week: seven local dates starting on their week start, and the instants that bound it
/// in their time zone. Durations are always measured between instants, never between wall-clock times.
/// </summary>
public sealed record Week(LocalDate Start, DateTimeZone Zone)
{
    public LocalDate End => Start.PlusDays(7);

    /// <summary>The instant the week begins (the start of its first day in the zone).</summary>
    public Instant StartInstant => Weeks.StartOfDay(Start, Zone);

    /// <summary>The instant the next week begins.</summary>
    public Instant EndInstant => Weeks.StartOfDay(End, Zone);

    public Interval Interval => new(StartInstant, EndInstant);

    /// <summary>The true length of the week, 167 or 169 hours across a DST change.</summary>
    public Duration Length => EndInstant - StartInstant;

    public IEnumerable<LocalDate> Days => Enumerable.Range(0, 7).Select(Start.PlusDays);

    /// <summary>The week's seven days as an interval, both ends included.</summary>
    public DateInterval Dates => new(Start, End.PlusDays(-1));

    public Week Previous => this with { Start = Start.PlusDays(-7) };

    public Week Next => this with { Start = Start.PlusDays(7) };

    public bool Contains(Instant instant) => instant >= StartInstant && instant < EndInstant;
}

public static class Weeks
{
    private static readonly ZoneLocalMappingResolver StartOfDayResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>The first day of the week containing <paramref name="date"/> for a given week start.</summary>
    public static LocalDate StartOf(LocalDate date, IsoDayOfWeek weekStart)
    {
        var back = ((int)date.DayOfWeek - (int)weekStart + 7) % 7;
        return date.PlusDays(-back);
    }

    /// <summary>The week that contains <paramref name="instant"/> as seen in <paramref name="zone"/>.</summary>
    public static Week Containing(Instant instant, DateTimeZone zone, IsoDayOfWeek weekStart)
    {
        var localDate = instant.InZone(zone).Date;
        var week = new Week(StartOf(localDate, weekStart), zone);

        // After clocks went back across midnight the wall clock shows the previous date again for a
        // while (St. John's until 2010); that time belongs to the week that has already begun.
        return week.Contains(instant) ? week : week.Next;
    }

    /// <summary>The time of <paramref name="interval"/> that falls on each local day it touches, in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<(LocalDate Date, Duration Duration)> SplitByDay(Interval interval, DateTimeZone zone)
    {
        var result = new List<(LocalDate, Duration)>();
        if (!interval.HasStart || !interval.HasEnd || interval.Duration <= Duration.Zero)
        {
            return result;
        }

        var cursor = interval.Start;
        while (cursor < interval.End)
        {
            // Taken from the cursor rather than counted up, so a skipped calendar day gets no slice; and
            // time when the wall clock repeats the previous date belongs to the day that has begun.
            var date = cursor.InZone(zone).Date;
            var nextDayStart = StartOfDay(date.PlusDays(1), zone);
            while (nextDayStart <= cursor)
            {
                date = date.PlusDays(1);
                nextDayStart = StartOfDay(date.PlusDays(1), zone);
            }

            var sliceEnd = nextDayStart < interval.End ? nextDayStart : interval.End;
            result.Add((date, sliceEnd - cursor));
            cursor = sliceEnd;
        }

        return result;
    }

    /// <summary>
    /// The first instant of <paramref name="date"/> in <paramref name="zone"/>, like
    /// <see cref="DateTimeZone.AtStartOfDay(LocalDate)"/>, except that a day the zone skipped entirely
    /// (Samoa's 30 December 2011) starts, with zero length, where the next day starts instead of throwing.
    /// </summary>
    public static Instant StartOfDay(LocalDate date, DateTimeZone zone) =>
        zone.ResolveLocal(date.AtMidnight(), StartOfDayResolver).ToInstant();
}
