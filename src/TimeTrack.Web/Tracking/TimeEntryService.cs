using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Configurations;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tracking;

/// <summary>
/// The one write path for time entries: forms, the timesheet grid, the timer and the API all come
/// through here, so every rule — membership of the project, locked weeks, overlaps, limits — is checked
/// in one place and inside the same transaction as the write. The database backs the rules that races
/// could break (one running timer, no overlaps) with constraints. Imports apply the same rules to many
/// rows at once (<see cref="Features.Import.ImportRunner"/>, ADR 020): the per-entry rules with the same
/// code, the rules between entries (locks, overlaps, membership) in set-based SQL that mirrors
/// <c>CheckAsync</c>; a rule added here is added there.
/// </summary>
public sealed class TimeEntryService(TimeTrackDbContext db, PersonTrackingProvider people, PolicyStore policies, IClock clock)
{
    /// <summary>Shown when a policy version that widens what others may see of the person awaits their acknowledgement.</summary>
    public const string AcknowledgePolicyFirst =
        "A new transparency policy lets others see more of your data. Read what changed and acknowledge it on the Transparency page before tracking more time.";

    /// <summary>Shown to someone who joined by invitation and has not yet read the policy in force.</summary>
    public const string ReadPolicyBeforeFirstEntry =
        "Before your first entry, read what this organization tracks, who can see it and why on the Transparency page, and confirm that you have read it.";

    /// <summary>Shown when an undo is sent again after it has put the entry back.</summary>
    public const string AlreadyRestored = "This entry has already been restored.";

    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public Task<TrackingResult<TimeEntry>> StartTimerAsync(Guid userId, EntryDetails details, CancellationToken cancellationToken = default) =>
        StartTimerAsync(userId, details, null, null, cancellationToken);

