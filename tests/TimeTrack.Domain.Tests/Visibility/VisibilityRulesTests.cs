using TimeTrack.Domain.Visibility;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class VisibilityRulesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void Aggregate_over_fewer_than_five_people_is_hidden_by_default(int groupSize) =>
        Assert.False(Policy.AggregateIsShown(VisibilityRules.Default, groupSize));

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(500)]
    public void Aggregate_over_five_or_more_people_is_shown_by_default(int groupSize) =>
        Assert.True(Policy.AggregateIsShown(VisibilityRules.Default, groupSize));

    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(1, 1, true)]
    [InlineData(3, 2, false)]
    [InlineData(3, 3, true)]
    [InlineData(10, 9, false)]
    [InlineData(10, 10, true)]
    public void Aggregate_is_shown_from_k_people(int k, int groupSize, bool expected) =>
        Assert.Equal(expected, Policy.AggregateIsShown(new VisibilityRules([], k), groupSize));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Rules_reject_a_minimum_group_size_below_one(int k)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VisibilityRules([], k));
        Assert.Equal("minimumGroupSize", error.ParamName);
    }

    [Fact]
    public void Default_minimum_group_size_is_five() => Assert.Equal(5, VisibilityRules.Default.MinimumGroupSize);

    [Theory]
    [InlineData(DataCategory.EntryDetails, Audience.TeamManager)]
    [InlineData(DataCategory.OutsideHours, Audience.TeamManager)]
    [InlineData(DataCategory.Reflections, Audience.TeamManager)]
    [InlineData(DataCategory.Reflections, Audience.OrganizationAdmins)]
    [InlineData(DataCategory.Totals, Audience.Teammates)]
    [InlineData(DataCategory.LiveTimer, Audience.Teammates)]
    public void Anything_not_granted_is_None(DataCategory category, Audience audience) =>
        Assert.Equal(Granularity.None, VisibilityRules.Default.GrantFor(category, audience));

    [Fact]
    public void Default_rules_grant_nothing_individual_to_admins_or_teammates_and_no_details_to_anyone()
    {
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            Assert.True(VisibilityRules.Default.GrantFor(category, Audience.OrganizationAdmins) <= Granularity.Aggregate);
            Assert.Equal(Granularity.None, VisibilityRules.Default.GrantFor(category, Audience.Teammates));
            Assert.True(VisibilityRules.Default.GrantFor(category, Audience.TeamManager) <= Granularity.IndividualTotals);
        }
    }
}
