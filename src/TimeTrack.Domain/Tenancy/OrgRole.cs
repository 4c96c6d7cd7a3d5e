namespace TimeTrack.Domain.Tenancy;

/// <summary>A person's role inside one organization. Ordered from least to most administrative.</summary>
public enum OrgRole
{
    Employee = 0,
    Manager = 1,
    Admin = 2,
    Owner = 3,
}

public static class OrgRoles
{
    public static bool IsAdmin(this OrgRole role) => role is OrgRole.Admin or OrgRole.Owner;

    public static bool CanManage(this OrgRole role) => role is OrgRole.Manager or OrgRole.Admin or OrgRole.Owner;
}
