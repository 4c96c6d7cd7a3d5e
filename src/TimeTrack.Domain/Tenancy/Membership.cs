using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>One person's membership of one organization.</summary>
public sealed class Membership : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public OrgRole Role { get; set; }

    public Instant JoinedAt { get; set; }

    /// <summary>A person may narrow (never widen) the organization's working hours for themself.</summary>
    public int? WorkingDays { get; set; }

    public LocalTime? WorkdayStart { get; set; }

    public LocalTime? WorkdayEnd { get; set; }

    /// <summary>The person asked to be reminded near the end of their working day when nothing is logged that day. Off by default.</summary>
    public bool RemindNothingLogged { get; set; }

    /// <summary>The day (in the person's zone) the last "nothing logged today" reminder went out, so it goes out at most once a day.</summary>
    public LocalDate? NothingLoggedRemindedOn { get; set; }

    /// <summary>After how many minutes without activity in the browser a running timer asks whether to keep the idle time; null is off (the default).</summary>
    public int? IdleReminderMinutes { get; set; }
}
