using NodaTime;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>How coarse an item of work is, as the audit models it (independently of the app's own tree).</summary>
public enum AuditLevel
{
    All,
    Client,
    Project,
    Leaf,
}

/// <summary>
/// A node of the work tree a figure is about: all work; a client (<see cref="Id"/> null: the projects
/// without a client); a project; a leaf (an outcome of <see cref="Project"/>, or with <see cref="Id"/>
/// null the project's time without one).
/// </summary>
public readonly record struct AuditNode(AuditLevel Level, Guid? Id, Guid? Project = null)
{
    public static AuditNode All { get; } = new(AuditLevel.All, null);

    public static AuditNode Client(Guid? client) => new(AuditLevel.Client, client);

    public static AuditNode OfProject(Guid project) => new(AuditLevel.Project, project);

    public static AuditNode Leaf(Guid project, Guid? outcome) => new(AuditLevel.Leaf, outcome, project);
}

/// <summary>One person's time on one day on one leaf: an unknown of the audit.</summary>
public readonly record struct AuditCell(Guid Person, Guid Project, Guid? Outcome, LocalDate Day)
{
    public LocalDate Month => new(Day.Year, Day.Month, 1);
}

/// <summary>
/// What the organization's people really worked, cell by cell, as the factory wrote it, with each
/// project's client and each team's members when each month was released. Every figure of the app is
/// modelled here as the set of cells it adds up, so the audit never asks the app what a figure means.
/// </summary>
public sealed class AuditWork(
    Guid organization,
    IReadOnlyDictionary<AuditCell, long> time,
    IReadOnlyDictionary<Guid, Guid?> clientOf,
    IReadOnlyDictionary<(LocalDate Month, Guid Team), IReadOnlySet<Guid>> teams)
{
    public Guid Organization { get; } = organization;

    /// <summary>Milliseconds per cell; cells not listed are zero.</summary>
    public IReadOnlyDictionary<AuditCell, long> Time { get; } = time;

    public Guid? ClientOf(Guid project) => clientOf[project];

    /// <summary>Whether <paramref name="cell"/>'s time counts under <paramref name="node"/>.</summary>
    public bool Covers(AuditNode node, AuditCell cell) => node.Level switch
    {
        AuditLevel.All => true,
        AuditLevel.Client => ClientOf(cell.Project) == node.Id,
        AuditLevel.Project => cell.Project == node.Id,
        _ => cell.Project == node.Project && cell.Outcome == node.Id,
    };

    /// <summary>Whether <paramref name="node"/> lies under <paramref name="parent"/> (or is it).</summary>
    public bool IsUnder(AuditNode node, AuditNode parent) => parent.Level switch
    {
        AuditLevel.All => true,
        AuditLevel.Client => node == parent || (node.Level >= AuditLevel.Project && ClientOf(ProjectOf(node)) == parent.Id),
        AuditLevel.Project => node.Level >= AuditLevel.Project && ProjectOf(node) == parent.Id,
        _ => node == parent,
    };

    /// <summary>Whether someone is in the group: everyone is in the organization; a team as it was when <paramref name="month"/> was released.</summary>
    public bool IsMember(Guid group, LocalDate month, Guid person) =>
        group == Organization || (teams.TryGetValue((month, group), out var members) && members.Contains(person));

    /// <summary>The cells a group figure adds up: the group's members in each month, under the node, every day of the months.</summary>
    public IEnumerable<AuditCell> GroupCells(Guid group, AuditNode node, IReadOnlyCollection<LocalDate> months) =>
        Time.Keys.Where(c => months.Contains(c.Month) && Covers(node, c) && IsMember(group, c.Month, c.Person));

    /// <summary>The cells of one person under a node over the days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IEnumerable<AuditCell> PersonCells(Guid person, AuditNode node, LocalDate from, LocalDate to) =>
        Time.Keys.Where(c => c.Person == person && c.Day >= from && c.Day <= to && Covers(node, c));

    /// <summary>The items anyone worked on in <paramref name="months"/>, at every level.</summary>
    public IReadOnlySet<AuditNode> Items(IReadOnlyCollection<LocalDate> months)
    {
        var items = new HashSet<AuditNode>();
        foreach (var cell in Time.Keys.Where(c => months.Contains(c.Month)))
        {
            items.Add(AuditNode.Client(ClientOf(cell.Project)));
            items.Add(AuditNode.OfProject(cell.Project));
            items.Add(AuditNode.Leaf(cell.Project, cell.Outcome));
        }

        return items;
    }

    public long Sum(IEnumerable<AuditCell> cells) => cells.Sum(c => Time[c]);

    private static Guid ProjectOf(AuditNode node) => (node.Level == AuditLevel.Project ? node.Id : node.Project) ?? Guid.Empty;
}
