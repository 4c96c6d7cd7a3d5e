using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>
/// Finished time of one person on one local day, project, outcome and task, summed (an entry across
/// midnight in each day's row with its part, ADR 014). PostgreSQL keeps the
/// table current in the same transaction as every write to <c>time_entries</c> (a trigger), so
/// dashboards and reports read rows in proportion to the people and days they show. Read-only here.
/// </summary>
public sealed class TimeRollup : ITenantOwned, IPersonDayWork
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The local day the entries' parts count on (<see cref="TimeEntry.DayMilliseconds"/>, ADR 014).</summary>
    public LocalDate Day { get; set; }

    public Guid ProjectId { get; set; }

    public Guid? OutcomeId { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>Summed time of the entries on <see cref="Day"/>, in milliseconds.</summary>
    public long DurationMs { get; set; }

    /// <summary>The part of <see cref="DurationMs"/> marked billable.</summary>
    public long BillableMs { get; set; }

    /// <summary>The part of <see cref="DurationMs"/> from entries lying partly outside working hours.</summary>
    public long OutsideHoursMs { get; set; }

    /// <summary>How many entries have time on <see cref="Day"/> (blocks of work, for fragmentation).</summary>
    public int Entries { get; set; }
}
