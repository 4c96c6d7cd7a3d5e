using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tenancy;

/// <summary>Creates organizations and adds members, each write inside the organization's own tenant scope.</summary>
public sealed class OrganizationProvisioning(TimeTrackDbContext db, TenantScopeFactory scopes, IClock clock)
{
    public sealed record NewOrganization(string Name, string Slug, string TimeZoneId, IsoDayOfWeek WeekStart);

    /// <summary>Returns a message for the person when the slug is invalid or taken; otherwise null.</summary>
    public async Task<string?> ValidateSlugAsync(string? slug, CancellationToken cancellationToken = default)
    {
        var problem = OrganizationSlug.Validate(slug);
        if (problem is not null)
        {
            return problem;
        }

        return await db.Organizations.AnyAsync(o => o.Slug == slug, cancellationToken)
            ? "That address is taken. Please choose another."
            : null;
    }

    /// <summary>Creates the organization with <paramref name="ownerUserId"/> as its Owner.</summary>
    public async Task<Organization> CreateAsync(NewOrganization request, Guid ownerUserId, CancellationToken cancellationToken = default)
    {
        if (!TimeZones.IsKnown(request.TimeZoneId))
        {
            throw new ArgumentException($"Unknown time zone '{request.TimeZoneId}'.", nameof(request));
        }

        var organization = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Slug = request.Slug,
            DefaultTimeZoneId = request.TimeZoneId,
            WeekStart = request.WeekStart,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);

        await AddMemberAsync(organization.Id, ownerUserId, OrgRole.Owner, cancellationToken);
        await using (var scope = scopes.CreateScope(organization.Id, ownerUserId))
        {
            await scope.ServiceProvider.GetRequiredService<PolicyPublisher>().EnsureInitialVersionAsync(cancellationToken);
        }

        return organization;
    }

    /// <summary>Adds a member, or returns the existing membership unchanged (idempotent).</summary>
    public async Task<Membership> AddMemberAsync(Guid tenantId, Guid userId, OrgRole role, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateScope(tenantId, userId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        // Explicit tenant: RLS lets this person read their memberships of other organizations too.
        var existing = await tenantDb.Memberships.SingleOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var membership = new Membership
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Role = role,
            JoinedAt = clock.GetCurrentInstant(),
        };
        tenantDb.Memberships.Add(membership);
        await tenantDb.SaveChangesAsync(cancellationToken);
        return membership;
    }
}
