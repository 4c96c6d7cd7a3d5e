using Microsoft.Playwright;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium per test class. Debian's Chromium is launched directly (TIMETRACK_CHROMIUM,
/// default /usr/bin/chromium), so no Playwright browser download is needed.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched.");

    /// <summary>Cookies of people already signed in by this class's tests, so each person logs in once per class.</summary>
    public Dictionary<string, string> SignedInStates { get; } = [];

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("TIMETRACK_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Install it (apt-get install -y chromium) or set TIMETRACK_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
