using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tenancy;

/// <summary>One person's organizations, for the switcher and for choosing where to land after sign-in.</summary>
public sealed class MembershipDirectory(TimeTrackDbContext db)
{
    public sealed record OrganizationLink(string Slug, string Name, OrgRole Role);

    /// <summary>
    /// Reads across tenants: the query filter is lifted and PostgreSQL's policy on memberships
    /// allows a person to read their own rows (app.user_id), and nobody else's.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationLink>> ForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Memberships.IgnoreQueryFilters([TimeTrackDbContext.TenantFilter]).AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.TenantId, o => o.Id, (m, o) => new { o.Slug, o.Name, m.Role })
            .OrderBy(x => x.Name)
            .Select(x => new OrganizationLink(x.Slug, x.Name, x.Role))
            .ToListAsync(cancellationToken);
}
