using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Transparency;

/// <summary>
/// One version of an organization's transparency policy. An organization has at most one draft
/// (no <see cref="Number"/>) and any number of published versions, numbered from 1. The version in
/// force is the published one with the highest number whose <see cref="EffectiveAt"/> has passed.
/// Published versions never change.
/// </summary>
public sealed class PolicyVersion : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    /// <summary>1, 2, 3… once published; null for the draft.</summary>
    public int? Number { get; set; }

    public TransparencyPolicy Policy { get; set; } = TransparencyPolicy.Default;

    /// <summary>Who last edited the draft, or who published the version.</summary>
    public Guid? AuthorUserId { get; set; }

    /// <summary>The author's name as it was when they published, so history outlives their account.</summary>
    public string AuthorName { get; set; } = "";

    /// <summary>Why the version was published, in the author's words.</summary>
    public string Reason { get; set; } = "";

    /// <summary>The plain-language changes against the version in force when this one was published.</summary>
    public List<string> Changes { get; set; } = [];

    /// <summary>
    /// Whose data this version lets others see more of than the version before it
    /// (<see cref="PolicyDiff.WideningFor"/>), set when it is published: they acknowledge it before
    /// tracking more time. Everyone else is only told.
    /// </summary>
    public PolicyWidening Widening { get; set; } = PolicyWidening.Nobody;

    public Instant CreatedAt { get; set; }

    public Instant? PublishedAt { get; set; }

    public Instant? EffectiveAt { get; set; }

    /// <summary>When its tracking settings were applied and members were told; set once, by the activation step.</summary>
    public Instant? ActivatedAt { get; set; }

    public bool IsDraft => Number is null;
}

/// <summary>A person's acknowledgement that they have read a published policy version.</summary>
public sealed class PolicyAcknowledgement : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid PolicyVersionId { get; set; }

    public Guid UserId { get; set; }

    public Instant AcknowledgedAt { get; set; }
}
