using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// The organization a request or job acts in, and who acts. Scoped: set once per request by
/// <see cref="OrganizationRouteMiddleware"/> or per job by <see cref="TenantScopeFactory"/>, before
/// the first database connection opens; read by the DbContext's query filters and connection interceptor.
/// </summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }

    public string? Slug { get; private set; }

    public string? OrganizationName { get; private set; }

    /// <summary>The acting person's role in this organization, when a person acts.</summary>
    public OrgRole? Role { get; private set; }

    /// <summary>The acting person; also lets PostgreSQL show them their own memberships in every organization.</summary>
    public Guid? UserId { get; private set; }

    public bool HasTenant => TenantId is not null;

    public Guid RequiredTenantId => TenantId ?? throw new InvalidOperationException("No organization is set for this operation.");

    public void SetUser(Guid? userId) => UserId = userId;

    public void SetTenant(Organization organization, OrgRole? role)
    {
        if (TenantId is { } existing && existing != organization.Id)
        {
            throw new InvalidOperationException("The organization of this scope is already set and cannot change.");
        }

        TenantId = organization.Id;
        Slug = organization.Slug;
        OrganizationName = organization.Name;
        Role = role;
    }

    /// <summary>For flows that act in an organization by id only (jobs, invitation acceptance).</summary>
    public void SetTenantId(Guid tenantId)
    {
        if (TenantId is { } existing && existing != tenantId)
        {
            throw new InvalidOperationException("The organization of this scope is already set and cannot change.");
        }

        TenantId = tenantId;
    }
}
