using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Digests;

/// <summary>How a digest became visible to others.</summary>
public enum DigestReleaseKind
{
    /// <summary>Still under self-review: nobody else sees its numbers.</summary>
    UnderSelfReview,

    /// <summary>The person released it before the embargo ended.</summary>
    ReleasedEarly,

    /// <summary>The embargo ended.</summary>
    EmbargoEnded,
}

/// <summary>
/// The weekly self-review digest of one person's week. Unique per (tenant, person, week start), so a
/// job that runs twice or is retried can never make two. The person sees it first; others (as the
/// policy allows) only once it is released early or its embargo has ended.
/// </summary>
public sealed class Digest : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The first day of the week in the person's own week start.</summary>
    public LocalDate WeekStart { get; set; }

    /// <summary>When the week ended in the person's zone.</summary>
    public Instant WeekEndedAt { get; set; }

    public DigestContent Content { get; set; } = null!;

    public Instant CreatedAt { get; set; }

    /// <summary>When others may see it without the person releasing it (creation + the policy's embargo hours).</summary>
    public Instant EmbargoEndsAt { get; set; }

    /// <summary>Set when the person releases it early.</summary>
    public Instant? ReleasedAt { get; set; }

    /// <summary>Private unless <see cref="ReflectionShared"/>.</summary>
    public string? Reflection { get; set; }

    public bool ReflectionShared { get; set; }

    /// <summary>"I could use support with…", in the person's words.</summary>
    public string? SupportRequest { get; set; }

    public Instant? SupportRequestedAt { get; set; }

    public Instant? SupportAcknowledgedAt { get; set; }

    public Guid? SupportAcknowledgedBy { get; set; }

    public string? SupportResponse { get; set; }

    /// <summary>Whether others may see it at <paramref name="now"/>, and which way it was released.</summary>
    public DigestReleaseKind ReleaseAt(Instant now) =>
        ReleasedAt is not null && ReleasedAt < EmbargoEndsAt ? DigestReleaseKind.ReleasedEarly
        : now >= EmbargoEndsAt ? DigestReleaseKind.EmbargoEnded
        : DigestReleaseKind.UnderSelfReview;

    /// <summary>When it became visible to others, if it has.</summary>
    public Instant? VisibleSince(Instant now) => ReleaseAt(now) switch
    {
        DigestReleaseKind.ReleasedEarly => ReleasedAt,
        DigestReleaseKind.EmbargoEnded => EmbargoEndsAt,
        _ => null,
    };
}

/// <summary>
/// An email waiting to be sent, written in the same transaction as what caused it. Unique per
/// (tenant, <see cref="Key"/>), so a retried job cannot queue a second copy; the sender claims a
/// row before sending, so a message goes out at most once.
/// </summary>
public sealed class OutgoingEmail : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    /// <summary>What the email is about, e.g. "digest:{id}".</summary>
    public string Key { get; set; } = "";

    public Guid UserId { get; set; }

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    /// <summary>Not sent before this (the start of the person's next working window).</summary>
    public Instant NotBefore { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? ClaimedAt { get; set; }

    public Instant? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
