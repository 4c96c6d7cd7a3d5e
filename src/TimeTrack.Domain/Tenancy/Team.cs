namespace TimeTrack.Domain.Tenancy;

/// <summary>A group of people with one manager. Managers see their team as the transparency policy allows.</summary>
public sealed class Team : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The user who manages this team; must be a member of the same organization.</summary>
    public Guid? ManagerUserId { get; set; }

    public List<TeamMember> Members { get; } = [];
}

public sealed class TeamMember : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid TeamId { get; set; }

    public Guid UserId { get; set; }
}
