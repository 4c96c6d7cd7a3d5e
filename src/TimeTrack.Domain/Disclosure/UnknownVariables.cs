namespace TimeTrack.Domain.Disclosure;

/// <summary>
/// One unknown of the viewer's linear system: the unknown atoms at one leaf, of one kind, of the people
/// who are in exactly the same accessible groups (one signature).
/// </summary>
/// <remarks>
/// Merging them loses nothing: every cell weighs them alike (same leaf, same groups), and so does every
/// disclosed sum (same leaf, same kind). A question that would tell two of them apart is never in the
/// span of what is published, so it needs no protection of its own.
/// </remarks>
internal sealed record Variable(int Leaf, int Signature, int Kind, IReadOnlyList<Guid> People);

/// <summary>The viewer's unknowns for one problem, indexed by leaf, signature and kind.</summary>
internal sealed class UnknownVariables
{
    private readonly bool[][] _signatureInGroup;
    private readonly Dictionary<int, int[]> _under;

    public UnknownVariables(DisclosureProblem problem)
    {
        CellGroups = [.. problem.AccessibleGroups];
        var signatureOf = Signatures(problem, CellGroups, out _signatureInGroup);

        var keyed = new SortedDictionary<(int Leaf, int Signature, int Kind), SortedSet<Guid>>();
        foreach (var atom in problem.Atoms.Where(a => !problem.Scope.Knows(a)))
        {
            var key = (atom.Leaf, signatureOf[atom.Person], atom.Kind);
            if (!keyed.TryGetValue(key, out var people))
            {
                keyed[key] = people = [];
            }

            people.Add(atom.Person);
        }

        All = [.. keyed.Select(k => new Variable(k.Key.Leaf, k.Key.Signature, k.Key.Kind, [.. k.Value]))];

        var under = problem.Tree.Ids.ToDictionary(id => id, _ => new List<int>());
        for (var v = 0; v < All.Count; v++)
        {
            foreach (var node in problem.Tree.PathToRoot(All[v].Leaf))
            {
                under[node].Add(v);
            }
        }

        _under = under.ToDictionary(u => u.Key, u => u.Value.ToArray());
    }

    /// <summary>The accessible groups in priority order; a cell's group is a position in this list.</summary>
    public IReadOnlyList<Group> CellGroups { get; }

    public IReadOnlyList<Variable> All { get; }

    public int Count => All.Count;

    /// <summary>The variables at leaves under <paramref name="node"/>, ascending.</summary>
    public int[] Under(int node) => _under[node];

    /// <summary>The columns of cell (group at <paramref name="groupPosition"/>, <paramref name="node"/>), ascending.</summary>
    public int[] CellColumns(int groupPosition, int node) =>
        [.. Under(node).Where(v => _signatureInGroup[All[v].Signature][groupPosition])];

    /// <summary>The row of a disclosed sum: coefficient(kind) at every variable under its node.</summary>
    public SparseRow RowOf(DisclosedSum sum)
    {
        var columns = new List<int>();
        var values = new List<ulong>();
        foreach (var v in Under(sum.Node))
        {
            var coefficient = Gf61.From(sum.CoefficientOf(All[v].Kind));
            if (coefficient != 0)
            {
                columns.Add(v);
                values.Add(coefficient);
            }
        }

        return new SparseRow([.. columns], [.. values]);
    }

    /// <summary>
    /// Numbers each person's set of accessible groups. A set is spelled as one '1' or '0' per group
    /// position and the spellings are numbered in ordinal order, so the numbering does not depend on
    /// the order people come in.
    /// </summary>
    private static Dictionary<Guid, int> Signatures(DisclosureProblem problem, IReadOnlyList<Group> groups, out bool[][] inGroup)
    {
        var people = problem.Atoms.Select(a => a.Person).Concat(groups.SelectMany(g => g.Members)).Distinct();
        var spelling = people.ToDictionary(p => p, p => new string([.. groups.Select(g => g.Members.Contains(p) ? '1' : '0')]));
        var spellings = spelling.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        var numberOf = spellings.Select((key, i) => (key, i)).ToDictionary(k => k.key, k => k.i, StringComparer.Ordinal);
        inGroup = [.. spellings.Select(key => key.Select(c => c == '1').ToArray())];
        return spelling.ToDictionary(p => p.Key, p => numberOf[p.Value]);
    }
}
