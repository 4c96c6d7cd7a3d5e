using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>A project's page (tasks, outcomes, members) has an id in its address, so it is reached by following the link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectPageTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Project_page_reached_from_the_work_overview_has_no_axe_violations()
    {
        var page = await NewSignedInPageAsync("manager@acme.test", bypassCsp: true);
        await page.GotoAsync("/acme/work");
        await page.GetByRole(AriaRole.Link, new() { Name = "Website relaunch", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/acme/work/projects/[0-9a-f-]+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Website relaunch");

        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on the project page:\n" + string.Join("\n", violations));
    }
}
