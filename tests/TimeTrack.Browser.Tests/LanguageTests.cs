using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>The pages in German, as a browser set to German gets them (manager@acme.test, three weeks back: a week no other test writes to).</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string German = "de-DE";

    [Fact]
    public async Task A_german_person_types_1_comma_5_in_the_timesheet_and_sees_it_saved_in_german()
    {
        var page = await NewSignedInPageAsync("manager@acme.test", locale: German);
        await page.GotoAsync("/acme/time/timesheet");
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
        for (var i = 0; i < 3; i++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "← Vorherige Woche" }).ClickAsync();
        }

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("week="));
        await page.GetByLabel("Projekt", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mobile app" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Zeile hinzufügen" }).ClickAsync();

        var row = page.Locator("table.timesheet tbody tr", new() { HasText = "Mobile app" }).Last;
        await row.Locator("input[type='text']").Nth(6).FillAsync("1,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stundenzettel speichern" }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Stundenzettel gespeichert (1 Zelle geändert).");
        var saved = page.Locator("table.timesheet tbody tr", new() { HasText = "Mobile app" }).Last;
        await Assertions.Expect(saved.Locator("input[type='text']").Nth(6)).ToHaveValueAsync("1:30");
        await Assertions.Expect(saved.Locator("td.total")).ToHaveTextAsync("1h 30m");
        // The column headings are German dates: "Mo., 2. März".
        await Assertions.Expect(page.Locator("table.timesheet thead th").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+$"));
    }

    [Theory]
    [InlineData("/acme/time", "Meine Zeit")]
    [InlineData("/acme/time/timesheet", "Stundenzettel")]
    [InlineData("/acme/time/calendar", "Kalender")]
    public async Task A_page_in_german_fits_a_small_phone_and_has_no_axe_violations_in_light_and_dark(string path, string heading)
    {
        var page = await NewSignedInPageAsync("alice@acme.test", bypassCsp: true, locale: German);
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(path);
        Assert.Equal(heading, await HeadingAsync(page));
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));

        await PhoneAndDarkModeTests.AssertFitsAsync(page, $"{path} in German");
        await PhoneAndDarkModeTests.AssertNoViolationsAsync(page, $"{path} in German in light mode");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        Assert.True(await page.EvaluateAsync<double>(PhoneAndDarkModeTests.BackgroundLightness) < 0.2, $"{path} is not dark with the system in dark mode.");
        await PhoneAndDarkModeTests.AssertFitsAsync(page, $"{path} in German in dark mode");
        await PhoneAndDarkModeTests.AssertNoViolationsAsync(page, $"{path} in German in dark mode", PhoneAndDarkModeTests.ColourRules);
    }
}
