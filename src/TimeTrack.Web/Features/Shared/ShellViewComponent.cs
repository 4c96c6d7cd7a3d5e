using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Shared;

/// <summary>What the layout's header shows: the current organization, the person's others, and the navigation they may use.</summary>
public sealed record ShellModel(
    string? CurrentSlug,
    string? CurrentName,
    OrgRole? Role,
    IReadOnlyList<MembershipDirectory.OrganizationLink> Organizations,
    string? CurrentPath)
{
    /// <summary>Whether the policy gives the person billing figures, and with them invoices.</summary>
    public bool Invoices { get; init; }
}

public sealed class ShellViewComponent(TenantContext tenant, MembershipDirectory directory, PersonDataDoor door) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        IReadOnlyList<MembershipDirectory.OrganizationLink> organizations = tenant.UserId is { } userId
            ? await directory.ForUserAsync(userId, HttpContext.RequestAborted)
            : [];
        // The error page renders the shell too, and must not depend on what may have just failed.
        var invoices = tenant.Slug is not null && tenant.Role is not null && HttpContext.Response.StatusCode < 500
            && await door.LookerAsync(HttpContext.RequestAborted) is { } looker && GroupReports.OffersBilling(looker);
        return View("~/Features/Shared/Shell.cshtml", new ShellModel(
            tenant.Slug, tenant.OrganizationName, tenant.Role, organizations, HttpContext.Request.Path.Value)
        {
            Invoices = invoices,
        });
    }
}
