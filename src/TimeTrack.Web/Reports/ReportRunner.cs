using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Reports;

/// <summary>A report as asked for, before anything in it is trusted: the page's query string and the API's parameters both end up here.</summary>
public sealed record ReportInput(
    string? Preset = null,
    string? From = null,
    string? To = null,
    string? GroupBy = null,
    Guid? Client = null,
    Guid? Project = null,
    Guid? Outcome = null,
    Guid? Task = null,
    Guid? Person = null,
    Guid? Team = null,
    string? Scope = null);

/// <summary>The parts of a report request a problem can be about; each channel names them its own way.</summary>
public enum ReportField
{
    Preset,
    From,
    To,
    GroupBy,
    Scope,
    Filters,
}

/// <summary>One reason a report request cannot be answered, with the part it is about.</summary>
public sealed record ReportProblem(ReportField Field, string Message);

/// <summary>A report request that was read: the period and filter, or why not (with the period it would have shown, to keep the form filled).</summary>
public sealed record ReportRequest(ReportPeriod Period, ReportFilter? Filter, IReadOnlyList<ReportProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Filter is not null;

    /// <summary>Whose time the report adds up (<see cref="ReportRunner.ReadAsync"/> sets it from what the viewer may see).</summary>
    public ReportScope Scope { get; init; } = ReportScope.People;

    /// <summary>The scopes this viewer may choose, the default first.</summary>
    public IReadOnlyList<ReportScope> Scopes { get; init; } = [ReportScope.People];
}

/// <summary>
/// The one runner of reports: the reports page, its CSV, XLSX and PDF downloads, the reports API and
/// the dashboard read the same request the same way (<see cref="Read"/>, one set of messages), run the
/// same query, decide what is shown with the same rules (<see cref="Report.Build"/>) and record who
/// was looked at the same way: everyone shown one by one gets a row in their access log, everyone
/// counted only in a group figure gets a row saying so.
/// </summary>
public sealed class ReportRunner(TimeTrackDbContext db, PersonTrackingProvider tracking, GroupReports groups, IClock clock)
{
    /// <summary>Days in a period, both ends included.</summary>
    public const int LongestPeriodDays = 366;

    public static IReadOnlyList<(string Value, string Label)> Presets { get; } =
    [
        ("this-week", "This week"),
        ("last-week", "Last week"),
        ("four-weeks", "Last four weeks"),
        ("this-month", "This month"),
        ("last-month", "Last month"),
    ];

    /// <summary>
    /// Reads a request in the viewer's calendar: a preset or both dates (yyyy-MM-dd, at most
    /// <see cref="LongestPeriodDays"/> days, the end not before the start), and the grouping by name
    /// (project when absent). No dates and no preset means this week.
    /// </summary>
    public async Task<ReportRequest> ReadAsync(Looker looker, ReportInput input, CancellationToken cancellationToken = default) =>
        await ReadAsync(looker, input, ScopesFor(looker)[0], cancellationToken);

