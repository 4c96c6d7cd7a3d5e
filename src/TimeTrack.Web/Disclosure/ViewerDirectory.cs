using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Disclosure;

/// <summary>
/// Who a person is to the others in this organization: their role, whom they manage, whom they
/// work beside, which projects they manage, and the members of teams the policy's exceptions name
/// for them; teams that are archived count for nothing. The current person's is loaded once per
/// request, and forgotten when the request changes a team (<see cref="Forget"/>).
/// </summary>
public sealed class ViewerDirectory(TimeTrackDbContext db, TenantContext tenant, PolicyStore policies)
{
    private Viewer? _current;

    /// <summary>Forgets the current person's relationships, so that what this request changed about teams is read again.</summary>
    public void Forget() => _current = null;

    /// <summary>The person acting in this request, or null when nobody is signed in to this organization.</summary>
    public async Task<Viewer?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_current is not null)
        {
            return _current;
        }

        if (tenant.UserId is not { } userId || tenant.Role is not { } role)
        {
            return null;
        }

        _current = await BuildAsync(userId, role, cancellationToken);
        return _current;
    }

    /// <summary>
    /// Any member of this organization as a viewer, for showing a person what someone else would
    /// see of them. Null when <paramref name="userId"/> is not a member.
    /// </summary>
    public async Task<Viewer?> ForMemberAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var role = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => (OrgRole?)m.Role)
            .FirstOrDefaultAsync(cancellationToken);
        return role is { } known ? await BuildAsync(userId, known, cancellationToken) : null;
    }

    private async Task<Viewer> BuildAsync(Guid userId, OrgRole role, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var managedTeams = db.ActiveTeamManagers.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var managed = await db.TeamMembers.AsNoTracking()
            .Where(m => managedTeams.Contains(m.TeamId) && m.UserId != userId)
            .Select(m => m.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var teammates = await db.ActiveTeamMembers.AsNoTracking()
            .Where(me => me.UserId == userId)
            .Join(db.TeamMembers, me => me.TeamId, other => other.TeamId, (me, other) => other.UserId)
            .Where(id => id != userId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var managedProjects = await db.ProjectMembers.AsNoTracking()
            .Where(p => p.UserId == userId && p.IsProjectManager)
            .Select(p => p.ProjectId)
            .ToListAsync(cancellationToken);

        var policy = await policies.ActiveAsync(cancellationToken);
        var exceptionTeams = policy.Exceptions
            .Where(e => e.ViewerUserId == userId && e.SubjectTeamId is not null)
            .Select(e => e.SubjectTeamId!.Value)
            .Distinct()
            .ToList();
        var teamMembers = new Dictionary<Guid, IReadOnlySet<Guid>>();
        if (exceptionTeams.Count > 0)
        {
            var rows = await db.ActiveTeamMembers.AsNoTracking()
                .Where(m => exceptionTeams.Contains(m.TeamId) && m.UserId != userId)
                .Select(m => new { m.TeamId, m.UserId })
                .ToListAsync(cancellationToken);
            foreach (var team in exceptionTeams)
            {
                teamMembers[team] = rows.Where(r => r.TeamId == team).Select(r => r.UserId).ToHashSet();
            }
        }

        return new Viewer(tenantId, userId, role, managed.ToHashSet(), teammates.ToHashSet(), managedProjects.ToHashSet(), teamMembers);
    }
}
