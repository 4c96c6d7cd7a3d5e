using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>
/// A span of one person's time that no path may change (set by timesheet approval). Stored as
/// instants of the person's week so the check is a plain range overlap.
/// </summary>
public sealed class LockedPeriod : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The first day of the locked week in the person's zone (for display).</summary>
    public LocalDate WeekStart { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }

    public Guid LockedByUserId { get; set; }

    public Instant LockedAt { get; set; }

    public bool Contains(Instant instant) => instant >= Start && instant < End;

    public bool Overlaps(Instant start, Instant end) => start < End && Start < end;
}
