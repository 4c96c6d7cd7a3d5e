using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Authorization;

/// <summary>One kind of data of one person in the current organization: the resource of every read of someone's data.</summary>
public sealed record PersonData(Guid SubjectUserId, DataCategory Category);

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
/// and this handler asks <see cref="Visibility.Decide"/>.
/// </summary>
public sealed class PersonDataAuthorizationHandler(ViewerDirectory viewers) : AuthorizationHandler<OperationAuthorizationRequirement, PersonData>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, PersonData resource)
    {
        var viewer = await viewers.CurrentAsync();
        if (viewer is not null
            && Visibility.Allows(viewers.Rules, viewer, resource.SubjectUserId, resource.Category, PersonDataOperations.Needed(requirement)))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// Who the current person is to the others in this organization: their role, whom they manage and
/// whom they work beside. Loaded once per request.
/// </summary>
public sealed class ViewerDirectory(TimeTrackDbContext db, TenantContext tenant)
{
    private Viewer? _current;

    /// <summary>The visibility rules in force. The organization's published policy will supply these; today, the defaults.</summary>
    public VisibilityRules Rules => VisibilityRules.Default;

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
        _current = new Viewer(userId, role, managed.ToHashSet(), teammates.ToHashSet());
        return _current;
    }
}
