using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Tracking;

/// <summary>
/// Finds entries by the local days they count on (ADR 014, <see cref="DaySplit"/>): every week, month and
/// period read of entries goes through here, then counts each entry's parts on the period's dates.
/// </summary>
public static class EntryDays
{
    /// <summary>
    /// The entries that may count on a date of <paramref name="dates"/>: those whose split begins at most
    /// <see cref="DaySplit.MostDays"/> − 1 days before it (an entry counts on at most that many days), and
    /// running timers that began by its end, however long ago. Narrowed to people, the
    /// (tenant_id, user_id, day) index answers it.
    /// </summary>
    public static IQueryable<TimeEntry> CountingOn(this IQueryable<TimeEntry> entries, DateInterval dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        var earliest = dates.Start.PlusDays(1 - DaySplit.MostDays);
        var last = dates.End;
        return entries.Where(e => e.Day <= last && (e.Day >= earliest || e.End == null));
    }
}