    /// <summary>As <see cref="ReadAsync(Looker, ReportInput, CancellationToken)"/>, with the scope to take when the input names none.</summary>
    public async Task<ReportRequest> ReadAsync(Looker looker, ReportInput input, ReportScope defaultScope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(input);
        var person = await tracking.ForAsync(looker.UserId, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(person.Zone).Date;
        var week = person.WeekOf(today);
        var request = Read(input, today, week.Start, person.Zone);
        var scopes = ScopesFor(looker);
        var chosen = scopes.Contains(defaultScope) ? defaultScope : scopes[0];
        if (!string.IsNullOrWhiteSpace(input.Scope))
        {
            ReportScope[] named = [.. Enum.GetValues<ReportScope>().Where(s => string.Equals(s.ToString(), input.Scope.Trim(), StringComparison.OrdinalIgnoreCase))];
            if (named is not [var only] || !scopes.Contains(only))
            {
                return request with
                {
                    Problems = [.. request.Problems, new(ReportField.Scope, "Choose whose time to report from: " + string.Join(", ", scopes.Select(s => s.ToString().ToLowerInvariant())) + ".")],
                    Filter = null,
                    Scope = chosen,
                    Scopes = scopes,
                };
            }

            chosen = only;
        }
        else if (request.Filter is { } asked && ScopeProblems(chosen, asked).Count > 0)
        {
            // No scope named: the first the viewer may choose that can answer what was asked.
            chosen = scopes.Prepend(chosen).FirstOrDefault(s => ScopeProblems(s, asked).Count == 0, chosen);
        }

        var scope = chosen;
        var problems = request.Problems.ToList();
        var filter = request.Filter;
        if (filter is not null)
        {
            problems.AddRange(ScopeProblems(scope, filter));
        }

        return request with
        {
            Problems = problems,
            Filter = problems.Count == 0 ? filter : null,
            Scope = scope,
            Scopes = scopes,
        };
    }

    /// <summary>Why <paramref name="scope"/> cannot answer <paramref name="filter"/>: groupings and filters it does not have.</summary>
    private static List<ReportProblem> ScopeProblems(ReportScope scope, ReportFilter filter)
    {
        var problems = new List<ReportProblem>();
        switch (scope)
        {
            case ReportScope.Groups when filter.GroupBy is not (ReportGrouping.Client or ReportGrouping.Project or ReportGrouping.Outcome):
                problems.Add(new(ReportField.GroupBy, "Group figures are by client, project or outcome."));
                break;
            case ReportScope.Billing when filter.GroupBy is not (ReportGrouping.Client or ReportGrouping.Project):
                problems.Add(new(ReportField.GroupBy, "Billing figures are by client or project."));
                break;
        }

        if (scope != ReportScope.People && (filter.PersonId is not null || filter.TaskId is not null))
        {
            problems.Add(new(ReportField.Filters, "Group and billing figures are never narrowed to a person or a task."));
        }

        if (scope == ReportScope.Billing && (filter.TeamId is not null || filter.OutcomeId is not null))
        {
            problems.Add(new(ReportField.Filters, "Billing figures are per client and project, for the whole organization: choose no team and no outcome."));
        }

        return problems;
    }

    /// <summary>
    /// The scopes the viewer may report in, the default first: the people they see one by one when there
    /// is anyone besides themself; else billing figures where the policy gives them; else, for employees,
    /// their own time, and for managers and admins group figures where they may count anyone in them.
    /// </summary>
    public static IReadOnlyList<ReportScope> ScopesFor(Looker looker)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var scopes = new List<ReportScope>();
        var others = looker.SeesAnyoneElse(DataCategory.ProjectTotals, Granularity.IndividualTotals);
        if (others)
        {
            scopes.Add(ReportScope.People);
        }

        if (GroupReports.OffersBilling(looker))
        {
            scopes.Add(ReportScope.Billing);
        }

        // Someone who manages nobody starts from their own time; managers and admins from their groups.
        var ownFirst = !others && looker.Viewer.Role == Domain.Tenancy.OrgRole.Employee;
        if (ownFirst)
        {
            scopes.Add(ReportScope.People);
        }

        if (GroupReports.OffersGroups(looker))
        {
            scopes.Add(ReportScope.Groups);
        }

        if (!others && !ownFirst)
        {
            scopes.Add(ReportScope.People);
        }

        return scopes;
    }

