using TimeTrack.Domain.Disclosure;
using static TimeTrack.Domain.Tests.Disclosure.Months;

namespace TimeTrack.Domain.Tests.Disclosure;

public sealed class DisclosurePlannerTests
{
    // 0 all work ─ 1 project ─ 2 small outcome, 3 large outcome
    private static readonly ItemTree ProjectWithTwoOutcomes = Tree((0, null), (1, 0), (2, 1), (3, 1));

    [Fact]
    public void Outcome_of_one_person_is_withheld_and_so_is_its_sibling_when_the_project_is_shown()
    {
        var six = People("p", 6);
        var org = Group("org", [.. six, Person("solo")]);
        var atoms = Worked([Person("solo")], 2).Concat(Worked(six, 3));

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org], atoms, k: 5));

        Assert.Equal(CellState.Shown, plan.StateOf(org, 0));
        Assert.Equal(CellState.Shown, plan.StateOf(org, 1));
        Assert.Equal(CellState.Primary, plan.StateOf(org, 2));
        Assert.Equal(CellState.Secondary, plan.StateOf(org, 3));
        Assert.Equal(7 * 60, plan.ShownValue(org.Id, 1));
        Assert.Null(plan.ShownValue(org.Id, 2));
        Assert.Null(plan.ShownValue(org.Id, 3));
        Assert.Equal(new CellDecision(org.Id, 2, CellState.Primary, null, 1, 1), plan.Find(org.Id, 2));
    }

    [Fact]
    public void A_group_whose_every_leaf_has_k_people_is_shown_in_full()
    {
        var org = Group("org", People("p", 7));
        var atoms = Worked(People("p", 7)[..5], 2).Concat(Worked(People("p", 7)[2..], 3, 90));

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org], atoms, k: 5));

        Assert.All(plan.Cells, c => Assert.Equal(CellState.Shown, c.State));
        Assert.Equal([(5 * 60) + (5 * 90), (5 * 60) + (5 * 90), 5 * 60, 5 * 90], plan.Cells.Select(c => c.Value));
        Assert.Empty(plan.DisclosedByPolicy);
    }

    // 0 all work ─ 1 no client ─ 2 Website relaunch (two people), 3 Internal tools (six people)
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 1, 2, 3 })]
    [InlineData(new[] { 0, 2, 3 })]
    [InlineData(new[] { 2, 3 })]
    public void A_client_total_and_a_withheld_project_never_leave_the_other_project_shown(int[] candidates)
    {
        var tree = Tree((0, null), (1, 0), (2, 1), (3, 1));
        var org = Group("org", [.. People("w", 2), .. People("i", 6)]);
        var atoms = Worked(People("w", 2), 2).Concat(Worked(People("i", 6), 3));

        var plan = DisclosurePlanner.Plan(Problem(tree, [org], atoms, k: 5, candidates: candidates));

        Assert.Equal(CellState.Primary, plan.StateOf(org, 2));
        var totalShown = plan.Cells.Any(c => c.NodeId is 0 or 1 && c.IsShown);
        Assert.False(totalShown && plan.StateOf(org, 3) == CellState.Shown);
        Assert.Equal(totalShown ? CellState.Secondary : CellState.Shown, plan.StateOf(org, 3));
    }

    [Fact]
    public void Organization_minus_a_team_of_all_but_one_withholds_the_team_at_every_node()
    {
        var six = People("p", 6);
        var org = Group("org", six);
        var team = Group("a", six[..5]);
        var atoms = Worked(six, 2);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org, team], atoms, k: 5));

        foreach (var node in new[] { 0, 1, 2 })
        {
            Assert.Equal(CellState.Shown, plan.StateOf(org, node));
            Assert.Equal(CellState.Secondary, plan.StateOf(team, node));
        }

        Assert.Equal(CellState.Empty, plan.StateOf(org, 3));
        Assert.Equal(CellState.Empty, plan.StateOf(team, 3));
    }

    [Fact]
    public void The_one_person_in_no_team_is_not_left_as_organization_minus_the_teams()
    {
        var a = People("a", 3);
        var b = People("b", 2);
        var loner = Person("loner");
        var org = Group("org", [.. a, .. b, loner]);
        var teamA = Group("a", a);
        var teamB = Group("b", b);
        var atoms = Worked([.. a, .. b, loner], 2);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org, teamA, teamB], atoms, k: 2));

        Assert.Equal(CellState.Shown, plan.StateOf(org, 0));
        Assert.Equal(CellState.Shown, plan.StateOf(teamA, 0));
        Assert.Equal(CellState.Secondary, plan.StateOf(teamB, 0));
    }

    [Fact]
    public void Two_people_in_both_of_two_teams_are_not_left_as_the_teams_minus_the_organization()
    {
        var both = People("c", 2);
        var a = People("a", 4);
        var b = People("b", 4);
        var org = Group("org", [.. a, .. b, .. both]);
        var teamA = Group("a", [.. a, .. both]);
        var teamB = Group("b", [.. b, .. both]);
        var atoms = Worked([.. a, .. b, .. both], 2);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org, teamA, teamB], atoms, k: 3));

        Assert.Equal(CellState.Shown, plan.StateOf(org, 0));
        Assert.Equal(CellState.Shown, plan.StateOf(teamA, 0));
        Assert.Equal(CellState.Secondary, plan.StateOf(teamB, 0));
    }

    [Fact]
    public void A_person_alone_in_their_unknowns_is_not_left_as_a_total_minus_a_leaf()
    {
        // With k = 2, org − (org at leaf 3) = p's time at leaves 2 and 4, although each leaf by
        // itself and every overlap class is protected.
        var tree = Tree((0, null), (1, 0), (2, 1), (3, 1), (4, 1));
        var p = Person("p");
        var q = Person("q");
        var r = Person("r");
        var org = Group("org", [p, q, r]);
        var team = Group("a", [p, q]);
        var atoms = Worked([p], 2).Concat(Worked([p], 4)).Concat(Worked([q, r], 3));

        var plan = DisclosurePlanner.Plan(Problem(tree, [org, team], atoms, k: 2));

        Assert.Equal(CellState.Shown, plan.StateOf(org, 0));
        Assert.Equal(CellState.Secondary, plan.StateOf(org, 3));
    }

    [Fact]
    public void An_administrator_who_contributed_counts_only_the_others()
    {
        var five = People("p", 5);
        var org = Group("org", five);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org], Worked(five, 2), k: 5, viewer: five[0]));

        Assert.Equal(new CellDecision(org.Id, 2, CellState.Primary, null, 5, 4), plan.Find(org.Id, 2));
    }

    [Fact]
    public void A_manager_who_sees_four_of_five_people_sees_the_group_withheld()
    {
        var five = People("p", 5);
        var org = Group("org", five);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org], Worked(five, 2), k: 2, knownPeople: five[1..]));

        Assert.Equal(CellState.Primary, plan.StateOf(org, 0));
        Assert.Equal(1, plan.Find(org.Id, 0)?.UnknownContributors);
    }

    [Fact]
    public void A_project_manager_sees_their_project_but_not_the_other_projects_one_person_through_the_total()
    {
        // 0 all work ─ 1 managed project, 2 another project
        var tree = Tree((0, null), (1, 0), (2, 0));
        var team = People("p", 3);
        var solo = Person("solo");
        var org = Group("org", [.. team, solo]);
        var atoms = Worked(team, 1).Concat(Worked([solo], 2));

        var plan = DisclosurePlanner.Plan(Problem(tree, [org], atoms, k: 3, knownLeaves: [1]));

        Assert.Equal(new CellDecision(org.Id, 1, CellState.Known, 180, 3, 0), plan.Find(org.Id, 1));
        Assert.Equal(CellState.Primary, plan.StateOf(org, 2));
        Assert.Equal(CellState.Primary, plan.StateOf(org, 0));
    }

    [Theory]
    // A zero is about each member the viewer does not see individually.
    [InlineData(1, 0, 2, CellState.Primary)]
    [InlineData(2, 0, 2, CellState.Empty)]
    [InlineData(5, 4, 2, CellState.Primary)]
    [InlineData(5, 3, 2, CellState.Empty)]
    [InlineData(6, 0, 5, CellState.Empty)]
    public void An_empty_cell_shows_zero_only_for_k_members_the_viewer_does_not_know(int members, int known, int k, CellState expected)
    {
        var people = People("p", members);
        var team = Group("a", people);
        var elsewhere = People("e", 5);
        var org = Group("org", [.. people, .. elsewhere]);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org, team], Worked(elsewhere, 2), k, knownPeople: people[..known]));

        Assert.Equal(expected, plan.StateOf(team, 3));
        Assert.Equal(expected == CellState.Empty ? 0 : null, plan.ShownValue(team.Id, 3));
    }

    [Fact]
    public void Billing_of_two_people_at_different_rates_is_reported_as_disclosed_by_policy_not_protected()
    {
        var tree = Tree((0, null), (1, 0));
        var (ann, ben) = (Person("ann"), Person("ben"));
        var org = Group("org", [ann, ben]);
        Atom[] atoms = [new(ann, 1, 1, 120), new(ben, 1, 2, 90)];
        DisclosedSum[] billing = [Sum(1, (1, 1), (2, 1)), Sum(1, (1, 10_000), (2, 15_000))];

        var plan = DisclosurePlanner.Plan(Problem(tree, [org], atoms, k: 2, sums: billing));

        Assert.Contains(new ProtectedQuantity(ProtectedShape.Person, 1, [ann]), plan.DisclosedByPolicy);
        Assert.Contains(new ProtectedQuantity(ProtectedShape.Person, 1, [ben]), plan.DisclosedByPolicy);
        Assert.Equal(210, plan.ShownValue(org.Id, 1));
    }

    [Theory]
    [InlineData(false, CellState.Shown)]
    [InlineData(true, CellState.Secondary)]
    public void A_disclosed_project_total_and_a_shown_outcome_never_leave_a_withheld_outcome(bool hoursDisclosed, CellState lastOutcome)
    {
        // 0 all work ─ 1 project ─ 2 (one person), 3 (six), 4 (six); only outcomes may be shown.
        var tree = Tree((0, null), (1, 0), (2, 1), (3, 1), (4, 1));
        var org = Group("org", [Person("solo"), .. People("a", 6), .. People("b", 6)]);
        var atoms = Worked([Person("solo")], 2, kind: 1).Concat(Worked(People("a", 6), 3, kind: 1)).Concat(Worked(People("b", 6), 4, kind: 1));
        DisclosedSum[] hours = hoursDisclosed ? [Sum(1, (1, 1))] : [];

        var plan = DisclosurePlanner.Plan(Problem(tree, [org], atoms, k: 5, sums: hours, candidates: [2, 3, 4]));

        Assert.Equal(CellState.Primary, plan.StateOf(org, 2));
        Assert.Equal(CellState.Shown, plan.StateOf(org, 3));
        Assert.Equal(lastOutcome, plan.StateOf(org, 4));
        Assert.Empty(plan.DisclosedByPolicy);
    }

    [Fact]
    public void Only_accessible_groups_and_candidate_nodes_are_cells()
    {
        var org = Group("org", People("p", 6));
        var team = Group("a", People("p", 6)[..3]);

        var plan = DisclosurePlanner.Plan(Problem(ProjectWithTwoOutcomes, [org, team], Worked(People("p", 6), 2), k: 2, candidates: [1, 2], accessible: [team.Id]));

        Assert.Equal([(team.Id, 1), (team.Id, 2)], plan.Cells.Select(c => (c.GroupId, c.NodeId)));
        Assert.Null(plan.Find(org.Id, 1));
        Assert.Null(plan.ShownValue(team.Id, 0));
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_order_of_nodes_atoms_members_or_sums()
    {
        var random = new Random(11);
        var problem = PlannerProperties.RandomProblem(random, out var nodes, out var groups, out var atoms, out var sums, out var scope);
        var expected = DisclosurePlanner.Plan(problem);

        for (var round = 0; round < 5; round++)
        {
            var shuffledGroups = groups.Select(g => new Group(g.Id, g.Members.OrderBy(_ => random.Next()).ToHashSet())).ToList();
            var shuffled = new DisclosureProblem(
                new ItemTree(nodes.OrderBy(_ => random.Next())),
                shuffledGroups,
                atoms.OrderBy(_ => random.Next()),
                sums.OrderBy(_ => random.Next()),
                scope);

            var plan = DisclosurePlanner.Plan(shuffled);

            Assert.Equal(expected.Cells, plan.Cells);
            Assert.Equal(expected.DisclosedByPolicy, plan.DisclosedByPolicy);
        }
    }

    public static TheoryData<string, Func<DisclosureProblem>> Invalid => new()
    {
        { "two roots", () => Problem(Tree((0, null), (1, null)), [], [], 2) },
        { "no root", () => Problem(Tree((0, 1), (1, 0)), [], [], 2) },
        { "a cycle beside the root", () => Problem(Tree((0, null), (1, 2), (2, 1)), [], [], 2) },
        { "a parent that is not a node", () => Problem(Tree((0, null), (1, 7)), [], [], 2) },
        { "a node twice", () => Problem(Tree((0, null), (1, 0), (1, 0)), [], [], 2) },
        { "time on a project with outcomes", () => Problem(ProjectWithTwoOutcomes, [], Worked([Admin], 1), 2) },
        { "time on a node not in the tree", () => Problem(ProjectWithTwoOutcomes, [], Worked([Admin], 9), 2) },
        { "no time in an atom", () => Problem(ProjectWithTwoOutcomes, [], Worked([Admin], 2, value: 0), 2) },
        { "negative time in an atom", () => Problem(ProjectWithTwoOutcomes, [], Worked([Admin], 2, value: -5), 2) },
        { "k of zero", () => Problem(ProjectWithTwoOutcomes, [], [], 0) },
        { "a group twice", () => Problem(ProjectWithTwoOutcomes, [Group("a", []), Group("a", [])], [], 2) },
        { "a sum about no node", () => Problem(ProjectWithTwoOutcomes, [], [], 2, sums: [Sum(9, (0, 1))]) },
        { "a known leaf that is a project", () => Problem(ProjectWithTwoOutcomes, [], [], 2, knownLeaves: [1]) },
        { "a candidate not in the tree", () => Problem(ProjectWithTwoOutcomes, [], [], 2, candidates: [9]) },
        { "an accessible group that does not exist", () => Problem(ProjectWithTwoOutcomes, [], [], 2, accessible: [Admin]) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_problem_that_breaks_an_invariant_is_refused(string why, Func<DisclosureProblem> build)
    {
        Assert.NotNull(why);
        Assert.ThrowsAny<ArgumentException>(build);
    }
}
