using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The time page in Chromium, as carol@acme.test (no other browser test signs in as her). Each test leaves no
/// timer running, and manual entries go on last week's Saturday so they never overlap a timer started now.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TimeTrackingTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Carol = "carol@acme.test";

    [Fact]
    public async Task Person_starts_and_stops_a_timer_and_adds_an_entry_by_hand()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);

        var timer = page.Locator("form[action='/acme/time/timer/start']");
        await PickAsync(page, "Timer", "Mobile app");
        await timer.GetByLabel("What are you working on?", new() { Exact = true }).FillAsync("Release notes");
        await timer.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        var running = page.Locator(".timer-running");
        await Assertions.Expect(running).ToContainTextAsync("Mobile app");
        await Assertions.Expect(running).ToContainTextAsync("Release notes");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#timer-status")).ToContainTextAsync("Timer stopped");
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);

        // By hand, in last week's page: its total grows by the new entry.
        await page.GetByRole(AriaRole.Link, new() { Name = "Previous week", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(WeekUrl());
        var totalBefore = await page.Locator("#week-total").InnerTextAsync();
        var saturday = await SaturdayOfShownWeekAsync(page);
        var manual = page.Locator("form[action='/acme/time/entries']");
        await manual.GetByLabel("Date", new() { Exact = true }).FillAsync(saturday);
        await manual.GetByLabel("Start time", new() { Exact = true }).FillAsync("10:00");
        await manual.GetByLabel("End time", new() { Exact = true }).FillAsync("11:30");
        await manual.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Internal tools" });
        await manual.GetByLabel("Description (optional)", new() { Exact = true }).FillAsync("Weekend fix");
        await manual.GetByRole(AriaRole.Button, new() { Name = "Add entry", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Entry added");
        await Assertions.Expect(page.Locator($"#day-{saturday}")).ToContainTextAsync("10:00–11:30");
        await Assertions.Expect(page.Locator($"#day-{saturday}")).ToContainTextAsync("Weekend fix");
        await Assertions.Expect(page.Locator("#week-total")).Not.ToHaveTextAsync(totalBefore);
        Assert.Equal(Minutes(totalBefore) + 90, Minutes(await page.Locator("#week-total").InnerTextAsync()));
    }

    [Fact]
    public async Task Entry_without_a_project_comes_back_with_the_message_and_the_typed_values()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        var manual = page.Locator("form[action='/acme/time/entries']");
        await manual.GetByLabel("Start time", new() { Exact = true }).FillAsync("07:15");
        await manual.GetByLabel("Or duration", new() { Exact = true }).FillAsync("1h 15m");
        await manual.GetByLabel("Description (optional)", new() { Exact = true }).FillAsync("Kept as typed");

        var response = await page.RunAndWaitForResponseAsync(
            () => manual.GetByRole(AriaRole.Button, new() { Name = "Add entry", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        manual = page.Locator("form[action='/acme/time/entries']");
        await Assertions.Expect(page.Locator("#Entry_ProjectId-error")).ToHaveTextAsync("Choose a project.");
        await Assertions.Expect(manual.GetByLabel("Project", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(manual.GetByLabel("Start time", new() { Exact = true })).ToHaveValueAsync("07:15");
        await Assertions.Expect(manual.GetByLabel("Or duration", new() { Exact = true })).ToHaveValueAsync("1h 15m");
        await Assertions.Expect(manual.GetByLabel("Description (optional)", new() { Exact = true })).ToHaveValueAsync("Kept as typed");
    }

    [Fact]
    public async Task Time_page_with_a_running_timer_and_the_edit_page_have_no_axe_violations()
    {
        var page = await NewSignedInPageAsync(Carol, bypassCsp: true);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);
        var timer = page.Locator("form[action='/acme/time/timer/start']");
        await PickAsync(page, "Timer", "Website relaunch");
        await timer.Locator(".timer-tags summary").ClickAsync();
        await timer.GetByLabel("meeting", new() { Exact = true }).CheckAsync();
        await timer.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Website relaunch");

        try
        {
            await AssertNoViolationsAsync(page, "the time page with a running timer");
            await page.Locator("#timer-switch > summary").ClickAsync();
            await AssertNoViolationsAsync(page, "the time page with the switch form open");

            await page.GetByRole(AriaRole.Link, new() { Name = "Previous week", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(WeekUrl());
            await page.Locator(".time-entry-actions a").First.ClickAsync();
            await page.WaitForURLAsync(EditUrl());
            Assert.Equal("Edit entry", await HeadingAsync(page));
            await AssertNoViolationsAsync(page, "the edit page");
        }
        finally
        {
            await page.GotoAsync("/acme/time");
            await StopAnyTimerAsync(page);
        }
    }

    /// <summary>Types <paramref name="text"/> into the timer bar's picker and takes the first option it offers with Enter.</summary>
    private static async Task PickAsync(IPage page, string prefix, string text, string? expected = null)
    {
        var picker = page.Locator($"#{prefix}_Pick");
        await picker.FillAsync(text);
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-expanded", "true");
        await picker.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveValueAsync(expected ?? text);
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-expanded", "false");
    }

    private static async Task StopAnyTimerAsync(IPage page)
    {
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true });
        if (await stop.CountAsync() > 0)
        {
            await stop.ClickAsync();
            await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
        }
    }

    /// <summary>The date of the Saturday section of the week on the page (day sections are id'd day-yyyy-MM-dd).</summary>
    private static async Task<string> SaturdayOfShownWeekAsync(IPage page)
    {
        var ids = await page.Locator("section.time-day").EvaluateAllAsync<string[]>("sections => sections.map(s => s.id)");
        var saturday = ids.Select(id => id["day-".Length..]).Single(date => DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek == DayOfWeek.Saturday);
        return saturday;
    }

    private static int Minutes(string length)
    {
        var match = LengthPattern().Match(length.Trim());
        Assert.True(match.Success, $"Not a length: {length}");
        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (hours * 60) + minutes;
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?\s*(?:(?<m>\d+)m)?$")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"/acme/time\?week=\d{4}-\d{2}-\d{2}$")]
    private static partial Regex WeekUrl();

    [GeneratedRegex(@"/acme/time/entries/[0-9a-f-]+/edit$")]
    private static partial Regex EditUrl();
}
