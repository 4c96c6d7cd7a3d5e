using Microsoft.Playwright;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The time page by keyboard, after a failed submit, and undoing a delete — still as carol. Entries go on last
/// week's weekend at hours no other test uses: Sunday 09:00 (keyboard), Sunday 15:00 (overlap), Saturday 13:00 (undo).
/// </summary>
public sealed partial class TimeTrackingTests
{
    private static readonly string[] ShortcutKeys = ["s", "w", "e", "p", "n", "t", "c", "?"];

    [Fact]
    public async Task Timer_starts_switches_and_stops_and_an_entry_is_added_with_the_keyboard_only()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);

        // s: with no project chosen yet, it goes to the timer bar's picker; type-ahead and Enter take a pick.
        await page.Keyboard.PressAsync("s");
        await ExpectFocusAsync(page, "Timer_Pick");
        await page.Keyboard.TypeAsync("Mobile");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Timer_Pick")).ToHaveValueAsync("Mobile app");
        Assert.Equal("Mobile app", await page.Locator("#Timer_ProjectId").EvaluateAsync<string>("s => s.selectedOptions[0].text"));
        // The bar starts with what one works on, just before the picker.
        await page.Keyboard.PressAsync("Shift+Tab");
        await ExpectFocusAsync(page, "Timer_Description");
        await page.Keyboard.TypeAsync("Keyboard timer");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Mobile app");
        await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Keyboard timer");

        try
        {
            // w: opens the switch form and puts the cursor in its picker.
            await page.Keyboard.PressAsync("w");
            await ExpectFocusAsync(page, "Switch_Pick");
            Assert.True(await page.Locator("#timer-switch").EvaluateAsync<bool>("d => d.open"));
            await page.Keyboard.TypeAsync("Internal");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#Switch_Pick")).ToHaveValueAsync("Internal tools");
            await page.Keyboard.PressAsync("Shift+Tab");
            await ExpectFocusAsync(page, "Switch_Description");
            await page.Keyboard.TypeAsync("Switched by keyboard");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#timer-status")).ToContainTextAsync("Switched");
            await Assertions.Expect(page.Locator(".timer-running")).ToContainTextAsync("Internal tools");

            // s again: stops it.
            await page.Keyboard.PressAsync("s");
            await Assertions.Expect(page.Locator("#timer-status")).ToContainTextAsync("Timer stopped");
            await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
        }
        finally
        {
            await StopAnyTimerAsync(page);
        }

        // p: last week; e: the manual entry form, where the duration is a few Tabs away.
        var previousWeek = await page.Locator("#week-previous").GetAttributeAsync("href") ?? "";
        await page.Keyboard.PressAsync("p");
        await page.WaitForURLAsync(url => url.EndsWith(previousWeek, StringComparison.Ordinal));
        var sunday = await DayOfShownWeekAsync(page, DayOfWeek.Sunday);
        await page.Keyboard.PressAsync("e");
        await ExpectFocusAsync(page, "Entry_Date");
        var date = DateTime.Parse(sunday, System.Globalization.CultureInfo.InvariantCulture);
        await page.Keyboard.TypeAsync(date.ToString("MMddyyyy", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#Entry_Date")).ToHaveValueAsync(sunday);
        await TabToAsync(page, "Entry_Duration");
        await page.Keyboard.TypeAsync("45m");
        await TabToAsync(page, "Entry_ProjectId");
        await page.Keyboard.TypeAsync("Internal");
        await TabToAsync(page, "Entry_Description");
        await page.Keyboard.TypeAsync("Typed without a mouse");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Entry added");
        var day = page.Locator($"#day-{sunday}");
        // A date and a duration without a start time: time on that day, with no clock times (ADR 023).
        var typed = day.Locator(".time-entry", new() { HasText = "Typed without a mouse" });
        await Assertions.Expect(typed).ToContainTextAsync("No clock times");
        await Assertions.Expect(typed).ToContainTextAsync("45m");
        await Assertions.Expect(day).ToContainTextAsync("Internal tools");
    }

    [Fact]
    public async Task Overlapping_entry_error_is_in_view_with_focus_on_the_summary_and_the_typed_values_kept()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await page.GetByRole(AriaRole.Link, new() { Name = "Previous week", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(WeekUrl());
        var sunday = await DayOfShownWeekAsync(page, DayOfWeek.Sunday);
        await AddByHandAsync(page, sunday, "15:00", "16:00", "Website relaunch", "First at three");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Entry added");

        var response = await page.RunAndWaitForResponseAsync(
            () => AddByHandAsync(page, sunday, "15:30", "16:30", "Website relaunch", "Overlaps the first"),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("This overlaps your entry on");
        await ExpectFocusAsync(page, "error-summary");
        var box = await summary.BoundingBoxAsync() ?? throw new InvalidOperationException("The summary is not rendered.");
        var viewport = page.ViewportSize ?? throw new InvalidOperationException("No viewport.");
        Assert.True(box.Y >= 0 && box.Y + box.Height <= viewport.Height, $"The error summary is at y={box.Y}..{box.Y + box.Height}, outside the {viewport.Height}px viewport.");

        // The summary links to the field that can fix it, and what was typed is still there.
        var link = summary.Locator("a", new() { HasText = "This overlaps" });
        Assert.Equal("#Entry_StartTime", await link.GetAttributeAsync("href"));
        var manual = page.Locator("form[action='/acme/time/entries']");
        await Assertions.Expect(manual.GetByLabel("Start time", new() { Exact = true })).ToHaveValueAsync("15:30");
        await Assertions.Expect(manual.GetByLabel("Description (optional)", new() { Exact = true })).ToHaveValueAsync("Overlaps the first");
        await link.ClickAsync();
        await Assertions.Expect(manual.GetByLabel("Start time", new() { Exact = true })).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Deleted_entry_comes_back_the_same_with_undo()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await page.GetByRole(AriaRole.Link, new() { Name = "Previous week", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(WeekUrl());
        var saturday = await SaturdayOfShownWeekAsync(page);
        var manual = page.Locator("form[action='/acme/time/entries']");
        await manual.GetByLabel("meeting", new() { Exact = true }).CheckAsync();
        await AddByHandAsync(page, saturday, "13:00", "14:00", "Mobile app", "Undo brings me back");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Entry added");
        var entry = page.Locator($"#day-{saturday} li.time-entry", new() { HasText = "Undo brings me back" });
        var before = await entry.InnerTextAsync();
        Assert.Contains("13:00–14:00", before, StringComparison.Ordinal);
        Assert.Contains("meeting", before, StringComparison.Ordinal);

        await entry.Locator("form[action$='/delete'] button").ClickAsync();
        await Assertions.Expect(page.Locator("#undo-delete")).ToContainTextAsync("Entry deleted.");
        await Assertions.Expect(entry).ToHaveCountAsync(0);

        await page.Locator("#undo-delete button").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Entry restored.");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        Assert.Equal(before, await entry.InnerTextAsync());
        await Assertions.Expect(page.Locator("#undo-delete")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Question_mark_lists_the_shortcuts_and_t_goes_to_the_timesheet()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        var dialog = page.Locator("#shortcuts-dialog");
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("?");

        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var keys = await dialog.Locator("dt").AllInnerTextsAsync();
        Assert.Equal(ShortcutKeys, keys.Select(k => k.Trim()));
        await Assertions.Expect(dialog).ToContainTextAsync("Start the timer");
        await Assertions.Expect(dialog).ToContainTextAsync("Go to the timesheet");
        await Assertions.Expect(dialog).ToContainTextAsync("Go to the calendar");
        Assert.Equal(1, await page.Locator("#calendar-link[href*='/time/calendar']").CountAsync());

        // While the list is open, keys do nothing else; Escape closes it.
        await page.Keyboard.PressAsync("t");
        Assert.EndsWith("/acme/time", page.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("t");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/acme/time/timesheet");
        await page.GotoAsync("/acme/time");
        await page.Keyboard.PressAsync("c");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/acme/time/calendar");
    }

    [Fact]
    public async Task Shortcut_letters_typed_in_a_field_or_with_a_modifier_do_nothing()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);
        var url = page.Url;

        var description = page.Locator("#Timer_Description");
        await description.FocusAsync();
        await page.Keyboard.TypeAsync("spent time? new notes");
        await Assertions.Expect(description).ToHaveValueAsync("spent time? new notes");
        await ExpectFocusAsync(page, "Timer_Description");

        await page.EvaluateAsync("() => document.activeElement.blur()");
        await page.Keyboard.PressAsync("Alt+p");
        await page.Keyboard.PressAsync("Control+e");
        await page.WaitForTimeoutAsync(500);

        Assert.Equal(url, page.Url);
        await Assertions.Expect(page.Locator("#shortcuts-dialog")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
        Assert.NotEqual("Entry_Date", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The same key without the modifier does act, so the checks above could fail.
        await page.Keyboard.PressAsync("p");
        await page.WaitForURLAsync(WeekUrl());
    }

    [Fact]
    public async Task Running_timer_shows_seconds_and_counts_every_second()
    {
        var page = await NewSignedInPageAsync(Carol);
        await page.GotoAsync("/acme/time");
        await StopAnyTimerAsync(page);
        var timer = page.Locator("form[action='/acme/time/timer/start']");
        await PickAsync(page, "Timer", "Mobile app");
        await timer.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        try
        {
            var elapsed = page.Locator(".timer-elapsed");
            await Assertions.Expect(elapsed).ToHaveTextAsync(ElapsedPattern());
            var first = await elapsed.InnerTextAsync();
            await Assertions.Expect(elapsed).Not.ToHaveTextAsync(first, new() { Timeout = 3_000 });
            Assert.Matches(ElapsedPattern(), await elapsed.InnerTextAsync());
        }
        finally
        {
            await StopAnyTimerAsync(page);
        }
    }

    private static async Task AddByHandAsync(IPage page, string date, string start, string end, string project, string description)
    {
        var manual = page.Locator("form[action='/acme/time/entries']");
        await manual.GetByLabel("Date", new() { Exact = true }).FillAsync(date);
        await manual.GetByLabel("Start time", new() { Exact = true }).FillAsync(start);
        await manual.GetByLabel("End time", new() { Exact = true }).FillAsync(end);
        await manual.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = project });
        await manual.GetByLabel("Description (optional)", new() { Exact = true }).FillAsync(description);
        await manual.GetByRole(AriaRole.Button, new() { Name = "Add entry", Exact = true }).ClickAsync();
    }

    private static async Task ExpectFocusAsync(IPage page, string id) =>
        await page.WaitForFunctionAsync("id => document.activeElement && document.activeElement.id === id", id);

    /// <summary>Presses Tab until the element with <paramref name="id"/> has focus (a date or time input takes a Tab per part).</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"40 Tabs did not reach #{id}.");
    }

    private static async Task<string> DayOfShownWeekAsync(IPage page, DayOfWeek dayOfWeek)
    {
        var ids = await page.Locator("section.time-day").EvaluateAllAsync<string[]>("sections => sections.map(s => s.id)");
        return ids.Select(id => id["day-".Length..]).Single(date => DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek == dayOfWeek);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+:\d{2}:\d{2}$")]
    private static partial System.Text.RegularExpressions.Regex ElapsedPattern();
}
