using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Disclosure;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Reports;

/// <summary>
/// Reports over groups and billing reports. Both answer only from whole released calendar months
/// (<see cref="MonthReleases"/>): the period asked for is widened to the months it touches, months not
/// released yet are left out and named, so no choice of days, groupings, filters or teams can single
/// out one person's day. Group figures come from the <see cref="DisclosurePlanner"/>'s plan for the
/// viewer (<see cref="GroupFigures"/>); billing figures are exact, per client and project, as the
/// Billing purpose states, and never per person.
/// </summary>
public sealed class GroupReports(TimeTrackDbContext db, GroupFigures figures)
{
    /// <summary>Whether the viewer may ask for group figures at all: someone they see only in aggregate can be counted.</summary>
    public static bool OffersGroups(Looker looker)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var (everyone, countable) = looker.PeopleSeen(DataCategory.ProjectTotals, Granularity.Aggregate);
        var (everyoneOneByOne, oneByOne) = looker.PeopleSeen(DataCategory.ProjectTotals, Granularity.IndividualTotals);
        return !everyoneOneByOne && (everyone || countable.Except(oneByOne).Any());
    }

    /// <summary>Whether billing figures are the viewer's to see: the policy grants them Billing for the whole organization.</summary>
    public static bool OffersBilling(Looker looker)
    {
        ArgumentNullException.ThrowIfNull(looker);
        return looker.CountsEveryone(DataCategory.Billing);
    }

    /// <summary>The group figures report: the organization's or a team's time by client, project or outcome.</summary>
    public async Task<(Report Report, ShownFigures Shown)> GroupsAsync(Looker looker, ReportFilter filter, string organization, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(filter);
        var (released, pending) = await figures.ForAsync(looker, filter.From, filter.To, cancellationToken);
        var group = filter.TeamId ?? looker.TenantId;
        var parent = await ParentAsync(filter, cancellationToken);
        var tree = await TreeAsync([.. released.SelectMany(m => m.Items).Distinct()], released.SelectMany(m => m.ClientOfProject), parent, cancellationToken);
        var shown = new ShownFigures();
        ReportLineView Line(WorkItem item, string label)
        {
            long total = 0;
            var people = new HashSet<Guid>();
            foreach (var month in released)
            {
                var figure = month.Figure(group, item);
                if (figure.Milliseconds is not { } ms)
                {
                    return new ReportLineView(Key(item), label, null);
                }

                total += ms;
                people.UnionWith(figure.People);
            }

            foreach (var person in people)
            {
                shown.InGroup(person, item.Level == WorkLevel.All ? [DataCategory.Totals, DataCategory.ProjectTotals] : [DataCategory.ProjectTotals]);
            }

            return new ReportLineView(Key(item), label, Duration.FromMilliseconds(total));
        }

        var rows = RowsUnder(parent, filter.GroupBy, tree).Select(item => Line(item, tree.Label(item))).ToList();
        var report = new Report(
            organization,
            Widened(filter, [.. released.Select(m => m.Month)]),
            filter.GroupBy,
            labels,
            rows,
            Line(parent, "Total"),
            looker.MinimumGroupSize,
            [],
            null,
            "")
        {
            Scope = ReportScope.Groups,
            Notes = Notes(filter, [.. released.Select(m => m.Month)], pending, "Group figures"),
        };
        return (report, shown);
    }

    /// <summary>The billing report: billable hours and amounts per client or project, exact, from whole released months.</summary>
    public async Task<(Report Report, ShownFigures Shown)> BillingAsync(Looker looker, ReportFilter filter, string organization, string currency, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(filter);
        var (released, pending) = await figures.ReleasedAsync(filter.From, filter.To, cancellationToken);
        var parent = await ParentAsync(filter, cancellationToken);
        var tree = await TreeAsync(
            [.. released.SelectMany(MonthFigures.ItemsOf).Distinct()],
            released.SelectMany(MonthFigures.ClientsOf),
            parent,
            cancellationToken);
        var shown = new ShownFigures();
        ReportLineView Line(WorkItem item, string label)
        {
            var parts = released.Select(m => MonthFigures.BillingOf(m, item)).ToList();
            foreach (var person in parts.SelectMany(p => p.People))
            {
                shown.InGroup(person, DataCategory.Billing);
            }

            var billable = Duration.FromMilliseconds(parts.Sum(p => p.BillableMs));
            return new ReportLineView(Key(item), label, billable)
            {
                Billable = billable,
                Amount = parts.Sum(p => p.Amount),
                Unpriced = Duration.FromMilliseconds(parts.Sum(p => p.UnpricedMs)),
            };
        }

        var rows = RowsUnder(parent, filter.GroupBy, tree)
            .Select(item => Line(item, tree.Label(item)))
            .Where(line => line.Billable > Duration.Zero)
            .ToList();
        var client = filter.ClientId is { } clientId ? tree.Label(WorkItem.Client(clientId)) : null;
        var months = released.Select(m => m.Month).ToList();
        var report = new Report(
            organization,
            Widened(filter, months),
            filter.GroupBy,
            labels,
            rows,
            Line(parent, "Total"),
            looker.MinimumGroupSize,
            [],
            client,
            currency)
        {
            Scope = ReportScope.Billing,
            Notes = Notes(filter, months, pending, "Billing figures"),
        };
        return (report, shown);
    }

    /// <summary>The report's period once widened: the released months, or the months asked for when none is released yet.</summary>
    private static ReportPeriod Widened(ReportFilter filter, List<LocalDate> released) =>
        released.Count == 0
            ? new ReportPeriod(MonthRelease.MonthOf(filter.From), MonthRelease.MonthOf(filter.To).PlusMonths(1).PlusDays(-1), DateTimeZone.Utc)
            : new ReportPeriod(released[0], released[^1].PlusMonths(1).PlusDays(-1), DateTimeZone.Utc);

    private static List<string> Notes(ReportFilter filter, List<LocalDate> released, IReadOnlyList<(LocalDate Month, Instant ReleasedAt)> pending, string what)
    {
        var notes = new List<string>();
        var asked = new ReportPeriod(filter.From, filter.To, DateTimeZone.Utc).Label;
        var months = released.Select(MonthName).ToList();
        notes.Add(months.Count == 0
            ? $"{what} come from whole calendar months once they are released. You asked for {asked}; none of its months is released yet."
            : $"{what} come from whole calendar months once they are released, so that no choice of days can single out one person's day. You asked for {asked}; shown: {string.Join(", ", months)}.");
        foreach (var (month, at) in pending)
        {
            notes.Add($"{MonthName(month)} is not released yet; it will be on {at.InUtc().Date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.");
        }

        return notes;
    }

    private static string MonthName(LocalDate month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    private static Guid? Key(WorkItem item) => item.Level == WorkLevel.All ? null : item.Id;

    /// <summary>
    /// The node a report's filters narrow it to: the finest filter, when the coarser ones agree with it
    /// (the outcome is of the project, the project of the client); otherwise a node nobody worked on,
    /// answered as an empty figure, as people figures answer filters that exclude each other.
    /// </summary>
    private async Task<WorkItem> ParentAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var nothing = WorkItem.Project(Guid.Empty);
        Guid? project = filter.ProjectId;
        if (filter.OutcomeId is { } outcome)
        {
            var outcomeProject = await db.Outcomes.AsNoTracking().Where(o => o.Id == outcome).Select(o => (Guid?)o.ProjectId).SingleOrDefaultAsync(cancellationToken);
            if (outcomeProject is null || (project is { } asked && asked != outcomeProject))
            {
                return nothing;
            }

            project = outcomeProject;
        }

        if (project is { } projectId && filter.ClientId is { } client)
        {
            var clientOfProject = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.ClientId }).SingleOrDefaultAsync(cancellationToken);
            if (clientOfProject is null || clientOfProject.ClientId != client)
            {
                return nothing;
            }
        }

        return filter.OutcomeId is { } leaf && project is { } leafProject ? WorkItem.Outcome(leafProject, leaf)
            : project is { } onlyProject ? WorkItem.Project(onlyProject)
            : filter.ClientId is { } onlyClient ? WorkItem.Client(onlyClient)
            : WorkItem.All;
    }

    /// <summary>The rows: items at the grouping's level under <paramref name="parent"/>, by name; the parent itself when it is as fine as the grouping.</summary>
    private static IReadOnlyList<WorkItem> RowsUnder(WorkItem parent, ReportGrouping grouping, WorkTree tree)
    {
        var level = grouping switch
        {
            ReportGrouping.Client => WorkLevel.Client,
            ReportGrouping.Outcome => WorkLevel.Outcome,
            _ => WorkLevel.Project,
        };
        if (parent == WorkItem.Project(Guid.Empty))
        {
            // Filters that exclude each other: nothing to list.
            return [];
        }

        if (level <= parent.Level)
        {
            return [parent];
        }

        return [.. tree.Items
            .Where(i => i.Level == level && tree.IsUnder(i, parent))
            .OrderBy(i => i.Level == WorkLevel.Client && i.Id is null)
            .ThenBy(tree.Label, StringComparer.CurrentCulture)
            .ThenBy(i => i.Id)];
    }

    /// <summary>The work items of the released months, with their names (as they are called now).</summary>
    private async Task<WorkTree> TreeAsync(IReadOnlyList<WorkItem> items, IEnumerable<KeyValuePair<Guid, Guid?>> clientsOfProjects, WorkItem parent, CancellationToken cancellationToken)
    {
        var named = items.Append(parent).Append(parent.ProjectId is { } parentProject ? WorkItem.Project(parentProject) : parent).ToList();
        var projectIds = named.Where(i => i.Level == WorkLevel.Project).Select(i => i.Id).OfType<Guid>().ToList();
        var clientIds = named.Where(i => i.Level == WorkLevel.Client).Select(i => i.Id).OfType<Guid>().ToList();
        var outcomeIds = named.Where(i => i.Level == WorkLevel.Outcome).Select(i => i.Id).OfType<Guid>().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => outcomeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var clientOf = clientsOfProjects.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        return new WorkTree(items, clientOf, projects, clients, outcomes);
    }

    /// <summary>The work items of a report with their names and where each belongs.</summary>
    private sealed class WorkTree(
        IReadOnlyList<WorkItem> items,
        IReadOnlyDictionary<Guid, Guid?> clientOf,
        IReadOnlyDictionary<Guid, string> projects,
        IReadOnlyDictionary<Guid, string> clients,
        IReadOnlyDictionary<Guid, string> outcomes)
    {
        public IReadOnlyList<WorkItem> Items { get; } = items;

        public bool IsUnder(WorkItem item, WorkItem parent) => parent.Level switch
        {
            WorkLevel.All => true,
            WorkLevel.Client => ClientOf(item) == parent.Id,
            WorkLevel.Project => ProjectOf(item) == parent.Id,
            _ => item == parent,
        };

        public string Label(WorkItem item) => item.Level switch
        {
            WorkLevel.All => "Total",
            WorkLevel.Client => item.Id is { } client ? clients.GetValueOrDefault(client, "A removed client") : ReportQuery.NoneLabel(ReportGrouping.Client),
            WorkLevel.Project => item.Id is { } project ? projects.GetValueOrDefault(project, "A removed project") : "",
            _ => (item.ProjectId is { } p ? projects.GetValueOrDefault(p, "A removed project") + " › " : "")
                + (item.Id is { } outcome ? outcomes.GetValueOrDefault(outcome, "A removed outcome") : ReportQuery.NoneLabel(ReportGrouping.Outcome)),
        };

        private static Guid? ProjectOf(WorkItem item) => item.Level switch
        {
            WorkLevel.Project => item.Id,
            WorkLevel.Outcome => item.ProjectId,
            _ => null,
        };

        private Guid? ClientOf(WorkItem item) => item.Level switch
        {
            WorkLevel.Client => item.Id,
            WorkLevel.Project or WorkLevel.Outcome when ProjectOf(item) is { } project => clientOf.GetValueOrDefault(project),
            _ => null,
        };
    }
}
