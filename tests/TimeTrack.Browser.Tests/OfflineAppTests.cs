using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using TimeTrack.Browser.Tests.Infrastructure;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The app installed and offline: its manifest, the service worker, the cached time page with its banner,
/// timer actions queued offline and sent when back, and the cache emptied on signing out. Each test has a
/// person of its own, so nothing queued here lands on anyone else's week.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OfflineAppTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Password = "offline words are long enough";
    private const string PagesCache = "timetrack-pages-v1";

    [Fact]
    public async Task The_manifest_is_linked_and_valid_and_Chromium_finds_the_app_installable()
    {
        // Chromium installs nothing from an incognito-like context: this test has a profile of its own.
        var profile = Directory.CreateTempSubdirectory("timetrack-install-");
        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TIMETRACK_CHROMIUM") is { Length: > 0 } chromiumPath ? chromiumPath : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            BaseURL = App.BaseUrl,
        });
        try
        {
            await CheckInstallableAsync(context);
        }
        finally
        {
            await context.CloseAsync();
            profile.Delete(recursive: true);
        }
    }

    private async Task CheckInstallableAsync(IBrowserContext context)
    {
        context.SetDefaultTimeout(15_000);
        var email = await CreatePersonAsync("install");
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await LogInAsync(page, email, Password);
        await page.GotoAsync("/acme/time");

        Assert.Equal("/manifest.webmanifest", await page.Locator("link[rel='manifest']").GetAttributeAsync("href"));
        var response = await page.Context.APIRequest.GetAsync("/manifest.webmanifest");
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/manifest+json", response.Headers["content-type"], StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(await response.TextAsync());
        var root = manifest.RootElement;
        Assert.Equal("TimeTrack", root.GetProperty("name").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("/", root.GetProperty("scope").GetString());
        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        foreach (var (sizes, purpose) in new[] { ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable"), ("any", "any") })
        {
            var icon = icons.Single(i => i.GetProperty("sizes").GetString() == sizes && i.GetProperty("purpose").GetString() == purpose);
            var file = await page.Context.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            Assert.Equal(200, file.Status);
            Assert.Equal(icon.GetProperty("type").GetString(), file.Headers["content-type"]);
        }

        var startUrl = await page.Context.APIRequest.GetAsync(root.GetProperty("start_url").GetString()!);
        Assert.Equal(200, startUrl.Status);

        // The service worker controls the page, and Chromium has nothing against installing the app.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var manifestCheck = await cdp.SendAsync("Page.getAppManifest");
        Assert.Empty(manifestCheck!.Value.GetProperty("errors").EnumerateArray());
        var installability = await cdp.SendAsync("Page.getInstallabilityErrors");
        var errors = installability!.Value.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.ToString()).ToList();
        Assert.True(errors.Count == 0, "Not installable: " + string.Join("; ", errors));
    }

    [Fact]
    public async Task Offline_the_time_page_comes_from_the_cache_and_a_start_and_stop_are_sent_when_back()
    {
        var (page, userId) = await PersonWithTimePageCachedAsync("offline");

        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.hasAttribute('data-offline-copy')"), "The page did not come from the cache.");
        await Assertions.Expect(page.Locator("#offline-banner")).ToHaveTextAsync("You are offline — starts and stops are queued and sent when you're back.");

        // The timer bar's picker works offline too: it is the page's own script and data.
        var picker = page.Locator("#Timer_Pick");
        await picker.FillAsync("Website relaunch");
        await Assertions.Expect(picker).ToHaveAttributeAsync("aria-expanded", "true");
        await picker.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveValueAsync("Website relaunch");
        await page.Locator("#Timer_Description").FillAsync("Written on the train");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#offline-queue")).ToContainTextAsync("Started offline at");
        await Assertions.Expect(page.Locator("#offline-queue")).ToContainTextAsync("(Website relaunch) — will be sent when you're back.");
        await page.WaitForTimeoutAsync(1100);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop timer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#offline-queue")).ToContainTextAsync("Stopped offline at");
        var queued = await page.EvaluateAsync<string[]>("() => JSON.parse(localStorage.getItem('timetrack.offline-timer.queue')).map(i => i.at)");
        Assert.Equal(2, queued.Length);
        Assert.Empty(await EntriesAsync(userId));

        await page.Context.SetOfflineAsync(false);

        await Assertions.Expect(page.Locator("#offline-results")).ToContainTextAsync("Sent: Timer started at");
        await Assertions.Expect(page.Locator("#offline-results")).ToContainTextAsync("Sent: Timer stopped at");
        await Assertions.Expect(page.Locator(".time-entry", new() { HasText = "Written on the train" })).ToContainTextAsync("Website relaunch");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.hasAttribute('data-offline-copy')"));
        await Assertions.Expect(page.Locator("#offline-banner")).ToHaveCountAsync(0);
        var entry = Assert.Single(await EntriesAsync(userId));
        Assert.Equal(DateTimeOffset.Parse(queued[0], System.Globalization.CultureInfo.InvariantCulture), entry.Start);
        Assert.Equal(DateTimeOffset.Parse(queued[1], System.Globalization.CultureInfo.InvariantCulture), entry.End);
        Assert.Equal("Written on the train", entry.Description);
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('timetrack.offline-timer.queue')"));
    }

    [Fact]
    public async Task A_start_the_server_does_not_answer_while_the_browser_is_online_is_queued_and_sent_when_it_answers()
    {
        var page = await PersonOnTimePageAsync("unreachable");
        var userId = await App.Database.UserIdAsync(page);
        // The browser believes it is online, but requests to the timer get no answer at all, as when the
        // server or the network in between is down.
        await page.EvaluateAsync("""
            () => {
                const real = window.fetch.bind(window);
                window.serverDown = true;
                window.fetch = (url, options) => window.serverDown && String(url).includes('/time/timer/')
                    ? Promise.reject(new TypeError('Failed to fetch'))
                    : real(url, options);
            }
            """);

        var picker = page.Locator("#Timer_Pick");
        await picker.FillAsync("Website relaunch");
        await picker.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#offline-queue")).ToContainTextAsync("Started offline at");
        await Assertions.Expect(page.Locator("#offline-queue")).ToContainTextAsync("(Website relaunch)");
        var queuedAt = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('timetrack.offline-timer.queue'))[0].at");
        Assert.Empty(await EntriesAsync(userId));

        // The queue is tried again every few seconds; once the server answers, the start is applied at its time.
        await page.EvaluateAsync("() => { window.serverDown = false; }");
        await Assertions.Expect(page.Locator("#offline-results")).ToContainTextAsync("Sent: Timer started at", new() { Timeout = 25_000 });
        var entry = Assert.Single(await EntriesAsync(userId));
        Assert.Equal(DateTimeOffset.Parse(queuedAt, System.Globalization.CultureInfo.InvariantCulture), entry.Start);
        Assert.Null(entry.End);
        await Assertions.Expect(page.Locator("#timer-stop-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_removes_the_cached_pages()
    {
        var (page, _) = await PersonWithTimePageCachedAsync("signout");
        Assert.Equal(1, await CachedPagesAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        Assert.Equal(0, await CachedPagesAsync(page));
        // Offline, the time page is no longer there to show.
        await page.Context.SetOfflineAsync(true);
        var offline = await Record.ExceptionAsync(() => page.GotoAsync("/acme/time"));
        Assert.NotNull(offline);
    }

    private static Task<int> CachedPagesAsync(IPage page) =>
        page.EvaluateAsync<int>($"async () => (await (await caches.open('{PagesCache}')).keys()).length");

    /// <summary>A fresh person's time page, loaded once more under the service worker so that it keeps a copy.</summary>
    private async Task<(IPage Page, Guid UserId)> PersonWithTimePageCachedAsync(string prefix)
    {
        var page = await PersonOnTimePageAsync(prefix);
        var userId = await App.Database.UserIdAsync(page);
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync(
            $"async () => (await (await caches.open('{PagesCache}')).keys()).length === 1 && (await (await caches.open('timetrack-assets-v1')).keys()).length >= 4",
            null,
            new() { PollingInterval = 100 });
        return (page, userId);
    }

    private async Task<IPage> PersonOnTimePageAsync(string prefix)
    {
        var email = await CreatePersonAsync(prefix);
        var page = await NewPageAsync();
        await LogInAsync(page, email, Password);
        await page.GotoAsync("/acme/time");
        return page;
    }

    /// <summary>A new acme employee who may log time to the demo projects.</summary>
    private async Task<string> CreatePersonAsync(string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.test";
        var id = Guid.CreateVersion7();
        var acmeId = await App.Database.OrganizationIdAsync("acme");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var created = await users.CreateAsync(new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = prefix }, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(acmeId, id, OrgRole.Employee);
        }

        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acmeId, null);
        var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var projects = await db.Projects.Where(p => !p.IsArchived).Select(p => p.Id).ToListAsync();
        db.ProjectMembers.AddRange(projects.Select(projectId => new ProjectMember { ProjectId = projectId, UserId = id }));
        await db.SaveChangesAsync();
        return email;
    }

    private async Task<List<(DateTimeOffset Start, DateTimeOffset? End, string Description)>> EntriesAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(App.Database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT start_at, end_at, description FROM time_entries WHERE user_id = @user ORDER BY start_at", connection);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(DateTimeOffset, DateTimeOffset?, string)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2)));
        }

        return entries;
    }
}

internal static class OfflineDatabase
{
    public static async Task<Guid> OrganizationIdAsync(this TestDatabase database, string slug)
    {
        await using var connection = new NpgsqlConnection(database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM organizations WHERE slug = @slug", connection);
        command.Parameters.AddWithValue("slug", slug);
        return (Guid)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No organization {slug}."));
    }

    /// <summary>The signed-in person of <paramref name="page"/>, by the name the header shows.</summary>
    public static async Task<Guid> UserIdAsync(this TestDatabase database, IPage page)
    {
        var email = (await page.Locator(".account-menu a[href='/account/manage']").InnerTextAsync()).Trim();
        await using var connection = new NpgsqlConnection(database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM users WHERE normalized_email = upper(@email)", connection);
        command.Parameters.AddWithValue("email", email);
        return (Guid)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No user {email}."));
    }
}
