using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>A short in-app message for one person (for example: "your timer stopped at the end of your working hours").</summary>
public sealed class Notice : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>An app-relative link to where the person can act on the notice, if any.</summary>
    public string? Link { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? DismissedAt { get; set; }
}
