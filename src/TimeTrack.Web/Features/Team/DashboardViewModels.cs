using System.Globalization;
using System.Text.Json;
using NodaTime;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>The periods the dashboard offers, by their query-string value.</summary>
public enum DashboardPeriod
{
    Week,
    FourWeeks,
    Month,
    LastMonth,
    Custom,
}

/// <summary>The dashboard's selectors as typed (query string), kept as text so that bad input is shown back as it was.</summary>
public sealed class DashboardForm
{
    public string? Team { get; set; }

    public string? Period { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }
}

/// <summary>A team the viewer may choose.</summary>
public sealed record DashboardTeamOption(Guid Id, string Name);

/// <summary>An outcome's row: its hours are null when too few people contributed to show them.</summary>
public sealed record DashboardOutcome(Guid Id, string Name, string Status, LocalDate? DueDate, string? Hours, bool HoursSuppressed, double? CycleDays);

/// <summary>A project's outcomes by status, with the ones completed in the period and their median cycle time.</summary>
public sealed record DashboardProject(
    Guid Id,
    string Name,
    int Planned,
    int InProgress,
    int Done,
    int Blocked,
    int DoneInPeriod,
    double? MedianCycleDays,
    string? Hours,
    bool HoursSuppressed,
    IReadOnlyList<DashboardOutcome> Outcomes);

/// <summary>
/// Planned hours against all the time spent so far, of one outcome or (summed) of a project's planned
/// outcomes. <see cref="Spent"/> is null when too few people contributed to show it.
/// </summary>
public sealed record DashboardPlanLine(Guid Id, string Name, decimal PlannedHours, Duration? Spent)
{
    public const string OverPlan = "over plan";

    public const string WithinPlan = "within plan";

    public bool IsSuppressed => Spent is null;

    public string Planned => PlannedHours.ToString("0.00", CultureInfo.InvariantCulture);

    public string SpentHours => Spent is { } spent ? Report.Hours(spent) : "";

    private decimal? SpentDecimal => Spent is { } spent ? decimal.Parse(Report.Hours(spent), CultureInfo.InvariantCulture) : null;

    /// <summary>Spent as a share of the plan, rounded to whole percent; "—" when withheld or nothing was planned.</summary>
    public string Percent => SpentDecimal is { } spent && PlannedHours > 0
        ? Math.Round(spent / PlannedHours * 100, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%"
        : "—";

    public string? Verdict => SpentDecimal is { } spent ? (spent > PlannedHours ? OverPlan : WithinPlan) : null;
}

/// <summary>A project's planned outcomes and their sum (the sum of plans against the time spent on those outcomes).</summary>
public sealed record DashboardProjectPlan(Guid ProjectId, string Name, IReadOnlyList<DashboardPlanLine> Outcomes, DashboardPlanLine Total);

/// <summary>One week of the trend: its hours, or null when suppressed.</summary>
public sealed record DashboardWeek(LocalDate Start, string? Hours)
{
    /// <summary>A calendar month of group figures rather than a week.</summary>
    public bool IsMonth { get; init; }

