using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>Where a person's week stands in approval.</summary>
public enum WeekSubmissionStatus
{
    Submitted,
    Approved,
    Returned,
    Unlocked,
}

/// <summary>
/// The current approval state of one person's week (one row per person and week). What happened
/// before — returns, resubmissions, unlocks — lives in <see cref="WeekSubmissionEvent"/>s.
/// </summary>
public sealed class WeekSubmission : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The first day of the week in the person's zone and week start.</summary>
    public LocalDate WeekStart { get; set; }

    public WeekSubmissionStatus Status { get; set; }

    public Instant SubmittedAt { get; set; }

    /// <summary>When the week was last approved, returned or unlocked.</summary>
    public Instant? DecidedAt { get; set; }

    public Guid? DecidedByUserId { get; set; }

    /// <summary>The return comment or the unlock reason of the last decision.</summary>
    public string? Comment { get; set; }

    /// <summary>When the week was last approved (kept while a later unlock or return is shown).</summary>
    public Instant? ApprovedAt { get; set; }
}

/// <summary>What happened to a week in approval.</summary>
public enum WeekSubmissionEventKind
{
    Submitted,
    Approved,
    Returned,
    Unlocked,
}

/// <summary>One step in a week's approval history; never changed or removed.</summary>
public sealed class WeekSubmissionEvent : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid SubmissionId { get; set; }

    public WeekSubmissionEventKind Kind { get; set; }

    public Guid ActorUserId { get; set; }

    public Instant OccurredAt { get; set; }

    /// <summary>The return comment or the unlock reason.</summary>
    public string? Text { get; set; }
}
