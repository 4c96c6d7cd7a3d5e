using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using G = TimeTrack.Domain.Visibility.Granularity;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class DefaultPolicyTests
{
    private static readonly TransparencyPolicy Default = TransparencyPolicy.Default;

    [Theory]
    // Columns: entry details, totals, project totals, live timer, outside hours, digests, reflections, rates, billing, workload signals.
    [InlineData(Relationship.OwnManager, G.None, G.IndividualTotals, G.IndividualTotals, G.None, G.None, G.IndividualTotals, G.None, G.None, G.None, G.IndividualTotals)]
    [InlineData(Relationship.Admin, G.None, G.Aggregate, G.Aggregate, G.None, G.None, G.None, G.None, G.Aggregate, G.Aggregate, G.Aggregate)]
    [InlineData(Relationship.Owner, G.None, G.Aggregate, G.Aggregate, G.None, G.None, G.None, G.None, G.Aggregate, G.Aggregate, G.Aggregate)]
    [InlineData(Relationship.ProjectManagerOfTheProject, G.None, G.None, G.IndividualTotals, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.Teammate, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.OtherManager, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.ProjectManagerOfAnotherProject, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.Colleague, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.OtherOrganization, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.SameUserInOtherOrganization, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None, G.None)]
    [InlineData(Relationship.Self, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail, G.IndividualDetail)]
    public void Default_policy_gives_each_relationship_what_a_careful_company_would(
        Relationship relationship,
        G entryDetails,
        G totals,
        G projectTotals,
        G liveTimer,
        G outsideHours,
        G digests,
        G reflections,
        G rates,
        G billing,
        G workloadSignals)
    {
        G[] expected = [entryDetails, totals, projectTotals, liveTimer, outsideHours, digests, reflections, rates, billing, workloadSignals];

        var decided = Enum.GetValues<DataCategory>().Select(c => Policy.Decide(Default, ViewerFor(relationship), SamAtHome, c, TheProject));

        Assert.Equal(expected, decided);
    }

    [Theory]
    [MemberData(nameof(AllRelationships), MemberType = typeof(Policies))]
    public void Outside_hours_live_timer_and_reflections_are_visible_to_nobody_else_by_default(Relationship relationship)
    {
        if (relationship == Relationship.Self)
        {
            return;
        }

        foreach (var category in new[] { DataCategory.OutsideHours, DataCategory.LiveTimer, DataCategory.Reflections })
        {
            Assert.Equal(G.None, Policy.Decide(Default, ViewerFor(relationship), SamAtHome, category, TheProject));
        }
    }

    [Fact]
    public void Manager_of_own_team_sees_totals_and_project_totals_but_not_entry_details_by_default()
    {
        var manager = ViewerFor(Relationship.OwnManager);

        Assert.Equal(G.IndividualTotals, Policy.Decide(Default, manager, SamAtHome, DataCategory.Totals));
        Assert.Equal(G.IndividualTotals, Policy.Decide(Default, manager, SamAtHome, DataCategory.ProjectTotals));
        Assert.Equal(G.None, Policy.Decide(Default, manager, SamAtHome, DataCategory.EntryDetails));
    }

    [Fact]
    public void Digests_reach_the_team_manager_and_nobody_else_by_default()
    {
        foreach (var audience in Enum.GetValues<Audience>())
        {
            Assert.Equal(audience == Audience.TeamManager ? G.IndividualTotals : G.None, Default.GrantFor(DataCategory.Digests, audience));
        }
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Default_policy_gives_admins_aggregates_at_most_teammates_nothing_and_nobody_details(DataCategory category)
    {
        Assert.True(Default.GrantFor(category, Audience.OrganizationAdmins) <= G.Aggregate);
        Assert.Equal(G.None, Default.GrantFor(category, Audience.Teammates));
        Assert.All(Enum.GetValues<Audience>(), a => Assert.True(Default.GrantFor(category, a) < G.IndividualDetail));
    }

    [Fact]
    public void Billing_is_a_stated_purpose_admins_see_per_client_and_project_and_nobody_else()
    {
        var billing = Default.For(DataCategory.Billing);

        Assert.True(billing.Tracked);
        Assert.Equal("To invoice clients: billable hours and amounts per client and project, by calendar month, never per person.", billing.Purpose);
        Assert.Null(billing.RetentionDays);
        Assert.All(Enum.GetValues<Audience>(), a => Assert.Equal(a == Audience.OrganizationAdmins ? G.Aggregate : G.None, billing.GrantFor(a)));
    }

    [Fact]
    public void Default_policy_tracks_everything_with_a_purpose_and_passes_validation()
    {
        Assert.All(Default.Categories, c => Assert.True(c.Tracked && !string.IsNullOrWhiteSpace(c.Purpose)));
        Assert.Empty(Default.Exceptions);
        Assert.Empty(PolicyValidation.Validate(Default));
    }
}
