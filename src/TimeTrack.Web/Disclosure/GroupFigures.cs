using Microsoft.Extensions.Caching.Memory;
using NodaTime;
using TimeTrack.Domain.Disclosure;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Web.Disclosure;

/// <summary>How coarse a work item is: all work, a client (or no client), a project, an outcome (or a project's time without one).</summary>
public enum WorkLevel
{
    All,
    Client,
    Project,
    Outcome,
}

/// <summary>
/// A node of the work tree group figures are about. For <see cref="WorkLevel.Client"/>, <see cref="Id"/>
/// is the client (null: projects without a client); for <see cref="WorkLevel.Outcome"/>, the outcome
/// (null: the project's time without an outcome) of <see cref="ProjectId"/>.
/// </summary>
public readonly record struct WorkItem(WorkLevel Level, Guid? Id, Guid? ProjectId = null)
{
    public static WorkItem All { get; } = new(WorkLevel.All, null);

    public static WorkItem Client(Guid? clientId) => new(WorkLevel.Client, clientId);

    public static WorkItem Project(Guid projectId) => new(WorkLevel.Project, projectId);

    public static WorkItem Outcome(Guid projectId, Guid? outcomeId) => new(WorkLevel.Outcome, outcomeId, projectId);
}

/// <summary>A group figure as shown: its time, or null when withheld, and the people it adds up (for the access log, never for display).</summary>
public sealed record GroupFigure(long? Milliseconds, IReadOnlySet<Guid> People)
{
    public bool IsShown => Milliseconds is not null;
}

/// <summary>A project's or client's billing figures of a month: exact, per the Billing purpose, never per person.</summary>
public sealed record BillingFigure(long BillableMs, decimal Amount, long UnpricedMs, IReadOnlySet<Guid> People);

/// <summary>
/// One released month as one viewer may see it in group figures: the work tree of the month, and the
/// <see cref="DisclosurePlanner"/>'s plan for this viewer (what they know one by one, which groups
/// they may ask about, whether billing tells them each project's billable hours and amounts). Plans
/// are cached per month and viewer, so every page, export and API call of the viewer is answered
/// from the same decisions.
/// </summary>
public sealed class MonthFigures
{
    private readonly ReleasedMonth _month;
    private readonly DisclosurePlan _plan;
    private readonly IReadOnlyDictionary<WorkItem, int> _nodes;
    private readonly ItemTree _tree;
    private readonly IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> _groups;
    private readonly IReadOnlySet<Guid> _known;
    private readonly int _k;

    private MonthFigures(ReleasedMonth month, DisclosurePlan plan, IReadOnlyDictionary<WorkItem, int> nodes, ItemTree tree, IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> groups, IReadOnlySet<Guid> known, int k)
    {
        _month = month;
        _plan = plan;
        _nodes = nodes;
        _tree = tree;
        _groups = groups;
        _known = known;
        _k = k;
    }

    public LocalDate Month => _month.Month;

    public Instant ReleasedAt => _month.ReleasedAt;

    /// <summary>The work items with time in this month.</summary>
    public IEnumerable<WorkItem> Items => _nodes.Keys;

    /// <summary>Each project's client when the month was released.</summary>
    public IEnumerable<KeyValuePair<Guid, Guid?>> ClientOfProject => ClientsOf(_month);

    /// <summary>Each project's client when <paramref name="month"/> was released.</summary>
    public static IEnumerable<KeyValuePair<Guid, Guid?>> ClientsOf(ReleasedMonth month)
    {
        ArgumentNullException.ThrowIfNull(month);
        return month.Time.GroupBy(t => t.ProjectId).Select(g => new KeyValuePair<Guid, Guid?>(g.Key, g.First().ClientId));
    }

    /// <summary>The work items with time in <paramref name="month"/>: every outcome leaf, project and client, and all work.</summary>
    public static IEnumerable<WorkItem> ItemsOf(ReleasedMonth month)
    {
        ArgumentNullException.ThrowIfNull(month);
        return month.Time
            .SelectMany(t => new[] { WorkItem.Client(t.ClientId), WorkItem.Project(t.ProjectId), WorkItem.Outcome(t.ProjectId, t.OutcomeId) })
            .Prepend(WorkItem.All)
            .Distinct();
    }

    /// <summary>
    /// The figure of <paramref name="group"/> for <paramref name="item"/>. An item nobody worked on this
    /// month is zero for every group; it is shown as such only where a zero says nothing about one person
    /// (the group has at least k people the viewer does not see one by one), as the planner decides for empty cells.
    /// </summary>
    public GroupFigure Figure(Guid group, WorkItem item)
    {
        if (!_groups.TryGetValue(group, out var members))
        {
            return new GroupFigure(null, new HashSet<Guid>());
        }

        if (!_nodes.TryGetValue(item, out var node))
        {
            return new GroupFigure(members.Count(m => !_known.Contains(m)) >= _k ? 0 : null, new HashSet<Guid>());
        }

        var decision = _plan.Find(group, node);
        if (decision?.Value is not { } value)
        {
            return new GroupFigure(null, new HashSet<Guid>());
        }

        var leaves = _tree.LeavesUnder(node).ToHashSet();
        var people = _month.Time
            .Where(t => members.Contains(t.UserId) && leaves.Contains(_nodes[WorkItem.Outcome(t.ProjectId, t.OutcomeId)]))
            .Select(t => t.UserId)
            .ToHashSet();
        return new GroupFigure(value, people);
    }

