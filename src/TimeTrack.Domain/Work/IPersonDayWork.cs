using NodaTime;

namespace TimeTrack.Domain.Work;

/// <summary>
/// Time of one person on one day and project: an entry, or a rollup of entries. Lets one filter (a
/// report's period, people and work) apply to both.
/// </summary>
public interface IPersonDayWork
{
    Guid UserId { get; }

    Guid ProjectId { get; }

    Guid? OutcomeId { get; }

    Guid? TaskId { get; }

    LocalDate Day { get; }
}
