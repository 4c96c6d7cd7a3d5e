using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    /// <summary>Every page the shell reaches, with the person who reaches it (null: anonymous) and its status.</summary>
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
    public async Task Page_has_no_axe_violations(string name, string? user, string path, int status)
    {
        var page = user is null ? await NewPageAsync(bypassCsp: true) : await NewSignedInPageAsync(user, bypassCsp: true);

        var response = await page.GotoAsync(path);
        Assert.True(
            response?.Status == status,
            $"The {name} page ({path}) answered {response?.Status} instead of {status}: {await HeadingAsync(page)}");

        await AssertNoViolationsAsync(page, $"the {name} page ({path})");
    }

    /// <summary>Forms sent back with their error messages: the messages must be readable and tied to their fields.</summary>
    public static TheoryData<string, string?, string, string> FormsWithErrors
    {
        get
        {
            var data = new TheoryData<string, string?, string, string>();
            foreach (var form in ShellPages.FormsSentEmpty)
            {
                data.Add(form.Name, form.User, form.Path, form.Button);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FormsWithErrors))]
    public async Task Form_sent_empty_shows_errors_without_axe_violations(string name, string? user, string path, string button)
    {
        var page = user is null ? await NewPageAsync(bypassCsp: true) : await NewSignedInPageAsync(user, bypassCsp: true);

        await page.GotoAsync(path);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, response.Status);
        await page.WaitForLoadStateAsync(LoadState.Load);

        await AssertNoViolationsAsync(page, $"the {name} form with errors ({path})");
    }

    [Fact]
    public async Task Open_organization_switcher_has_no_axe_violations()
    {
        var page = await NewSignedInPageAsync("alice@acme.test", bypassCsp: true);
        await page.GotoAsync("/acme/time");
        await page.Locator("details.org-switcher summary").ClickAsync();
        Assert.True(await page.Locator("details.org-switcher").EvaluateAsync<bool>("d => d.open"));

        await AssertNoViolationsAsync(page, "the open organization switcher (/acme/time)");
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(
            violations.Count == 0,
            $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }
}
