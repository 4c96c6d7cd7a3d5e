using Microsoft.Playwright;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>
/// Base for browser tests: the shared app, the class's browser, and a fresh browser context (own
/// cookies and storage) for every test — xUnit creates a new instance of the class per test.
/// Subclasses carry [Collection(BrowserCollection.Name)] themselves: xUnit does not inherit it.
/// </summary>
public abstract class BrowserTest(BrowserAppFactory app, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    public const string DemoPassword = "Demo-Password-2026";

    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserAppFactory App { get; } = app;

    /// <summary>
    /// A page in a new context. Bypassing the CSP lets axe-core be injected as a script tag; without
    /// JavaScript a page shows what it offers to browsers that run none. <paramref name="locale"/> is the
    /// browser's language (its Accept-Language).
    /// </summary>
    protected async Task<IPage> NewPageAsync(bool bypassCsp = false, string? storageState = null, bool javaScriptEnabled = true, string locale = "en-US")
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            BypassCSP = bypassCsp,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            StorageState = storageState,
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A page in a new context already signed in as <paramref name="email"/>: the first time through the
    /// login form, afterwards with that sign-in's cookies. For tests that are not about signing in.
    /// </summary>
    protected async Task<IPage> NewSignedInPageAsync(string email, bool bypassCsp = false, string locale = "en-US")
    {
        if (chromium.SignedInStates.TryGetValue(email, out var state))
        {
            return await NewPageAsync(bypassCsp, state, locale: locale);
        }

        // Signed in through the English login form (LogInAsync finds its fields by their English labels).
        var page = await NewPageAsync(bypassCsp);
        await LogInAsync(page, email);
        state = chromium.SignedInStates[email] = await page.Context.StorageStateAsync();
        return locale == "en-US" ? page : await NewPageAsync(bypassCsp, state, locale: locale);
    }

    /// <summary>Logs in through the login form and waits until the app has redirected away from it.</summary>
    protected static async Task LogInAsync(IPage page, string email, string password = DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal));
    }

    protected static async Task<string> HeadingAsync(IPage page) =>
        (await page.Locator("h1").First.InnerTextAsync()).Trim();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