    /// <summary>The pure part of <see cref="ReadAsync"/>: what a request means on <paramref name="today"/>.</summary>
    public static ReportRequest Read(ReportInput input, LocalDate today, LocalDate weekStart, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<ReportProblem>();
        var month = new LocalDate(today.Year, today.Month, 1);
        (LocalDate From, LocalDate To) period = (weekStart, weekStart.PlusDays(6));
        switch (string.IsNullOrWhiteSpace(input.Preset) ? null : input.Preset.Trim())
        {
            case null:
                if (!string.IsNullOrWhiteSpace(input.From) || !string.IsNullOrWhiteSpace(input.To))
                {
                    var from = Date(input.From, ReportField.From, "Enter the first day of the period as a date, such as 2026-11-16.", problems);
                    var to = Date(input.To, ReportField.To, "Enter the last day of the period as a date, such as 2026-11-22.", problems);
                    if (from is { } f && to is { } t)
                    {
                        period = (f, t);
                        if (t < f)
                        {
                            problems.Add(new(ReportField.To, "The period must end on or after the day it starts."));
                        }
                        else if (Period.Between(f, t, PeriodUnits.Days).Days >= LongestPeriodDays)
                        {
                            problems.Add(new(ReportField.To, $"Choose a period of at most {LongestPeriodDays} days."));
                        }
                    }
                    else
                    {
                        period = (from ?? to ?? weekStart, to ?? from ?? weekStart.PlusDays(6));
                    }
                }

                break;
            case "this-week":
                break;
            case "last-week":
                period = (weekStart.PlusDays(-7), weekStart.PlusDays(-1));
                break;
            case "four-weeks":
                period = (weekStart.PlusWeeks(-3), weekStart.PlusDays(6));
                break;
            case "this-month":
                period = (month, month.PlusMonths(1).PlusDays(-1));
                break;
            case "last-month":
                period = (month.PlusMonths(-1), month.PlusDays(-1));
                break;
            default:
                problems.Add(new(ReportField.Preset, "Choose one of the listed periods: " + string.Join(", ", Presets.Select(p => p.Value)) + "."));
                break;
        }

        var grouping = ReportGrouping.Project;
        if (!string.IsNullOrWhiteSpace(input.GroupBy))
        {
            // Names only: Enum.TryParse would also take numbers and comma-separated lists.
            ReportGrouping[] named = [.. Enum.GetValues<ReportGrouping>().Where(g => string.Equals(g.ToString(), input.GroupBy.Trim(), StringComparison.OrdinalIgnoreCase))];
            if (named is [var only])
            {
                grouping = only;
            }
            else
            {
                problems.Add(new(ReportField.GroupBy, "Group by one of: " + string.Join(", ", Enum.GetNames<ReportGrouping>().Select(n => n.ToLowerInvariant())) + "."));
            }
        }

        // Keep what was asked for in range for the form even when it is refused.
        var shownFrom = Clamp(period.From);
        var shownTo = Clamp(period.To);
        var reportPeriod = new ReportPeriod(shownFrom, shownTo < shownFrom ? shownFrom : shownTo, zone);
        var filter = problems.Count == 0
            ? new ReportFilter(period.From, period.To, grouping, input.Client, input.Project, input.Outcome, input.Task, input.Person, input.Team)
            : null;
        return new ReportRequest(reportPeriod, filter, problems);
    }

    /// <summary>
    /// The report the viewer may see for <paramref name="filter"/>, decided by <see cref="Report.Build"/>;
    /// records who was looked at through <paramref name="read"/> (an export is recorded as one, with
    /// everyone it included).
    /// </summary>
    public async Task<Report> RunAsync(Looker looker, ReportFilter filter, IReadOnlyList<string> filterLabels, AccessRead read, CancellationToken cancellationToken = default) =>
        await RunAsync(looker, filter, ReportScope.People, filterLabels, read, cancellationToken);

    /// <summary>The report in <paramref name="scope"/>; see <see cref="RunAsync(Looker, ReportFilter, IReadOnlyList{string}, AccessRead, CancellationToken)"/>.</summary>
    public async Task<Report> RunAsync(Looker looker, ReportFilter filter, ReportScope scope, IReadOnlyList<string> filterLabels, AccessRead read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(read);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == looker.TenantId).Select(o => new { o.Name, o.Currency }).SingleAsync(cancellationToken);
        if (scope != ReportScope.People)
        {
            var (grouped, shownInGroups) = scope == ReportScope.Billing
                ? await groups.BillingAsync(looker, filter, organization.Name, organization.Currency, filterLabels, cancellationToken)
                : await groups.GroupsAsync(looker, filter, organization.Name, filterLabels, cancellationToken);
            shownInGroups.RecordTo(looker, read with { Period = new DateInterval(grouped.Period.From, grouped.Period.To) });
            return grouped;
        }

