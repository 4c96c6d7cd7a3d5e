using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Digests;

/// <summary>
/// Computes the digest of one person-week from their entries. Pure and deterministic: the content
/// depends only on the input's values, never on the order of its lists, the clock or the culture.
/// </summary>
/// <remarks>
/// <para>
/// Every entry counts only with its parts on the week's days (<see cref="DaySplit"/>, ADR 014): the
/// days a part is dated with, else the local days of <see cref="Week.Zone"/> it falls on; every duration
/// is measured between instants, so a week with a clock change has 167 or 169 hours. Parts of days and
/// working hours are read on the person's wall clock (<see cref="Week.Zone"/>).
/// </para>
/// <para>
/// Exact durations are added up first and rounded to whole minutes only at the end (half a minute
/// rounds up). Time per project is then apportioned by largest remainder: each project gets its whole
/// minutes, and the minutes the rounded total has left over go one each to the projects with the
/// largest leftover seconds (ties by name, then id), so the projects always add up to
/// <see cref="DigestContent.TotalMinutes"/>. Time per outcome is apportioned the same way against the
/// rounded total of the time with an outcome. Projects and outcomes left with zero minutes are not listed.
/// </para>
/// <para>
/// Categories: totals, time per project and outcome, outcomes and focus time come from the entries
/// themselves (<see cref="TransparencyPolicy.AlwaysTracked"/>) and are always in the digest.
/// Outside-hours and days-off time are null unless <see cref="DataCategory.OutsideHours"/> is tracked.
/// Switches per day and the comparison with earlier weeks are workload signals: unless
/// <see cref="DataCategory.WorkloadSignals"/> is tracked, <see cref="DigestContent.SwitchesPerDay"/> is
/// empty, <see cref="DigestContent.Comparison"/> is all zeros (<see cref="WeekComparison.PreviousWeeks"/>
/// 0 means "not compared") and the earlier weeks' entries are not read at all. Highlights only ever
/// restate numbers that are in the digest (<see cref="DigestText.Highlights"/>).
/// </para>
/// </remarks>
public static class DigestBuilder
{
    /// <summary>How many weeks before this one the comparison averages.</summary>
    public const int ComparedWeeks = 4;

    private const long NanosecondsPerMinute = 60L * 1_000_000_000;

    public static DigestContent Build(DigestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var week = input.Week;
        var zone = week.Zone;
        var entries = OnDaysOf(input.Entries, week);
        var insightEntries = entries.Select(entry => new InsightEntry(entry.Interval, entry.ProjectId, entry.OutcomeId, entry.DurationOnly)).ToList();
        var totalMinutes = Minutes(Sum(entries));
        var projectNames = Names(entries.Select(entry => (entry.ProjectId, entry.ProjectName)));

        var blocks = Insights.FocusBlocks(insightEntries);
        var longest = Insights.Longest(blocks) is { } block
            ? new LongestFocus(block.Start.InZone(zone).LocalDateTime, Minutes(block.Length), projectNames[block.ProjectId])
            : null;

        var tracksOutsideHours = input.Tracked.Contains(DataCategory.OutsideHours);
        var tracksWorkload = input.Tracked.Contains(DataCategory.WorkloadSignals);

        var content = new DigestContent(
            week.Start,
            totalMinutes,
            ByProject(entries, projectNames),
            ByOutcome(entries, input.Outcomes),
            Moves(input.Outcomes, week),
            Minutes(blocks.Aggregate(Duration.Zero, (sum, focus) => sum + focus.Length)),
            longest,
            tracksWorkload ? SwitchesPerDay(insightEntries, week) : [],
            tracksOutsideHours ? Minutes(Sum(entries.Where(entry => !entry.DurationOnly).Select(entry => input.Hours.OutsideHours(entry.Interval, zone)))) : null,
            tracksOutsideHours ? Minutes(Sum(entries.Where(entry => !input.Hours.IsWorkingDay(entry.Day.GetValueOrDefault())).Select(entry => entry.Interval.Duration))) : null,
            tracksWorkload ? Compare(totalMinutes, input.PreviousEntries, week) : new WeekComparison(0, 0, 0),
            []);
        return content with { Highlights = DigestText.Highlights(content) };
    }

