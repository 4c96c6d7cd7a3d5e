using System.Text.Json;
using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ConsoleAndCspTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    // Runs in every document before the page's own scripts, so no violation happens unseen.
    private const string RecordCspViolations = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => {
          window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
        });
        """;

    [Fact]
    public async Task Shell_pages_log_no_console_errors_and_break_no_content_security_policy()
    {
        var page = await NewPageAsync();
        await page.AddInitScriptAsync(RecordCspViolations);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console error on {page.Url}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Add($"script error on {page.Url}: {error}");

        await VisitAsync(page, "/", problems);
        await VisitAsync(page, "/account/login", problems);
        await LogInAsync(page, "admin@acme.test");
        foreach (var path in new[] { "/acme/time", "/acme/time/calendar", "/acme/digests", "/acme/transparency", "/acme/team", "/acme/admin", "/organizations", "/organizations/new" })
        {
            await VisitAsync(page, path, problems);
        }

        // The organization switcher's script runs under the policy: Escape closes the open switcher.
        var switcher = page.Locator("details.org-switcher");
        await switcher.Locator("summary").ClickAsync();
        Assert.True(await switcher.EvaluateAsync<bool>("d => d.open"));
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await switcher.EvaluateAsync<bool>("d => d.open"));
        await RecordCspAsync(page, problems);

        Assert.True(problems.Count == 0, "Problems in the browser:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Policy_violations_are_noticed_when_they_happen()
    {
        var page = await NewPageAsync();
        await page.AddInitScriptAsync(RecordCspViolations);
        await page.GotoAsync("/");

        // An inline script is what the policy forbids; the recorder must see it, or the test above proves nothing.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); }");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");
        Assert.False(await page.EvaluateAsync<bool>("() => window.inlineRan === true"));
    }

    private static async Task VisitAsync(IPage page, string path, List<string> problems)
    {
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        if (response?.Status != 200)
        {
            // Keep going, so that one broken page does not hide problems on the others.
            problems.Add($"{path} answered {response?.Status}: {await HeadingAsync(page)}");
        }

        await RecordCspAsync(page, problems);
    }

    private static async Task RecordCspAsync(IPage page, List<string> problems)
    {
        var violations = await page.EvaluateAsync<JsonElement>("() => window.__csp");
        problems.AddRange(violations.EnumerateArray().Select(v => $"CSP violation on {page.Url}: {v.GetString()}"));
    }
}
