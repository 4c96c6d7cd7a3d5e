using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

public enum OutcomeStatus
{
    Planned,
    InProgress,
    Done,
    Blocked,
}

/// <summary>A named deliverable of a project. Managers see progress on outcomes, not on people.</summary>
public sealed class Outcome : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public string Name { get; set; } = "";

    public OutcomeStatus Status { get; set; } = OutcomeStatus.Planned;

    public LocalDate? DueDate { get; set; }

    /// <summary>Hours the team planned for the outcome, if it planned any; dashboards compare time spent with it.</summary>
    public decimal? PlannedHours { get; set; }

    public Guid? OwnerUserId { get; set; }

    /// <summary>When the outcome last became Done; cleared if it is reopened.</summary>
    public Instant? CompletedAt { get; set; }
}