    /// <summary>
    /// Starts a timer at <paramref name="at"/> (default: now) under <paramref name="entryId"/> (default: a new
    /// id): a start made earlier on a device that was offline. The rules of a running timer decide how far
    /// back (and how little ahead) it may start.
    /// </summary>
    public Task<TrackingResult<TimeEntry>> StartTimerAsync(Guid userId, EntryDetails details, Instant? at, Guid? entryId, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            if (await MayTrackAsync(userId, timer: true, ct) is { } refusal)
            {
                return refusal;
            }

            var tracking = await people.ForAsync(userId, ct);
            var now = clock.GetCurrentInstant();
            if (await RunningAsync(userId, ct) is not null)
            {
                return TrackingResult<TimeEntry>.Invalid("", "A timer is already running. Stop it first, or switch it to this task.");
            }

            var start = at ?? now;
            var entry = new TimeEntry { Id = entryId ?? Guid.CreateVersion7(), UserId = userId, Start = start, End = null, Source = EntrySource.Timer, CreatedAt = now };
            var problems = await CheckAsync(tracking, details, start, null, entry, null, ct);
            return problems.Count > 0 ? TrackingResult<TimeEntry>.Invalid(problems) : await SaveNewAsync(tracking, entry, details, ct);
        }, cancellationToken);

    /// <summary>Stops the running timer at <paramref name="at"/> (default: now).</summary>
    public Task<TrackingResult<TimeEntry>> StopTimerAsync(Guid userId, Instant? at = null, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            var tracking = await people.ForAsync(userId, ct);
            var entry = await RunningAsync(userId, ct);
            if (entry is null)
            {
                return TrackingResult<TimeEntry>.Invalid("", "No timer is running.");
            }

            var end = at ?? clock.GetCurrentInstant();
            // A timer forgotten for more than a day ends at the longest allowed entry.
            if (end - entry.Start > tracking.Limits.MaximumLength)
            {
                end = entry.Start + tracking.Limits.MaximumLength;
            }

            var details = DetailsOf(entry);
            var problems = await CheckAsync(tracking, details, entry.Start, end, entry, null, ct, checkReferences: false);
            if (problems.Count > 0)
            {
                return TrackingResult<TimeEntry>.Invalid(problems);
            }

            entry.End = end;
            return await SaveChangedAsync(tracking, entry, ct);
        }, cancellationToken);

    /// <summary>Starts a timer with the details of an earlier entry (the person must still be a member of its project).</summary>
    public async Task<TrackingResult<TimeEntry>> ContinueAsync(Guid userId, Guid entryId, CancellationToken cancellationToken = default)
    {
        var source = await OwnAsync(userId, entryId, cancellationToken);
        return source is null
            ? TrackingResult<TimeEntry>.NotFound()
            : await StartTimerAsync(userId, DetailsOf(source), cancellationToken);
    }

    /// <summary>Stops the running timer and starts another with new details, as one change.</summary>
    public Task<TrackingResult<TimeEntry>> SwitchAsync(Guid userId, EntryDetails details, CancellationToken cancellationToken = default) =>
        SwitchAsync(userId, details, null, null, cancellationToken);

    /// <summary>
    /// Switches at <paramref name="at"/> (default: now): the running timer ends and the new one, under
    /// <paramref name="entryId"/> (default: a new id), starts at that instant.
    /// </summary>
    public Task<TrackingResult<TimeEntry>> SwitchAsync(Guid userId, EntryDetails details, Instant? at, Guid? entryId, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            if (await MayTrackAsync(userId, timer: true, ct) is { } refusal)
            {
                return refusal;
            }

            var tracking = await people.ForAsync(userId, ct);
            var when = at ?? clock.GetCurrentInstant();
            var running = await RunningAsync(userId, ct);
            if (running is not null)
            {
                var stopProblems = await CheckAsync(tracking, DetailsOf(running), running.Start, when, running, null, ct, checkReferences: false);
                if (stopProblems.Count > 0)
                {
                    return TrackingResult<TimeEntry>.Invalid(stopProblems);
                }

                running.End = when;
                running.UpdatedAt = clock.GetCurrentInstant();
                running.IsOutsideHours = tracking.WorkingHours.IsOutsideHours(Span(running.Start, when, when), tracking.Zone);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another switch or stop got there first.
                    return TrackingResult<TimeEntry>.Conflict();
                }
            }

            var entry = new TimeEntry { Id = entryId ?? Guid.CreateVersion7(), UserId = userId, Start = when, Source = EntrySource.Timer, CreatedAt = clock.GetCurrentInstant() };
            var problems = await CheckAsync(tracking, details, when, null, entry, null, ct);
            return problems.Count > 0 ? TrackingResult<TimeEntry>.Invalid(problems) : await SaveNewAsync(tracking, entry, details, ct);
        }, cancellationToken);

    public Task<TrackingResult<TimeEntry>> CreateAsync(Guid userId, EntryDetails details, Instant start, Instant end, EntrySource source, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, details, _ => (start, end), durationOnly: false, source, cancellationToken);

    /// <summary>
    /// Adds <paramref name="length"/> of time on <paramref name="date"/> without clock times (a
    /// duration-only entry, ADR 023): it counts on that day, and never as time outside working hours.
    /// </summary>
    public Task<TrackingResult<TimeEntry>> CreateDurationAsync(Guid userId, EntryDetails details, LocalDate date, Duration length, EntrySource source, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, details, zone => DurationSpan(date, length, zone), durationOnly: true, source, cancellationToken);

    private Task<TrackingResult<TimeEntry>> CreateAsync(
        Guid userId, EntryDetails details, Func<DateTimeZone, (Instant Start, Instant End)> times, bool durationOnly, EntrySource source, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            if (await MayTrackAsync(userId, timer: false, ct) is { } refusal)
            {
                return refusal;
            }

            var tracking = await people.ForAsync(userId, ct);
            var now = clock.GetCurrentInstant();
            var (start, end) = times(tracking.Zone);
            var entry = new TimeEntry { Id = Guid.CreateVersion7(), UserId = userId, Start = start, End = end, Source = source, CreatedAt = now, IsDurationOnly = durationOnly };
            var problems = await CheckAsync(tracking, details, start, end, entry, null, ct, durationOnly: durationOnly);
            return problems.Count > 0 ? TrackingResult<TimeEntry>.Invalid(problems) : await SaveNewAsync(tracking, entry, details, ct);
        }, cancellationToken);

    /// <summary>
    /// Changes an entry the person read at <paramref name="version"/>. A running entry stays running
    /// when <paramref name="end"/> is null.
    /// </summary>
    public Task<TrackingResult<TimeEntry>> UpdateAsync(Guid userId, Guid entryId, uint version, EntryDetails details, Instant start, Instant? end, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, entryId, version, details, _ => (start, end), durationOnly: false, cancellationToken);

    /// <summary>Makes an entry <paramref name="length"/> of time on <paramref name="date"/> without clock times (ADR 023).</summary>
    public Task<TrackingResult<TimeEntry>> UpdateDurationAsync(Guid userId, Guid entryId, uint version, EntryDetails details, LocalDate date, Duration length, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, entryId, version, details, zone => DurationSpan(date, length, zone), durationOnly: true, cancellationToken);

    private Task<TrackingResult<TimeEntry>> UpdateAsync(
        Guid userId, Guid entryId, uint version, EntryDetails details, Func<DateTimeZone, (Instant Start, Instant? End)> times, bool durationOnly, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            var tracking = await people.ForAsync(userId, ct);
            var (start, end) = times(tracking.Zone);
            var entry = await db.TimeEntries.Include(e => e.Tags).SingleOrDefaultAsync(e => e.Id == entryId && e.UserId == userId, ct);
            if (entry is null)
            {
                return TrackingResult<TimeEntry>.NotFound();
            }

            if (entry.Version != version)
            {
                return TrackingResult<TimeEntry>.Conflict();
            }

            if (end is null && !entry.IsRunning)
            {
                return TrackingResult<TimeEntry>.Invalid("End", "Enter when the entry ended.");
            }

            var original = Span(entry.Start, entry.End, clock.GetCurrentInstant());
            var problems = await CheckAsync(tracking, details, start, end, entry, original, ct, durationOnly: durationOnly);
            if (problems.Count > 0)
            {
                return TrackingResult<TimeEntry>.Invalid(problems);
            }

            db.Entry(entry).Property(e => e.Version).OriginalValue = version;
            entry.Start = start;
            entry.End = end;
            entry.IsDurationOnly = durationOnly;
            await ApplyDetailsAsync(entry, details, ct);
            return await SaveChangedAsync(tracking, entry, ct);
        }, cancellationToken);

    public Task<TrackingResult<bool>> DeleteAsync(Guid userId, Guid entryId, uint version, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            var tracking = await people.ForAsync(userId, ct);
            var entry = await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.UserId == userId, ct);
            if (entry is null)
            {
                return TrackingResult<bool>.NotFound();
            }

            if (entry.Version != version)
            {
                return TrackingResult<bool>.Conflict();
            }

            var span = Span(entry.Start, entry.End, clock.GetCurrentInstant());
            if ((await LockedAsync(tracking, span, ct)
                ?? await InvoiceLocks.EntryOnInvoiceAsync(db, entry.InvoiceId, ct)
                ?? await InvoiceLocks.MonthInvoicedAsync(db, entry.ProjectId, entry.IsBillable, span, tracking.Zone, ct)) is { } locked)
            {
                return TrackingResult<bool>.Invalid("", locked);
            }

            db.Entry(entry).Property(e => e.Version).OriginalValue = version;
            db.TimeEntries.Remove(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return TrackingResult<bool>.Conflict();
            }

            return TrackingResult<bool>.Ok(true);
        }, cancellationToken);

    /// <summary>
    /// Puts back an entry the person deleted moments ago, under its old id, with its details, times, tags
    /// and source: the rules of a new entry apply (locks, invoices, overlaps, membership of the project),
    /// so time cannot come back where it could not be added. A running timer comes back running, unless
    /// another has started since.
    /// </summary>
    public Task<TrackingResult<TimeEntry>> RestoreAsync(Guid userId, Guid entryId, EntryDetails details, Instant start, Instant? end, EntrySource source, bool durationOnly = false, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            if (await MayTrackAsync(userId, timer: source == EntrySource.Timer, ct) is { } refusal)
            {
                return refusal;
            }

            if (await db.TimeEntries.AnyAsync(e => e.Id == entryId, ct))
            {
                return TrackingResult<TimeEntry>.Invalid("", AlreadyRestored);
            }

            if (end is null && await RunningAsync(userId, ct) is not null)
            {
                return TrackingResult<TimeEntry>.Invalid("", "Another timer is running now. Stop it first, then undo again.");
            }

            var tracking = await people.ForAsync(userId, ct);
            var entry = new TimeEntry { Id = entryId, UserId = userId, Start = start, End = end, Source = source, CreatedAt = clock.GetCurrentInstant(), IsDurationOnly = durationOnly && end is not null };
            var problems = await CheckAsync(tracking, details, start, end, entry, null, ct, durationOnly: entry.IsDurationOnly);
            return problems.Count > 0 ? TrackingResult<TimeEntry>.Invalid(problems) : await SaveNewAsync(tracking, entry, details, ct);
        }, cancellationToken);

    /// <summary>Copies an entry's details and local times onto today.</summary>
    public async Task<TrackingResult<TimeEntry>> DuplicateAsync(Guid userId, Guid entryId, CancellationToken cancellationToken = default)
    {
        var source = await OwnAsync(userId, entryId, cancellationToken);
        if (source is null || source.End is not { } sourceEnd)
        {
            return TrackingResult<TimeEntry>.NotFound();
        }

        var tracking = await people.ForAsync(userId, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(tracking.Zone).Date;
        if (source.IsDurationOnly)
        {
            return await CreateDurationAsync(userId, DetailsOf(source), today, sourceEnd - source.Start, EntrySource.Manual, cancellationToken);
        }

        var local = source.Start.InZone(tracking.Zone);
        var start = tracking.Zone.AtLeniently(today.At(local.TimeOfDay)).ToInstant();
        return await CreateAsync(userId, DetailsOf(source), start, start + (sourceEnd - source.Start), EntrySource.Manual, cancellationToken);
    }

    /// <summary>
    /// Why the person may not add time right now, if they may not: a new policy awaits their
    /// acknowledgement, or the policy in force does not use this way of tracking.
    /// </summary>
    private async Task<TrackingResult<TimeEntry>?> MayTrackAsync(Guid userId, bool timer, CancellationToken cancellationToken)
    {
        if (await policies.AwaitingAcknowledgementAsync(userId, cancellationToken) is { } toRead)
        {
            return TrackingResult<TimeEntry>.Invalid("", toRead.OnJoining ? ReadPolicyBeforeFirstEntry : AcknowledgePolicyFirst);
        }

        var settings = (await policies.ActiveAsync(cancellationToken)).Settings;
        if (timer && !settings.TimerEnabled)
        {
            return TrackingResult<TimeEntry>.Invalid("", "Your organization's policy does not use timers. Add the time as an entry instead.");
        }

        if (!timer && !settings.ManualEntriesEnabled)
        {
            return TrackingResult<TimeEntry>.Invalid("", "Your organization's policy records time with the timer only; entries cannot be added by hand.");
        }

        return null;
    }

    public Task<TimeEntry?> RunningAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.TimeEntries.Include(e => e.Tags).SingleOrDefaultAsync(e => e.UserId == userId && e.End == null, cancellationToken);

    /// <summary>
    /// The time an entry covers; a running one up to now. A timer may start up to the allowed clock
    /// skew ahead of the server, so the span never ends before it starts.
    /// </summary>
    private static Interval Span(Instant start, Instant? end, Instant now) => new(start, Instant.Max(start, end ?? now));

    private static (Instant Start, Instant End) DurationSpan(LocalDate date, Duration length, DateTimeZone zone)
    {
        var span = EntryRules.DurationOnly(date, length, zone);
        return (span.Start, span.End);
    }

    public static EntryDetails DetailsOf(TimeEntry entry) => new(
        entry.ProjectId, entry.TaskId, entry.OutcomeId, [.. entry.Tags.Select(t => t.TagId)], entry.IsBillable, entry.Description);

    private Task<TimeEntry?> OwnAsync(Guid userId, Guid entryId, CancellationToken cancellationToken) =>
        db.TimeEntries.AsNoTracking().Include(e => e.Tags).SingleOrDefaultAsync(e => e.Id == entryId && e.UserId == userId, cancellationToken);

    private async Task<List<TrackingProblem>> CheckAsync(
        PersonTracking tracking,
        EntryDetails details,
        Instant start,
        Instant? end,
        TimeEntry entry,
        Interval? original,
        CancellationToken cancellationToken,
        bool checkReferences = true,
        bool durationOnly = false)
    {
        var now = clock.GetCurrentInstant();
        var problems = EntryRules.Validate(start, end, now, tracking.Zone, tracking.Limits)
            .Select(p => new TrackingProblem(p.Field, p.Message))
            .ToList();
        if (problems.Count == 0 && durationOnly && end is { } last)
        {
            problems.AddRange(await FitsInItsDayAsync(tracking, entry.Id, start, last, now, cancellationToken));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        if (checkReferences)
        {
            problems.AddRange(await CheckReferencesAsync(tracking.UserId, details, cancellationToken));
        }

        // Neither where the entry is going nor where it comes from may be in a locked week.
        var locked = await LockedAsync(tracking, Span(start, end, now), cancellationToken);
        if (locked is null && original is { } before)
        {
            locked = await LockedAsync(tracking, before, cancellationToken);
        }

        // An entry on an issued invoice stays as billed; billable time of an invoiced month stays as it is.
        locked ??= await InvoiceLocks.EntryOnInvoiceAsync(db, entry.InvoiceId, cancellationToken);
        if (locked is null && original is { } from && entry.ProjectId != Guid.Empty)
        {
            locked = await InvoiceLocks.MonthInvoicedAsync(db, entry.ProjectId, entry.IsBillable, from, tracking.Zone, cancellationToken);
        }

        locked ??= await InvoiceLocks.MonthInvoicedAsync(db, details.ProjectId, details.IsBillable, Span(start, end, now), tracking.Zone, cancellationToken);
        if (locked is not null)
        {
            problems.Add(new TrackingProblem("", locked));
        }

        // Time without clock times has no place on the clock to overlap anything (ADR 023).
        if (tracking.Overlaps == OverlapRule.Rejected && !durationOnly)
        {
            var far = end ?? Instant.MaxValue;
            var clash = await db.TimeEntries.AsNoTracking()
                .Where(e => e.UserId == tracking.UserId && e.Id != entry.Id && !e.IsDurationOnly && e.Start < far && (e.End == null || e.End > start))
                .OrderBy(e => e.Start)
                .Select(e => new { e.Start, e.End })
                .FirstOrDefaultAsync(cancellationToken);
            if (clash is not null)
            {
                problems.Add(new TrackingProblem("Start", OverlapMessage(tracking, clash.Start, clash.End)));
            }
        }

        return problems;
    }

    /// <summary>
    /// A duration-only entry stays within its day, and with the day's other time no longer than the day:
    /// the grid cannot hold 30 hours on a Tuesday.
    /// </summary>
    private async Task<List<TrackingProblem>> FitsInItsDayAsync(PersonTracking tracking, Guid entryId, Instant start, Instant end, Instant now, CancellationToken cancellationToken)
    {
        var date = DaySplit.FirstDayOf(start, tracking.Zone);
        var dayLength = Weeks.StartOfDay(date.PlusDays(1), tracking.Zone) - start;
        var day = date.ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture);
        if (end - start > dayLength)
        {
            return [new TrackingProblem(EntryFields.Duration, $"{day} has {EntryRules.Describe(dayLength)}; enter at most that.")];
        }

        var dates = new DateInterval(date, date);
        var others = await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == tracking.UserId && e.Id != entryId)
            .CountingOn(dates)
            .Select(e => new { e.Start, e.End, e.Day, e.DayMilliseconds })
            .ToListAsync(cancellationToken);
        var logged = others.SelectMany(e => DaySplit.PartsOf(e.Start, e.End, e.Day, e.DayMilliseconds, now, tracking.Zone).On(dates)).Sum();
        return logged + (end - start) > dayLength
            ? [new TrackingProblem(EntryFields.Duration, $"{day} would have more than {EntryRules.Describe(dayLength)}: {EntryRules.Describe(logged)} are logged on it already.")]
            : [];
    }

    private async Task<List<TrackingProblem>> CheckReferencesAsync(Guid userId, EntryDetails details, CancellationToken cancellationToken)
    {
        var problems = new List<TrackingProblem>();
        var canLog = await db.Projects.AnyAsync(
            p => p.Id == details.ProjectId && !p.IsArchived && p.Members.Any(m => m.UserId == userId),
            cancellationToken);
        if (!canLog)
        {
            problems.Add(new TrackingProblem("ProjectId", "Choose a project you are a member of."));
            return problems;
        }

        if (details.TaskId is { } taskId
            && !await db.Tasks.AnyAsync(t => t.Id == taskId && t.ProjectId == details.ProjectId && !t.IsArchived, cancellationToken))
        {
            problems.Add(new TrackingProblem("TaskId", "Choose a task of this project."));
        }

        if (details.OutcomeId is { } outcomeId
            && !await db.Outcomes.AnyAsync(o => o.Id == outcomeId && o.ProjectId == details.ProjectId, cancellationToken))
        {
            problems.Add(new TrackingProblem("OutcomeId", "Choose an outcome of this project."));
        }

        if (details.TagIds is { Count: > 0 } tagIds)
        {
            var distinct = tagIds.Distinct().ToList();
            var known = await db.Tags.CountAsync(t => distinct.Contains(t.Id), cancellationToken);
            if (known != distinct.Count)
            {
                problems.Add(new TrackingProblem("TagIds", "One of the tags does not exist."));
            }
        }

        if (details.Description is { Length: > 2000 })
        {
            problems.Add(new TrackingProblem("Description", "Use at most 2,000 characters."));
        }

        return problems;
    }

    private async Task<string?> LockedAsync(PersonTracking tracking, Interval interval, CancellationToken cancellationToken)
    {
        var lockedWeek = await db.LockedPeriods.AsNoTracking()
            .Where(l => l.UserId == tracking.UserId && l.Start < interval.End && interval.Start < l.End)
            .OrderBy(l => l.Start)
            .Select(l => (LocalDate?)l.WeekStart)
            .FirstOrDefaultAsync(cancellationToken);
        return lockedWeek is { } week
            ? $"The week of {week.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} is approved and locked; its entries cannot change."
            : null;
    }

    private static string OverlapMessage(PersonTracking tracking, Instant start, Instant? end)
    {
        var from = start.InZone(tracking.Zone);
        var to = end?.InZone(tracking.Zone);
        var day = from.Date.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);
        return to is { } t
            ? $"This overlaps your entry on {day} from {TimeOfDay.Format(from.TimeOfDay)} to {TimeOfDay.Format(t.TimeOfDay)}."
            : $"This overlaps your running timer, started {day} at {TimeOfDay.Format(from.TimeOfDay)}.";
    }

    private async Task<TrackingResult<TimeEntry>> SaveNewAsync(PersonTracking tracking, TimeEntry entry, EntryDetails details, CancellationToken cancellationToken)
    {
        await ApplyDetailsAsync(entry, details, cancellationToken);
        db.TimeEntries.Add(entry);
        return await SaveChangedAsync(tracking, entry, cancellationToken);
    }

    private async Task ApplyDetailsAsync(TimeEntry entry, EntryDetails details, CancellationToken cancellationToken)
    {
        entry.ProjectId = details.ProjectId;
        entry.TaskId = details.TaskId;
        entry.OutcomeId = details.OutcomeId;
        entry.Description = details.Description?.Trim() ?? "";
        entry.IsBillable = details.IsBillable
            ?? await db.Projects.Where(p => p.Id == details.ProjectId).Select(p => p.IsBillableByDefault).SingleAsync(cancellationToken);
        var wanted = (details.TagIds ?? []).Distinct().ToHashSet();
        entry.Tags.RemoveAll(t => !wanted.Contains(t.TagId));
        foreach (var tagId in wanted.Where(id => entry.Tags.All(t => t.TagId != id)))
        {
            entry.Tags.Add(new TimeEntryTag { TimeEntryId = entry.Id, TagId = tagId });
        }
    }

    private async Task<TrackingResult<TimeEntry>> SaveChangedAsync(PersonTracking tracking, TimeEntry entry, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        entry.UpdatedAt = now;
        entry.NoOverlap = tracking.Overlaps == OverlapRule.Rejected && !entry.IsDurationOnly;
        entry.IsOutsideHours = !entry.IsDurationOnly && entry.End is { } end && tracking.WorkingHours.IsOutsideHours(Span(entry.Start, end, now), tracking.Zone);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return TrackingResult<TimeEntry>.Ok(entry);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TrackingResult<TimeEntry>.Conflict();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation })
        {
            return TrackingResult<TimeEntry>.Invalid("Start", "This overlaps another of your entries (saved a moment ago, perhaps in another tab).");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TimeEntryConfiguration.OneRunningTimerIndex })
        {
            return TrackingResult<TimeEntry>.Invalid("", "A timer is already running (started a moment ago, perhaps in another tab).");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_time_entries" })
        {
            // Only a restore reuses an id: the same undo sent twice at once.
            return TrackingResult<TimeEntry>.Invalid("", AlreadyRestored);
        }
    }
}
