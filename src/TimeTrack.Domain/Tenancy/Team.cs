using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// A group of people and the managers who look after them. Managers see their team's people as the
/// transparency policy allows team managers; a manager need not be in the team, and a person may be in
/// or manage several teams. An archived team keeps its people and managers but grants nothing and is
/// shown nowhere but the teams admin page until it is restored.
/// </summary>
public sealed class Team : ITenantOwned
{
    /// <summary>The longest name a team may have (the column's length).</summary>
    public const int MaxNameLength = 120;

    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>When the team was archived; null while it is active.</summary>
    public Instant? ArchivedAt { get; set; }

    public List<TeamMember> Members { get; } = [];

    public List<TeamManager> Managers { get; } = [];

    public bool IsArchived => ArchivedAt is not null;

    /// <summary>Whether a person of <paramref name="role"/> may manage a team: managers, admins and owners.</summary>
    public static bool MayBeManagedBy(OrgRole role) => role.CanManage();

    /// <summary>A name as it is stored: trimmed. Null when nothing but spaces was given.</summary>
    public static string? NormalizeName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim();

    /// <summary>Archives the team at <paramref name="now"/>; archiving it again keeps the first time.</summary>
    public void Archive(Instant now) => ArchivedAt ??= now;

    public void Restore() => ArchivedAt = null;

    /// <summary>Adds <paramref name="userId"/> as a member; false when they already are one.</summary>
    public bool AddMember(Guid userId)
    {
        if (Members.Any(m => m.UserId == userId))
        {
            return false;
        }

        Members.Add(new TeamMember { TenantId = TenantId, TeamId = Id, UserId = userId });
        return true;
    }

    /// <summary>Adds <paramref name="userId"/> as a manager; false when they already are one.</summary>
    public bool AddManager(Guid userId)
    {
        if (Managers.Any(m => m.UserId == userId))
        {
            return false;
        }

        Managers.Add(new TeamManager { TenantId = TenantId, TeamId = Id, UserId = userId });
        return true;
    }
}

public sealed class TeamMember : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid TeamId { get; set; }

    public Guid UserId { get; set; }
}

/// <summary>A person who manages a team: the policy's "team manager" audience for its members.</summary>
public sealed class TeamManager : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid TeamId { get; set; }

    public Guid UserId { get; set; }
}
