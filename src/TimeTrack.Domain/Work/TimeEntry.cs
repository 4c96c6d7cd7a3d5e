using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>How an entry was made; kept for the person's own history, never for ranking.</summary>
public enum EntrySource
{
    Timer,
    Manual,
    Timesheet,
    Api,
    Import,
}

/// <summary>
/// A span of one person's time on a project. <see cref="End"/> is null while a timer runs. Length is
/// always <c>End - Start</c> between instants, never a difference of wall-clock times.
/// </summary>
public sealed class TimeEntry : ITenantOwned, IPersonDayWork
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid ProjectId { get; set; }

    public Guid? TaskId { get; set; }

    public Guid? OutcomeId { get; set; }

    public string Description { get; set; } = "";

    public bool IsBillable { get; set; }

    public Instant Start { get; set; }

    public Instant? End { get; set; }

    /// <summary>
    /// The day the entry belongs to: the date of <see cref="Start"/> in the person's zone when it was
    /// saved. Set by the save pipeline from the person's zone, never by callers; reports and rollups
    /// count an entry on this day.
    /// </summary>
    public LocalDate Day { get; set; }

    public EntrySource Source { get; set; }

    /// <summary>Any part lies outside the person's working hours (computed when saved).</summary>
    public bool IsOutsideHours { get; set; }

    /// <summary>
    /// Set when the organization rejects overlaps at the time of saving; the database's exclusion
    /// constraint applies to these rows only.
    /// </summary>
    public bool NoOverlap { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    public List<TimeEntryTag> Tags { get; } = [];

    public bool IsRunning => End is null;

    public Duration LengthAt(Instant now) => (End ?? now) - Start;
}

public sealed class TimeEntryTag : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid TimeEntryId { get; set; }

    public Guid TagId { get; set; }
}