        var (rows, total) = await new ReportQuery(db).RunAsync(looker.Policy, looker.Viewer, filter, cancellationToken);
        var zone = (await tracking.ForAsync(looker.UserId, cancellationToken)).Zone;
        var client = filter.ClientId is { } clientId
            ? await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var period = new ReportPeriod(filter.From, filter.To, zone);
        var report = Report.Build(organization.Name, period, filter, filterLabels, looker.Policy, rows, total, client, organization.Currency);
        Record(looker, report, rows, total, read with { Period = new DateInterval(filter.From, filter.To) });
        return report;
    }

    /// <summary>
    /// Runs <paramref name="filter"/> for the dashboard: nothing is recorded here, because the dashboard
    /// records all the figures of its page at once after combining reports (see <see cref="Collect"/>).
    /// </summary>
    public async Task<(Report Report, IReadOnlyList<ReportRow> Rows, ReportRow Total)> RunUnrecordedAsync(Looker looker, ReportFilter filter, ReportPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(filter);
        var (rows, total) = await new ReportQuery(db).RunAsync(looker.Policy, looker.Viewer, filter, cancellationToken);
        return (Report.Build("", period, filter, [], looker.Policy, rows, total), rows, total);
    }

    /// <summary>
    /// Prepares the per-entry export of <paramref name="filter"/>: only entries whose details the policy
    /// shows the viewer (exact times are entry details), recorded as an export of everyone it includes.
    /// Returns the names its lines need and the viewer's zone; <see cref="DetailLines"/> streams the lines.
    /// </summary>
    public async Task<(ReportNames Names, DateTimeZone Zone)> DetailAsync(Looker looker, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(filter);
        var people = await new ReportQuery(db).PeopleInAsync(looker.Policy, looker.Viewer, filter, cancellationToken);
        var zone = (await tracking.ForAsync(looker.UserId, cancellationToken)).Zone;
        var period = new ReportPeriod(filter.From, filter.To, zone);
        looker.Exported(
            new AccessRead(AccessChannel.Export, $"Export: report entries {period.Label}", new DateInterval(filter.From, filter.To)),
            [.. people.Select(p => (p, (IReadOnlyCollection<DataCategory>)[DataCategory.EntryDetails, DataCategory.ProjectTotals]))]);
        var names = new ReportNames(
            await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken),
            await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
            await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken),
            await db.Outcomes.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken),
            await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken));
        return (names, zone);
    }

    /// <summary>The lines of the per-entry export, streamed from <paramref name="streaming"/> (a context without retries).</summary>
    public static IAsyncEnumerable<ReportLine> DetailLines(Looker looker, TimeTrackDbContext streaming, ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(looker);
        return new ReportQuery(streaming).LinesAsync(looker.Policy, looker.Viewer, filter);
    }

    /// <summary>
    /// Notes the people behind the figures of <paramref name="report"/> that are shown (its rows parallel
    /// to <paramref name="rows"/>); their rates too when <paramref name="amountsRendered"/> and an amount is shown.
    /// </summary>
    public static void Collect(ShownFigures shown, Report report, IReadOnlyList<ReportRow> rows, ReportRow total, bool amountsRendered = true)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(total);
        void Add(ReportLineView line, ReportRow row)
        {
            if (line.IsSuppressed)
            {
                return;
            }

            foreach (var contributor in row.Contributors)
            {
                if (!contributor.OneByOne)
                {
                    shown.InGroup(contributor.UserId, amountsRendered && report.ShowsAmounts ? [DataCategory.ProjectTotals, DataCategory.Rates] : [DataCategory.ProjectTotals]);
                }
                else
                {
                    shown.Individually(contributor.UserId, amountsRendered && line.Amount is not null ? [DataCategory.ProjectTotals, DataCategory.Rates] : [DataCategory.ProjectTotals]);
                }
            }
        }

        for (var i = 0; i < rows.Count && i < report.Rows.Count; i++)
        {
            Add(report.Rows[i], rows[i]);
        }

        Add(report.Total, total);
    }

    private static void Record(Looker looker, Report report, IReadOnlyList<ReportRow> rows, ReportRow total, AccessRead read)
    {
        var shown = new ShownFigures();
        Collect(shown, report, rows, total);
        shown.RecordTo(looker, read);
    }

    private static LocalDate Clamp(LocalDate date) =>
        date < SupportedDates.First ? SupportedDates.First : date > SupportedDates.Last ? SupportedDates.Last : date;

    /// <summary>A day of the period: a supported date, or a problem (the range's own message when it is outside it).</summary>
    private static LocalDate? Date(string? text, ReportField field, string message, List<ReportProblem> problems)
    {
        var date = SupportedDates.Read(text);
        if (date.IsValid)
        {
            return date.Date;
        }

        problems.Add(new(field, date.Reading == DateReading.OutOfRange ? SupportedDates.OutOfRangeMessage : message));
        return null;
    }

    /// <summary>The day as the API writes it.</summary>
    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>Hours as the page shows them (two decimals), so the API and the page never differ by a rounding.</summary>
    public static decimal? Hours(Duration? time) =>
        time is { } value ? decimal.Parse(Report.Hours(value), NumberStyles.Number, CultureInfo.InvariantCulture) : null;
}
