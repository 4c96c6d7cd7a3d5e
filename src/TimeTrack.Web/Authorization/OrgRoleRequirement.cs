using Microsoft.AspNetCore.Authorization;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Authorization;

/// <summary>Requires the person's role in the current organization (from the route) to be at least <see cref="Minimum"/>.</summary>
public sealed class OrgRoleRequirement(OrgRole minimum) : IAuthorizationRequirement
{
    public OrgRole Minimum { get; } = minimum;
}

public sealed class OrgRoleHandler(TenantContext tenant) : AuthorizationHandler<OrgRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrgRoleRequirement requirement)
    {
        if (tenant.Role is { } role && role >= requirement.Minimum)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class Policies
{
    /// <summary>Any member of the organization in the route.</summary>
    public const string Member = "OrgMember";

    public const string Manager = "OrgManager";

    public const string Admin = "OrgAdmin";

    public static IServiceCollection AddTimeTrackAuthorization(this IServiceCollection services)
    {
        services.AddScoped<IAuthorizationHandler, OrgRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Member, p => p.RequireAuthenticatedUser().AddRequirements(new OrgRoleRequirement(OrgRole.Employee)))
            .AddPolicy(Manager, p => p.RequireAuthenticatedUser().AddRequirements(new OrgRoleRequirement(OrgRole.Manager)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new OrgRoleRequirement(OrgRole.Admin)));
        return services;
    }
}
