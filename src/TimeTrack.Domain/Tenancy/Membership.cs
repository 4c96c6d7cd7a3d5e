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
}
