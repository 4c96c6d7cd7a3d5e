using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using TimeTrack.Browser.Tests.Infrastructure;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// Every shell page on a small phone (360 × 740): nothing scrolls the page sideways, and axe-core finds
/// nothing, with the system in light mode and in dark mode. Also the theme switch, and the notices that
/// fold into one line on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneAndDarkModeTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private static readonly ViewportSize SmallPhone = new() { Width = 360, Height = 740 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// Whether the document scrolls sideways, and if so the innermost elements that stick out past its
    /// right edge (outside any element that scrolls or clips on its own), to say what to fix.
    /// </summary>
    internal const string SidewaysOverflow = """
        () => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) { return []; }
          const width = root.clientWidth;
          const clipped = el => {
            for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') { return true; }
            }
            return false;
          };
          const out = [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > width + 0.5 && !clipped(el));
          const innermost = out.filter(el => !out.some(other => other !== el && el.contains(other)));
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
            + ' right=' + Math.round(el.getBoundingClientRect().right) + ' "' + (el.textContent || '').trim().slice(0, 50).replace(/\s+/g, ' ') + '"';
          return ['scrollWidth ' + root.scrollWidth + ' > clientWidth ' + width].concat(innermost.slice(0, 8).map(describe));
        }
        """;

    /// <summary>
    /// The axe-core rules a change of theme can break: the rest look at markup and layout, which a theme
    /// leaves as they are, and have had their full run in light mode already.
    /// </summary>
    internal static readonly string[] ColourRules = ["color-contrast", "link-in-text-block"];

    internal const string BackgroundLightness = """
        () => {
          const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }
        """;

    public static TheoryData<string, string?, string, int> Pages
    {
        get
        {
            var data = new TheoryData<string, string?, string, int>();
            foreach (var page in ShellPages.All)
            {
                data.Add(page.Name, page.User, page.Path, page.Status);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_fits_a_small_phone_and_has_no_axe_violations_in_light_and_dark(string name, string? user, string path, int status)
    {
        var page = await PhonePageAsync(user, SmallPhone);
        var response = await page.GotoAsync(path);
        Assert.True(
            response?.Status == status,
            $"The {name} page ({path}) answered {response?.Status} instead of {status}: {await HeadingAsync(page)}");

        await AssertFitsAsync(page, $"the {name} page ({path})");
        await AssertNoViolationsAsync(page, $"the {name} page ({path}) in light mode");
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) > 0.5, $"The {name} page is not light with the system in light mode.");

        // The same document with the system switched to dark: the stylesheet follows without a reload.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) < 0.2, $"The {name} page is not dark with the system in dark mode.");
        await AssertFitsAsync(page, $"the {name} page ({path}) in dark mode");
        await AssertNoViolationsAsync(page, $"the {name} page ({path}) in dark mode", ColourRules);
    }

    [Fact]
    public async Task Choosing_dark_in_the_theme_switch_darkens_the_pages_and_survives_a_reload()
    {
        var page = await PhonePageAsync("alice@acme.test", SmallPhone);
        await page.GotoAsync("/acme/digests");
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) > 0.5);

        var theme = page.GetByLabel("Theme", new() { Exact = true });
        Assert.Equal("system", await theme.InputValueAsync());
        await theme.FocusAsync();
        await theme.SelectOptionAsync("dark");
        Assert.Equal("dark", await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme"));
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) < 0.2, "Choosing Dark did not darken the page.");

        await page.ReloadAsync();
        Assert.Equal("dark", await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme"));
        Assert.Equal("dark", await theme.InputValueAsync());
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) < 0.2, "The dark theme did not survive a reload.");

        // Another page of the same person: the choice holds there too, and is set before the first paint
        // (the theme script runs in the head, before the body exists).
        await page.AddInitScriptAsync("document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive') { window.__themeAtParse = document.documentElement.dataset.theme || null; } });");
        await page.GotoAsync("/acme/transparency");
        Assert.Equal("dark", await page.EvaluateAsync<string?>("() => window.__themeAtParse"));
        await AssertNoViolationsAsync(page, "the transparency page with the dark theme chosen");

        // Light wins over a dark system; System gives the choice back to the system.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await theme.SelectOptionAsync("light");
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) > 0.5, "Choosing Light did not lighten the page under a dark system.");
        await theme.SelectOptionAsync("system");
        Assert.Null(await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme ?? null"));
        Assert.True(await page.EvaluateAsync<double>(BackgroundLightness) < 0.2, "System did not follow the dark system.");
        await page.ReloadAsync();
        Assert.Equal("system", await theme.InputValueAsync());
    }

    [Fact]
    public async Task Without_javascript_the_system_setting_applies_and_no_dead_switch_is_shown()
    {
        var page = await NewPageAsync(javaScriptEnabled: false);
        await page.SetViewportSizeAsync(SmallPhone.Width, SmallPhone.Height);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByLabel("Theme", new() { Exact = true })).ToBeHiddenAsync();
        var lightness = await page.EvaluateAsync<double>(BackgroundLightness);
        Assert.True(lightness < 0.2, $"Without JavaScript a dark system gives a page of lightness {lightness}.");
    }

    [Fact]
    public async Task Notices_fold_into_one_line_on_a_phone_and_open_on_demand_even_without_javascript()
    {
        var person = await PersonWithNoticesAsync(3);
        var page = await NewPageAsync(bypassCsp: true);
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await LogInAsync(page, person.Email, Password);
        await page.GotoAsync($"/{person.Slug}/transparency");

        var notices = page.Locator(".notices");
        var summary = notices.Locator("summary");
        await Assertions.Expect(summary).ToHaveTextAsync("3 notices");
        var folded = await HeightAsync(notices);
        Assert.True(folded <= 56, $"The folded notices are {folded} px high, more than one line.");
        await Assertions.Expect(notices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).First).ToBeHiddenAsync();
        await AssertFitsAsync(page, "the transparency page with folded notices");
        await AssertNoViolationsAsync(page, "the transparency page with folded notices");

        await summary.ClickAsync();
        await Assertions.Expect(notices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" })).ToHaveCountAsync(3);
        await Assertions.Expect(notices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).Nth(2)).ToBeVisibleAsync();
        Assert.True(await HeightAsync(notices) > folded * 2, "Opening the notices did not show them.");
        await AssertFitsAsync(page, "the transparency page with open notices");
        await AssertNoViolationsAsync(page, "the transparency page with open notices");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await AssertNoViolationsAsync(page, "the transparency page with open notices in dark mode");

        // On a wide screen there is room: the notices show in full, no click needed.
        await page.SetViewportSizeAsync(1280, 800);
        await page.ReloadAsync();
        await Assertions.Expect(notices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).First).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToBeHiddenAsync();
        await notices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).First.FocusAsync();
        Assert.Equal("Dismiss", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await AssertNoViolationsAsync(page, "the transparency page with notices on a wide screen in dark mode");

        // The same on a phone with JavaScript off: folding and opening are plain HTML.
        var state = await page.Context.StorageStateAsync();
        var plain = await NewPageAsync(storageState: state, javaScriptEnabled: false);
        await plain.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await plain.GotoAsync($"/{person.Slug}/transparency");
        var plainNotices = plain.Locator(".notices");
        Assert.True(await HeightAsync(plainNotices) <= 56, "Without JavaScript the notices do not fold.");
        await plainNotices.Locator("summary").ClickAsync();
        await Assertions.Expect(plainNotices.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).First).ToBeVisibleAsync();
    }

    private const string Password = "Phone-Password-2026";

    private sealed record PersonWithNotices(string Slug, string Email);

    /// <summary>The owner of an organization of their own, with <paramref name="count"/> undismissed notices there.</summary>
    private async Task<PersonWithNotices> PersonWithNoticesAsync(int count)
    {
        var slug = "phone-" + Guid.NewGuid().ToString("N")[..10];
        var email = $"owner@{slug}.test";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var userId = Guid.CreateVersion7();
        var created = await users.CreateAsync(
            new ApplicationUser { Id = userId, UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Pia Phone" },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var organization = await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().CreateAsync(
            new OrganizationProvisioning.NewOrganization("Phone " + slug, slug, "Europe/Berlin", IsoDayOfWeek.Monday), userId);

        await using var tenant = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(organization.Id, userId);
        var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var now = SystemClock.Instance.GetCurrentInstant();
        for (var i = 0; i < count; i++)
        {
            db.Notices.Add(new Notice
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                CreatedAt = now + Duration.FromSeconds(i),
                // Long enough to wrap on a phone, with a token that has no place to break.
                Text = $"Notice {i + 1}: your digest for the week of 1 December is ready — only you can see it until you release it. Reference https://timetrack.example/{slug}/digests/2025-12-01/{Guid.NewGuid():N}",
                Link = $"/{slug}/transparency",
            });
        }

        await db.SaveChangesAsync();
        return new PersonWithNotices(slug, email);
    }

    private async Task<IPage> PhonePageAsync(string? user, ViewportSize size)
    {
        var page = user is null ? await NewPageAsync(bypassCsp: true) : await NewSignedInPageAsync(user, bypassCsp: true);
        await page.SetViewportSizeAsync(size.Width, size.Height);
        return page;
    }

    private static async Task<double> HeightAsync(ILocator locator) =>
        (await locator.BoundingBoxAsync())?.Height ?? throw new InvalidOperationException("The element is not shown.");

    internal static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<JsonElement>(SidewaysOverflow);
        Assert.True(
            overflow.GetArrayLength() == 0,
            $"{what} scrolls sideways at {page.ViewportSize?.Width} px:\n" + string.Join("\n", overflow.EnumerateArray().Select(e => "    " + e.GetString())));
    }

    internal static async Task AssertNoViolationsAsync(IPage page, string what, params string[] onlyRules)
    {
        var violations = await Axe.FindViolationsAsync(page, onlyRules);
        Assert.True(
            violations.Count == 0,
            $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }
}
