using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Extensions;

public static class TenancyExtensions
{
    public static IHostApplicationBuilder AddTimeTrackTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OrganizationRouteMiddleware>();
        builder.Services.AddScoped<MembershipDirectory>();
        builder.Services.AddSingleton<TenantScopeFactory>();
        builder.Services.AddScoped<OrganizationProvisioning>();
        builder.Services.AddScoped<GettingStarted>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddScoped<Features.Admin.TeamsReader>();
        return builder;
    }

    /// <summary>After authentication: resolves <c>/{org}/...</c> and verifies membership on every request.</summary>
    public static IApplicationBuilder UseTimeTrackTenancy(this IApplicationBuilder app) =>
        app.UseMiddleware<OrganizationRouteMiddleware>();
}