    /// <summary>
    /// The entries' parts that count on the week's days, each dated, zero-length ones dropped, in one order
    /// whatever the input's. A dated part counts on its day; any other interval is clipped to the week and
    /// split at the zone's midnights, which is the same rule (the week begins and ends at local midnights).
    /// </summary>
    private static List<DigestEntry> OnDaysOf(IEnumerable<DigestEntry> entries, Week week)
    {
        var (weekStart, weekEnd, dates) = (week.StartInstant, week.EndInstant, week.Dates);
        IEnumerable<DigestEntry> Parts(DigestEntry entry)
        {
            if (entry.Day is { } day)
            {
                return entry.Interval.HasStart && entry.Interval.HasEnd && entry.Interval.Duration > Duration.Zero && dates.Contains(day) ? [entry] : [];
            }

            var start = entry.Interval.HasStart ? Instant.Max(entry.Interval.Start, weekStart) : weekStart;
            var end = entry.Interval.HasEnd ? Instant.Min(entry.Interval.End, weekEnd) : weekEnd;
            return end > start
                ? DaySplit.Of(new Interval(start, end), week.Zone).Parts(start).Select(part => entry with { Interval = part.Interval, Day = part.Date })
                : [];
        }

        return
        [
            .. entries
                .SelectMany(Parts)
                .OrderBy(entry => entry.Interval.Start)
                .ThenBy(entry => entry.Interval.End)
                .ThenBy(entry => entry.ProjectId)
                .ThenBy(entry => entry.OutcomeId)
                .ThenBy(entry => entry.ProjectName, StringComparer.Ordinal)
                .ThenBy(entry => entry.OutcomeName, StringComparer.Ordinal)
                .ThenBy(entry => entry.DurationOnly),
        ];
    }

    private static List<ProjectHours> ByProject(List<DigestEntry> entries, Dictionary<Guid, string> names)
    {
        var exact = entries
            .GroupBy(entry => entry.ProjectId)
            .Select(group => (Id: group.Key, Name: names[group.Key], Exact: Sum(group)));
        return
        [
            .. Apportion(exact, part => part.Exact, part => part.Name, part => part.Id)
                .Where(part => part.Minutes > 0)
                .Select(part => new ProjectHours(part.Item.Id, part.Item.Name, part.Minutes))
                .OrderByDescending(project => project.Minutes)
                .ThenBy(project => project.Name, StringComparer.Ordinal)
                .ThenBy(project => project.ProjectId),
        ];
    }

    private static List<OutcomeHours> ByOutcome(List<DigestEntry> entries, IReadOnlyList<DigestOutcome> outcomes)
    {
        var withOutcome = entries
            .Where(entry => entry.OutcomeId.HasValue)
            .Select(entry => (Id: entry.OutcomeId.GetValueOrDefault(), Entry: entry))
            .ToList();

        // Entries may come without the outcome's name; the outcome list has it.
        var names = Names(withOutcome
            .Select(pair => (pair.Id, Name: pair.Entry.OutcomeName ?? ""))
            .Where(pair => pair.Name.Length > 0)
            .Concat(outcomes.Select(outcome => (Id: outcome.OutcomeId, outcome.Name))));
        var projectNames = Names(withOutcome.Select(pair => (pair.Id, Name: pair.Entry.ProjectName)));
        var exact = withOutcome
            .GroupBy(pair => pair.Id, pair => pair.Entry)
            .Select(group => (Id: group.Key, Name: names.GetValueOrDefault(group.Key, ""), ProjectName: projectNames[group.Key], Exact: Sum(group)));
        return
        [
            .. Apportion(exact, part => part.Exact, part => part.Name, part => part.Id)
                .Where(part => part.Minutes > 0)
                .Select(part => new OutcomeHours(part.Item.Id, part.Item.Name, part.Item.ProjectName, part.Minutes))
                .OrderByDescending(outcome => outcome.Minutes)
                .ThenBy(outcome => outcome.Name, StringComparer.Ordinal)
                .ThenBy(outcome => outcome.ProjectName, StringComparer.Ordinal)
                .ThenBy(outcome => outcome.OutcomeId),
        ];
    }

