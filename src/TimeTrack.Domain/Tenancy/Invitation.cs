using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// An invitation to join an organization. Only a hash of the secret is stored; the link that
/// carries the secret is shown once to the person who created the invitation and emailed to the invitee.
/// </summary>
public sealed class Invitation : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Email { get; set; } = "";

    public OrgRole Role { get; set; } = OrgRole.Employee;

    public string TokenHash { get; set; } = "";

    public Guid InvitedByUserId { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant ExpiresAt { get; set; }

    public Instant? AcceptedAt { get; set; }

    public Guid? AcceptedByUserId { get; set; }

    public bool IsUsable(Instant now) => AcceptedAt is null && now < ExpiresAt;
}
