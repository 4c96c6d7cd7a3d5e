using System.Text;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>The tracking settings a policy version holds, one per field of <see cref="PolicySettings"/>.</summary>
public enum PolicySetting
{
    TimerEnabled,
    ManualEntriesEnabled,
    ManualEditsNeedReason,
    Overlaps,
    WorkingDays,
    WorkdayStart,
    WorkdayEnd,
    MaximumDaysInPast,
    MaximumDaysInFuture,
    DigestEmbargoHours,
    MinimumGroupSize,
}

/// <summary>
/// The policy in plain language, written for the person whose data it is about. Every text is the
/// same whatever the current culture, so a published policy reads the same to everyone.
/// </summary>
public static class PolicyText
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public static string Label(DataCategory category) => category switch
    {
        DataCategory.EntryDetails => "Entry details (descriptions, tags, exact times)",
        DataCategory.Totals => "Daily and weekly totals",
        DataCategory.ProjectTotals => "Time per project and outcome",
        DataCategory.LiveTimer => "Whether your timer is running",
        DataCategory.OutsideHours => "Entries outside your working hours",
        DataCategory.Digests => "Your weekly digests",
        DataCategory.Reflections => "Your reflections on digests",
        DataCategory.Rates => "Rates and billable amounts",
        DataCategory.Billing => "Billable hours and amounts per client and project",
        DataCategory.WorkloadSignals => "Workload signals (framed as support needs)",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>The label without its explanation in brackets, for sentences that name the category.</summary>
    public static string ShortLabel(DataCategory category) => category switch
    {
        DataCategory.EntryDetails => "Entry details",
        DataCategory.WorkloadSignals => "Workload signals",
        DataCategory.Billing => "Billing",
        _ => Label(category),
    };

    public static string Label(Audience audience) => audience switch
    {
        Audience.TeamManager => "Your team's manager",
        Audience.ProjectManagers => "Project managers (for time on their project)",
        Audience.OrganizationAdmins => "Organization admins",
        Audience.Teammates => "Your teammates",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    /// <summary>
    /// What a granularity of <paramref name="category"/> lets someone see; <paramref name="minimumGroupSize"/>
    /// is the policy's k. Billing's aggregate is its own: totals per client and project, with no k.
    /// </summary>
    public static string Describe(DataCategory category, Granularity granularity, int minimumGroupSize) =>
        (category, granularity) switch
        {
            (DataCategory.Billing, Granularity.Aggregate) => "Totals per client and project, by calendar month; never per person",
            _ => Describe(granularity, minimumGroupSize),
        };

    /// <summary>
    /// What a granularity lets someone see, for a level not yet tied to a category; where the category
    /// is known, <see cref="Describe(DataCategory, Granularity, int)"/> words it for that category.
    /// </summary>
    public static string Describe(Granularity granularity, int minimumGroupSize) => granularity switch
    {
        Granularity.None => "Nothing",
        Granularity.Aggregate => "Only group totals over at least " + People(minimumGroupSize),
        Granularity.IndividualTotals => "Your totals, no details",
        Granularity.IndividualDetail => "Everything, with details",
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>How long detail is kept: a number of days, or as long as the person is a member (null).</summary>
    public static string DescribeRetention(int? days) => days switch
    {
        null => "Kept while you are a member",
        1 => "1 day",
        { } n => Invariant($"{n} days"),
    };

    public static string Label(PolicySetting setting) => setting switch
    {
        PolicySetting.TimerEnabled => "Timer",
        PolicySetting.ManualEntriesEnabled => "Adding entries by hand",
        PolicySetting.ManualEditsNeedReason => "A reason for changing entries by hand",
        PolicySetting.Overlaps => "Overlapping entries",
        PolicySetting.WorkingDays => "Working days",
        PolicySetting.WorkdayStart => "Workday starts",
        PolicySetting.WorkdayEnd => "Workday ends",
        PolicySetting.MaximumDaysInPast => "How far back you can add or change entries",
        PolicySetting.MaximumDaysInFuture => "How far ahead you can add entries",
        PolicySetting.DigestEmbargoHours => "Time your digest is yours alone before others see it",
        PolicySetting.MinimumGroupSize => "Smallest group whose totals are shown",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>The value of one setting, to show next to its <see cref="Label(PolicySetting)"/>.</summary>
    public static string Describe(PolicySettings settings, PolicySetting setting)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return setting switch
        {
            PolicySetting.TimerEnabled => OnOff(settings.TimerEnabled),
            PolicySetting.ManualEntriesEnabled => OnOff(settings.ManualEntriesEnabled),
            PolicySetting.ManualEditsNeedReason => settings.ManualEditsNeedReason ? "Required" : "Not required",
            PolicySetting.Overlaps => DescribeOverlaps(settings.Overlaps),
            PolicySetting.WorkingDays => DescribeWorkingDays(settings.WorkingDays),
            PolicySetting.WorkdayStart => DescribeTime(settings.WorkdayStart),
            PolicySetting.WorkdayEnd => DescribeTime(settings.WorkdayEnd),
            PolicySetting.MaximumDaysInPast => Count(settings.MaximumDaysInPast, "day", "days"),
            PolicySetting.MaximumDaysInFuture => settings.MaximumDaysInFuture == 0 ? "Up to today" : Count(settings.MaximumDaysInFuture, "day", "days"),
            PolicySetting.DigestEmbargoHours => Count(settings.DigestEmbargoHours, "hour", "hours"),
            PolicySetting.MinimumGroupSize => People(settings.MinimumGroupSize),
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };
    }

    public static string DescribeOverlaps(OverlapRule rule) => rule switch
    {
        OverlapRule.Allowed => "Allowed",
        OverlapRule.Rejected => "Refused",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    /// <summary>
    /// Working days given as flags (Monday = 1 … Sunday = 64) as short day names, runs of three or
    /// more days as a range: 31 is "Mon–Fri", 21 is "Mon, Wed, Fri", 0 is "No days". Bits above
    /// Sunday are ignored.
    /// </summary>
    public static string DescribeWorkingDays(int workingDays)
    {
        var parts = new List<string>();
        var day = 0;
        while (day < DayNames.Length)
        {
            if (!IsSet(workingDays, day))
            {
                day++;
                continue;
            }

            var last = day;
            while (last + 1 < DayNames.Length && IsSet(workingDays, last + 1))
            {
                last++;
            }

            if (last - day >= 2)
            {
                parts.Add(DayNames[day] + "\u2013" + DayNames[last]);
            }
            else
            {
                parts.AddRange(DayNames[day..(last + 1)]);
            }

            day = last + 1;
        }

        return parts.Count == 0 ? "No days" : string.Join(", ", parts);
    }

    /// <summary>A time of day as HH:mm.</summary>
    public static string DescribeTime(LocalTime time) => TimePattern.Format(time);

    internal static string People(int count) => Count(count, "person", "people");

    internal static string Count(int count, string one, string many) =>
        count == 1 ? "1 " + one : Invariant($"{count} {many}");

    internal static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>The text with its first letter in lower case, to continue a sentence with a label.</summary>
    internal static string InSentence(string text)
    {
        if (text.Length == 0 || !char.IsUpper(text[0]))
        {
            return text;
        }

        return new StringBuilder(text) { [0] = char.ToLowerInvariant(text[0]) }.ToString();
    }

    private static string OnOff(bool on) => on ? "On" : "Off";

    private static bool IsSet(int workingDays, int day) => (workingDays & (1 << day)) != 0;
}
