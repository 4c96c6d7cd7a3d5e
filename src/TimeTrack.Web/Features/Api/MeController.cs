using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Api;

[ShowsNoOneElsesData("The token owner's own profile, policy and access log.")]
public sealed class MeController(TimeTrackDbContext db, TenantContext tenant, PersonTrackingProvider people) : ApiControllerBase
{
    [HttpGet("me", Name = "getMe")]
    [EndpointSummary("The token's owner and organization")]
    [EndpointDescription("Who the token acts as, in which organization and role, and the calendar their days and weeks are counted in.")]
    [ProducesResponseType<MeResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<MeResponse>> Get(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.Email })
            .SingleAsync(cancellationToken);
        var tracking = await people.ForAsync(userId, cancellationToken);
        return new MeResponse(
            userId,
            user.DisplayName,
            user.Email ?? "",
            tenant.Slug ?? "",
            tenant.OrganizationName ?? "",
            Lower(tenant.Role ?? OrgRole.Employee),
            tracking.Zone.Id,
            Lower(tracking.WeekStart));
    }

    internal static string Lower<T>(T value)
        where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
