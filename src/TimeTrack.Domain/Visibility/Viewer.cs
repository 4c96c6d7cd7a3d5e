using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>A person whose data is being looked at: who they are and in which organization.</summary>
public readonly record struct Subject(Guid TenantId, Guid UserId);

/// <summary>
/// The person looking, with just the relationships the policy needs. All sets exclude the viewer.
/// </summary>
/// <param name="TenantId">The organization the viewer is acting in.</param>
/// <param name="ManagedUserIds">Members of teams the viewer manages.</param>
/// <param name="TeammateUserIds">People in a team with the viewer.</param>
/// <param name="ManagedProjectIds">Projects on which the viewer is a project manager.</param>
/// <param name="TeamMembers">Members of the teams that the policy's exceptions for this viewer name.</param>
public sealed record Viewer(
    Guid TenantId,
    Guid UserId,
    OrgRole Role,
    IReadOnlySet<Guid> ManagedUserIds,
    IReadOnlySet<Guid> TeammateUserIds,
    IReadOnlySet<Guid> ManagedProjectIds,
    IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> TeamMembers)
{
    private static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();

    /// <summary>A viewer with no relationships to anyone.</summary>
    public static Viewer Alone(Guid tenantId, Guid userId, OrgRole role) =>
        new(tenantId, userId, role, None, None, None, new Dictionary<Guid, IReadOnlySet<Guid>>());

    public IReadOnlySet<Guid> MembersOf(Guid teamId) => TeamMembers.TryGetValue(teamId, out var members) ? members : None;
}
