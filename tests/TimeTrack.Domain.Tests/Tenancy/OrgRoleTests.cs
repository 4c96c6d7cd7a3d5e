using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Tests.Tenancy;

public sealed class OrgRoleTests
{
    [Theory]
    [InlineData(OrgRole.Employee, false, false)]
    [InlineData(OrgRole.Manager, false, true)]
    [InlineData(OrgRole.Admin, true, true)]
    [InlineData(OrgRole.Owner, true, true)]
    public void Admins_and_owners_administer_and_everyone_but_employees_can_manage(OrgRole role, bool isAdmin, bool canManage)
    {
        Assert.Equal(isAdmin, role.IsAdmin());
        Assert.Equal(canManage, role.CanManage());
    }

    [Fact]
    public void Roles_are_ordered_from_least_to_most_administrative() =>
        Assert.Equal([OrgRole.Employee, OrgRole.Manager, OrgRole.Admin, OrgRole.Owner], Enum.GetValues<OrgRole>().Order());
}
