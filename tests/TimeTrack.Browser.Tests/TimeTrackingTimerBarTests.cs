using System.Text.Json;
using Microsoft.Playwright;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The timer bar, still as carol: a pick by type-ahead, start, switch and stop in place (the page never
/// reloads), errors next to the picker, the same bar without JavaScript, and the bar on a small phone.
/// </summary>
public sealed partial class TimeTrackingTests
{
    /// <summary>Set on window before the in-place actions: a reload would lose it.</summary>
    private const string SetMarker = "() => { window.__timerBarMarker = 'still here'; }";
    private const string ReadMarker = "() => window.__timerBarMarker || null";

    [Fact]
    public async Task Timer_bar_picks_by_type_ahead_and_starts_switches_and_stops_in_place()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);
        await page.EvaluateAsync(SetMarker);
        var url = page.Url;

        await page.Locator("#Timer_Description").FocusAsync();
        await page.Keyboard.TypeAsync("Bar in place");
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, "Timer_Pick");
        var picker = page.Locator("#Timer_Pick");
        Assert.Equal("combobox", await picker.GetAttributeAsync("role"));
        await page.Keyboard.TypeAsync("mob des");

        // Only what matches every word, the first one active; arrows move, Enter takes it.
        var list = page.Locator("#Timer_Pick-list");
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(list).ToBeVisibleAsync();
        var options = await list.GetByRole(AriaRole.Option).AllInnerTextsAsync();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.StartsWith("Mobile app · Design", o, StringComparison.Ordinal));
        Assert.Equal("Mobile app · Design", await ActiveOptionAsync(page, picker));
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(options[1], await ActiveOptionAsync(page, picker));
        await page.Keyboard.PressAsync("ArrowUp");
        Assert.Equal("Mobile app · Design", await ActiveOptionAsync(page, picker));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveValueAsync("Mobile app · Design");
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(list).ToBeHiddenAsync();
        Assert.Equal("Mobile app", await SelectedTextAsync(page, "Timer_ProjectId"));
        Assert.Equal("Design", await SelectedTextAsync(page, "Timer_TaskId"));
        Assert.Equal("No outcome", await SelectedTextAsync(page, "Timer_OutcomeId"));

        // Enter again (the list is closed) starts the timer, in place.
        await page.Keyboard.PressAsync("Enter");
        try
        {
            var running = page.Locator(".timer-running");
            await Assertions.Expect(running).ToContainTextAsync("Mobile app · Design");
            await Assertions.Expect(running).ToContainTextAsync("Bar in place");
            await Assertions.Expect(page.Locator("#timer-status")).ToHaveTextAsync("Timer started.");
            Assert.Equal("still here", await page.EvaluateAsync<string?>(ReadMarker));
            Assert.Equal(url, page.Url);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true })).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator("#time-week .time-entry", new() { HasText = "Bar in place" })).ToContainTextAsync("Running");

            // The time so far shows seconds and goes on counting in the swapped bar.
            var elapsed = page.Locator(".timer-elapsed");
            await Assertions.Expect(elapsed).ToHaveTextAsync(ElapsedPattern());
            var first = await elapsed.InnerTextAsync();
            await Assertions.Expect(elapsed).Not.ToHaveTextAsync(first, new() { Timeout = 3_000 });
            Assert.Matches(ElapsedPattern(), await elapsed.InnerTextAsync());

            // Switch, in place.
            await page.Locator("#timer-switch > summary").ClickAsync();
            await PickAsync(page, "Switch", "Internal", "Internal tools");
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch timer", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#timer-status")).ToContainTextAsync("Switched");
            await Assertions.Expect(running).ToContainTextAsync("Internal tools");
            Assert.Equal("still here", await page.EvaluateAsync<string?>(ReadMarker));

            // Stop, in place: the bar is ready for the next start.
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#timer-status")).ToContainTextAsync("Timer stopped");
            await Assertions.Expect(running).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true })).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator("#Timer_Pick")).ToBeVisibleAsync();
            Assert.Equal("still here", await page.EvaluateAsync<string?>(ReadMarker));
            Assert.Equal(url, page.Url);
        }
        finally
        {
            await StopAnyTimerAsync(page);
        }
    }

    [Fact]
    public async Task Timer_bar_refuses_a_wrong_pick_next_to_the_picker_with_the_focus_there()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);
        await page.EvaluateAsync(SetMarker);
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;

        // Text that is none of the picks never leaves the page.
        var picker = page.Locator("#Timer_Pick");
        await picker.FillAsync("no such project");
        await Assertions.Expect(page.Locator("#Timer_Pick-list")).ToBeHiddenAsync();
        await picker.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Timer_ProjectId-error")).ToHaveTextAsync("Choose one of the listed projects, tasks and outcomes.");
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(picker).ToBeFocusedAsync();
        Assert.Contains("Timer_ProjectId-error", await picker.GetAttributeAsync("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, posts);

        // The server still checks: a task of another project slipped into the form comes back refused, in place.
        await PickAsync(page, "Timer", "Website relaunch");
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-invalid", "false");
        await page.Locator("#Timer_Description").FillAsync("Kept as typed");
        await page.Locator("#Timer_TaskId").EvaluateAsync(
            "s => { s.value = [...s.querySelectorAll('optgroup')].find(g => g.label === 'Mobile app').querySelector('option').value; }");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        var error = page.Locator("#Timer_TaskId-error");
        await Assertions.Expect(error).ToHaveTextAsync("Choose a task of this project.");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Timer_Pick")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#Timer_Pick")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Timer_Description")).ToHaveValueAsync("Kept as typed");
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
        Assert.Equal("still here", await page.EvaluateAsync<string?>(ReadMarker));

        // A good pick clears the message and starts.
        await PickAsync(page, "Timer", "Website relaunch · Build", "Website relaunch · Build");
        await Assertions.Expect(error).ToHaveTextAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Website relaunch · Build");
        await StopAnyTimerAsync(page);
    }

    [Fact]
    public async Task Timer_bar_starts_and_stops_without_javascript()
    {
        var signedIn = await NewSignedInPageAsync(Carol);
        await signedIn.GotoAsync("/acme/time");
        await StopAnyTimerAsync(signedIn);
        var page = await NewPageAsync(storageState: await signedIn.Context.StorageStateAsync(), javaScriptEnabled: false);
        await page.GotoAsync("/acme/time");

        // The plain selects, not the combobox that needs script.
        var timer = page.Locator("#timer-start-form");
        await Assertions.Expect(page.Locator("#Timer_Pick")).ToBeHiddenAsync();
        await timer.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mobile app" });
        var build = await timer.Locator("#Timer_TaskId optgroup[label='Mobile app'] option", new() { HasText = "Build" }).GetAttributeAsync("value");
        await timer.GetByLabel("Task (optional)", new() { Exact = true }).SelectOptionAsync(build!);
        await timer.GetByLabel("What are you working on?", new() { Exact = true }).FillAsync("No script needed");
        await timer.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(WeekUrl());
        try
        {
            await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Timer started.");
            await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Mobile app · Build");
            await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("No script needed");
            await Assertions.Expect(page.Locator(".timer-elapsed")).ToHaveTextAsync(ElapsedPattern());
        }
        finally
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true }).ClickAsync();
        }

        await page.WaitForURLAsync(WeekUrl());
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Timer stopped");
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Timer_bar_fits_a_small_phone_and_has_no_axe_violations_in_light_and_dark()
    {
        var page = await NewSignedInPageAsync(Carol, bypassCsp: true);
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.Locator("#Timer_Pick").FillAsync("app");
            await Assertions.Expect(page.Locator("#Timer_Pick-list")).ToBeVisibleAsync();
            await AssertFitsAsync(page, $"the timer bar with its options open ({scheme})");
            await AssertNoViolationsAsync(page, $"the timer bar with its options open at 360 px ({scheme})");
            await page.Locator("#Timer_Pick").PressAsync("Escape");
            await page.Locator("#Timer_Pick").PressAsync("Escape");
            await Assertions.Expect(page.Locator("#Timer_Pick")).ToHaveValueAsync("");
        }

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await PickAsync(page, "Timer", "Internal tools · Review", "Internal tools · Review");
        await page.Locator("#Timer_Description").FillAsync("A description long enough to wrap on a small phone screen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Internal tools · Review");
        try
        {
            await page.Locator("#timer-switch > summary").ClickAsync();
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                await AssertFitsAsync(page, $"the running timer bar with the switch open ({scheme})");
                await AssertNoViolationsAsync(page, $"the running timer bar with the switch open at 360 px ({scheme})");
            }
        }
        finally
        {
            await StopAnyTimerAsync(page);
        }
    }

    private static async Task<string> ActiveOptionAsync(IPage page, ILocator combobox)
    {
        var id = await combobox.GetAttributeAsync("aria-activedescendant") ?? throw new InvalidOperationException("No option is active.");
        var option = page.Locator($"#{id}");
        await Assertions.Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        return (await option.InnerTextAsync()).Trim();
    }

    private static Task<string> SelectedTextAsync(IPage page, string id) =>
        page.Locator($"#{id}").EvaluateAsync<string>("s => s.selectedOptions[0].text");

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<JsonElement>(PhoneAndDarkModeTests.SidewaysOverflow);
        Assert.True(
            overflow.GetArrayLength() == 0,
            $"{what} scrolls sideways at {page.ViewportSize?.Width} px:\n" + string.Join("\n", overflow.EnumerateArray().Select(e => "    " + e.GetString())));
    }
}
