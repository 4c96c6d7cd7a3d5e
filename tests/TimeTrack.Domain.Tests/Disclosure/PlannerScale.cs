using TimeTrack.Domain.Disclosure;
using static TimeTrack.Domain.Tests.Disclosure.Months;

namespace TimeTrack.Domain.Tests.Disclosure;

public sealed class PlannerScale
{
    /// <summary>
    /// An organization of 1,000 people in 50 teams, 5 clients × 8 projects × 5 leaves, each team on a
    /// dozen leaves and each person on four of them, with billing hours and amounts per project. No
    /// timing assertion: this only has to finish.
    /// </summary>
    [Fact]
    public void A_large_organization_is_planned_in_full()
    {
        var random = new Random(1000);
        var nodes = new List<ItemNode> { new(0, null) };
        for (var client = 1; client <= 5; client++)
        {
            nodes.Add(new ItemNode(client, 0));
            for (var project = 0; project < 8; project++)
            {
                var projectId = (client * 100) + project;
                nodes.Add(new ItemNode(projectId, client));
                nodes.AddRange(Enumerable.Range(1, 5).Select(leaf => new ItemNode((projectId * 10) + leaf, projectId)));
            }
        }

        var tree = new ItemTree(nodes);
        var teams = Enumerable.Range(0, 50).Select(t => Group($"team{t}", People($"t{t}-", 20))).ToList();
        var org = Group("org", teams.SelectMany(t => t.Members));
        var atoms = new List<Atom>();
        foreach (var team in teams)
        {
            var leaves = tree.Leaves.OrderBy(_ => random.Next()).Take(12).ToList();
            foreach (var person in team.Members.Order())
            {
                atoms.AddRange(leaves.OrderBy(_ => random.Next()).Take(4)
                    .Select(leaf => new Atom(person, leaf, random.Next(3), random.Next(30, 3000))));
            }
        }

        var projects = tree.Ids.Where(id => tree.DepthOf(id) == 2);
        var billing = projects.SelectMany(p => new[] { Sum(p, (1, 1), (2, 1)), Sum(p, (1, 9_000), (2, 12_000)) });

        var plan = DisclosurePlanner.Plan(Problem(tree, [org, .. teams], atoms, k: 5, sums: billing));

        Assert.Equal(51 * tree.Ids.Count, plan.Cells.Count);
        Assert.Contains(plan.Cells, c => c.State == CellState.Shown && c.GroupId == org.Id && c.NodeId == 0);
        Assert.Contains(plan.Cells, c => c.State == CellState.Secondary);
    }
}