    /// <summary>Billing figures of a project or client (or all work) this month: billable time, its amount, and billable time no rate covered.</summary>
    public BillingFigure Billing(WorkItem item) => BillingOf(_month, item);

    /// <summary>Billing figures of a released month: exact per the Billing purpose, so no plan is needed.</summary>
    public static BillingFigure BillingOf(ReleasedMonth month, WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(month);
        var rows = month.Time.Where(t => t.Billable && Contains(item, t)).ToList();
        return new BillingFigure(
            rows.Sum(t => t.DurationMs),
            rows.Where(t => t.HourlyRate is not null).Sum(t => Amount(t.DurationMs, t.HourlyRate ?? 0)),
            rows.Where(t => t.HourlyRate is null).Sum(t => t.DurationMs),
            rows.Select(t => t.UserId).ToHashSet());
    }

    /// <summary>The priced part of billable time, to the cent, as reports price it.</summary>
    public static decimal Amount(long milliseconds, decimal hourly) => Math.Round(milliseconds * hourly / 3_600_000m, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether a row of released time falls under <paramref name="item"/>.</summary>
    public static bool Contains(WorkItem item, ReleasedTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return item.Level switch
        {
            WorkLevel.All => true,
            WorkLevel.Client => time.ClientId == item.Id,
            WorkLevel.Project => time.ProjectId == item.Id,
            _ => time.ProjectId == item.ProjectId && time.OutcomeId == item.Id,
        };
    }

    /// <summary>Builds the month's work tree and plans it for one viewer.</summary>
    public static MonthFigures Plan(ReleasedMonth month, GroupViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(month);
        ArgumentNullException.ThrowIfNull(viewer);
        var nodes = new Dictionary<WorkItem, int> { [WorkItem.All] = 0 };
        var parents = new List<ItemNode> { new(0, null) };
        int Node(WorkItem item, int parent)
        {
            if (!nodes.TryGetValue(item, out var id))
            {
                id = nodes.Count;
                nodes[item] = id;
                parents.Add(new ItemNode(id, parent));
            }

            return id;
        }

        // Ids in a fixed order (by client, project, outcome), so the same month always makes the same tree.
        foreach (var time in month.Time.OrderBy(t => t.ClientId).ThenBy(t => t.ProjectId).ThenBy(t => t.OutcomeId))
        {
            var client = Node(WorkItem.Client(time.ClientId), 0);
            var project = Node(WorkItem.Project(time.ProjectId), client);
            Node(WorkItem.Outcome(time.ProjectId, time.OutcomeId), project);
        }

        var tree = new ItemTree(parents);
        var groups = month.Memberships
            .GroupBy(m => m.GroupId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<Guid>)g.Select(m => m.UserId).ToHashSet());
        var organization = viewer.TenantId;
        var ordered = groups
            .Select(g => new Group(g.Key, g.Value))
            .OrderBy(g => g.Id == organization ? 0 : 1)
            .ThenByDescending(g => g.Members.Count)
            .ThenBy(g => g.Id)
            .ToList();

        // Kinds: 0 not billable; each distinct hourly rate (and "no rate") of billable time its own kind.
        var rates = month.Time.Where(t => t.Billable).Select(t => t.HourlyRate).Distinct().OrderBy(r => r ?? -1).ToList();
        int KindOf(ReleasedTime t) => t.Billable ? 1 + rates.IndexOf(t.HourlyRate) : 0;
        var atoms = month.Time.Select(t => new Atom(t.UserId, nodes[WorkItem.Outcome(t.ProjectId, t.OutcomeId)], KindOf(t), t.DurationMs)).ToList();

        var disclosed = new List<DisclosedSum>();
        if (viewer.SeesBilling)
        {
            foreach (var (item, node) in nodes.Where(n => n.Key.Level == WorkLevel.Project))
            {
                var hours = new Dictionary<int, long>();
                var amounts = new Dictionary<int, long>();
                var unpriced = new Dictionary<int, long>();
                for (var i = 0; i < rates.Count; i++)
                {
                    hours[i + 1] = 1;
                    if (rates[i] is { } rate)
                    {
                        amounts[i + 1] = (long)(rate * 100);
                    }
                    else
                    {
                        unpriced[i + 1] = 1;
                    }
                }

                disclosed.Add(new DisclosedSum(node, hours));
                disclosed.Add(new DisclosedSum(node, amounts));
                disclosed.Add(new DisclosedSum(node, unpriced));
            }
        }

        var knownLeaves = nodes.Where(n => n.Key.Level == WorkLevel.Outcome && n.Key.ProjectId is { } project && viewer.KnownProjects.Contains(project)).Select(n => n.Value);
        var accessible = ordered.Where(g => viewer.MayAskAbout(g.Members)).Select(g => g.Id);
        var scope = new ViewerScope(viewer.UserId, viewer.KnownPeople, knownLeaves, accessible, null, viewer.MinimumGroupSize);
        var plan = DisclosurePlanner.Plan(new DisclosureProblem(tree, ordered, atoms, disclosed, scope));
        var accessibleGroups = groups.Where(g => scope.AccessibleGroups.Contains(g.Key)).ToDictionary(g => g.Key, g => g.Value);
        return new MonthFigures(month, plan, nodes, tree, accessibleGroups, scope.KnownPeople, viewer.MinimumGroupSize);
    }
}

