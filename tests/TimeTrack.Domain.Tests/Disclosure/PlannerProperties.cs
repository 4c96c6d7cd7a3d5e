using System.Numerics;
using TimeTrack.Domain.Disclosure;
using static TimeTrack.Domain.Tests.Disclosure.Months;

namespace TimeTrack.Domain.Tests.Disclosure;

/// <summary>
/// Random small months checked against exact rational algebra over each person's own atoms (not the
/// planner's merged unknowns): what is shown is true, and nothing protected is in the span of what is
/// shown plus the disclosed sums unless the disclosed sums alone already determine it.
/// </summary>
public sealed class PlannerProperties
{
    private const int Instances = 200;
    private static readonly int[] Kinds = [0, 1, 2];

    [Fact]
    public void Random_months_show_true_values_and_never_determine_a_protected_quantity()
    {
        var random = new Random(20260311);
        var withReleasedCells = 0;
        for (var instance = 0; instance < Instances; instance++)
        {
            var problem = RandomProblem(random, out _, out _, out _, out _, out _);
            var plan = DisclosurePlanner.Plan(problem);

            var check = new ExactCheck(problem, plan);
            check.StatesFollowTheRules();
            check.ShownValuesAreTrue();
            check.NothingProtectedIsDetermined();
            if (plan.Cells.Any(c => c.State == CellState.Shown))
            {
                withReleasedCells++;
            }
        }

        // The planner is not allowed to be safe by withholding everything.
        Assert.True(withReleasedCells > Instances / 3, $"Only {withReleasedCells} of {Instances} months showed any aggregate.");
    }

    [Fact]
    public void Random_months_of_one_group_with_k_people_on_every_leaf_are_shown_in_full()
    {
        var random = new Random(7);
        for (var instance = 0; instance < Instances / 4; instance++)
        {
            var k = random.Next(2, 6);
            var people = People("x", random.Next(k, 13));
            var tree = new ItemTree(RandomTree(random));
            var atoms = tree.Leaves.SelectMany(leaf => people
                .OrderBy(_ => random.Next())
                .Take(random.Next(k, people.Length + 1))
                .Select(p => new Atom(p, leaf, random.Next(3), random.Next(1, 50))));

            var plan = DisclosurePlanner.Plan(Problem(tree, [Group("org", people)], atoms, k));

            Assert.All(plan.Cells, c => Assert.Equal(CellState.Shown, c.State));
        }
    }

