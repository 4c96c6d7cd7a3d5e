using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NavigationTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Employee_reaches_each_shell_page_through_the_navigation_and_sees_no_team_or_admin_link()
    {
        var page = await NewPageAsync();
        await LogInAsync(page, "alice@acme.test");

        await FollowAsync(page, "Digests", "/acme/digests", "Your weekly digests");
        await FollowAsync(page, "Transparency", "/acme/transparency", "Transparency");
        await FollowAsync(page, "My time", "/acme/time", "My time");

        var nav = MainNavigation(page);
        Assert.Equal(0, await nav.GetByRole(AriaRole.Link, new() { Name = "Team" }).CountAsync());
        Assert.Equal(0, await nav.GetByRole(AriaRole.Link, new() { Name = "Admin" }).CountAsync());
    }

    [Fact]
    public async Task Manager_reaches_the_team_page_through_the_navigation()
    {
        var page = await NewPageAsync();
        await LogInAsync(page, "manager@acme.test");
        await FollowAsync(page, "Team", "/acme/team", "Team");
    }

    [Fact]
    public async Task Admin_reaches_the_admin_page_through_the_navigation()
    {
        var page = await NewPageAsync();
        await LogInAsync(page, "admin@acme.test");
        await FollowAsync(page, "Admin", "/acme/admin", "Admin");
    }

    private static ILocator MainNavigation(IPage page) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main", Exact = true });

    private static async Task FollowAsync(IPage page, string link, string path, string heading)
    {
        await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        Assert.Equal(heading, await HeadingAsync(page));
        Assert.Equal("page", await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).GetAttributeAsync("aria-current"));
    }
}
