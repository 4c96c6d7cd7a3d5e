using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// A token a person creates to use the API as themself, in one organization. Only a hash is stored;
/// the token is shown once when created.
/// </summary>
public sealed class PersonalAccessToken : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The first characters of the secret, so a person can tell their tokens apart.</summary>
    public string Prefix { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public Instant CreatedAt { get; set; }

    public Instant ExpiresAt { get; set; }

    public Instant? RevokedAt { get; set; }

    public Instant? LastUsedAt { get; set; }

    public bool IsActive(Instant now) => RevokedAt is null && now < ExpiresAt;
}
