using AngleSharp.Html.Dom;

namespace TimeTrack.Web.Tests.Tenancy;

/// <summary>Reads the organization switcher in the page header.</summary>
public static class OrganizationSwitcher
{
    /// <summary>The organizations the switcher offers, as (slug, role) in the order shown.</summary>
    public static IReadOnlyList<(string Slug, string Role)> Entries(IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".org-switcher li")
            .Select(item => (Link: item.QuerySelector("a[href$='/time']"), Role: item.QuerySelector(".role")))
            .Where(entry => entry.Link is not null)
            .Select(entry => (entry.Link!.GetAttribute("href")!.Trim('/').Split('/')[0], entry.Role?.TextContent.Trim() ?? ""))];
}
