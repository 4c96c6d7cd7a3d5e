using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tracking;

/// <summary>One step of a week's approval history, with the name of who took it.</summary>
public sealed record WeekSubmissionStep(WeekSubmissionEventKind Kind, string Actor, Instant OccurredAt, string? Text);

/// <summary>A week's approval state and its history, oldest step first.</summary>
public sealed record WeekApproval(WeekSubmission Submission, IReadOnlyList<WeekSubmissionStep> History);

/// <summary>
/// Timesheet approval: a person submits a week, a manager approves it (which locks it through a
/// <see cref="LockedPeriod"/> in the same transaction, so every write path of <see cref="TimeEntryService"/>
/// refuses it) or returns it with a comment, and an admin can unlock it with a reason the person sees.
/// Who may approve is decided here and nowhere else: <see cref="MayApprove"/>.
/// </summary>
public sealed class ApprovalService(TimeTrackDbContext db, PersonTrackingProvider people, PolicyStore policies, IClock clock)
{
    public const int MaximumTextLength = 2000;

    /// <summary>
    /// Whether <paramref name="viewer"/> may approve <paramref name="subjectUserId"/>'s weeks: they manage a
    /// team the person is in and the policy in force lets them see the person's totals one by one. Nobody
    /// approves their own week. Admins approve only the teams they manage; their part is unlocking.
    /// </summary>
    public static bool MayApprove(TransparencyPolicy policy, Viewer viewer, Guid subjectUserId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return subjectUserId != viewer.UserId
            && viewer.ManagedUserIds.Contains(subjectUserId)
            && Visibility.Allows(policy, viewer, new Subject(viewer.TenantId, subjectUserId), DataCategory.Totals, Granularity.IndividualTotals);
    }

    public static bool MayUnlock(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Role is OrgRole.Admin or OrgRole.Owner;
    }

    /// <summary>The approval state of the person's week, or null when it was never submitted.</summary>
    public async Task<WeekApproval?> StateAsync(Guid userId, LocalDate weekStart, CancellationToken cancellationToken = default)
    {
        var submission = await db.WeekSubmissions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.UserId == userId && s.WeekStart == weekStart, cancellationToken);
        if (submission is null)
        {
            return null;
        }

