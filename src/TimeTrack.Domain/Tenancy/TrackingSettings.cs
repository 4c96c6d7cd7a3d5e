using NodaTime;

namespace TimeTrack.Domain.Tenancy;

public enum OverlapRule
{
    Allowed,
    Rejected,
}

/// <summary>How an organization tracks time. Working hours are a boundary on tracking, not a target.</summary>
public sealed class TrackingSettings
{
    public OverlapRule Overlaps { get; set; } = OverlapRule.Rejected;

    /// <summary>Working days as flags: Monday = 1 … Sunday = 64 (see <c>Tracking.WorkingDays</c>).</summary>
    public int WorkingDays { get; set; } = 31;

    public LocalTime WorkdayStart { get; set; } = new(8, 0);

    public LocalTime WorkdayEnd { get; set; } = new(18, 0);

    /// <summary>How many days back a person may add or change entries.</summary>
    public int MaximumDaysInPast { get; set; } = 366;

    /// <summary>How many days ahead a person may add entries (planned leave, a trip booked in advance); 0 is up to today.</summary>
    public int MaximumDaysInFuture { get; set; }
}
