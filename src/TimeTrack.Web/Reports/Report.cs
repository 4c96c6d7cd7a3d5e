using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Team;

namespace TimeTrack.Web.Reports;

/// <summary>A report's period: whole days in the viewer's zone, <see cref="To"/> included.</summary>
public sealed record ReportPeriod(LocalDate From, LocalDate To, DateTimeZone Zone)
{
    public Instant Start => From.AtStartOfDayInZone(Zone).ToInstant();

    public Instant End => To.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();

    public string Label => From == To ? Day(From) : $"{Day(From)} – {Day(To)}";

    public static string Day(LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}

/// <summary>A row as shown: its time, or null when too few people contributed to show it.</summary>
public sealed record ReportLineView(Guid? Key, string Label, Duration? Time)
{
    public bool IsSuppressed => Time is null;

    public string Hours => Time is { } time ? Report.Hours(time) : "";
}

/// <summary>
/// A report as one viewer may see it: rows by name, each shown or suppressed, and the grand total.
/// Every export and the page render this one object, so they can never disagree.
/// </summary>
public sealed record Report(
    string Organization,
    ReportPeriod Period,
    ReportGrouping GroupBy,
    IReadOnlyList<string> Filters,
    IReadOnlyList<ReportLineView> Rows,
    ReportLineView Total,
    int MinimumGroupSize,
    IReadOnlyList<Guid> Individuals,
    string? Client = null)
{
    public const string SuppressedText = TeamAggregateView.SuppressedText;

    /// <summary>One client's time by project: what an invoice for the period lists.</summary>
    public bool IsInvoiceSummary => GroupBy == ReportGrouping.Project && Client is not null;

    public string Title => IsInvoiceSummary ? $"Invoice summary for {Client}, {Period.Label}" : $"Time report, {Period.Label}";

    public bool AnySuppressed => Total.IsSuppressed || Rows.Any(r => r.IsSuppressed);

    public static string GroupLabel(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Client => "Client",
        ReportGrouping.Project => "Project",
        ReportGrouping.Outcome => "Outcome",
        ReportGrouping.Task => "Task",
        ReportGrouping.Person => "Person",
        _ => grouping.ToString(),
    };

    public static string Hours(Duration time) =>
        Math.Round(time.TotalHours, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Decides what of the counted rows the viewer sees. A row counts people the viewer may not see
    /// one by one only when at least k of them contributed: fewer, and subtracting the people they do
    /// see would reveal someone. The grand total follows the same rule and is withheld whenever a row
    /// is, since it minus the shown rows would be the withheld row.
    /// </summary>
    public static Report Build(
        string organization,
        ReportPeriod period,
        ReportFilter filter,
        IReadOnlyList<string> filters,
        TransparencyPolicy policy,
        IReadOnlyList<ReportRow> rows,
        ReportRow total,
        string? client = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(total);
        bool Shown(ReportRow row) => row.HiddenPeople == 0 || Visibility.AggregateIsShown(policy, row.HiddenPeople);
        var lines = rows.Select(r => new ReportLineView(r.Key, r.Label, Shown(r) ? Duration.FromSeconds(r.Seconds) : null)).ToList();
        var totalShown = Shown(total) && lines.All(l => !l.IsSuppressed);
        var individuals = filter.GroupBy == ReportGrouping.Person
            ? rows.Select(r => r.Key).OfType<Guid>().ToList()
            : filter.PersonId is { } person && total.Seconds > 0 ? [person] : [];
        return new Report(
            organization,
            period,
            filter.GroupBy,
            filters,
            lines,
            new ReportLineView(null, "Total", totalShown ? Duration.FromSeconds(total.Seconds) : null),
            policy.MinimumGroupSize,
            individuals,
            client);
    }
}
