using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Shared;

/// <summary>What the layout's header shows: the current organization, the person's others, and the navigation they may use.</summary>
public sealed record ShellModel(
    string? CurrentSlug,
    string? CurrentName,
    OrgRole? Role,
    IReadOnlyList<MembershipDirectory.OrganizationLink> Organizations,
    string? CurrentPath);

public sealed class ShellViewComponent(TenantContext tenant, MembershipDirectory directory) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        IReadOnlyList<MembershipDirectory.OrganizationLink> organizations = tenant.UserId is { } userId
            ? await directory.ForUserAsync(userId, HttpContext.RequestAborted)
            : [];
        return View("~/Features/Shared/Shell.cshtml", new ShellModel(
            tenant.Slug, tenant.OrganizationName, tenant.Role, organizations, HttpContext.Request.Path.Value));
    }
}
