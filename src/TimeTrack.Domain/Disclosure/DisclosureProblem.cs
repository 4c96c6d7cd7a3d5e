namespace TimeTrack.Domain.Disclosure;

/// <summary>A set of people that aggregates are asked about: the organization (all members) or a team.</summary>
public sealed record Group(Guid Id, IReadOnlySet<Guid> Members);

/// <summary>
/// One person's time at one leaf in the month, in one part that disclosed sums weigh on their own
/// (for instance 0 = not billable, 1..n = billable at rate n). A cell adds up all kinds.
/// </summary>
public sealed record Atom(Guid Person, int Leaf, int Kind, long Value)
{
    public long Value { get; } = Value > 0 ? Value : throw new ArgumentOutOfRangeException(nameof(Value), Value, "An atom holds some time.");
}

/// <summary>
/// A figure the viewer is told by policy whatever the plan says, such as a project's billable hours
/// or amount: Σ over everyone's atoms under <paramref name="Node"/> of coefficient(kind) × value.
/// Kinds missing from <paramref name="CoefficientByKind"/> weigh 0.
/// </summary>
public sealed record DisclosedSum(int Node, IReadOnlyDictionary<int, long> CoefficientByKind)
{
    public long CoefficientOf(int kind) => CoefficientByKind.TryGetValue(kind, out var coefficient) ? coefficient : 0;
}

/// <summary>What one viewer already knows and what they may be told about.</summary>
public sealed class ViewerScope
{
    /// <param name="viewer">The person looking; always known to themself.</param>
    /// <param name="knownPeople">People whose time the viewer sees one by one.</param>
    /// <param name="knownLeaves">Leaves whose time the viewer sees person by person (projects they manage).</param>
    /// <param name="accessibleGroups">Groups the viewer may ask about; other groups' cells are never shown.</param>
    /// <param name="candidateNodes">Nodes the viewer may be told about at all; null for every node.</param>
    /// <param name="minimumGroupSize">k: the fewest people an aggregate may be about.</param>
    public ViewerScope(
        Guid viewer,
        IEnumerable<Guid> knownPeople,
        IEnumerable<int> knownLeaves,
        IEnumerable<Guid> accessibleGroups,
        IEnumerable<int>? candidateNodes,
        int minimumGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGroupSize, 1);
        Viewer = viewer;
        KnownPeople = new HashSet<Guid>(knownPeople) { viewer };
        KnownLeaves = knownLeaves.ToHashSet();
        AccessibleGroups = accessibleGroups.ToHashSet();
        CandidateNodes = candidateNodes?.ToHashSet();
        MinimumGroupSize = minimumGroupSize;
    }

    public Guid Viewer { get; }

    /// <summary>The people the viewer sees individually, the viewer included.</summary>
    public IReadOnlySet<Guid> KnownPeople { get; }

    public IReadOnlySet<int> KnownLeaves { get; }

    public IReadOnlySet<Guid> AccessibleGroups { get; }

    public IReadOnlySet<int>? CandidateNodes { get; }

    public int MinimumGroupSize { get; }

    /// <summary>An atom is known when the viewer sees its person or its leaf individually.</summary>
    public bool Knows(Atom atom) => KnownPeople.Contains(atom.Person) || KnownLeaves.Contains(atom.Leaf);
}

/// <summary>
/// One month of one organization, for one viewer: what the disclosure planner decides about. Input
/// lists may come in any order except <see cref="Groups"/>, whose order is the priority order in
/// which cells are released (organization first).
/// </summary>
public sealed class DisclosureProblem
{
    /// <exception cref="ArgumentException">
    /// A repeated group, an atom not on a leaf, a disclosed sum, known leaf or candidate node that is
    /// not in the tree, or an accessible group that is not among the groups.
    /// </exception>
    public DisclosureProblem(
        ItemTree tree,
        IEnumerable<Group> groups,
        IEnumerable<Atom> atoms,
        IEnumerable<DisclosedSum> disclosedSums,
        ViewerScope scope)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(scope);
        Tree = tree;
        Scope = scope;

        Groups = [.. groups];
        if (Groups.Select(g => g.Id).Distinct().Count() != Groups.Count)
        {
            throw new ArgumentException("A group appears twice.", nameof(groups));
        }

        Atoms = [.. atoms.OrderBy(a => a.Person).ThenBy(a => a.Leaf).ThenBy(a => a.Kind).ThenBy(a => a.Value)];
        if (Atoms.FirstOrDefault(a => !tree.IsLeaf(a.Leaf)) is { } offLeaf)
        {
            throw new ArgumentException($"Time is recorded on leaves; node {offLeaf.Leaf} is not a leaf of the tree.", nameof(atoms));
        }

        // Only the span of the disclosed sums matters, so their order among themselves is free.
        DisclosedSums = [.. disclosedSums.OrderBy(s => s.Node)];
        if (DisclosedSums.FirstOrDefault(s => !tree.Contains(s.Node)) is { } stray)
        {
            throw new ArgumentException($"A disclosed sum is about node {stray.Node}, which is not in the tree.", nameof(disclosedSums));
        }

        if (scope.KnownLeaves.Where(l => !tree.IsLeaf(l)).Select(l => (int?)l).FirstOrDefault() is { } leaf)
        {
            throw new ArgumentException($"Known leaf {leaf} is not a leaf of the tree.", nameof(scope));
        }

        if (scope.CandidateNodes?.Where(n => !tree.Contains(n)).Select(n => (int?)n).FirstOrDefault() is { } node)
        {
            throw new ArgumentException($"Candidate node {node} is not in the tree.", nameof(scope));
        }

        var ids = Groups.Select(g => g.Id).ToHashSet();
        if (scope.AccessibleGroups.Any(id => !ids.Contains(id)))
        {
            throw new ArgumentException("An accessible group is not among the organization's groups.", nameof(scope));
        }
    }

    public ItemTree Tree { get; }

    /// <summary>The organization and its teams, in priority order.</summary>
    public IReadOnlyList<Group> Groups { get; }

    /// <summary>The month's atoms, by person, leaf and kind.</summary>
    public IReadOnlyList<Atom> Atoms { get; }

    public IReadOnlyList<DisclosedSum> DisclosedSums { get; }

    public ViewerScope Scope { get; }

    public int MinimumGroupSize => Scope.MinimumGroupSize;

    /// <summary>The groups whose cells the viewer may be told, in priority order.</summary>
    public IEnumerable<Group> AccessibleGroups => Groups.Where(g => Scope.AccessibleGroups.Contains(g.Id));

    /// <summary>The nodes the viewer may be told about, ascending.</summary>
    public IEnumerable<int> CandidateNodes => Tree.Ids.Where(id => Scope.CandidateNodes?.Contains(id) ?? true);
}