        var steps = await db.WeekSubmissionEvents.AsNoTracking()
            .Where(e => e.SubmissionId == submission.Id)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Join(db.Users, e => e.ActorUserId, u => u.Id, (e, u) => new WeekSubmissionStep(e.Kind, u.DisplayName, e.OccurredAt, e.Text))
            .ToListAsync(cancellationToken);
        return new WeekApproval(submission, steps);
    }

    /// <summary>Submits (or resubmits after a return or an unlock) the person's week containing <paramref name="date"/>.</summary>
    public Task<TrackingResult<WeekSubmission>> SubmitAsync(Guid userId, LocalDate date, CancellationToken cancellationToken = default) =>
        !SupportedDates.Contains(date)
            ? Task.FromResult(TrackingResult<WeekSubmission>.Invalid("", SupportedDates.OutOfRangeMessage))
            : db.InTransactionAsync(async ct =>
        {
            var tracking = await people.ForAsync(userId, ct);
            var week = tracking.WeekOf(date);
            var now = clock.GetCurrentInstant();
            if (week.StartInstant > now)
            {
                return TrackingResult<WeekSubmission>.Invalid("", "This week has not begun yet; submit it once you have worked it.");
            }

            if (await RunningIntoAsync(userId, week, ct))
            {
                return TrackingResult<WeekSubmission>.Invalid("", "Your timer is still running in this week. Stop it before submitting the week.");
            }

            var submission = await db.WeekSubmissions.SingleOrDefaultAsync(s => s.UserId == userId && s.WeekStart == week.Start, ct);
            if (submission is { Status: WeekSubmissionStatus.Submitted or WeekSubmissionStatus.Approved })
            {
                return TrackingResult<WeekSubmission>.Invalid("", submission.Status == WeekSubmissionStatus.Approved
                    ? "This week is already approved."
                    : "This week is already submitted and waits for approval.");
            }

            if (submission is null)
            {
                submission = new WeekSubmission { Id = Guid.CreateVersion7(), UserId = userId, WeekStart = week.Start };
                db.WeekSubmissions.Add(submission);
            }

            submission.Status = WeekSubmissionStatus.Submitted;
            submission.SubmittedAt = now;
            submission.DecidedAt = null;
            submission.DecidedByUserId = null;
            submission.Comment = null;
            submission.ApprovedAt = null;
            AddEvent(submission, WeekSubmissionEventKind.Submitted, userId, now, null);
            return await SaveAsync(submission, ct);
        }, cancellationToken);

    /// <summary>Approves a submitted week and locks it. Not found unless <paramref name="approver"/> may approve the person.</summary>
    public Task<TrackingResult<WeekSubmission>> ApproveAsync(Viewer approver, Guid submissionId, string slug, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            if (await DecidableAsync(approver, submissionId, ct) is not { } submission)
            {
                return TrackingResult<WeekSubmission>.NotFound();
            }

            if (!SupportedDates.Contains(submission.WeekStart))
            {
                // Submitted before the range was enforced: it can be returned, never locked.
                return TrackingResult<WeekSubmission>.Invalid("", SupportedDates.OutOfRangeMessage);
            }

            var tracking = await people.ForAsync(submission.UserId, ct);
            var week = tracking.WeekOf(submission.WeekStart);
            if (await RunningIntoAsync(submission.UserId, week, ct))
            {
                // Locking it would leave a timer nobody could stop.
                return TrackingResult<WeekSubmission>.Invalid("", "A timer of this person is still running in this week. It can be approved once it is stopped.");
            }

            var now = clock.GetCurrentInstant();
            db.LockedPeriods.Add(new LockedPeriod
            {
                Id = Guid.CreateVersion7(),
                UserId = submission.UserId,
                WeekStart = week.Start,
                Start = week.StartInstant,
                End = week.EndInstant,
                LockedByUserId = approver.UserId,
                LockedAt = now,
            });
            submission.Status = WeekSubmissionStatus.Approved;
            submission.DecidedAt = now;
            submission.ApprovedAt = now;
            submission.DecidedByUserId = approver.UserId;
            submission.Comment = null;
            AddEvent(submission, WeekSubmissionEventKind.Approved, approver.UserId, now, null);
            Notify(submission, slug, now, $"Your week of {PersonWeek.WeekLabel(submission.WeekStart)} was approved and is now locked.");
            return await SaveAsync(submission, ct);
        }, cancellationToken);

    /// <summary>Returns a submitted week to the person with a comment; the week stays open.</summary>
    public Task<TrackingResult<WeekSubmission>> ReturnAsync(Viewer approver, Guid submissionId, string? comment, string slug, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            if (await DecidableAsync(approver, submissionId, ct) is not { } submission)
            {
                return TrackingResult<WeekSubmission>.NotFound();
            }

            if (TextProblem(comment, "Comment", "Say what needs to change before you can approve the week.") is { } problem)
            {
                return TrackingResult<WeekSubmission>.Invalid([problem]);
            }

            var now = clock.GetCurrentInstant();
            submission.Status = WeekSubmissionStatus.Returned;
            submission.DecidedAt = now;
            submission.DecidedByUserId = approver.UserId;
            submission.Comment = comment!.Trim();
            AddEvent(submission, WeekSubmissionEventKind.Returned, approver.UserId, now, submission.Comment);
            Notify(submission, slug, now, $"Your week of {PersonWeek.WeekLabel(submission.WeekStart)} was returned with a comment. Make the changes and submit it again.");
            return await SaveAsync(submission, ct);
        }, cancellationToken);

    /// <summary>Unlocks an approved week (admins only, never their own), recording the reason the person will see.</summary>
    public Task<TrackingResult<WeekSubmission>> UnlockAsync(Viewer admin, Guid submissionId, string? reason, string slug, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            var submission = await db.WeekSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId, ct);
            // Like approval, unlocking one's own week needs someone else.
            if (!MayUnlock(admin) || submission is not { Status: WeekSubmissionStatus.Approved } || submission.UserId == admin.UserId)
            {
                return TrackingResult<WeekSubmission>.NotFound();
            }

            if (TextProblem(reason, "Reason", "Give the reason for unlocking; the person will see it.") is { } problem)
            {
                return TrackingResult<WeekSubmission>.Invalid([problem]);
            }

            var now = clock.GetCurrentInstant();
            await db.LockedPeriods.Where(l => l.UserId == submission.UserId && l.WeekStart == submission.WeekStart).ExecuteDeleteAsync(ct);
            submission.Status = WeekSubmissionStatus.Unlocked;
            submission.DecidedAt = now;
            submission.DecidedByUserId = admin.UserId;
            submission.Comment = reason!.Trim();
            AddEvent(submission, WeekSubmissionEventKind.Unlocked, admin.UserId, now, submission.Comment);
            Notify(submission, slug, now, $"Your approved week of {PersonWeek.WeekLabel(submission.WeekStart)} was unlocked. You can change it and submit it again.");
            return await SaveAsync(submission, ct);
        }, cancellationToken);

    /// <summary>A submitted week the approver may decide on; null (not found) otherwise, whether or not it exists.</summary>
    private async Task<WeekSubmission?> DecidableAsync(Viewer approver, Guid submissionId, CancellationToken cancellationToken)
    {
        var submission = await db.WeekSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        if (submission is not { Status: WeekSubmissionStatus.Submitted })
        {
            return null;
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        return MayApprove(policy, approver, submission.UserId) ? submission : null;
    }

    /// <summary>Whether a timer of the person that started before the week's end is still running.</summary>
    private Task<bool> RunningIntoAsync(Guid userId, Week week, CancellationToken cancellationToken)
    {
        var end = week.EndInstant;
        return db.TimeEntries.AnyAsync(e => e.UserId == userId && e.End == null && e.Start < end, cancellationToken);
    }

    private static TrackingProblem? TextProblem(string? text, string field, string missing) =>
        string.IsNullOrWhiteSpace(text) ? new TrackingProblem(field, missing)
        : text.Trim().Length > MaximumTextLength ? new TrackingProblem(field, "Use at most 2,000 characters.")
        : null;

    private void AddEvent(WeekSubmission submission, WeekSubmissionEventKind kind, Guid actor, Instant at, string? text) =>
        db.WeekSubmissionEvents.Add(new WeekSubmissionEvent
        {
            Id = Guid.CreateVersion7(),
            SubmissionId = submission.Id,
            Kind = kind,
            ActorUserId = actor,
            OccurredAt = at,
            Text = text,
        });

    private void Notify(WeekSubmission submission, string slug, Instant now, string text) =>
        db.Notices.Add(new Notice
        {
            Id = Guid.CreateVersion7(),
            UserId = submission.UserId,
            CreatedAt = now,
            Text = text,
            Link = $"/{slug}/time/timesheet?week={NodaTime.Text.LocalDatePattern.Iso.Format(submission.WeekStart)}",
        });

    private async Task<TrackingResult<WeekSubmission>> SaveAsync(WeekSubmission submission, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second click or another approver got there first (unique person-week keys).
            return TrackingResult<WeekSubmission>.Invalid("", "This week changed while you were deciding. Reload to see where it stands.");
        }

        return TrackingResult<WeekSubmission>.Ok(submission);
    }
}
