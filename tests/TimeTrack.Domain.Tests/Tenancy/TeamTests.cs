using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Tests.Tenancy;

public sealed class TeamTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 11, 23, 9, 0);

    [Theory]
    [InlineData(OrgRole.Employee, false)]
    [InlineData(OrgRole.Manager, true)]
    [InlineData(OrgRole.Admin, true)]
    [InlineData(OrgRole.Owner, true)]
    public void Only_managers_admins_and_owners_may_manage_a_team(OrgRole role, bool expected) =>
        Assert.Equal(expected, Team.MayBeManagedBy(role));

    [Theory]
    [InlineData("Platform", "Platform")]
    [InlineData("  Platform team \t", "Platform team")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void A_name_is_stored_trimmed_and_blank_is_no_name(string? typed, string? expected) =>
        Assert.Equal(expected, Team.NormalizeName(typed));

    [Fact]
    public void A_person_is_added_once_as_member_and_once_as_manager_and_may_be_both()
    {
        var team = new Team { TenantId = Guid.CreateVersion7(), Id = Guid.CreateVersion7(), Name = "Platform" };
        var person = Guid.CreateVersion7();

        Assert.True(team.AddMember(person));
        Assert.False(team.AddMember(person));
        Assert.True(team.AddManager(person));
        Assert.False(team.AddManager(person));
        Assert.True(team.AddManager(Guid.CreateVersion7()));

        var member = Assert.Single(team.Members);
        Assert.Equal((team.TenantId, team.Id, person), (member.TenantId, member.TeamId, member.UserId));
        Assert.Equal(2, team.Managers.Count);
        Assert.All(team.Managers, m => Assert.Equal((team.TenantId, team.Id), (m.TenantId, m.TeamId)));
    }

    [Fact]
    public void Archiving_keeps_the_first_time_and_restoring_clears_it()
    {
        var team = new Team { Name = "Platform" };
        Assert.False(team.IsArchived);

        team.Archive(Monday);
        team.Archive(Monday + Duration.FromDays(1));
        Assert.Equal(Monday, team.ArchivedAt);
        Assert.True(team.IsArchived);

        team.Restore();
        Assert.Null(team.ArchivedAt);
        Assert.False(team.IsArchived);
    }
}
