using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Browser.Tests.Infrastructure;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The week calendar in Chromium, as owner@acme.test (no other browser test tracks time as her) in weeks
/// long before the demo's history, so each test has its week to itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Owner = "owner@acme.test";

    private const string RecordCspViolations = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
        """;

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task Person_drags_a_new_entry_moves_it_and_resizes_it_and_each_day_total_follows()
    {
        var monday = MondayWeeksAgo(20);
        var (acme, owner) = await IdsAsync();
        var mobile = await ProjectAsync(acme, owner, "Mobile app");
        await WithServiceAsync(acme, owner, s => s.CreateDurationAsync(owner, new EntryDetails(mobile), monday.PlusDays(1), Duration.FromMinutes(150), EntrySource.Timesheet));
        var (page, problems) = await OpenAsync(monday);

        // Time without clock times is a day's item with its length, never at midnight in the grid.
        await Assertions.Expect(page.Locator(".ec-all-day .calendar-duration-only")).ToContainTextAsync("Mobile app · 2h 30m");
        Assert.Equal(0, await page.Locator(".ec-body .calendar-duration-only").CountAsync());
        await Assertions.Expect(Total(page, monday.PlusDays(1))).ToHaveTextAsync("2h 30m");
        await Assertions.Expect(Total(page, monday)).ToHaveTextAsync("0m");
        Assert.True(await page.Locator(".ec-body .calendar-working-hours").CountAsync() >= 5, "Working hours are shaded on the working days.");

        // Drag from the 09:00 quarter to the 10:15 quarter: 09:00–10:30.
        await DragAsync(page, await PointAsync(page, 0, 9 * 60), await PointAsync(page, 0, (10 * 60) + 15));
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New entry" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Project").SelectOptionAsync(new SelectOptionValue { Label = "Website relaunch" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Assertions.Expect(Total(page, monday)).ToHaveTextAsync("1h 30m");
        await Assertions.Expect(page.Locator("#week-total")).ToHaveTextAsync("4h");
        var created = Assert.Single(await TimedEntriesAsync(acme, owner, monday));
        Assert.Equal((At(monday, 9, 0), (Instant?)At(monday, 10, 30)), (created.Start, created.End));

        // Move it by its middle to Wednesday, 75 minutes later: 10:15–11:45 (snapped to the quarter hour).
        var entry = page.Locator(".ec-body .ec-event.calendar-entry", new() { HasText = "Website relaunch" });
        var box = await BoxAsync(entry);
        var grab = (X: box.X + (box.Width / 2), Y: box.Y + 30);
        var from = await PointAsync(page, 0, 9 * 60);
        var to = await PointAsync(page, 2, (10 * 60) + 15);
        await DragAsync(page, grab, (to.X, grab.Y + (to.Y - from.Y) + 2));
        await Assertions.Expect(Total(page, monday)).ToHaveTextAsync("0m");
        await Assertions.Expect(Total(page, monday.PlusDays(2))).ToHaveTextAsync("1h 30m");
        var moved = Assert.Single(await TimedEntriesAsync(acme, owner, monday));
        Assert.Equal((At(monday.PlusDays(2), 10, 15), (Instant?)At(monday.PlusDays(2), 11, 45)), (moved.Start, moved.End));

        // Stretch its end by 45 minutes: 10:15–12:30.
        var resizer = entry.Locator(".ec-resizer");
        await entry.HoverAsync();
        var edge = await BoxAsync(resizer);
        var quarter = (await PointAsync(page, 2, 10 * 60)).Y - (await PointAsync(page, 2, (9 * 60) + 45)).Y;
        await DragAsync(page, (edge.X + (edge.Width / 2), edge.Y + (edge.Height / 2)), (edge.X + (edge.Width / 2), edge.Y + (edge.Height / 2) + (3 * quarter) + 1));
        await Assertions.Expect(Total(page, monday.PlusDays(2))).ToHaveTextAsync("2h 15m");
        var resized = Assert.Single(await TimedEntriesAsync(acme, owner, monday));
        Assert.Equal((At(monday.PlusDays(2), 10, 15), (Instant?)At(monday.PlusDays(2), 12, 30)), (resized.Start, resized.End));
        await Assertions.Expect(page.Locator("#calendar-message")).ToContainTextAsync("Saved");

        // Every entry keeps an edit link a keyboard reaches, and the enhanced page still passes axe.
        await Assertions.Expect(page.Locator($"#calendar a[href='/acme/time/entries/{resized.Id}/edit']")).ToHaveCountAsync(1);
        await RecordCspAsync(page, problems);
        Assert.True(problems.Count == 0, "Problems in the browser:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task A_move_onto_another_entry_is_put_back_and_the_reason_is_shown()
    {
        var monday = MondayWeeksAgo(21);
        var thursday = monday.PlusDays(3);
        var (acme, owner) = await IdsAsync();
        var tools = await ProjectAsync(acme, owner, "Internal tools");
        await WithServiceAsync(acme, owner, s => s.CreateAsync(owner, new EntryDetails(tools, Description: "Backups"), At(thursday, 9, 0), At(thursday, 10, 0), EntrySource.Manual));
        await WithServiceAsync(acme, owner, s => s.CreateAsync(owner, new EntryDetails(tools, Description: "Upgrades"), At(thursday, 11, 0), At(thursday, 12, 0), EntrySource.Manual));
        var (page, problems) = await OpenAsync(monday);
        await Assertions.Expect(Total(page, thursday)).ToHaveTextAsync("2h");

        var later = page.Locator(".ec-body .ec-event.calendar-entry", new() { HasText = "11:00" });
        await Assertions.Expect(later).ToContainTextAsync("11:00");
        var box = await BoxAsync(later);
        var grab = (X: box.X + (box.Width / 2), Y: box.Y + 30);
        var twoHours = (await PointAsync(page, 3, 11 * 60)).Y - (await PointAsync(page, 3, 9 * 60)).Y;
        await DragAsync(page, grab, (grab.X, grab.Y - (twoHours * 3 / 4)));

        await Assertions.Expect(page.Locator("#calendar-message")).ToContainTextAsync("This overlaps your entry on");
        await Assertions.Expect(page.Locator("#calendar-message")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("calendar-message-error"));
        await Assertions.Expect(page.Locator(".ec-body .ec-event.calendar-entry", new() { HasText = "11:00" })).ToHaveCountAsync(1);
        await Assertions.Expect(Total(page, thursday)).ToHaveTextAsync("2h");
        var stored = await TimedEntriesAsync(acme, owner, monday);
        Assert.Equal([At(thursday, 9, 0), At(thursday, 11, 0)], stored.Select(e => e.Start));
        await RecordCspAsync(page, problems);

        // The refusal is the answer the test asked for; Chromium logs every 4xx response as a console error.
        problems.RemoveAll(p => p.Contains("status of 422", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, "Problems in the browser:\n" + string.Join("\n", problems));
    }

    private static ILocator Total(IPage page, LocalDate date) =>
        page.Locator($".calendar-day-total[data-date='{LocalDatePattern.Iso.Format(date)}']");

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(LocalDate monday)
    {
        var page = await NewSignedInPageAsync(Owner);
        await page.AddInitScriptAsync(RecordCspViolations);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"script error: {error}");
        await page.GotoAsync($"/acme/time/calendar?week={LocalDatePattern.Iso.Format(monday)}");
        await Assertions.Expect(page.Locator(".ec-time-grid")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#calendar-list")).ToBeHiddenAsync();
        return (page, problems);
    }

    private static async Task RecordCspAsync(IPage page, List<string> problems)
    {
        var violations = await page.EvaluateAsync<JsonElement>("() => window.__csp");
        problems.AddRange(violations.EnumerateArray().Select(v => $"CSP violation: {v.GetString()}"));
    }

    /// <summary>
    /// The middle of the quarter hour starting <paramref name="minutes"/> after midnight in the day column
    /// <paramref name="day"/> (0: the week's first day), scrolled into view first.
    /// </summary>
    private static async Task<(float X, float Y)> PointAsync(IPage page, int day, int minutes)
    {
        var point = await page.EvaluateAsync<float[]>(
            """
            ([day, minutes]) => {
              const column = () => document.querySelectorAll('.ec-body .ec-day')[day].getBoundingClientRect();
              const quarter = column().height / 96;
              const y = () => column().top + (minutes / 15 + 0.5) * quarter;
              if (y() < 120 || y() > window.innerHeight - 120) { window.scrollBy(0, y() - window.innerHeight / 2); }
              return [column().left + column().width / 2, y()];
            }
            """,
            new[] { day, minutes });
        return (point[0], point[1]);
    }

    private static async Task DragAsync(IPage page, (float X, float Y) from, (float X, float Y) to)
    {
        await page.Mouse.MoveAsync(from.X, from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X, from.Y + 8, new() { Steps = 4 });
        await page.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 15 });
        await page.Mouse.UpAsync();
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator)
    {
        await locator.ScrollIntoViewIfNeededAsync();
        return await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not shown.");
    }

    private static LocalDate MondayWeeksAgo(int weeks)
    {
        var today = SystemClock.Instance.GetCurrentInstant().InZone(Berlin).Date;
        return today.PlusDays(1 - (int)today.DayOfWeek).PlusWeeks(-weeks);
    }

    private static Instant At(LocalDate date, int hour, int minute) => Berlin.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    private async Task<(Guid Acme, Guid Owner)> IdsAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(Owner)
            ?? throw new InvalidOperationException("The demo owner is missing.");
        var acme = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Organizations
            .Where(o => o.Slug == "acme").Select(o => o.Id).SingleAsync();
        return (acme, owner.Id);
    }

    private async Task<Guid> ProjectAsync(Guid acme, Guid owner, string name)
    {
        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, owner);
        return await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private async Task WithServiceAsync(Guid acme, Guid owner, Func<TimeEntryService, Task<TrackingResult<TimeEntry>>> change)
    {
        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, owner);
        var result = await change(tenant.ServiceProvider.GetRequiredService<TimeEntryService>());
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
    }

    /// <summary>The owner's entries with clock times in the week of <paramref name="monday"/>, by start.</summary>
    private async Task<List<(Guid Id, Instant Start, Instant? End)>> TimedEntriesAsync(Guid acme, Guid owner, LocalDate monday)
    {
        var (from, until) = (Berlin.AtStartOfDay(monday).ToInstant(), Berlin.AtStartOfDay(monday.PlusDays(7)).ToInstant());
        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, owner);
        var rows = await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking()
            .Where(e => e.UserId == owner && !e.IsDurationOnly && e.Start >= from && e.Start < until)
            .OrderBy(e => e.Start)
            .Select(e => new { e.Id, e.Start, e.End })
            .ToListAsync();
        return [.. rows.Select(r => (r.Id, r.Start, r.End))];
    }
}
