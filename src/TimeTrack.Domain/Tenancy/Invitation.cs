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

    public bool IsUsable(Instant now) => StateAt(now) == InvitationState.Open;

    /// <summary>Spent wins over expired: once accepted, an invitation says so for ever.</summary>
    public InvitationState StateAt(Instant now) =>
        AcceptedAt is not null ? InvitationState.Spent
        : now < ExpiresAt ? InvitationState.Open
        : InvitationState.Expired;

    /// <summary>
    /// The invited address as shown to whoever holds the link and is signed in as someone else: enough
    /// for the invitee to recognise it (first character and domain), not the whole address.
    /// </summary>
    public string MaskedEmail()
    {
        var at = Email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{Email[0]}***{Email[at..]}";
    }
}

public enum InvitationState
{
    /// <summary>Not accepted yet and not expired: the invited person can accept it.</summary>
    Open,

    /// <summary>Accepted once; never usable again.</summary>
    Spent,

    /// <summary>Not accepted before it expired.</summary>
    Expired,
}
