using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Infrastructure.Display;

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

/// <summary>
/// A row as shown: its time, or null when too few people contributed to show it; its billable time
/// and amount, the amount null when the hours are suppressed or the policy withholds it
/// (<see cref="AmountWithheld"/>). <see cref="Unpriced"/> is billable time no rate covers, which the
/// amount leaves out.
/// </summary>
public sealed record ReportLineView(Guid? Key, string Label, Duration? Time)
{
    public bool IsSuppressed => Time is null;

    /// <summary>Decimal hours, as the CSV and the API give them.</summary>
    public string Hours => Time is { } time ? Report.Hours(time) : "";

    /// <summary>The time as the viewer wants lengths written, for the page and the PDF.</summary>
    public string Shown => Time is { } time ? DurationDisplay.Format(time) : "";

    /// <summary>The billable part of <see cref="Time"/>; null when the row is suppressed.</summary>
    public Duration? Billable { get; init; }

    /// <summary>The billable time priced at the rates in force, in the organization's currency.</summary>
    public decimal? Amount { get; init; }

    /// <summary>True when the hours are shown but the policy does not let the viewer see the amount.</summary>
    public bool AmountWithheld { get; init; }

    /// <summary>Billable time without any rate; zero unless the amount is shown.</summary>
    public Duration Unpriced { get; init; }

    public string BillableHours => Billable is { } billable ? Report.Hours(billable) : "";

    public string BillableShown => Billable is { } billable ? DurationDisplay.Format(billable) : "";

    public string AmountText => Amount is { } amount ? Report.Money(amount) : "";

    /// <summary>"12.50 h billable without a rate", or empty when every billable hour is priced.</summary>
    public string UnpricedText => Unpriced > Duration.Zero ? $"{DurationDisplay.Format(Unpriced)}{(DurationDisplay.Current == DurationStyle.DecimalHours ? " h" : "")} billable without a rate" : "";

    /// <summary>What the amount cell says: the amount, or why there is none.</summary>
    public string AmountCell => IsSuppressed ? Report.SuppressedText : AmountWithheld ? Report.AmountWithheldText : AmountText;
}

/// <summary>Whose time a report adds up, and how.</summary>
public enum ReportScope
{
    /// <summary>The people the viewer sees one by one (always the viewer): any period of days, by person or task too.</summary>
    People,

    /// <summary>Group figures (the organization or a team), from whole released calendar months, with cells withheld so that no one can be singled out.</summary>
    Groups,

    /// <summary>Billable hours and amounts per client and project, from whole released calendar months: the Billing purpose.</summary>
    Billing,
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
    string? Client = null,
    string Currency = "")
{
    public const string SuppressedText = TeamAggregateView.SuppressedText;

    public ReportScope Scope { get; init; } = ReportScope.People;

    /// <summary>What the reader should know about how the figures were made: periods widened, months not released yet.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What an amount cell says when the policy does not show the viewer the amount.</summary>
    public static readonly string AmountWithheldText =
        $"Withheld by the policy ({PolicyText.ShortLabel(DataCategory.Rates).ToLowerInvariant()})";

    /// <summary>One client's time by project: what an invoice for the period lists.</summary>
    public bool IsInvoiceSummary => GroupBy == ReportGrouping.Project && Client is not null;

    public string Title => IsInvoiceSummary ? $"Invoice summary for {Client}, {Period.Label}" : $"Time report, {Period.Label}";

    public bool AnySuppressed => Total.IsSuppressed || Rows.Any(r => r.IsSuppressed);

    /// <summary>True when some shown row's amount (or the total's) is withheld by the policy.</summary>
    public bool AnyAmountWithheld => Total.AmountWithheld || Rows.Any(r => r.AmountWithheld);

    /// <summary>True when the viewer sees at least one amount.</summary>
    public bool ShowsAmounts => Total.Amount is not null || Rows.Any(r => r.Amount is not null);

    /// <summary>
    /// The people the report shows one by one, with what of theirs it shows (for the access log):
    /// their time, and their billable amount where it is shown — their own row when grouped by person,
    /// else the total.
    /// </summary>
    public IReadOnlyList<(Guid UserId, IReadOnlyCollection<DataCategory> Categories)> ShownIndividually()
    {
        IReadOnlyCollection<DataCategory> Categories(ReportLineView? line) =>
            line?.Amount is not null ? [DataCategory.ProjectTotals, DataCategory.Rates] : [DataCategory.ProjectTotals];
        return GroupBy == ReportGrouping.Person
            ? [.. Individuals.Select(id => (id, Categories(Rows.FirstOrDefault(r => r.Key == id))))]
            : [.. Individuals.Select(id => (id, Categories(Total)))];
    }

    /// <summary>The amount column's heading, with the currency.</summary>
    public string AmountHeading => string.IsNullOrEmpty(Currency) ? "Amount" : $"Amount ({Currency})";

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

    public static string Money(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Decides what of the counted rows the viewer sees. A row counts people the viewer may not see
    /// one by one only when at least k of them contributed: fewer, and subtracting the people they do
    /// see would reveal someone. The grand total follows the same rule and is withheld whenever a row
    /// is, since it minus the shown rows would be the withheld row.
    /// Amounts (<see cref="DataCategory.Rates"/>) are shown, on top of the hours, only where the viewer
    /// sees the rates of every contributor one by one; the total amount only when every row's is shown.
    /// Amounts over groups come from billing figures (<see cref="ReportScope.Billing"/>), never from here.
    /// </summary>
    public static Report Build(
        string organization,
        ReportPeriod period,
        ReportFilter filter,
        IReadOnlyList<string> filters,
        TransparencyPolicy policy,
        IReadOnlyList<ReportRow> rows,
        ReportRow total,
        string? client = null,
        string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(total);
        bool Shown(ReportRow row) => row.HiddenPeople == 0 || Visibility.AggregateIsShown(policy, row.HiddenPeople);
        // Amounts of people the viewer sees one by one, only where their rates are seen one by one too: a
        // sum of rates over several people, compared across periods, could tell one person's rate.
        bool AmountShown(ReportRow row) => row.RatesUncountablePeople == 0 && row.RatesHiddenPeople == 0;
        ReportLineView View(ReportRow row, bool shown, bool amountShown) => new(row.Key, row.Label, shown ? Duration.FromSeconds(row.Seconds) : null)
        {
            Billable = shown ? Duration.FromSeconds(row.BillableSeconds) : null,
            Amount = shown && amountShown ? row.Amount : null,
            AmountWithheld = shown && !amountShown,
            Unpriced = shown && amountShown ? Duration.FromSeconds(row.UnpricedSeconds) : Duration.Zero,
        };

        var lines = rows.Select(r => View(r, Shown(r), AmountShown(r))).ToList();
        var totalShown = Shown(total) && lines.All(l => !l.IsSuppressed);
        var totalAmountShown = AmountShown(total) && lines.All(l => l.Amount is not null);
        var individuals = filter.GroupBy == ReportGrouping.Person
            ? rows.Select(r => r.Key).OfType<Guid>().ToList()
            : filter.PersonId is { } person && total.Seconds > 0 ? [person] : [];
        return new Report(
            organization,
            period,
            filter.GroupBy,
            filters,
            lines,
            View(total with { Label = "Total" }, totalShown, totalAmountShown),
            policy.MinimumGroupSize,
            individuals,
            client,
            currency ?? "");
    }
}
