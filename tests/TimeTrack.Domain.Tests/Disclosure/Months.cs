using System.Text;
using TimeTrack.Domain.Disclosure;

namespace TimeTrack.Domain.Tests.Disclosure;

/// <summary>Short ways to write one month of one organization for the planner's tests.</summary>
internal static class Months
{
    /// <summary>An outsider: an administrator who recorded no time and is in no group.</summary>
    public static readonly Guid Admin = Person("admin");

    /// <summary>A stable id spelled from the name (up to 16 ASCII characters).</summary>
    public static Guid Person(string name)
    {
        var bytes = new byte[16];
        Encoding.ASCII.GetBytes(name, bytes);
        return new Guid(bytes);
    }

    /// <summary>prefix1 … prefixN.</summary>
    public static Guid[] People(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => Person($"{prefix}{i}"))];

    public static ItemTree Tree(params (int Id, int? Parent)[] nodes) => new(nodes.Select(n => new ItemNode(n.Id, n.Parent)));

    public static Group Group(string name, IEnumerable<Guid> members) => new(Person($"group:{name}"), members.ToHashSet());

    /// <summary>Each of <paramref name="people"/> recorded <paramref name="value"/> of <paramref name="kind"/> at the leaf.</summary>
    public static IEnumerable<Atom> Worked(IEnumerable<Guid> people, int leaf, long value = 60, int kind = 0) =>
        people.Select(p => new Atom(p, leaf, kind, value));

    public static DisclosedSum Sum(int node, params (int Kind, long Coefficient)[] coefficients) =>
        new(node, coefficients.ToDictionary(c => c.Kind, c => c.Coefficient));

    public static DisclosureProblem Problem(
        ItemTree tree,
        IEnumerable<Group> groups,
        IEnumerable<Atom> atoms,
        int k,
        IEnumerable<DisclosedSum>? sums = null,
        Guid? viewer = null,
        IEnumerable<Guid>? knownPeople = null,
        IEnumerable<int>? knownLeaves = null,
        IEnumerable<int>? candidates = null,
        IEnumerable<Guid>? accessible = null)
    {
        var list = groups.ToList();
        var scope = new ViewerScope(viewer ?? Admin, knownPeople ?? [], knownLeaves ?? [], accessible ?? list.Select(g => g.Id), candidates, k);
        return new DisclosureProblem(tree, list, atoms, sums ?? [], scope);
    }

    public static CellState StateOf(this DisclosurePlan plan, Group group, int node) =>
        (plan.Find(group.Id, node) ?? throw new ArgumentException($"({group.Id}, {node}) is not a cell of the plan.")).State;
}
