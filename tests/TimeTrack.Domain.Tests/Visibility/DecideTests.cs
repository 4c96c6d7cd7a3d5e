using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class DecideTests
{
    public static TheoryData<DataCategory, OrgRole, string> CategoriesRolesAndRules()
    {
        var data = new TheoryData<DataCategory, OrgRole, string>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var role in Enum.GetValues<OrgRole>())
            {
                foreach (var rules in new[] { "default", "nothing", "open-team" })
                {
                    data.Add(category, role, rules);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CategoriesRolesAndRules))]
    public void Person_always_sees_all_of_their_own_data(DataCategory category, OrgRole role, string rules)
    {
        var viewer = Single(role, manages: [Me, ReportA], teammates: [Me]);

        Assert.Equal(Granularity.IndividualDetail, Policy.Decide(Named(rules), viewer, Me, category));
        Assert.True(Policy.Allows(Named(rules), viewer, Me, category, Granularity.IndividualDetail));
    }

    [Theory]
    [InlineData(DataCategory.EntryDetails, Granularity.None)]
    [InlineData(DataCategory.Totals, Granularity.IndividualTotals)]
    [InlineData(DataCategory.ProjectTotals, Granularity.IndividualTotals)]
    [InlineData(DataCategory.LiveTimer, Granularity.None)]
    [InlineData(DataCategory.OutsideHours, Granularity.None)]
    [InlineData(DataCategory.Digests, Granularity.IndividualTotals)]
    [InlineData(DataCategory.Reflections, Granularity.None)]
    [InlineData(DataCategory.Rates, Granularity.None)]
    [InlineData(DataCategory.WorkloadSignals, Granularity.IndividualTotals)]
    public void Team_manager_sees_totals_of_their_reports_but_no_details_by_default(DataCategory category, Granularity expected)
    {
        var manager = Single(OrgRole.Manager, manages: [ReportA]);

        Assert.Equal(expected, Policy.Decide(VisibilityRules.Default, manager, ReportA, category));
        Assert.False(Policy.Allows(VisibilityRules.Default, manager, ReportA, category, Granularity.IndividualDetail));
    }

    [Theory]
    [InlineData(OrgRole.Admin, DataCategory.EntryDetails, Granularity.None)]
    [InlineData(OrgRole.Admin, DataCategory.Totals, Granularity.Aggregate)]
    [InlineData(OrgRole.Admin, DataCategory.ProjectTotals, Granularity.Aggregate)]
    [InlineData(OrgRole.Admin, DataCategory.LiveTimer, Granularity.None)]
    [InlineData(OrgRole.Admin, DataCategory.OutsideHours, Granularity.None)]
    [InlineData(OrgRole.Admin, DataCategory.Digests, Granularity.None)]
    [InlineData(OrgRole.Admin, DataCategory.Reflections, Granularity.None)]
    [InlineData(OrgRole.Admin, DataCategory.Rates, Granularity.Aggregate)]
    [InlineData(OrgRole.Admin, DataCategory.WorkloadSignals, Granularity.Aggregate)]
    [InlineData(OrgRole.Owner, DataCategory.EntryDetails, Granularity.None)]
    [InlineData(OrgRole.Owner, DataCategory.Totals, Granularity.Aggregate)]
    [InlineData(OrgRole.Owner, DataCategory.ProjectTotals, Granularity.Aggregate)]
    [InlineData(OrgRole.Owner, DataCategory.LiveTimer, Granularity.None)]
    [InlineData(OrgRole.Owner, DataCategory.OutsideHours, Granularity.None)]
    [InlineData(OrgRole.Owner, DataCategory.Digests, Granularity.None)]
    [InlineData(OrgRole.Owner, DataCategory.Reflections, Granularity.None)]
    [InlineData(OrgRole.Owner, DataCategory.Rates, Granularity.Aggregate)]
    [InlineData(OrgRole.Owner, DataCategory.WorkloadSignals, Granularity.Aggregate)]
    public void Admin_sees_only_aggregates_and_nothing_individual_by_default(OrgRole role, DataCategory category, Granularity expected)
    {
        var admin = Single(role);

        Assert.Equal(expected, Policy.Decide(VisibilityRules.Default, admin, Stranger, category));
        Assert.False(Policy.Allows(VisibilityRules.Default, admin, Stranger, category, Granularity.IndividualTotals));
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Teammate_sees_nothing_of_a_colleague_by_default(DataCategory category) =>
        Assert.Equal(Granularity.None, Policy.Decide(VisibilityRules.Default, Single(OrgRole.Employee, teammates: [Teammate]), Teammate, category));

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Manager_sees_nothing_of_people_they_do_not_manage(DataCategory category)
    {
        var otherTeamsManager = Single(OrgRole.Manager, manages: [ReportA, ReportB]);

        Assert.Equal(Granularity.None, Policy.Decide(VisibilityRules.Default, otherTeamsManager, Stranger, category));
        Assert.Equal(Granularity.None, Policy.Decide(OpenTeam, otherTeamsManager, Stranger, category));
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Employee_sees_nothing_of_a_stranger_under_any_rules(DataCategory category)
    {
        Assert.Equal(Granularity.None, Policy.Decide(VisibilityRules.Default, Single(OrgRole.Employee), Stranger, category));
        Assert.Equal(Granularity.None, Policy.Decide(OpenTeam, Single(OrgRole.Employee), Stranger, category));
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Owner_gets_exactly_what_an_admin_gets_with_no_implicit_exception(DataCategory category)
    {
        foreach (var rules in new[] { VisibilityRules.Default, Nothing, OpenTeam })
        {
            Assert.Equal(
                Policy.Decide(rules, Single(OrgRole.Admin), Stranger, category),
                Policy.Decide(rules, Single(OrgRole.Owner), Stranger, category));
        }

        Assert.Equal(Granularity.None, Policy.Decide(Nothing, Single(OrgRole.Owner), Stranger, category));
    }

    [Theory]
    [InlineData(DataCategory.LiveTimer, Granularity.IndividualTotals)]
    [InlineData(DataCategory.EntryDetails, Granularity.IndividualDetail)]
    [InlineData(DataCategory.Totals, Granularity.None)]
    [InlineData(DataCategory.Reflections, Granularity.None)]
    public void Rules_granting_teammates_let_teammates_see_each_other(DataCategory category, Granularity expected)
    {
        var colleague = Single(OrgRole.Employee, teammates: [Teammate]);

        Assert.Equal(expected, Policy.Decide(OpenTeam, colleague, Teammate, category));
        Assert.Equal(Granularity.None, Policy.Decide(OpenTeam, colleague, Stranger, category));
    }

    [Theory]
    [InlineData(OrgRole.Admin, Granularity.IndividualTotals, Granularity.Aggregate, Granularity.None, Granularity.IndividualTotals)]
    [InlineData(OrgRole.Admin, Granularity.Aggregate, Granularity.IndividualDetail, Granularity.None, Granularity.IndividualDetail)]
    [InlineData(OrgRole.Admin, Granularity.None, Granularity.None, Granularity.IndividualDetail, Granularity.IndividualDetail)]
    [InlineData(OrgRole.Admin, Granularity.None, Granularity.Aggregate, Granularity.None, Granularity.Aggregate)]
    [InlineData(OrgRole.Admin, Granularity.None, Granularity.None, Granularity.None, Granularity.None)]
    [InlineData(OrgRole.Owner, Granularity.Aggregate, Granularity.IndividualTotals, Granularity.Aggregate, Granularity.IndividualTotals)]
    // The admins' grant does not reach viewers who are not admins.
    [InlineData(OrgRole.Manager, Granularity.Aggregate, Granularity.IndividualDetail, Granularity.IndividualTotals, Granularity.IndividualTotals)]
    [InlineData(OrgRole.Employee, Granularity.None, Granularity.IndividualDetail, Granularity.None, Granularity.None)]
    public void Highest_grant_wins_when_the_viewer_is_in_several_audiences(
        OrgRole role, Granularity toManager, Granularity toAdmins, Granularity toTeammates, Granularity expected)
    {
        var rules = new VisibilityRules(
            new Dictionary<(DataCategory, Audience), Granularity>
            {
                [(DataCategory.Totals, Audience.TeamManager)] = toManager,
                [(DataCategory.Totals, Audience.OrganizationAdmins)] = toAdmins,
                [(DataCategory.Totals, Audience.Teammates)] = toTeammates,
            },
            minimumGroupSize: 5);
        var viewer = Single(role, manages: [ReportA], teammates: [ReportA]);

        Assert.Equal(expected, Policy.Decide(rules, viewer, ReportA, DataCategory.Totals));
    }

    [Theory]
    [InlineData(Granularity.None, true)]
    [InlineData(Granularity.Aggregate, true)]
    [InlineData(Granularity.IndividualTotals, true)]
    [InlineData(Granularity.IndividualDetail, false)]
    public void Allows_means_the_decision_is_at_least_what_is_needed(Granularity needed, bool expected) =>
        Assert.Equal(expected, Policy.Allows(VisibilityRules.Default, Single(OrgRole.Manager, manages: [ReportA]), ReportA, DataCategory.Totals, needed));
}
