using NodaTime;

namespace TimeTrack.Domain.Tracking;

/// <summary>
/// One of a person's entries, as far as their insights need it. A <paramref name="DurationOnly"/> entry was
/// typed as an amount of time on a day, without clock times: it counts in totals, never in focus blocks,
/// switches or time outside working hours, which need to know when the time was.
/// </summary>
public sealed record InsightEntry(Interval Interval, Guid ProjectId, Guid? OutcomeId, bool DurationOnly = false);

/// <summary>A stretch of uninterrupted work on one project, short breaks included in its length.</summary>
public sealed record FocusBlock(Guid ProjectId, Instant Start, Instant End)
{
    public Duration Length => End - Start;
}

/// <summary>Everything "My insights" shows, computed from one person's entries.</summary>
public sealed record InsightSummary(
    Duration Total,
    IReadOnlyDictionary<Guid, Duration> ByProject,
    IReadOnlyDictionary<Guid, Duration> ByOutcome,
    Duration WithoutOutcome,
    IReadOnlyList<FocusBlock> FocusBlocks,
    FocusBlock? LongestFocusBlock,
    double AfterHoursShare,
    IReadOnlyDictionary<LocalDate, int> SwitchesPerDay);

/// <summary>
/// A person's own view of how they work. Pure and deterministic: results depend only on the entries'
/// content, not their order, so the same week always reads the same.
/// </summary>
public static class Insights
{
    /// <summary>A break up to this long (a coffee, a message) does not end a focus block.</summary>
    public static readonly Duration FocusGapTolerance = Duration.FromMinutes(5);

    /// <summary>Anything shorter is too short to count as focused work.</summary>
    public static readonly Duration MinimumFocusLength = Duration.FromMinutes(45);

    public static InsightSummary Summarize(IEnumerable<InsightEntry> entries, DateTimeZone zone, WorkingHours hours)
    {
        var list = entries.ToList();
        var blocks = FocusBlocks(list);
        return new InsightSummary(
            Total(list),
            ByProject(list),
            ByOutcome(list),
            Total(list.Where(e => e.OutcomeId is null)),
            blocks,
            Longest(blocks),
            AfterHoursShare(list, zone, hours),
            SwitchesPerDay(list, zone));
    }

    public static Duration Total(IEnumerable<InsightEntry> entries) =>
        entries.Aggregate(Duration.Zero, (sum, entry) => sum + entry.Interval.Duration);

    /// <summary>Time per project, in project id order.</summary>
    public static IReadOnlyDictionary<Guid, Duration> ByProject(IEnumerable<InsightEntry> entries) =>
        SumBy(entries, entry => entry.ProjectId);

    /// <summary>Time per outcome, in outcome id order; entries without an outcome are left out.</summary>
    public static IReadOnlyDictionary<Guid, Duration> ByOutcome(IEnumerable<InsightEntry> entries) =>
        SumBy(entries, entry => entry.OutcomeId);

    /// <summary>
    /// The maximal runs of entries on one project, each following the previous within
    /// <see cref="FocusGapTolerance"/>, that last at least <see cref="MinimumFocusLength"/> from the first
    /// start to the last end; in time order. An entry on another project in between ends the run.
    /// </summary>
    public static IReadOnlyList<FocusBlock> FocusBlocks(IEnumerable<InsightEntry> entries)
    {
        var blocks = new List<FocusBlock>();
        FocusBlock? run = null;
        foreach (var entry in InTimeOrder(entries))
        {
            var (start, end) = (entry.Interval.Start, entry.Interval.End);
            if (run is not null && run.ProjectId == entry.ProjectId && start - run.End <= FocusGapTolerance)
            {
                run = run with { End = Instant.Max(run.End, end) };
                continue;
            }

            AddIfFocused(run);
            run = new FocusBlock(entry.ProjectId, start, end);
        }

        AddIfFocused(run);
        return blocks;

        void AddIfFocused(FocusBlock? block)
        {
            if (block is not null && block.Length >= MinimumFocusLength)
            {
                blocks.Add(block);
            }
        }
    }

    /// <summary>The longest block; the earliest of equally long ones; null when there is none.</summary>
    public static FocusBlock? Longest(IEnumerable<FocusBlock> blocks) =>
        blocks.OrderByDescending(block => block.Length).ThenBy(block => block.Start).FirstOrDefault();

    /// <summary>The share of the logged time outside working hours, from 0 to 1; 0 when nothing is logged.</summary>
    public static double AfterHoursShare(IEnumerable<InsightEntry> entries, DateTimeZone zone, WorkingHours hours)
    {
        var total = Duration.Zero;
        var outside = Duration.Zero;
        foreach (var entry in entries)
        {
            total += entry.Interval.Duration;
            if (!entry.DurationOnly)
            {
                outside += hours.OutsideHours(entry.Interval, zone);
            }
        }

        return total == Duration.Zero ? 0 : outside / total;
    }

    /// <summary>
    /// How often the project changes from one entry to the next within each local day that has time.
    /// An entry across midnight is on both days, so switching after it counts on the day it happens.
    /// </summary>
    public static IReadOnlyDictionary<LocalDate, int> SwitchesPerDay(IEnumerable<InsightEntry> entries, DateTimeZone zone)
    {
        var switches = new SortedDictionary<LocalDate, int>();
        var previousProject = new Dictionary<LocalDate, Guid>();
        var pieces = InTimeOrder(entries).SelectMany(entry =>
            LocalDays.Pieces(entry.Interval, zone).Select(piece => (piece.Date, entry.ProjectId)));
        foreach (var (date, projectId) in pieces)
        {
            var changed = previousProject.TryGetValue(date, out var previous) && previous != projectId;
            switches[date] = switches.GetValueOrDefault(date) + (changed ? 1 : 0);
            previousProject[date] = projectId;
        }

        return switches;
    }

    // Entries of zero length are not work, and duration-only ones have no place in time; ties are broken
    // on content so input order never matters.
    private static IEnumerable<InsightEntry> InTimeOrder(IEnumerable<InsightEntry> entries) =>
        entries
            .Where(entry => entry.Interval.Duration > Duration.Zero && !entry.DurationOnly)
            .OrderBy(entry => entry.Interval.Start)
            .ThenBy(entry => entry.Interval.End)
            .ThenBy(entry => entry.ProjectId);

    private static SortedDictionary<Guid, Duration> SumBy(IEnumerable<InsightEntry> entries, Func<InsightEntry, Guid?> key)
    {
        var totals = new SortedDictionary<Guid, Duration>();
        foreach (var entry in entries)
        {
            if (key(entry) is { } id)
            {
                totals[id] = totals.GetValueOrDefault(id) + entry.Interval.Duration;
            }
        }

        return totals;
    }
}
