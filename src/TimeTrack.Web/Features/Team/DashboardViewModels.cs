using System.Globalization;
using System.Text.Json;
using NodaTime;
using TimeTrack.Web.Reports;

namespace TimeTrack.Web.Features.Team;

/// <summary>The periods the dashboard offers, by their query-string value.</summary>
public enum DashboardPeriod
{
    Week,
    FourWeeks,
    Month,
}

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

/// <summary>One week of the trend: its hours, or null when suppressed.</summary>
public sealed record DashboardWeek(LocalDate Start, string? Hours)
{
    public string Label => Start.ToString("d MMM", CultureInfo.InvariantCulture);
}

/// <summary>A support need of one named person, in supportive words.</summary>
public sealed record DashboardSignal(Guid UserId, string Name, IReadOnlyList<string> Needs);

/// <summary>
/// A count of people with a signal among those the viewer sees only in aggregate; <see cref="Count"/>
/// is null when the group is smaller than k.
/// </summary>
public sealed record DashboardSignalCount(string Signal, int? Count);

public sealed record DashboardModel(
    DashboardPeriod Period,
    string PeriodLabel,
    IReadOnlyList<DashboardProject> Projects,
    IReadOnlyList<DashboardWeek> Trend,
    IReadOnlyList<DashboardSignal> Signals,
    IReadOnlyList<DashboardSignalCount> SignalCounts,
    bool AnyoneInScope,
    int MinimumGroupSize)
{
    public const string SuppressedText = Report.SuppressedText;

    public static string Query(DashboardPeriod period) => period switch
    {
        DashboardPeriod.FourWeeks => "4weeks",
        DashboardPeriod.Month => "month",
        _ => "week",
    };

    public static DashboardPeriod Parse(string? value) => value switch
    {
        "4weeks" => DashboardPeriod.FourWeeks,
        "month" => DashboardPeriod.Month,
        _ => DashboardPeriod.Week,
    };

    public static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) + " days" : "—";

    public string TrendLabels => JsonSerializer.Serialize(Trend.Select(w => w.Label));

    /// <summary>Suppressed weeks are gaps in the chart, never zeros.</summary>
    public string TrendValues => JsonSerializer.Serialize(Trend.Select(w => w.Hours is { } h ? double.Parse(h, CultureInfo.InvariantCulture) : (double?)null));
}