    internal static DisclosureProblem RandomProblem(
        Random random,
        out List<ItemNode> nodes,
        out List<Group> groups,
        out List<Atom> atoms,
        out List<DisclosedSum> sums,
        out ViewerScope scope)
    {
        var people = People("x", random.Next(2, 13));
        nodes = RandomTree(random);
        var tree = new ItemTree(nodes);
        var org = new Group(Person("org"), people.ToHashSet());
        groups = [org, .. Enumerable.Range(0, random.Next(1, 5))
            .Select(t => new Group(Person($"team{t}"), people.Where(_ => random.NextDouble() < 0.5).ToHashSet()))];

        atoms = [];
        foreach (var person in people)
        {
            foreach (var leaf in tree.Leaves.Where(_ => random.NextDouble() < 0.4))
            {
                foreach (var kind in Kinds.Where(_ => random.NextDouble() < 0.5).DefaultIfEmpty(random.Next(3)))
                {
                    atoms.Add(new Atom(person, leaf, kind, random.Next(1, 50)));
                }
            }
        }

        sums = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new DisclosedSum(
            tree.Ids[random.Next(tree.Ids.Count)],
            Kinds.Where(_ => random.NextDouble() < 0.6).ToDictionary(kind => kind, _ => (long)random.Next(0, 4) * (random.NextDouble() < 0.5 ? 1 : 50))))];

        var viewer = random.NextDouble() < 0.5 ? people[random.Next(people.Length)] : Admin;
        scope = new ViewerScope(
            viewer,
            people.Where(_ => random.NextDouble() < 0.15),
            tree.Leaves.Where(_ => random.NextDouble() < 0.1),
            groups.Where((_, i) => i == 0 ? random.NextDouble() < 0.8 : random.NextDouble() < 0.7).Select(g => g.Id),
            random.NextDouble() < 0.5 ? null : tree.Ids.Where(_ => random.NextDouble() < 0.7),
            random.Next(2, 6));
        return new DisclosureProblem(tree, groups, atoms, sums, scope);
    }

    /// <summary>A root with up to three levels below it and at most eight leaves.</summary>
    private static List<ItemNode> RandomTree(Random random)
    {
        var nodes = new List<ItemNode> { new(0, null) };
        var leaves = 0;
        void Grow(int parent, int depth)
        {
            var children = random.Next(1, 4);
            for (var c = 0; c < children && leaves < 8; c++)
            {
                var id = nodes.Count;
                nodes.Add(new ItemNode(id, parent));
                if (depth < 3 && leaves < 6 && random.NextDouble() < 0.5)
                {
                    Grow(id, depth + 1);
                }
                else
                {
                    leaves++;
                }
            }
        }

        Grow(0, 1);
        return nodes;
    }

    /// <summary>The checks, over each person's unknown atoms (person, leaf, kind) as columns.</summary>
    private sealed class ExactCheck
    {
        private readonly DisclosureProblem _problem;
        private readonly DisclosurePlan _plan;
        private readonly List<(Guid Person, int Leaf, int Kind)> _columns;
        private readonly RationalSpan _disclosed;
        private readonly RationalSpan _published;

        public ExactCheck(DisclosureProblem problem, DisclosurePlan plan)
        {
            _problem = problem;
            _plan = plan;
            _columns = [.. problem.Atoms.Where(a => !Knows(a)).Select(a => (a.Person, a.Leaf, a.Kind)).Distinct()];
            _disclosed = new RationalSpan(_columns.Count);
            _published = new RationalSpan(_columns.Count);
            foreach (var sum in problem.DisclosedSums)
            {
                var row = Row(c => Under(sum.Node, c.Leaf) ? sum.CoefficientOf(c.Kind) : 0);
                _disclosed.Add(row);
                _published.Add(row);
            }

            foreach (var cell in plan.Cells.Where(c => c.IsShown))
            {
                var members = Group(cell.GroupId).Members;
                _published.Add(Row(c => members.Contains(c.Person) && Under(cell.NodeId, c.Leaf) ? 1 : 0));
            }
        }

        public void StatesFollowTheRules()
        {
            var k = _problem.MinimumGroupSize;
            foreach (var cell in _plan.Cells)
            {
                var atoms = AtomsOf(cell).ToList();
                var unknown = atoms.Where(a => !Knows(a)).Select(a => a.Person).Distinct().Count();
                Assert.Equal(atoms.Select(a => a.Person).Distinct().Count(), cell.Contributors);
                Assert.Equal(unknown, cell.UnknownContributors);
                var unknownMembers = Group(cell.GroupId).Members.Count(m => !_problem.Scope.KnownPeople.Contains(m));
                var allLeavesKnown = _problem.Tree.LeavesUnder(cell.NodeId).All(_problem.Scope.KnownLeaves.Contains);
                var expected = atoms.Count == 0 ? (unknownMembers >= k || allLeavesKnown ? CellState.Empty : CellState.Primary)
                    : unknown == 0 ? CellState.Known
                    : unknown < k ? CellState.Primary
                    : (CellState?)null;
                if (expected is { } state)
                {
                    Assert.Equal(state, cell.State);
                }
                else
                {
                    Assert.True(cell.State is CellState.Shown or CellState.Secondary, $"{cell} passed the primary rule.");
                }
            }
        }

        public void ShownValuesAreTrue()
        {
            foreach (var cell in _plan.Cells)
            {
                Assert.Equal(cell.IsShown ? AtomsOf(cell).Sum(a => a.Value) : null, cell.Value);
            }
        }

        public void NothingProtectedIsDetermined()
        {
            var unknownPeople = _columns.Select(c => c.Person).Distinct().ToList();
            foreach (var node in _problem.Tree.Ids)
            {
                foreach (var person in unknownPeople)
                {
                    Hidden(Row(c => c.Person == person && Under(node, c.Leaf) ? 1 : 0), $"{person}'s time under {node}");
                }

                foreach (var overlapClass in unknownPeople.Where(p => _columns.Any(c => c.Person == p && Under(node, c.Leaf))).GroupBy(Signature))
                {
                    if (overlapClass.Count() < _problem.MinimumGroupSize)
                    {
                        var people = overlapClass.ToHashSet();
                        Hidden(Row(c => people.Contains(c.Person) && Under(node, c.Leaf) ? 1 : 0), $"the overlap class {overlapClass.Key} under {node}");
                    }
                }
            }

            foreach (var part in _columns.GroupBy(c => (c.Leaf, c.Kind, Signature(c.Person))))
            {
                if (part.Select(c => c.Person).Distinct().Count() < _problem.MinimumGroupSize)
                {
                    var columns = part.ToHashSet();
                    Hidden(Row(c => columns.Contains(c) ? 1 : 0), $"kind {part.Key.Kind} at leaf {part.Key.Leaf} of {part.Key.Item3}");
                }
            }

            foreach (var cell in _plan.Cells.Where(c => !c.IsShown && c.UnknownContributors > 0))
            {
                var members = Group(cell.GroupId).Members;
                Hidden(Row(c => members.Contains(c.Person) && Under(cell.NodeId, c.Leaf) ? 1 : 0), $"withheld cell ({cell.GroupId}, {cell.NodeId})");
            }
        }

        private void Hidden(BigInteger[] row, string what)
        {
            if (row.All(x => x.IsZero) || _disclosed.Contains(row))
            {
                return;
            }

            Assert.False(_published.Contains(row), $"{what} can be worked out from what is shown.");
        }

        private BigInteger[] Row(Func<(Guid Person, int Leaf, int Kind), long> coefficient) =>
            [.. _columns.Select(c => new BigInteger(coefficient(c)))];

        private IEnumerable<Atom> AtomsOf(CellDecision cell)
        {
            var members = Group(cell.GroupId).Members;
            return _problem.Atoms.Where(a => members.Contains(a.Person) && Under(cell.NodeId, a.Leaf));
        }

        private string Signature(Guid person) =>
            string.Join(',', _problem.Groups.Where(g => _problem.Scope.AccessibleGroups.Contains(g.Id) && g.Members.Contains(person)).Select(g => g.Id));

        private Group Group(Guid id) => _problem.Groups.Single(g => g.Id == id);

        private bool Knows(Atom atom) => _problem.Scope.KnownPeople.Contains(atom.Person) || _problem.Scope.KnownLeaves.Contains(atom.Leaf);

        private bool Under(int node, int leaf) => _problem.Tree.PathToRoot(leaf).Contains(node);
    }
}
