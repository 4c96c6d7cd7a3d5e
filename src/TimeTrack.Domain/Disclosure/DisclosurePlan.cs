namespace TimeTrack.Domain.Disclosure;

/// <summary>What the viewer is told about one cell (group, node).</summary>
public enum CellState
{
    /// <summary>Every atom in it is the viewer's to see individually: shown with its value.</summary>
    Known,

    /// <summary>No time in it, and the group is large enough that a zero says nothing about one person: shown as 0.</summary>
    Empty,

    /// <summary>Fewer than k people the viewer does not know contributed (or an empty cell of too small a group): withheld.</summary>
    Primary,

    /// <summary>Shown with its value: released, or already determined by what is released.</summary>
    Shown,

    /// <summary>Large enough, but withheld because showing it would let a protected quantity be worked out.</summary>
    Secondary,
}

/// <summary>The decision about one cell.</summary>
/// <param name="Value">The value the viewer is shown; null when the cell is withheld.</param>
/// <param name="Contributors">People with time in the cell. For the planner's own accounts, not for display: the count of a withheld cell is itself about few people.</param>
/// <param name="UnknownContributors">Contributors with time in the cell that the viewer does not see individually.</param>
public sealed record CellDecision(Guid GroupId, int NodeId, CellState State, long? Value, int Contributors, int UnknownContributors)
{
    public bool IsShown => State is CellState.Known or CellState.Empty or CellState.Shown;
}

/// <summary>The shape of a quantity the planner keeps from being worked out.</summary>
public enum ProtectedShape
{
    /// <summary>A withheld cell (its group is <see cref="ProtectedQuantity.GroupId"/>).</summary>
    WithheldCell,

    /// <summary>One person's unknown time under a node.</summary>
    Person,

    /// <summary>The unknown time under a node of fewer than k people who are in exactly the same groups.</summary>
    OverlapClass,

    /// <summary>The unknown time of one kind at one leaf of fewer than k people who are in exactly the same groups.</summary>
    KindAtLeaf,
}

/// <summary>A quantity that would be protected, described for an audit trail.</summary>
/// <param name="People">The people whose time it adds up, ascending.</param>
/// <param name="GroupId">For a withheld cell, its group.</param>
/// <param name="Kind">For <see cref="ProtectedShape.KindAtLeaf"/>, the kind.</param>
public sealed record ProtectedQuantity(ProtectedShape Shape, int NodeId, IReadOnlyList<Guid> People, Guid? GroupId = null, int? Kind = null)
{
    // Two descriptions of the same quantity are equal whatever list holds their people.
    public bool Equals(ProtectedQuantity? other) =>
        other is not null
        && Shape == other.Shape && NodeId == other.NodeId && GroupId == other.GroupId && Kind == other.Kind
        && People.SequenceEqual(other.People);

    public override int GetHashCode() => HashCode.Combine(Shape, NodeId, GroupId, Kind, People.Count);
}

/// <summary>
/// For one viewer and one month: which cells are shown and with what value. Built by
/// <see cref="DisclosurePlanner.Plan"/>.
/// </summary>
public sealed class DisclosurePlan
{
    private readonly Dictionary<(Guid GroupId, int NodeId), CellDecision> _byCell;

    internal DisclosurePlan(IReadOnlyList<CellDecision> cells, IReadOnlyList<ProtectedQuantity> disclosedByPolicy)
    {
        Cells = cells;
        DisclosedByPolicy = disclosedByPolicy;
        _byCell = cells.ToDictionary(c => (c.GroupId, c.NodeId));
    }

    /// <summary>Every cell of an accessible group and a candidate node, by group priority, then node id.</summary>
    public IReadOnlyList<CellDecision> Cells { get; }

    /// <summary>
    /// Quantities the planner would protect but the disclosed sums already determine (billing hours
    /// and amounts of a project with two people at different rates tell each person's time). The
    /// policy discloses these by design; the plan neither protects them nor fails on them.
    /// </summary>
    public IReadOnlyList<ProtectedQuantity> DisclosedByPolicy { get; }

    /// <summary>The decision about (group, node); null when that is not a cell the viewer may ask about.</summary>
    public CellDecision? Find(Guid groupId, int nodeId) => _byCell.GetValueOrDefault((groupId, nodeId));

    /// <summary>The value shown for (group, node); null when it is withheld or not a cell at all.</summary>
    public long? ShownValue(Guid groupId, int nodeId) => Find(groupId, nodeId)?.Value;
}