    /// <summary>One move per outcome given; those completed in the week first, then by name.</summary>
    private static List<OutcomeMove> Moves(IReadOnlyList<DigestOutcome> outcomes, Week week) =>
    [
        .. outcomes
            .Select(outcome => new OutcomeMove(
                outcome.OutcomeId,
                outcome.Name,
                outcome.ProjectName,
                outcome.Status,
                outcome.CompletedAt is { } completedAt && week.Contains(completedAt)))
            .OrderByDescending(move => move.CompletedThisWeek)
            .ThenBy(move => move.Name, StringComparer.Ordinal)
            .ThenBy(move => move.ProjectName, StringComparer.Ordinal)
            .ThenBy(move => move.OutcomeId)
            .ThenBy(move => move.Status),
    ];

    /// <summary>Every day of the week, in order, with zero on days without switches (or without time).</summary>
    private static List<DaySwitches> SwitchesPerDay(List<InsightEntry> entries, Week week)
    {
        var switches = Insights.SwitchesPerDay(entries, week.Zone);
        return [.. week.Days.Select(date => new DaySwitches(date, switches.GetValueOrDefault(date)))];
    }

    /// <summary>
    /// Against the average of the <see cref="ComparedWeeks"/> weeks before, each with its own true length;
    /// a week without time counts as zero. The difference is taken between the rounded numbers so the
    /// three numbers shown always agree.
    /// </summary>
    private static WeekComparison Compare(int totalMinutes, IReadOnlyList<DigestEntry> previousEntries, Week week)
    {
        var earlier = Duration.Zero;
        var previous = week;
        for (var i = 0; i < ComparedWeeks; i++)
        {
            previous = previous.Previous;
            earlier += Sum(OnDaysOf(previousEntries, previous));
        }

        var averageMinutes = (int)((earlier.ToInt64Nanoseconds() + (ComparedWeeks * NanosecondsPerMinute / 2)) / (ComparedWeeks * NanosecondsPerMinute));
        return new WeekComparison(ComparedWeeks, averageMinutes, totalMinutes - averageMinutes);
    }

    /// <summary>
    /// Whole minutes for each part that add up to the rounded sum of the parts (largest remainder);
    /// leftover minutes go to the largest remainders, ties by name (ordinal), then id.
    /// </summary>
    private static List<(T Item, int Minutes)> Apportion<T>(
        IEnumerable<T> parts, Func<T, Duration> exact, Func<T, string> name, Func<T, Guid> id)
    {
        var list = parts
            .Select(part => (Item: part, Nanoseconds: exact(part).ToInt64Nanoseconds()))
            .OrderBy(part => name(part.Item), StringComparer.Ordinal)
            .ThenBy(part => id(part.Item))
            .ToList();
        var target = Minutes(Duration.FromNanoseconds(list.Sum(part => part.Nanoseconds)));
        var minutes = list.Select(part => (int)(part.Nanoseconds / NanosecondsPerMinute)).ToArray();
        var leftOver = target - minutes.Sum();
        var byRemainder = Enumerable.Range(0, list.Count)
            .OrderByDescending(index => list[index].Nanoseconds % NanosecondsPerMinute)
            .ThenBy(index => index)
            .Take(leftOver);
        foreach (var index in byRemainder)
        {
            minutes[index]++;
        }

        return [.. list.Select((part, index) => (part.Item, minutes[index]))];
    }

    /// <summary>One name per id whatever the order of the entries: the ordinally first, if they ever differ.</summary>
    private static Dictionary<Guid, string> Names(IEnumerable<(Guid Id, string Name)> named) =>
        named
            .GroupBy(pair => pair.Id)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.Name).Min(StringComparer.Ordinal) ?? "");

    private static Duration Sum(IEnumerable<DigestEntry> entries) => Sum(entries.Select(entry => entry.Interval.Duration));

    private static Duration Sum(IEnumerable<Duration> durations) => durations.Aggregate(Duration.Zero, (sum, duration) => sum + duration);

    /// <summary>Whole minutes, half a minute and more rounding up.</summary>
    private static int Minutes(Duration duration) =>
        (int)((duration.ToInt64Nanoseconds() + (NanosecondsPerMinute / 2)) / NanosecondsPerMinute);
}
