using NodaTime;

namespace TimeTrack.Domain.Tracking;

/// <summary>
/// Whether entries overlap. Entries are half-open, [start, end): one that ends at 10:00 and one that
/// starts at 10:00 only touch. A running entry is passed by callers as an interval ending now; a timer
/// started this very instant (start = end = now) still occupies its start, so it cannot begin inside
/// another entry or at the same instant as one.
/// </summary>
public static class Overlaps
{
    public static bool Overlap(Interval a, Interval b) =>
        a.Start < OccupiedUntil(b) && b.Start < OccupiedUntil(a);

    /// <summary>
    /// The entries among <paramref name="existing"/> that overlap <paramref name="candidate"/>, in their
    /// given order. When editing an entry, leave the entry itself out of <paramref name="existing"/>.
    /// </summary>
    public static IReadOnlyList<T> Overlapping<T>(Interval candidate, IEnumerable<T> existing, Func<T, Interval> interval) =>
        [.. existing.Where(e => Overlap(candidate, interval(e)))];

    private static Instant OccupiedUntil(Interval interval) =>
        interval.End > interval.Start ? interval.End : interval.Start + Duration.Epsilon;
}
