using NodaTime;

namespace TimeTrack.Domain.Time;

/// <summary>The part of some time that falls on one local day.</summary>
public readonly record struct DayPart(LocalDate Date, Interval Interval)
{
    public Duration Duration => Interval.Duration;
}

/// <summary>
/// Which day time counts in — the one rule of ADR 014: time counts on the calendar day, in the
/// person's zone, on which it was worked; time across a local midnight is split there
/// (<see cref="Weeks.SplitByDay"/>). Weeks are seven such days from the organization's week start.
/// </summary>
/// <remarks>
/// An entry's split is made once, when it is saved, in the person's zone at that moment, and kept with
/// it as its first day and whole milliseconds per day (a day the zone skipped has zero). The rollup
/// trigger adds exactly these numbers, and the timesheet, approval, payroll, reports, digests, insights
/// and the dashboard read them back through <see cref="PartsOf"/>, so every figure of a day or week is
/// the same sum. A running timer has no split yet: its time until now is split live, in the person's zone.
/// </remarks>
public sealed class DaySplit
{
    /// <summary>An entry (at most 24 hours) counts on at most this many consecutive local days.</summary>
    public const int MostDays = 3;

    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly long[] _milliseconds;

    private DaySplit(LocalDate firstDay, long[] milliseconds)
    {
        FirstDay = firstDay;
        _milliseconds = milliseconds;
    }

    /// <summary>The first local day the time counts on (the day it began).</summary>
    public LocalDate FirstDay { get; }

    /// <summary>Whole milliseconds on <see cref="FirstDay"/> and each following day; zero on a day the zone skipped.</summary>
    public IReadOnlyList<long> Milliseconds => _milliseconds;

    public LocalDate LastDay => FirstDay.PlusDays(_milliseconds.Length - 1);

    public Duration Total => Duration.FromMilliseconds(_milliseconds.Sum());

    /// <summary>
    /// The rule: <paramref name="interval"/> split at every local midnight of <paramref name="zone"/>.
    /// Each day gets the difference of its boundaries' offsets from the start, rounded to whole
    /// milliseconds, so the days add up to the rounded length exactly. An empty interval is nothing on
    /// the day it begins.
    /// </summary>
    public static DaySplit Of(Interval interval, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!interval.HasStart || !interval.HasEnd)
        {
            throw new ArgumentException("Only a bounded interval can be split into days.", nameof(interval));
        }

        var pieces = Weeks.SplitByDay(interval, zone);
        if (pieces.Count == 0)
        {
            return new DaySplit(FirstDayOf(interval.Start, zone), [0]);
        }

        var first = pieces[0].Date;
        var milliseconds = new long[Period.Between(first, pieces[^1].Date, PeriodUnits.Days).Days + 1];
        var elapsed = Duration.Zero;
        var counted = 0L;
        foreach (var (date, length) in pieces)
        {
            elapsed += length;
            var upTo = RoundToMilliseconds(elapsed);
            milliseconds[Period.Between(first, date, PeriodUnits.Days).Days] += upTo - counted;
            counted = upTo;
        }

        return new DaySplit(first, milliseconds);
    }

    /// <summary>A split as it was stored with an entry.</summary>
    public static DaySplit Stored(LocalDate firstDay, IReadOnlyList<long> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0 || milliseconds.Any(ms => ms < 0))
        {
            throw new ArgumentException("A stored split has at least one day and no negative time.", nameof(milliseconds));
        }

        return new DaySplit(firstDay, [.. milliseconds]);
    }

    /// <summary>
    /// The local day an instant counts on: the day of a split beginning there. While a wall clock
    /// repeats the previous date (St. John's until 2010), that is the day that has already begun.
    /// </summary>
    public static LocalDate FirstDayOf(Instant instant, DateTimeZone zone) =>
        Weeks.SplitByDay(new Interval(instant, instant + Duration.Epsilon), zone)[0].Date;

    /// <summary>
    /// An entry's parts as every reader counts them: a finished entry's stored split; a running timer's
    /// time until <paramref name="now"/>, split in <paramref name="zone"/> (the person's). A finished entry
    /// saved before splits were kept is split in <paramref name="zone"/> too.
    /// </summary>
    public static IReadOnlyList<DayPart> PartsOf(Instant start, Instant? end, LocalDate day, IReadOnlyList<long>? stored, Instant now, DateTimeZone zone)
    {
        if (end is not null && stored is { Count: > 0 })
        {
            return Stored(day, stored).Parts(start);
        }

        var until = end ?? now;
        return until > start ? Of(new Interval(start, until), zone).Parts(start) : [];
    }

    /// <summary>The days as intervals, the first beginning at <paramref name="start"/>; days without time are left out.</summary>
    public IReadOnlyList<DayPart> Parts(Instant start)
    {
        var parts = new List<DayPart>(_milliseconds.Length);
        var cursor = start;
        for (var i = 0; i < _milliseconds.Length; i++)
        {
            if (_milliseconds[i] == 0)
            {
                continue;
            }

            var end = cursor + Duration.FromMilliseconds(_milliseconds[i]);
            parts.Add(new DayPart(FirstDay.PlusDays(i), new Interval(cursor, end)));
            cursor = end;
        }

        return parts;
    }

    /// <summary>The days with time, in order.</summary>
    public IEnumerable<LocalDate> Days => _milliseconds.Select((ms, i) => (ms, i)).Where(day => day.ms > 0).Select(day => FirstDay.PlusDays(day.i));

    /// <summary>The time on <paramref name="date"/>.</summary>
    public Duration On(LocalDate date)
    {
        var index = Period.Between(FirstDay, date, PeriodUnits.Days).Days;
        return index >= 0 && index < _milliseconds.Length ? Duration.FromMilliseconds(_milliseconds[index]) : Duration.Zero;
    }

    /// <summary>The milliseconds as they are stored (a copy).</summary>
    public long[] ToArray() => [.. _milliseconds];

    private static long RoundToMilliseconds(Duration duration) =>
        (duration.ToInt64Nanoseconds() + (NanosecondsPerMillisecond / 2)) / NanosecondsPerMillisecond;
}

/// <summary>Sums of <see cref="DayPart"/>s by the dates they count on.</summary>
public static class DayParts
{
    /// <summary>The parts that count on a date of <paramref name="dates"/>.</summary>
    public static IEnumerable<DayPart> On(this IEnumerable<DayPart> parts, DateInterval dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        return parts.Where(part => dates.Contains(part.Date));
    }

    public static Duration Sum(this IEnumerable<DayPart> parts) =>
        parts.Aggregate(Duration.Zero, (sum, part) => sum + part.Duration);
}
