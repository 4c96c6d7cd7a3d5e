using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>
/// Finished time of one person on one day, project, outcome and task, summed. PostgreSQL keeps the
/// table current in the same transaction as every write to <c>time_entries</c> (a trigger), so
/// dashboards and reports read rows in proportion to the people and days they show. Read-only here.
/// </summary>
public sealed class TimeRollup : ITenantOwned, IPersonDayWork
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The entries' <see cref="TimeEntry.Day"/>.</summary>
    public LocalDate Day { get; set; }

    public Guid ProjectId { get; set; }

    public Guid? OutcomeId { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>Summed length of the entries, in milliseconds.</summary>
    public long DurationMs { get; set; }

    /// <summary>The part of <see cref="DurationMs"/> marked billable.</summary>
    public long BillableMs { get; set; }

    /// <summary>The part of <see cref="DurationMs"/> from entries lying partly outside working hours.</summary>
    public long OutsideHoursMs { get; set; }

    /// <summary>How many entries were summed (blocks of work, for fragmentation).</summary>
    public int Entries { get; set; }
}
