using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tracking;

/// <summary>What to do with a running timer's idle time.</summary>
public enum IdleChoice
{
    /// <summary>Stop the timer when the person went idle.</summary>
    DiscardAndStop,

    /// <summary>Stop it when the person went idle and start it again now, with the same details.</summary>
    DiscardAndContinue,
}

/// <summary>
/// Drops the idle time from the end of a running timer, through <see cref="TimeEntryService"/> (its
/// stop and start, with their rules) as one change: stopped at the moment the person went idle and,
/// when they continue, started again now with the same project, task, outcome, tags, billable flag and
/// description.
/// </summary>
public sealed class IdleTime(TimeTrackDbContext db, TimeEntryService entries, IClock clock)
{
    public const string IdleStartField = "IdleStart";

    /// <summary>The stopped entry and, after <see cref="IdleChoice.DiscardAndContinue"/>, the new running one.</summary>
    public sealed record Discarded(TimeEntry Stopped, TimeEntry? Continued);

    public Task<TrackingResult<Discarded>> DiscardAsync(Guid userId, Instant idleStart, IdleChoice choice, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            var running = await entries.RunningAsync(userId, ct);
            if (running is null)
            {
                return TrackingResult<Discarded>.Invalid("", "No timer is running, so there is no idle time to discard. It may have been stopped in another tab.");
            }

            var now = clock.GetCurrentInstant();
            if (idleStart < running.Start)
            {
                return TrackingResult<Discarded>.Invalid(IdleStartField, "The idle time cannot start before the timer did. Nothing was changed.");
            }

            if (idleStart > now)
            {
                return TrackingResult<Discarded>.Invalid(IdleStartField, "The idle time cannot start in the future. Nothing was changed.");
            }

            var details = TimeEntryService.DetailsOf(running);
            var stopped = await entries.StopTimerAsync(userId, idleStart, ct);
            if (stopped is not { Succeeded: true, Value: { } entry })
            {
                return TrackingResult<Discarded>.Invalid(stopped.Problems);
            }

            if (choice == IdleChoice.DiscardAndStop)
            {
                return TrackingResult<Discarded>.Ok(new Discarded(entry, null));
            }

            var started = await entries.StartTimerAsync(userId, details, ct);
            return started is { Succeeded: true, Value: { } continued }
                ? TrackingResult<Discarded>.Ok(new Discarded(entry, continued))
                : TrackingResult<Discarded>.Invalid(started.Problems);
        }, cancellationToken);
}
