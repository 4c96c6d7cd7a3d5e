using NodaTime;

namespace TimeTrack.Domain.Time;

/// <summary>
/// A person's week: seven local dates starting on their week start, and the instants that bound it
/// in their time zone. Durations are always measured between instants, never between wall-clock times.
/// </summary>
public sealed record Week(LocalDate Start, DateTimeZone Zone)
{
    public LocalDate End => Start.PlusDays(7);

    /// <summary>The instant the week begins (the start of its first day in the zone).</summary>
    public Instant StartInstant => Zone.AtStartOfDay(Start).ToInstant();

    /// <summary>The instant the next week begins.</summary>
    public Instant EndInstant => Zone.AtStartOfDay(End).ToInstant();

    public Interval Interval => new(StartInstant, EndInstant);

    /// <summary>The true length of the week, 167 or 169 hours across a DST change.</summary>
    public Duration Length => EndInstant - StartInstant;

    public IEnumerable<LocalDate> Days => Enumerable.Range(0, 7).Select(Start.PlusDays);

    public Week Previous => this with { Start = Start.PlusDays(-7) };

    public Week Next => this with { Start = Start.PlusDays(7) };

    public bool Contains(Instant instant) => instant >= StartInstant && instant < EndInstant;
}

public static class Weeks
{
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
        return new Week(StartOf(localDate, weekStart), zone);
    }

    /// <summary>The time of <paramref name="interval"/> that falls on each local day it touches, in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<(LocalDate Date, Duration Duration)> SplitByDay(Interval interval, DateTimeZone zone)
    {
        var result = new List<(LocalDate, Duration)>();
        if (!interval.HasStart || !interval.HasEnd || interval.Duration <= Duration.Zero)
        {
            return result;
        }

        var date = interval.Start.InZone(zone).Date;
        var cursor = interval.Start;
        while (cursor < interval.End)
        {
            var nextDayStart = zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
            var sliceEnd = nextDayStart < interval.End ? nextDayStart : interval.End;
            result.Add((date, sliceEnd - cursor));
            cursor = sliceEnd;
            date = date.PlusDays(1);
        }

        return result;
    }
}
