using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// For every endpoint whose route has an <c>{org}</c> value: finds the organization by slug and
/// checks that the signed-in person is a member, on every request. Anything else — unknown slug,
/// not a member — is a 404, so a URL never reveals whether another organization exists.
/// Anonymous requests pass through to authorization, which challenges them.
/// </summary>
public sealed class OrganizationRouteMiddleware(TimeTrackDbContext db, TenantContext tenant) : IMiddleware
{
    public const string RouteKey = "org";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var userId = GetUserId(context.User);
        tenant.SetUser(userId);

        if (context.GetRouteValue(RouteKey) is not string slug)
        {
            await next(context);
            return;
        }

        if (userId is null)
        {
            await next(context);
            return;
        }

        var organization = await db.Organizations.AsNoTracking()
            .SingleOrDefaultAsync(o => o.Slug == slug, context.RequestAborted);
        if (organization is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The tenant must be known before the membership query opens its connection: RLS then
        // shows only this organization's rows (plus the person's own memberships, which is why the
        // query names the organization itself rather than trusting the query filter alone).
        tenant.SetTenantId(organization.Id);
        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == organization.Id && m.UserId == userId)
            .Select(m => new { m.Role })
            .SingleOrDefaultAsync(context.RequestAborted);
        if (membership is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        tenant.SetTenant(organization, membership.Role);
        await next(context);
    }

    public static Guid? GetUserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : null;
}
