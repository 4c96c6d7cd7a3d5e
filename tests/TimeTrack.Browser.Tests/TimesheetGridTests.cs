using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>The weekly timesheet in Chromium, as manager@acme.test two weeks back (a week no other test writes to).</summary>
[Collection(BrowserCollection.Name)]
public sealed class TimesheetGridTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Person_fills_three_cells_of_the_weekly_grid_saves_once_and_sees_the_totals_change()
    {
        var page = await NewSignedInPageAsync("manager@acme.test");
        await page.GotoAsync("/acme/time/timesheet");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Previous week" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "← Previous week" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("week="));
        var totalBefore = await page.Locator("#week-total").InnerTextAsync();

        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mobile app" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();

        var row = page.Locator("table.timesheet tbody tr", new() { HasText = "Mobile app" }).Last;
        var cells = row.Locator("input[type='text']");
        await cells.Nth(0).FillAsync("1:30");
        await cells.Nth(1).FillAsync("2h");
        await cells.Nth(2).FillAsync("45m");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save timesheet" }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("3 cells changed");
        Assert.Equal(Minutes(totalBefore) + 255, Minutes(await page.Locator("#week-total").InnerTextAsync()));
        await Assertions.Expect(page.Locator("table.timesheet tbody tr", new() { HasText = "Mobile app" }).Last.Locator("td.total")).ToHaveTextAsync("4h 15m");
    }

    /// <summary>"4h 15m", "45m" or "3h" in minutes.</summary>
    private static int Minutes(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(?:(\d+)h)?\s*(?:(\d+)m)?$");
        Assert.True(match.Success, $"'{text}' is not a length.");
        return (match.Groups[1].Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60 : 0)
            + (match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
