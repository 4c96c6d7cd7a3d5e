using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using TimeTrack.Browser.Tests.Infrastructure;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The idle-time question on the time page, with Playwright's clock standing in for the wall clock: a
/// person who chose 5 minutes has had a timer running for 20 minutes; the page's clock is paused a
/// minute or two ago, at a whole minute, and moved on by the test. Each test has a person of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdleTimerTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Password = "Idle-Password-2026";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task Coming_back_after_the_idle_time_asks_and_discarding_stops_the_timer_when_activity_stopped()
    {
        var person = await PersonWithRunningTimerAsync();
        var (page, lastActive) = await OpenTimePageWithPausedClockAsync(person);
        var dialog = page.Locator("#idle-dialog");

        // Six minutes without any activity, every timer of the page firing as it would: no question yet.
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(6).TotalMilliseconds);
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();

        // The person comes back: the question names the idle stretch in their zone.
        await page.Mouse.MoveAsync(300, 300);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("#idle-text")).ToHaveTextAsync(
            $"You were away from {Clock(lastActive)} to {Clock(lastActive + Duration.FromMinutes(6))} (6 min). The timer kept running.");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Discard the idle time and stop the timer", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync($"Idle time discarded: the timer stopped at {Clock(lastActive)}");
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(0);
        var entry = Assert.Single(await EntriesAsync(person));
        Assert.Equal(lastActive, entry.End);
        Assert.Equal(lastActive - person.TimerStart, entry.End - entry.Start);
    }

    [Fact]
    public async Task After_a_sleeping_computer_the_question_opens_by_itself_is_accessible_and_keeping_the_time_keeps_the_timer()
    {
        var person = await PersonWithRunningTimerAsync();
        var (page, lastActive) = await OpenTimePageWithPausedClockAsync(person, bypassCsp: true);
        var dialog = page.Locator("#idle-dialog");

        // A jump of the clock with no ticks in between is what a computer waking from sleep looks like.
        await page.Clock.FastForwardAsync((long)TimeSpan.FromMinutes(7).TotalMilliseconds);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("#idle-text")).ToContainTextAsync($"You were away from {Clock(lastActive)} to {Clock(lastActive + Duration.FromMinutes(7))} (7 min).");
        Assert.Equal("Keep the time", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal("Welcome back", await page.EvaluateAsync<string>(
            "() => document.getElementById(document.getElementById('idle-dialog').getAttribute('aria-labelledby')).textContent.trim()"));
        // axe-core waits on timers of its own: let the page's clock run again from here.
        await page.Clock.ResumeAsync();
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Escape keeps the time, and so does the button.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();
        await page.Clock.FastForwardAsync((long)TimeSpan.FromMinutes(8).TotalMilliseconds);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep the time", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(1);
        var entry = Assert.Single(await EntriesAsync(person));
        Assert.Equal(person.TimerStart, entry.Start);
        Assert.Null(entry.End);
    }

    private static string Clock(Instant instant) => instant.InZone(Berlin).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record IdlePerson(string Email, Guid UserId, Guid AcmeId, Instant TimerStart);

    /// <summary>
    /// Signs the person in, then pauses the page's clock at a whole minute a minute or two ago (after the
    /// timer started, before the server's now) and opens the time page: that moment is the last activity.
    /// </summary>
    private async Task<(IPage Page, Instant LastActive)> OpenTimePageWithPausedClockAsync(IdlePerson person, bool bypassCsp = false)
    {
        var page = await NewPageAsync(bypassCsp);
        await LogInAsync(page, person.Email, Password);
        var now = SystemClock.Instance.GetCurrentInstant();
        var lastActive = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60) - Duration.FromMinutes(1);
        await page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = (lastActive - Duration.FromSeconds(5)).ToDateTimeUtc() });
        await page.Clock.PauseAtAsync(lastActive.ToDateTimeUtc());
        await page.GotoAsync("/acme/time");
        await Assertions.Expect(page.Locator(".timer-running")).ToHaveCountAsync(1);
        Assert.Equal(lastActive.ToUnixTimeMilliseconds(), await page.EvaluateAsync<long>("() => Date.now()"));
        return (page, lastActive);
    }

    /// <summary>A new employee of acme who chose 5 idle minutes, with a timer started through the write path and moved 20 minutes back.</summary>
    private async Task<IdlePerson> PersonWithRunningTimerAsync()
    {
        var email = $"idle-{Guid.NewGuid():N}@acme.test";
        var userId = Guid.CreateVersion7();
        Guid acmeId;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(
                new ApplicationUser { Id = userId, UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Ida Idle" },
                Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            acmeId = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Organizations.Where(o => o.Slug == "acme").Select(o => o.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(acmeId, userId, OrgRole.Employee);
        }

        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acmeId, userId);
        var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var project = await db.Projects.Where(p => p.Name == "Website relaunch").Select(p => p.Id).SingleAsync();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = project, UserId = userId });
        (await db.Memberships.SingleAsync(m => m.UserId == userId)).IdleReminderMinutes = 5;
        await db.SaveChangesAsync();

        var started = await tenant.ServiceProvider.GetRequiredService<TimeEntryService>().StartTimerAsync(userId, new EntryDetails(project, Description: "Idle test"));
        Assert.True(started.Succeeded, string.Join("; ", started.Problems.Select(p => p.Message)));
        var start = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds()) - Duration.FromMinutes(20);
        var moved = await db.Database.ExecuteSqlAsync(
            $"UPDATE time_entries SET start_at = {start}, created_at = {start}, day = {start.InZone(Berlin).Date} WHERE user_id = {userId} AND end_at IS NULL");
        Assert.Equal(1, moved);
        return new IdlePerson(email, userId, acmeId, start);
    }

    private async Task<List<TimeEntry>> EntriesAsync(IdlePerson person)
    {
        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(person.AcmeId, person.UserId);
        return await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking()
            .Where(e => e.UserId == person.UserId).OrderBy(e => e.Start).ToListAsync();
    }
}
