using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class DecideTests
{
    /// <summary>
    /// Every category × audience × granted granularity × relationship, with the category tracked and
    /// not, and the decision the policy must give about Sam. The policy grants only that one thing.
    /// </summary>
    public static TheoryData<DataCategory, Audience, Granularity, bool, Relationship, Granularity> EveryCase(bool aboutTheProject)
    {
        var data = new TheoryData<DataCategory, Audience, Granularity, bool, Relationship, Granularity>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                foreach (var granted in Enum.GetValues<Granularity>())
                {
                    foreach (var tracked in new[] { true, false })
                    {
                        foreach (var relationship in Enum.GetValues<Relationship>())
                        {
                            data.Add(category, audience, granted, tracked, relationship, Expected(audience, granted, tracked, relationship, aboutTheProject));
                        }
                    }
                }
            }
        }

        return data;
    }

    private static Granularity Expected(Audience audience, Granularity granted, bool tracked, Relationship relationship, bool aboutTheProject) =>
        relationship switch
        {
            Relationship.Self => Granularity.IndividualDetail,
            Relationship.OtherOrganization or Relationship.SameUserInOtherOrganization => Granularity.None,
            _ when !tracked => Granularity.None,
            Relationship.ProjectManagerOfTheProject when !aboutTheProject => Granularity.None,
            _ when AudienceOf(relationship) == audience => granted,
            _ => Granularity.None,
        };

    [Theory]
    [MemberData(nameof(EveryCase), true)]
    public void Decision_about_time_on_the_project_is_the_grant_of_the_viewers_audience_and_nothing_otherwise(
        DataCategory category, Audience audience, Granularity granted, bool tracked, Relationship relationship, Granularity expected)
    {
        var policy = OnlyGrant(category, audience, granted, tracked);
        var viewer = ViewerFor(relationship);

        Assert.Equal(expected, Policy.Decide(policy, viewer, SamAtHome, category, TheProject));
        foreach (var needed in Enum.GetValues<Granularity>())
        {
            Assert.Equal(expected >= needed, Policy.Allows(policy, viewer, SamAtHome, category, needed, TheProject));
        }
    }

    [Theory]
    [MemberData(nameof(EveryCase), false)]
    public void Decision_without_a_project_is_the_same_except_that_project_managers_get_nothing(
        DataCategory category, Audience audience, Granularity granted, bool tracked, Relationship relationship, Granularity expected)
    {
        var policy = OnlyGrant(category, audience, granted, tracked);
        var viewer = ViewerFor(relationship);

        Assert.Equal(expected, Policy.Decide(policy, viewer, SamAtHome, category));
        foreach (var needed in Enum.GetValues<Granularity>())
        {
            Assert.Equal(expected >= needed, Policy.Allows(policy, viewer, SamAtHome, category, needed));
        }
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Project_manager_gets_nothing_for_time_on_a_project_they_do_not_manage(DataCategory category)
    {
        var policy = OnlyGrant(category, Audience.ProjectManagers, Granularity.IndividualDetail);

        Assert.Equal(Granularity.IndividualDetail, Policy.Decide(policy, ViewerFor(Relationship.ProjectManagerOfTheProject), SamAtHome, category, TheProject));
        Assert.Equal(Granularity.None, Policy.Decide(policy, ViewerFor(Relationship.ProjectManagerOfTheProject), SamAtHome, category, AnotherProject));
        Assert.Equal(Granularity.IndividualDetail, Policy.Decide(policy, ViewerFor(Relationship.ProjectManagerOfAnotherProject), SamAtHome, category, AnotherProject));
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Nothing_crosses_organizations_even_with_every_grant_and_every_exception(DataCategory category)
    {
        var open = new TransparencyPolicy(
            Enum.GetValues<DataCategory>().Select(c => Category(
                c,
                true,
                [.. Enum.GetValues<Audience>().Select(a => (a, Granularity.IndividualDetail))])),
            [Exception(Zoe, category, Granularity.IndividualDetail), Exception(Sam, category, Granularity.IndividualDetail)],
            PolicySettings.Default);

        foreach (var relationship in new[] { Relationship.OtherOrganization, Relationship.SameUserInOtherOrganization })
        {
            Assert.Equal(Granularity.None, Policy.Decide(open, ViewerFor(relationship), SamAtHome, category, TheProject));
        }
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Person_sees_all_of_their_own_data_even_when_it_is_not_tracked(DataCategory category)
    {
        var untracked = Closed().With(Category(category, tracked: false));

        Assert.Equal(Granularity.IndividualDetail, Policy.Decide(untracked, ViewerFor(Relationship.Self), SamAtHome, category));
    }

    [Theory]
    [InlineData(OrgRole.Employee)]
    [InlineData(OrgRole.Manager)]
    [InlineData(OrgRole.Admin)]
    [InlineData(OrgRole.Owner)]
    public void Owner_gets_exactly_what_an_admin_gets_with_no_implicit_exception(OrgRole role)
    {
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            var expected = role.IsAdmin() ? Granularity.Aggregate : Granularity.None;
            var policy = OnlyGrant(category, Audience.OrganizationAdmins, Granularity.Aggregate);

            Assert.Equal(expected, Policy.Decide(policy, Viewer.Alone(Home, Ada, role), SamAtHome, category));
            Assert.Equal(Granularity.None, Policy.Decide(Closed(), Viewer.Alone(Home, Ada, role), SamAtHome, category));
        }
    }

    [Theory]
    [InlineData(Granularity.IndividualTotals, Granularity.Aggregate, Granularity.None, Granularity.None, Granularity.IndividualTotals)]
    [InlineData(Granularity.Aggregate, Granularity.IndividualDetail, Granularity.None, Granularity.None, Granularity.IndividualDetail)]
    [InlineData(Granularity.None, Granularity.None, Granularity.IndividualDetail, Granularity.None, Granularity.IndividualDetail)]
    [InlineData(Granularity.None, Granularity.Aggregate, Granularity.None, Granularity.IndividualTotals, Granularity.IndividualTotals)]
    [InlineData(Granularity.None, Granularity.None, Granularity.None, Granularity.None, Granularity.None)]
    public void Highest_grant_wins_when_the_viewer_is_in_several_audiences(
        Granularity toManager, Granularity toAdmins, Granularity toTeammates, Granularity toProjectManagers, Granularity expected)
    {
        var policy = Closed().With(Category(
            DataCategory.Totals,
            true,
            (Audience.TeamManager, toManager),
            (Audience.OrganizationAdmins, toAdmins),
            (Audience.Teammates, toTeammates),
            (Audience.ProjectManagers, toProjectManagers)));
        var everything = new Viewer(Home, Ada, OrgRole.Admin, Set(Sam), Set(Sam), Set(TheProject), NoTeams());

        Assert.Equal(expected, Policy.Decide(policy, everything, SamAtHome, DataCategory.Totals, TheProject));
    }

    [Fact]
    public void Manager_of_own_team_sees_totals_but_not_details()
    {
        var manager = ViewerFor(Relationship.OwnManager);

        Assert.True(Policy.Allows(TransparencyPolicy.Default, manager, SamAtHome, DataCategory.Totals, Granularity.IndividualTotals));
        Assert.False(Policy.Allows(TransparencyPolicy.Default, manager, SamAtHome, DataCategory.EntryDetails, Granularity.Aggregate));
        Assert.False(Policy.Allows(TransparencyPolicy.Default, manager, SamAtHome, DataCategory.Totals, Granularity.IndividualDetail));
    }
}
