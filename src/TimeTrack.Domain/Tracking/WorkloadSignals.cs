using NodaTime;

namespace TimeTrack.Domain.Tracking;

/// <summary>
/// One person's work in one of the weeks a workload signal looks at: <paramref name="Week"/> counts
/// from 0 (the oldest), the time, the part of it outside their working hours, how many entries and on
/// how many days.
/// </summary>
public sealed record WeekOfWork(int Week, long DurationMs, long OutsideHoursMs, int Entries, int Days)
{
    /// <summary>Adds up one person's parts of the same week (rows per day and project, say).</summary>
    public static IReadOnlyList<WeekOfWork> PerWeek(IEnumerable<WeekOfWork> parts) =>
        [.. parts.GroupBy(p => p.Week).OrderBy(g => g.Key).Select(g => new WeekOfWork(g.Key, g.Sum(p => p.DurationMs), g.Sum(p => p.OutsideHoursMs), g.Sum(p => p.Entries), g.Sum(p => p.Days)))];
}

/// <summary>What a person's last <see cref="WorkloadSignals.Weeks"/> weeks say they may need support with. Framed as needs, never as scores.</summary>
public sealed record WorkloadSignal(bool SeveralLongWeeks, bool MoreOutsideHours, bool FrequentSwitching)
{
    public bool Any => SeveralLongWeeks || MoreOutsideHours || FrequentSwitching;
}

/// <summary>
/// The rules behind workload signals, over four whole weeks (week 0 the oldest): several long weeks,
/// a rising share of time outside working hours, and frequent switching between tasks. A signal is a
/// prompt to offer support; nothing here ranks or compares people.
/// </summary>
public static class WorkloadSignals
{
    /// <summary>How many whole weeks the signals look at.</summary>
    public const int Weeks = 4;

    /// <summary>A week longer than this counts as long.</summary>
    public static readonly Duration LongWeek = Duration.FromHours(45);

    /// <summary>Long weeks out of the four from which the signal shows.</summary>
    public const int LongWeeksForSignal = 3;

    /// <summary>
    /// Entries per worked day, on average over the last two weeks, from which switching counts as
    /// frequent: ten blocks in an eight-hour day leave under an hour for each.
    /// </summary>
    public const int FragmentedEntriesPerDay = 10;

    /// <summary>Fewer worked days than this in the last two weeks say too little about a pattern.</summary>
    public const int FragmentedMinimumDays = 3;

    /// <summary>The share of time outside working hours in the last two weeks from which it counts as much.</summary>
    public const double OutsideHoursShare = 0.2;

    /// <summary>How much that share must have grown against the two weeks before.</summary>
    public const double OutsideHoursRise = 0.1;

    /// <summary>
    /// The signals of one person's weeks. Weeks missing from <paramref name="weeks"/> had no time.
    /// <paramref name="outsideHoursTracked"/> false leaves the outside-hours signal off: the policy does
    /// not track that time, so nothing may be concluded from it.
    /// </summary>
    public static WorkloadSignal Of(IReadOnlyCollection<WeekOfWork> weeks, bool outsideHoursTracked)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        foreach (var week in weeks)
        {
            if (week.Week is < 0 or >= Weeks)
            {
                throw new ArgumentOutOfRangeException(nameof(weeks), week.Week, $"Weeks are numbered 0 to {Weeks - 1}.");
            }
        }

        var perWeek = WeekOfWork.PerWeek(weeks);
        var longWeeks = perWeek.Count(w => w.DurationMs > LongWeek.TotalMilliseconds);
        return new WorkloadSignal(
            longWeeks >= LongWeeksForSignal,
            outsideHoursTracked && IsRising(perWeek),
            IsFragmented(perWeek.Where(w => w.Week >= Weeks / 2)));
    }

    private static bool IsFragmented(IEnumerable<WeekOfWork> recent)
    {
        var list = recent.ToList();
        var days = list.Sum(w => w.Days);
        return days >= FragmentedMinimumDays && list.Sum(w => (long)w.Entries) >= (long)FragmentedEntriesPerDay * days;
    }

    private static bool IsRising(IReadOnlyList<WeekOfWork> weeks)
    {
        static double Share(IEnumerable<WeekOfWork> part)
        {
            var list = part.ToList();
            var total = list.Sum(w => w.DurationMs);
            return total <= 0 ? 0 : (double)list.Sum(w => w.OutsideHoursMs) / total;
        }

        var before = Share(weeks.Where(w => w.Week < Weeks / 2));
        var recent = Share(weeks.Where(w => w.Week >= Weeks / 2));
        return recent >= OutsideHoursShare && recent >= before + OutsideHoursRise;
    }
}
