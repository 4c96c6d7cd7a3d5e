namespace TimeTrack.Domain.Disclosure;

/// <summary>A node of the item tree: "all work" (no parent), a client, a project, or a leaf.</summary>
public sealed record ItemNode(int Id, int? Parent);

/// <summary>
/// The item tree of one organization: one root ("all work"), then clients, projects and leaves (an
/// outcome, or a project's time without an outcome). Time is recorded on leaves only.
/// </summary>
public sealed class ItemTree
{
    private readonly Dictionary<int, int?> _parent;
    private readonly Dictionary<int, int> _depth;
    private readonly Dictionary<int, List<int>> _leavesUnder;

    /// <exception cref="ArgumentException">No root or several, a parent that is not a node, a cycle, or a repeated id.</exception>
    public ItemTree(IEnumerable<ItemNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _parent = [];
        foreach (var node in nodes)
        {
            if (!_parent.TryAdd(node.Id, node.Parent))
            {
                throw new ArgumentException($"Node {node.Id} appears twice.", nameof(nodes));
            }
        }

        var roots = _parent.Where(p => p.Value is null).Select(p => p.Key).ToList();
        if (roots.Count != 1)
        {
            throw new ArgumentException($"An item tree has exactly one root; found {roots.Count}.", nameof(nodes));
        }

        Root = roots[0];
        _depth = [];
        foreach (var id in _parent.Keys)
        {
            _depth[id] = DepthFromRoot(id);
        }

        Ids = [.. _parent.Keys.Order()];
        var hasChildren = _parent.Values.OfType<int>().ToHashSet();
        Leaves = [.. Ids.Where(id => !hasChildren.Contains(id))];
        _leavesUnder = Ids.ToDictionary(id => id, _ => new List<int>());
        foreach (var leaf in Leaves)
        {
            foreach (var ancestor in PathToRoot(leaf))
            {
                _leavesUnder[ancestor].Add(leaf);
            }
        }
    }

    public int Root { get; }

    /// <summary>Every node id, ascending.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>The nodes without children, ascending.</summary>
    public IReadOnlyList<int> Leaves { get; }

    public bool Contains(int id) => _parent.ContainsKey(id);

    public bool IsLeaf(int id) => _leavesUnder.TryGetValue(id, out var leaves) && leaves.Count == 1 && leaves[0] == id;

    public int? ParentOf(int id) => _parent[id];

    /// <summary>Distance from the root (the root has depth 0).</summary>
    public int DepthOf(int id) => _depth[id];

    /// <summary>The leaves in the subtree of <paramref name="id"/>, ascending.</summary>
    public IReadOnlyList<int> LeavesUnder(int id) => _leavesUnder[id];

    /// <summary>The node itself, its parent, and so on up to the root.</summary>
    public IEnumerable<int> PathToRoot(int id)
    {
        for (int? at = id; at is { } node; at = _parent[node])
        {
            yield return node;
        }
    }

    private int DepthFromRoot(int id)
    {
        var depth = 0;
        for (var at = _parent[id]; at is { } parent; at = _parent[parent])
        {
            if (!_parent.ContainsKey(parent))
            {
                throw new ArgumentException($"Node {id} has an ancestor {parent} that is not in the tree.");
            }

            // A path longer than the number of nodes must repeat one: the parents form a cycle.
            if (++depth > _parent.Count)
            {
                throw new ArgumentException($"Node {id} is on a cycle, not under the root.");
            }
        }

        return depth;
    }
}
