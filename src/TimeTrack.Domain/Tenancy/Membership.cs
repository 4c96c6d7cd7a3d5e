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
}