/// <summary>
/// Who is asking for group figures, as the planner needs it: the people and projects they see one by
/// one, whom they may count in aggregate, whether billing figures are theirs to see, and k.
/// </summary>
public sealed record GroupViewer(
    Guid TenantId,
    Guid UserId,
    int? PolicyVersion,
    IReadOnlySet<Guid> KnownPeople,
    IReadOnlySet<Guid> KnownProjects,
    bool CountsEveryone,
    IReadOnlySet<Guid> Countable,
    bool SeesBilling,
    int MinimumGroupSize)
{
    /// <summary>A group may be asked about when the viewer may count every one of its members at least in aggregate.</summary>
    public bool MayAskAbout(IReadOnlySet<Guid> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return CountsEveryone || members.All(Countable.Contains);
    }

    /// <summary>For the plan cache: the same key means the same knowledge and the same questions.</summary>
    public string Key => string.Join(
        "|",
        TenantId,
        UserId,
        PolicyVersion,
        CountsEveryone,
        SeesBilling,
        MinimumGroupSize,
        string.Join(",", KnownPeople.Order()),
        string.Join(",", KnownProjects.Order()),
        CountsEveryone ? "" : string.Join(",", Countable.Order()));

    public static GroupViewer Of(Looker looker)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var (everyoneOneByOne, oneByOne) = looker.PeopleSeen(DataCategory.ProjectTotals, Granularity.IndividualTotals);
        var (everyone, countable) = looker.PeopleSeen(DataCategory.ProjectTotals, Granularity.Aggregate);
        return new GroupViewer(
            looker.TenantId,
            looker.UserId,
            looker.PolicyVersion,
            everyoneOneByOne ? countable : oneByOne,
            looker.ProjectsSeen(DataCategory.ProjectTotals, Granularity.IndividualTotals),
            everyone,
            countable,
            looker.CountsEveryone(DataCategory.Billing),
            looker.MinimumGroupSize);
    }
}

/// <summary>Plans released months for the viewers who ask, once per month and viewer (cached for a while: a release never changes).</summary>
public sealed class GroupFigures(MonthReleases releases, IMemoryCache cache)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(30);

    /// <summary>The released months among those from <paramref name="first"/> to <paramref name="last"/>, planned for the viewer, and those not released yet (with when they will be).</summary>
    public async Task<(IReadOnlyList<MonthFigures> Released, IReadOnlyList<(LocalDate Month, Instant ReleasedAt)> Pending)> ForAsync(
        Looker looker,
        LocalDate first,
        LocalDate last,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var viewer = GroupViewer.Of(looker);
        var months = await releases.EnsureAsync(first, last, cancellationToken);
        var planned = new List<MonthFigures>();
        var missing = new List<LocalDate>();
        foreach (var (month, releasedAt, released) in months.Where(m => m.Released))
        {
            if (cache.TryGetValue(CacheKey(viewer, month, releasedAt), out MonthFigures? known) && known is not null)
            {
                planned.Add(known);
            }
            else
            {
                missing.Add(month);
            }
        }

        foreach (var month in await releases.LoadAsync(missing, cancellationToken))
        {
            var figures = MonthFigures.Plan(month, viewer);
            cache.Set(CacheKey(viewer, month.Month, month.ReleasedAt), figures, Kept);
            planned.Add(figures);
        }

        return ([.. planned.OrderBy(p => p.Month)], [.. months.Where(m => !m.Released).Select(m => (m.Month, m.ReleasedAt))]);
    }

    /// <summary>
    /// The released months among those from <paramref name="first"/> to <paramref name="last"/> as they were
    /// frozen, unplanned (billing figures need no plan), and those not released yet.
    /// </summary>
    public async Task<(IReadOnlyList<ReleasedMonth> Released, IReadOnlyList<(LocalDate Month, Instant ReleasedAt)> Pending)> ReleasedAsync(
        LocalDate first,
        LocalDate last,
        CancellationToken cancellationToken = default)
    {
        var months = await releases.EnsureAsync(first, last, cancellationToken);
        var released = await releases.LoadAsync([.. months.Where(m => m.Released).Select(m => m.Month)], cancellationToken);
        return (released, [.. months.Where(m => !m.Released).Select(m => (m.Month, m.ReleasedAt))]);
    }

    private static string CacheKey(GroupViewer viewer, LocalDate month, Instant releasedAt) =>
        $"group-figures|{month}|{releasedAt.ToUnixTimeTicks()}|{viewer.Key}";
}
