using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Time;

public enum QueuedTimerKind
{
    Start,
    Stop,
    Switch,
}

/// <summary>
/// A timer start, stop or switch the person made while their device was offline, sent when it is back:
/// what it was, when the device says it happened, and the id the device gave it so that sending it
/// twice (a retry after a lost answer) changes nothing the second time.
/// </summary>
public sealed class QueuedTimerActionForm
{
    /// <summary>The prefix of the start or switch details (the timer forms' fields, renamed by the script).</summary>
    public const string DetailsPrefix = "Details";

    [Required(ErrorMessage = "The queued action has no id.")]
    public Guid? Id { get; set; }

    [Required(ErrorMessage = "Say whether the queued action starts, stops or switches the timer.")]
    public QueuedTimerKind? Kind { get; set; }

    /// <summary>When it happened, as an ISO 8601 instant (e.g. 2026-12-07T10:02:00.000Z).</summary>
    [Required(ErrorMessage = "Say when the queued action happened.")]
    [StringLength(40, ErrorMessage = "Give the time as an ISO 8601 instant.")]
    public string? At { get; set; }
}

public enum QueuedTimerStatus
{
    /// <summary>Applied now.</summary>
    Applied,

    /// <summary>Applied by an earlier copy of the same action; nothing changed this time.</summary>
    AlreadyApplied,

    /// <summary>Not applied; <see cref="QueuedTimerOutcome.Problems"/> says why.</summary>
    Refused,

    /// <summary>Not applied: the timer changed meanwhile (another tab or device).</summary>
    Conflict,
}

public sealed record QueuedTimerOutcome(QueuedTimerStatus Status, string Message, IReadOnlyList<TrackingProblem> Problems);

