using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>A team's admin page has an id in its address, so it is reached by following the link from the teams list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamPageTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Team_page_reached_from_the_teams_list_has_no_axe_violations_with_or_without_errors()
    {
        var page = await NewSignedInPageAsync("admin@acme.test", bypassCsp: true);
        await page.GotoAsync("/acme/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Teams", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Product", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/acme/admin/teams/[0-9a-f-]+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Product");

        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on the team page:\n" + string.Join("\n", violations));

        // Sent without choosing anyone: the page comes back with the message next to the field.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add manager", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, response.Status);
        await Assertions.Expect(page.Locator("#NewManager_UserId-error")).ToHaveTextAsync("Choose a person to add.");
        violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on the team page with an error:\n" + string.Join("\n", violations));
    }
}