    public string Label => Time.TimeFormat.IsEnglish
        ? Start.ToString(IsMonth ? "MMM yyyy" : "d MMM", CultureInfo.InvariantCulture)
        : IsMonth ? Start.ToString("MMM yyyy", CultureInfo.CurrentCulture) : Time.TimeFormat.DayAndMonth(Start);
}

/// <summary>A support need of one named person, in supportive words.</summary>
public sealed record DashboardSignal(Guid UserId, string Name, IReadOnlyList<string> Needs);

/// <summary>
/// A count of people with a signal among those the viewer sees only in aggregate; <see cref="Count"/>
/// is null when the group is smaller than k.
/// </summary>
public sealed record DashboardSignalCount(string Signal, int? Count);

/// <summary>
/// The page. With errors in <see cref="Form"/> (the model state holds them) the lists are empty and
/// only the selectors are shown, with what was typed.
/// </summary>
public sealed record DashboardModel(
    DashboardForm Form,
    IReadOnlyList<DashboardTeamOption> Teams,
    Guid? TeamId,
    DashboardPeriod Period,
    LocalDate From,
    LocalDate To,
    string PeriodLabel,
    IReadOnlyList<DashboardProject> Projects,
    IReadOnlyList<DashboardProjectPlan> Plans,
    IReadOnlyList<DashboardWeek> Trend,
    string SignalWeeks,
    IReadOnlyList<DashboardSignal> Signals,
    IReadOnlyList<DashboardSignalCount> SignalCounts,
    bool AnyoneInScope,
    int MinimumGroupSize)
{
    public const string SuppressedText = Report.SuppressedText;

    public const string LongWeeksNeed = "may need support: several long weeks";

    public const string SupportRequestNeed = "has asked for support";

    public const string OutsideHoursNeed = "may need support: more work outside working hours lately";

    public const string FragmentationNeed = "Lots of switching between tasks — could focus time be protected?";

    /// <summary>The people whose figures this page shows one by one: each finds this look in their access log.</summary>
    public IReadOnlyList<PersonName> ShownPeople { get; init; } = [];

    /// <summary>The team is shown in group figures: whole released months, withheld where too few people contributed.</summary>
    public bool InGroupFigures { get; init; }

    /// <summary>How the figures were made, for the reader.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The preset of <see cref="ReportRunner"/> each period is, or null for dates typed in.</summary>
    public static string? Preset(DashboardPeriod period) => period switch
    {
        DashboardPeriod.Week => "this-week",
        DashboardPeriod.FourWeeks => "four-weeks",
        DashboardPeriod.Month => "this-month",
        DashboardPeriod.LastMonth => "last-month",
        _ => null,
    };

    public static IReadOnlyList<(DashboardPeriod Period, string Label)> PeriodChoices { get; } =
    [
        (DashboardPeriod.Week, "This week"),
        (DashboardPeriod.FourWeeks, "Last 4 weeks"),
        (DashboardPeriod.Month, "This month"),
        (DashboardPeriod.LastMonth, "Last month"),
        (DashboardPeriod.Custom, "From and to dates"),
    ];

    public string? TeamName => Teams.FirstOrDefault(t => t.Id == TeamId)?.Name;

    public static string Query(DashboardPeriod period) => period switch
    {
        DashboardPeriod.FourWeeks => "4weeks",
        DashboardPeriod.Month => "month",
        DashboardPeriod.LastMonth => "lastmonth",
        DashboardPeriod.Custom => "custom",
        _ => "week",
    };

    /// <summary>Null for a value that is not one of <see cref="PeriodChoices"/>.</summary>
    public static DashboardPeriod? Parse(string? value) => value switch
    {
        "week" => DashboardPeriod.Week,
        "4weeks" => DashboardPeriod.FourWeeks,
        "month" => DashboardPeriod.Month,
        "lastmonth" => DashboardPeriod.LastMonth,
        "custom" => DashboardPeriod.Custom,
        _ => null,
    };

    public static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) + " days" : "—";

    public IEnumerable<DashboardPlanLine> PlannedOutcomes => Plans.SelectMany(p => p.Outcomes);

    public string TrendLabels => Json(Trend.Select(w => w.Label));

    /// <summary>Suppressed weeks are gaps in the chart, never zeros.</summary>
    public string TrendValues => Json(Trend.Select(w => Number(w.Hours)));

    public string ProjectLabels => Json(Projects.Select(p => p.Name));

    public string ProjectValues => Json(Projects.Select(p => p.HoursSuppressed ? null : Number(p.Hours ?? "0")));

    public string PlanLabels => Json(PlannedOutcomes.Select(o => o.Name));

    /// <summary>Two series, planned and spent; a withheld spent value is a gap.</summary>
    public string PlanSeries => PlanSeriesLabelled("Planned hours", "Hours spent so far");

    /// <summary><see cref="PlanSeries"/> with the legend's labels in the reader's language; the values stay invariant.</summary>
    public string PlanSeriesLabelled(string planned, string spent) => Json(new object[]
    {
        new { label = planned, values = PlannedOutcomes.Select(o => (double?)(double)o.PlannedHours) },
        new { label = spent, values = PlannedOutcomes.Select(o => Number(o.IsSuppressed ? null : o.SpentHours)) },
    });

    private static double? Number(string? hours) => hours is { Length: > 0 } h ? double.Parse(h, CultureInfo.InvariantCulture) : null;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
