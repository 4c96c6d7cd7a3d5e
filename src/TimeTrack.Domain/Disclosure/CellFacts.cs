namespace TimeTrack.Domain.Disclosure;

/// <summary>What is true of one cell before anything is decided about it.</summary>
/// <param name="GroupPosition">The group's position among the accessible groups (its priority).</param>
/// <param name="UnknownPeople">Contributors with at least one atom in the cell the viewer does not know, ascending.</param>
/// <param name="UnknownMembers">Members of the group the viewer does not see individually.</param>
/// <param name="AllLeavesKnown">Every leaf under the node is one the viewer sees person by person.</param>
internal sealed record CellFacts(
    int GroupPosition,
    Guid GroupId,
    int Node,
    int Depth,
    long Value,
    int Contributors,
    IReadOnlyList<Guid> UnknownPeople,
    int UnknownMembers,
    bool AllLeavesKnown)
{
    /// <summary>
    /// The state that follows from the cell alone, or null when only the audit of what else is shown
    /// can decide it. A zero is about each member, so it needs k members the viewer does not know.
    /// </summary>
    public CellState? StateByItself(int minimumGroupSize) =>
        Contributors == 0 ? (UnknownMembers >= minimumGroupSize || AllLeavesKnown ? CellState.Empty : CellState.Primary)
        : UnknownPeople.Count == 0 ? CellState.Known
        : UnknownPeople.Count < minimumGroupSize ? CellState.Primary
        : null;

    /// <summary>Every (accessible group, candidate node), by group priority and then node id.</summary>
    public static IReadOnlyList<CellFacts> For(DisclosureProblem problem, IReadOnlyList<Group> groups)
    {
        var tree = problem.Tree;
        var scope = problem.Scope;
        var byNode = PeopleByNode(problem);
        var cells = new List<CellFacts>();
        for (var position = 0; position < groups.Count; position++)
        {
            var group = groups[position];
            var unknownMembers = group.Members.Count(m => !scope.KnownPeople.Contains(m));
            foreach (var node in problem.CandidateNodes)
            {
                long value = 0;
                var contributors = 0;
                var unknown = new List<Guid>();
                foreach (var (person, share) in byNode[node])
                {
                    if (group.Members.Contains(person))
                    {
                        value += share.Value;
                        contributors++;
                        if (share.Unknown)
                        {
                            unknown.Add(person);
                        }
                    }
                }

                var allLeavesKnown = tree.LeavesUnder(node).All(scope.KnownLeaves.Contains);
                cells.Add(new CellFacts(position, group.Id, node, tree.DepthOf(node), value, contributors, unknown, unknownMembers, allLeavesKnown));
            }
        }

        return cells;
    }

    /// <summary>For each node, each person's time under it and whether any of it is unknown, by person.</summary>
    private static Dictionary<int, SortedDictionary<Guid, (long Value, bool Unknown)>> PeopleByNode(DisclosureProblem problem)
    {
        var byNode = problem.Tree.Ids.ToDictionary(id => id, _ => new SortedDictionary<Guid, (long Value, bool Unknown)>());
        foreach (var atom in problem.Atoms)
        {
            var unknown = !problem.Scope.Knows(atom);
            foreach (var node in problem.Tree.PathToRoot(atom.Leaf))
            {
                var people = byNode[node];
                people[atom.Person] = people.TryGetValue(atom.Person, out var share)
                    ? (share.Value + atom.Value, share.Unknown || unknown)
                    : (atom.Value, unknown);
            }
        }

        return byNode;
    }
}
