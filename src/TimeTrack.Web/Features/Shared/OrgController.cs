using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Shared;

/// <summary>
/// Base for every organization-scoped controller: routes start with <c>{org}</c>, which
/// <see cref="OrganizationRouteMiddleware"/> verifies against the person's memberships on every request.
/// </summary>
[Authorize(Policy = Policies.Member)]
[Route("{" + OrganizationRouteMiddleware.RouteKey + "}")]
public abstract class OrgController : Controller
{
    /// <summary>The verified slug of the current organization.</summary>
    protected string OrgSlug => (string)RouteData.Values[OrganizationRouteMiddleware.RouteKey]!;
}
