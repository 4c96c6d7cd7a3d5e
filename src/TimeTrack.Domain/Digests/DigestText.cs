using System.Globalization;
using NodaTime;

namespace TimeTrack.Domain.Digests;

/// <summary>
/// The plain-language text of a digest: durations such as "2 h 40 min" and the highlights. Always the
/// invariant culture, so a stored digest reads the same wherever and whenever it is rendered.
/// </summary>
public static class DigestText
{
    /// <summary>Closer to the average than this and the week reads "about as long as" it: a few minutes either way say nothing.</summary>
    public const int AboutAsLongMinutes = 30;

    /// <summary>At most this many outcome names are spelled out in a highlight; the rest are counted.</summary>
    public const int NamedOutcomes = 3;

    /// <summary>Whole minutes as people say them: "0 min", "45 min", "4 h", "2 h 40 min". Negative values read as their size.</summary>
    public static string Duration(int minutes)
    {
        var size = Math.Abs((long)minutes);
        var (hours, rest) = (size / 60, size % 60);
        return hours == 0 ? Invariant($"{rest} min")
            : rest == 0 ? Invariant($"{hours} h")
            : Invariant($"{hours} h {rest} min");
    }

    /// <summary>
    /// "morning" from 05:00, "afternoon" from 12:00, "evening" from 17:00 and "night" from 22:00 until
    /// 05:00; the night after midnight belongs to the date it is on.
    /// </summary>
    public static string PartOfDay(LocalTime time) => time.Hour switch
    {
        >= 5 and < 12 => "morning",
        >= 12 and < 17 => "afternoon",
        >= 17 and < 22 => "evening",
        _ => "night",
    };

    /// <summary>"A", "A and B", "A, B and C", "A, B, C and 2 more".</summary>
    public static string List(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var named = names.Take(NamedOutcomes).ToList();
        var more = names.Count - named.Count;
        if (more > 0)
        {
            named.Add(Invariant($"{more} more"));
        }

        return named.Count switch
        {
            0 => "",
            1 => named[0],
            _ => string.Join(", ", named.Take(named.Count - 1)) + " and " + named[^1],
        };
    }

    /// <summary>
    /// The highlights of a digest, generated only from its numbers, in this order and each only when it
    /// applies (so at most five):
    /// <list type="number">
    /// <item>"No time was logged this week." when the total is zero; otherwise the project with the most
    /// time, "Most of your time went to P (12 h 30 min, 45%)." ("All of your time went to P (10 h)."
    /// when it is the only one). The share is of the week's total, rounded to a whole percent.</item>
    /// <item>"Your longest focus block was Tuesday morning, 2 h 40 min." — the day and part of day of its
    /// start on the person's wall clock (<see cref="PartOfDay"/>).</item>
    /// <item>"You completed 2 outcomes: A and B." for outcomes completed in the week, named in the
    /// digest's order.</item>
    /// <item>"You worked 3 h 10 min outside your working hours." — only when outside-hours time is part
    /// of the digest (the policy tracks it) and not zero — followed by ", including 1 h on your days off"
    /// or ", all of it on your days off" when some of it was on days that are not working days.</item>
    /// <item>"This week was 4 h longer (shorter) than your average of the four weeks before." or "This
    /// week was about as long as …" within <see cref="AboutAsLongMinutes"/> — only when the comparison is
    /// part of the digest, this week has time and the weeks before had some.</item>
    /// </list>
    /// They describe the person's own week; none judges it or compares it with anyone else's.
    /// </summary>
    public static IReadOnlyList<string> Highlights(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var highlights = new List<string>();
        var total = content.TotalMinutes;
        if (total == 0)
        {
            highlights.Add("No time was logged this week.");
        }
        else if (content.ByProject.Count > 0)
        {
            var top = content.ByProject[0];
            highlights.Add(content.ByProject.Count == 1 && top.Minutes == total
                ? Invariant($"All of your time went to {top.Name} ({Duration(top.Minutes)}).")
                : Invariant($"Most of your time went to {top.Name} ({Duration(top.Minutes)}, {Percent(top.Minutes, total)}%)."));
        }

        if (content.LongestFocus is { } focus)
        {
            highlights.Add(Invariant(
                $"Your longest focus block was {focus.Start.DayOfWeek} {PartOfDay(focus.Start.TimeOfDay)}, {Duration(focus.Minutes)}."));
        }

        var completed = content.Outcomes.Where(outcome => outcome.CompletedThisWeek).Select(outcome => outcome.Name).ToList();
        if (completed.Count > 0)
        {
            var noun = completed.Count == 1 ? "outcome" : "outcomes";
            highlights.Add(Invariant($"You completed {completed.Count} {noun}: {List(completed)}."));
        }

        if (content.OutsideHoursMinutes is > 0 and var outside)
        {
            var daysOff = content.WeekendMinutes ?? 0;
            var part = daysOff <= 0 ? ""
                : daysOff >= outside ? ", all of it on your days off"
                : Invariant($", including {Duration(daysOff)} on your days off");
            highlights.Add(Invariant($"You worked {Duration(outside)} outside your working hours{part}."));
        }

        var comparison = content.Comparison;
        if (comparison.PreviousWeeks > 0 && comparison.AverageMinutes > 0 && total > 0)
        {
            var weeks = comparison.PreviousWeeks == 4 ? "four" : comparison.PreviousWeeks.ToString(CultureInfo.InvariantCulture);
            var difference = comparison.DifferenceMinutes;
            var how = Math.Abs(difference) < AboutAsLongMinutes ? "about as long as"
                : difference > 0 ? Invariant($"{Duration(difference)} longer than")
                : Invariant($"{Duration(difference)} shorter than");
            highlights.Add(Invariant($"This week was {how} your average of the {weeks} weeks before."));
        }

        return highlights;
    }

    // Half away from zero, on whole numbers so no floating point can make two runs differ.
    private static long Percent(int part, int whole) => ((200L * part) + whole) / (2L * whole);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
