using NodaTime;
using NodaTime.TimeZones;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tracking;

/// <summary>Local-day helpers shared by the tracking rules, built on <see cref="Weeks.SplitByDay"/>.</summary>
internal static class LocalDays
{
    // Repeated wall-clock times take the earlier instant, as NodaTime's lenient resolver does. A skipped
    // time moves to the end of the gap instead of shifting forward by the gap's length: forward shifting
    // can map a later wall-clock time to an earlier instant (02:30 -> 03:30 but 03:15 -> 03:15 on the
    // Berlin spring-forward night), which would turn a working window or an entry inside out.
    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>The instant of a wall-clock time, never throwing for skipped or repeated times.</summary>
    public static Instant Resolve(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolver).ToInstant();

    /// <summary>
    /// The local date <paramref name="instant"/> belongs to. Asked of <see cref="Weeks.SplitByDay"/> so
    /// that every rule agrees with the daily totals, including while a wall clock repeats the previous date.
    /// </summary>
    public static LocalDate DateOf(Instant instant, DateTimeZone zone) => DaySplit.FirstDayOf(instant, zone);

    /// <summary>The parts of <paramref name="interval"/> on each local day it touches, as instants.</summary>
    public static IEnumerable<(LocalDate Date, Interval Part)> Pieces(Interval interval, DateTimeZone zone)
    {
        var cursor = interval.Start;
        foreach (var (date, length) in Weeks.SplitByDay(interval, zone))
        {
            yield return (date, new Interval(cursor, cursor + length));
            cursor += length;
        }
    }

    /// <summary>The length of the common part of two intervals; zero when they are disjoint.</summary>
    public static Duration Intersection(Interval a, Interval b)
    {
        var start = Instant.Max(a.Start, b.Start);
        var end = Instant.Min(a.End, b.End);
        return end > start ? end - start : Duration.Zero;
    }
}
