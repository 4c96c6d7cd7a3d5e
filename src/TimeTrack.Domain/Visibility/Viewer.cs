using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// The person looking, with just the relationships the policy needs: their role and the people
/// whose team they manage. <paramref name="TeammateUserIds"/> are people in a team with the viewer.
/// </summary>
public sealed record Viewer(
    Guid UserId,
    OrgRole Role,
    IReadOnlySet<Guid> ManagedUserIds,
    IReadOnlySet<Guid> TeammateUserIds)
{
    public static Viewer Alone(Guid userId, OrgRole role) => new(userId, role, new HashSet<Guid>(), new HashSet<Guid>());
}
