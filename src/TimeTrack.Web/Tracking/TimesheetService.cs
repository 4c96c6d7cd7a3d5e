using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tracking;

/// <summary>A row of the weekly timesheet: what the time was spent on.</summary>
public sealed record TimesheetRow(Guid ProjectId, Guid? TaskId, Guid? OutcomeId);

/// <summary>One person's week as a grid: the rows with time, and each cell's total (entries split at local midnight, ADR 014).</summary>
public sealed record Timesheet(Week Week, IReadOnlyList<TimesheetRow> Rows, IReadOnlyDictionary<(TimesheetRow Row, LocalDate Date), Duration> Cells)
{
    public Duration DayTotal(LocalDate date) =>
        Cells.Where(c => c.Key.Date == date).Aggregate(Duration.Zero, (sum, c) => sum + c.Value);

    public Duration RowTotal(TimesheetRow row) =>
        Cells.Where(c => c.Key.Row == row).Aggregate(Duration.Zero, (sum, c) => sum + c.Value);

    public Duration Total => Cells.Values.Aggregate(Duration.Zero, (sum, d) => sum + d);
}

/// <summary>
/// Reads and saves the weekly timesheet. Saving many cells is one change: every cell goes through
/// <see cref="TimeEntryService"/> inside one transaction, and any problem leaves nothing written.
/// Time typed in a cell is an amount on a day, not clock times (ADR 023): a cell that grows grows its
/// duration-only entry (or gets one); a cell that shrinks shortens or removes its duration-only entries
/// (latest first) — time from the timer or the day list is only changed where it was made.
/// </summary>
public sealed class TimesheetService(TimeTrackDbContext db, TimeEntryService entries, PersonTrackingProvider people, IClock clock)
{
    public async Task<Timesheet> LoadAsync(Guid userId, Week week, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var rows = await EntriesOfWeekAsync(userId, week, asTracking: false, cancellationToken);
        var cells = new Dictionary<(TimesheetRow, LocalDate), Duration>();
        foreach (var entry in rows)
        {
            var row = new TimesheetRow(entry.ProjectId, entry.TaskId, entry.OutcomeId);
            foreach (var part in entry.PartsAt(now, week.Zone).On(week.Dates))
            {
                cells[(row, part.Date)] = cells.GetValueOrDefault((row, part.Date)) + part.Duration;
            }
        }

        var ordered = cells.Keys.Select(k => k.Item1).Distinct().ToList();
        return new Timesheet(week, ordered, cells);
    }