/// <summary>
/// Applies queued timer actions through <see cref="TimeEntryService"/> at the instants the device recorded,
/// bounded like any timer: never ahead of the server by more than <see cref="EntryRules.ClockSkew"/> (a
/// little ahead counts as now), never further back than the person's limits allow. Idempotent without
/// storage of its own: a start or switch creates its entry under an id derived from the action's id, and
/// a stop has been applied when a timer of the person ends at its instant.
/// </summary>
public sealed class QueuedTimerActions(
    TimeTrackDbContext db,
    TimeEntryService entries,
    PersonTrackingProvider people,
    TenantContext tenant,
    IClock clock,
    IStringLocalizer<SharedResource> text)
{
    public async Task<QueuedTimerOutcome> ApplyAsync(Guid userId, Guid actionId, QueuedTimerKind kind, Instant at, EntryDetails? details, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(userId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var clock24 = TimeFormat.Clock(at.InZone(tracking.Zone).LocalDateTime);
        if (at > now + EntryRules.ClockSkew)
        {
            return Refused("At", text["This device's clock says {0}, which is still to come here; check the device's date and time.", clock24]);
        }

        var when = Instant.Min(at, now);
        if (kind == QueuedTimerKind.Stop)
        {
            return await StopAsync(userId, at, when, clock24, cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(details);
        var entryId = EntryIdFor(tenant.RequiredTenantId, userId, actionId);
        if (await ExistsAsync(userId, entryId, cancellationToken))
        {
            return Already(kind == QueuedTimerKind.Start ? text["Timer start at {0}", clock24] : text["Switch at {0}", clock24]);
        }

        var result = kind == QueuedTimerKind.Start
            ? await entries.StartTimerAsync(userId, details, when, entryId, cancellationToken)
            : await entries.SwitchAsync(userId, details, when, entryId, cancellationToken);
        if (result.Succeeded)
        {
            return new QueuedTimerOutcome(QueuedTimerStatus.Applied, kind == QueuedTimerKind.Start
                ? text["Timer started at {0}.", clock24]
                : text["Switched at {0}: the previous timer stopped and a new one started.", clock24], []);
        }

        // Two copies of the same action sent at once: the other one made the entry.
        if (await ExistsAsync(userId, entryId, cancellationToken))
        {
            return Already(kind == QueuedTimerKind.Start ? text["Timer start at {0}", clock24] : text["Switch at {0}", clock24]);
        }

        return result.Failure == TrackingFailure.Conflict
            ? new QueuedTimerOutcome(QueuedTimerStatus.Conflict, text["The timer changed meanwhile, perhaps in another tab."], result.Problems)
            : new QueuedTimerOutcome(QueuedTimerStatus.Refused, result.Problems.Count > 0 ? text[result.Problems[0].Message] : text["The action could not be applied."], result.Problems);
    }

    /// <summary>
    /// The id of the entry a queued start or switch creates: derived from the action's id, the organization
    /// and the person, so the same action always names the same entry and a device cannot pick an id that
    /// collides with anyone else's entry.
    /// </summary>
    public static Guid EntryIdFor(Guid tenantId, Guid userId, Guid actionId)
    {
        Span<byte> input = stackalloc byte[48];
        tenantId.TryWriteBytes(input[..16]);
        userId.TryWriteBytes(input[16..32]);
        actionId.TryWriteBytes(input[32..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    private async Task<QueuedTimerOutcome> StopAsync(Guid userId, Instant at, Instant when, string clock24, CancellationToken cancellationToken)
    {
        var running = await entries.RunningAsync(userId, cancellationToken);
        if (running is not null && running.Start < when)
        {
            var result = await entries.StopTimerAsync(userId, when, cancellationToken);
            if (result is { Succeeded: true, Value: { } stopped })
            {
                return new QueuedTimerOutcome(QueuedTimerStatus.Applied, text["Timer stopped at {0}: {1} recorded.", clock24, TimeFormat.Length(stopped.LengthAt(when))], []);
            }

            return await StoppedAtAsync(userId, at, cancellationToken)
                ? Already(text["Timer stop at {0}", clock24])
                : new QueuedTimerOutcome(result.Failure == TrackingFailure.Conflict ? QueuedTimerStatus.Conflict : QueuedTimerStatus.Refused,
                    result.Problems.Count > 0 ? text[result.Problems[0].Message] : text["The timer could not be stopped."], result.Problems);
        }

        if (await StoppedAtAsync(userId, at, cancellationToken))
        {
            return Already(text["Timer stop at {0}", clock24]);
        }

        return running is null
            ? Refused("", text["No timer was running to stop at {0}; nothing was changed.", clock24])
            : Refused("", text["The running timer started after {0}, so this stop does not apply to it; it is still running.", clock24]);
    }

    /// <summary>
    /// Whether a timer of the person ended at <paramref name="at"/> (or, when that was a little ahead of the
    /// server, up to the allowed skew before it) while none that started before it still runs.
    /// </summary>
    private Task<bool> StoppedAtAsync(Guid userId, Instant at, CancellationToken cancellationToken)
    {
        var from = at - EntryRules.ClockSkew;
        return db.TimeEntries.AsNoTracking().AnyAsync(
            e => e.UserId == userId && e.Source == EntrySource.Timer && e.End != null && e.End >= from && e.End <= at
                && !db.TimeEntries.Any(r => r.UserId == userId && r.End == null && r.Start < at),
            cancellationToken);
    }

    private Task<bool> ExistsAsync(Guid userId, Guid entryId, CancellationToken cancellationToken) =>
        db.TimeEntries.AsNoTracking().AnyAsync(e => e.Id == entryId && e.UserId == userId, cancellationToken);

    private QueuedTimerOutcome Already(string what) =>
        new(QueuedTimerStatus.AlreadyApplied, text["{0}: already sent earlier; nothing changed.", what], []);

    private static QueuedTimerOutcome Refused(string field, string message) =>
        new(QueuedTimerStatus.Refused, message, [new TrackingProblem(field, message)]);
}
