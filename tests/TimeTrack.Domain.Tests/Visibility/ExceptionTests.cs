using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class ExceptionTests
{
    /// <summary>Cleo, an employee with no relationships, whose exceptions may name the Support team (Sam and Tom).</summary>
    private static readonly Viewer CleoWithTeams = new(Home, Cleo, OrgRole.Employee, Set(), Set(), Set(), new Dictionary<Guid, IReadOnlySet<Guid>>
    {
        [Support] = Set(Sam, Tom),
    });

    public static TheoryData<DataCategory, Granularity> CategoriesAndLevels()
    {
        var data = new TheoryData<DataCategory, Granularity>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var granularity in new[] { Granularity.Aggregate, Granularity.IndividualTotals, Granularity.IndividualDetail })
            {
                data.Add(category, granularity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CategoriesAndLevels))]
    public void Team_exception_lets_the_named_viewer_see_that_category_of_that_teams_members_only(DataCategory category, Granularity granularity)
    {
        var policy = Closed().WithExceptions([Exception(Cleo, category, granularity, Support)]);

        Assert.Equal(granularity, Policy.Decide(policy, CleoWithTeams, SamAtHome, category));
        Assert.Equal(granularity, Policy.Decide(policy, CleoWithTeams, new Subject(Home, Tom), category));
        Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, new Subject(Home, Xavier), category));
        Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams with { TenantId = Elsewhere }, SamAtHome, category));
        Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams with { UserId = Quinn }, SamAtHome, category));
        foreach (var other in Enum.GetValues<DataCategory>().Where(c => c != category))
        {
            Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, SamAtHome, other));
        }
    }

    [Theory]
    [MemberData(nameof(CategoriesAndLevels))]
    public void Organization_wide_exception_lets_the_named_viewer_see_that_category_of_everyone_in_the_organization(DataCategory category, Granularity granularity)
    {
        var policy = Closed().WithExceptions([Exception(Cleo, category, granularity)]);

        foreach (var person in Everyone.Where(p => p != Cleo && p != Quinn))
        {
            Assert.Equal(granularity, Policy.Decide(policy, CleoWithTeams, new Subject(Home, person), category));
            Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, new Subject(Elsewhere, person), category));
            Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams with { UserId = Quinn }, new Subject(Home, person), category));
        }

        foreach (var other in Enum.GetValues<DataCategory>().Where(c => c != category))
        {
            Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, SamAtHome, other));
        }
    }

    [Fact]
    public void Exception_for_a_team_the_viewer_has_no_members_for_shows_nothing()
    {
        var policy = Closed().WithExceptions([Exception(Cleo, DataCategory.Totals, Granularity.IndividualDetail, Sales)]);

        Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, SamAtHome, DataCategory.Totals));
    }

    [Fact]
    public void Exception_does_not_open_a_category_that_is_not_tracked()
    {
        var policy = Closed()
            .With(Category(DataCategory.LiveTimer, tracked: false))
            .WithExceptions([Exception(Cleo, DataCategory.LiveTimer, Granularity.IndividualDetail)]);

        Assert.Equal(Granularity.None, Policy.Decide(policy, CleoWithTeams, SamAtHome, DataCategory.LiveTimer));
    }

    [Theory]
    [InlineData(Granularity.Aggregate, Granularity.IndividualTotals)]
    [InlineData(Granularity.IndividualDetail, Granularity.IndividualDetail)]
    public void Exception_and_grant_together_give_the_higher_of_the_two(Granularity exception, Granularity expected)
    {
        var manager = ViewerFor(Relationship.OwnManager);
        var policy = OnlyGrant(DataCategory.Totals, Audience.TeamManager, Granularity.IndividualTotals)
            .WithExceptions([Exception(manager.UserId, DataCategory.Totals, exception)]);

        Assert.Equal(expected, Policy.Decide(policy, manager, SamAtHome, DataCategory.Totals));
    }
}
