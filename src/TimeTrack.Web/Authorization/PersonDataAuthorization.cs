using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Authorization;

/// <summary>
/// One kind of data of one person in the current organization: the resource of every read of
/// someone's data. With <paramref name="ProjectId"/>, the question is about their time on that project.
/// </summary>
public sealed record PersonData(Guid SubjectUserId, DataCategory Category, Guid? ProjectId = null);

/// <summary>Operations on <see cref="PersonData"/>: view it at least at a granularity.</summary>
public static class PersonDataOperations
{
    public static readonly OperationAuthorizationRequirement ViewDetail = new() { Name = nameof(Granularity.IndividualDetail) };

    public static readonly OperationAuthorizationRequirement ViewTotals = new() { Name = nameof(Granularity.IndividualTotals) };

    public static Granularity Needed(OperationAuthorizationRequirement requirement) =>
        Enum.Parse<Granularity>(requirement.Name);
}

/// <summary>
/// The web layer's door to the one visibility decision point: pages, exports, API endpoints and jobs
/// call <c>IAuthorizationService.AuthorizeAsync(User, new PersonData(...), PersonDataOperations.ViewTotals)</c>
/// and this handler asks <see cref="Visibility.Decide"/> with the policy in force.
/// </summary>
public sealed class PersonDataAuthorizationHandler(ViewerDirectory viewers, PolicyStore policies, TenantContext tenant)
    : AuthorizationHandler<OperationAuthorizationRequirement, PersonData>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, PersonData resource)
    {
        var viewer = await viewers.CurrentAsync();
        if (viewer is null || tenant.TenantId is not { } tenantId)
        {
            return;
        }

        var policy = await policies.ActiveAsync();
        var subject = new Subject(tenantId, resource.SubjectUserId);
        if (Visibility.Allows(policy, viewer, subject, resource.Category, PersonDataOperations.Needed(requirement), resource.ProjectId))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// Who a person is to the others in this organization: their role, whom they manage, whom they
/// work beside, which projects they manage, and the members of teams the policy's exceptions name
/// for them. The current person's is loaded once per request.
/// </summary>
public sealed class ViewerDirectory(TimeTrackDbContext db, TenantContext tenant, PolicyStore policies)
{
    private Viewer? _current;

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
        var managed = await db.Teams.AsNoTracking()
            .Where(t => t.ManagerUserId == userId)
            .SelectMany(t => t.Members.Select(m => m.UserId))
            .Where(id => id != userId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var teammates = await db.TeamMembers.AsNoTracking()
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
            var rows = await db.TeamMembers.AsNoTracking()
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