    /// <summary>
    /// Applies the typed cells (text as the person typed it, keyed by row and date). Returns the
    /// problems keyed by cell (field <c>cell:{row index}:{yyyy-MM-dd}</c> for the row's position in
    /// <paramref name="rows"/>) or "" for the whole grid.
    /// </summary>
    public async Task<TrackingResult<int>> SaveAsync(
        Guid userId,
        Week week,
        IReadOnlyList<TimesheetRow> rows,
        IReadOnlyDictionary<(int RowIndex, LocalDate Date), string?> typed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(week);
        if (!SupportedDates.Contains(week.Start))
        {
            return TrackingResult<int>.Invalid("", SupportedDates.OutOfRangeMessage);
        }

        var problems = new List<TrackingProblem>();
        var wanted = new Dictionary<(TimesheetRow, LocalDate), Duration>();
        foreach (var ((rowIndex, date), text) in typed)
        {
            if (rowIndex < 0 || rowIndex >= rows.Count || date < week.Start || date >= week.End)
            {
                problems.Add(new TrackingProblem("", "The timesheet changed shape while you edited it. Reload it and try again."));
                continue;
            }

            if (!TimesheetGrid.TryParseCell(text, out var duration, out var problem))
            {
                problems.Add(new TrackingProblem(CellField(rowIndex, date), problem ?? "Enter hours and minutes, such as 1:30."));
                continue;
            }

            wanted[(rows[rowIndex], date)] = duration;
        }

        if (problems.Count > 0)
        {
            return TrackingResult<int>.Invalid(problems);
        }

        var tracking = await people.ForAsync(userId, cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var current = await LoadAsync(userId, week, ct);
            var changes = TimesheetGrid.Diff(current.Cells, wanted);
            foreach (var change in changes)
            {
                var result = change.To > change.From
                    ? await GrowAsync(tracking, change.Row, change.Date, change.To - change.From, ct)
                    : await ShrinkAsync(tracking, change.Row, change.Date, change.From - change.To, ct);
                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    var index = IndexOf(rows, change.Row);
                    return TrackingResult<int>.Invalid([.. result.Problems.Select(p => p with { Field = CellField(index, change.Date) })]);
                }
            }

            await transaction.CommitAsync(ct);
            return TrackingResult<int>.Ok(changes.Count);
        }, cancellationToken);
    }

    public static string CellField(int rowIndex, LocalDate date) =>
        $"cell:{rowIndex}:{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    private async Task<TrackingResult<TimeEntry>> GrowAsync(PersonTracking tracking, TimesheetRow row, LocalDate date, Duration extra, CancellationToken cancellationToken)
    {
        // A cell's typed time is one duration-only entry that grows, not a new entry per save.
        var existing = await TypedInCell(tracking, row, date)
            .Where(e => e.InvoiceId == null)
            .OrderByDescending(e => e.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return existing is not null
            ? await entries.UpdateDurationAsync(tracking.UserId, existing.Id, existing.Version, TimeEntryService.DetailsOf(existing), date, existing.End!.Value - existing.Start + extra, cancellationToken)
            : await entries.CreateDurationAsync(tracking.UserId, new EntryDetails(row.ProjectId, row.TaskId, row.OutcomeId), date, extra, EntrySource.Timesheet, cancellationToken);
    }

    private async Task<TrackingResult<TimeEntry>> ShrinkAsync(PersonTracking tracking, TimesheetRow row, LocalDate date, Duration less, CancellationToken cancellationToken)
    {
        var candidates = await TypedInCell(tracking, row, date)
            .OrderByDescending(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        var available = candidates.Aggregate(Duration.Zero, (sum, e) => sum + (e.End!.Value - e.Start));
        if (available < less)
        {
            return TrackingResult<TimeEntry>.Invalid("", "Part of this time was recorded with the timer or in the day list; change it there.");
        }

        TimeEntry? last = null;
        foreach (var entry in candidates)
        {
            if (less <= Duration.Zero)
            {
                break;
            }

            var length = entry.End!.Value - entry.Start;
            if (length <= less)
            {
                var deleted = await entries.DeleteAsync(tracking.UserId, entry.Id, entry.Version, cancellationToken);
                if (!deleted.Succeeded)
                {
                    return deleted.Failure == TrackingFailure.Conflict ? TrackingResult<TimeEntry>.Conflict() : TrackingResult<TimeEntry>.Invalid(deleted.Problems);
                }

                less -= length;
                continue;
            }

            var shortened = await entries.UpdateDurationAsync(tracking.UserId, entry.Id, entry.Version, TimeEntryService.DetailsOf(entry), date, length - less, cancellationToken);
            if (!shortened.Succeeded)
            {
                return shortened;
            }

            last = shortened.Value;
            less = Duration.Zero;
        }

        return TrackingResult<TimeEntry>.Ok(last ?? candidates[0]);
    }

    /// <summary>The time typed into a cell: the row's duration-only timesheet entries on the date.</summary>
    private IQueryable<TimeEntry> TypedInCell(PersonTracking tracking, TimesheetRow row, LocalDate date) =>
        db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .Where(e => e.UserId == tracking.UserId && e.Source == EntrySource.Timesheet && e.IsDurationOnly && e.Day == date
                && e.ProjectId == row.ProjectId && e.TaskId == row.TaskId && e.OutcomeId == row.OutcomeId);

    private Task<List<TimeEntry>> EntriesOfWeekAsync(Guid userId, Week week, bool asTracking, CancellationToken cancellationToken)
    {
        var query = db.TimeEntries.Where(e => e.UserId == userId).CountingOn(week.Dates);
        return (asTracking ? query : query.AsNoTracking()).OrderBy(e => e.Start).ToListAsync(cancellationToken);
    }

    private static int IndexOf(IReadOnlyList<TimesheetRow> rows, TimesheetRow row)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] == row)
            {
                return i;
            }
        }

        return -1;
    }
}
