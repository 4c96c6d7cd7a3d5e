using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AccountJourneyTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task New_person_registers_confirms_email_creates_an_organization_and_comes_back_to_it()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"newcomer-{unique}@example.test";
        const string password = "marble kettle orbit lantern";
        var organizationName = $"Harbor Lights {unique}";
        var slug = $"harbor-{unique}";
        var page = await NewPageAsync();

        // Register.
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Your name", new() { Exact = true }).FillAsync("Nadia Newcomer");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/register-confirmation");

        // Follow the emailed link; confirming is a button press.
        var link = await Mailbox.ConfirmationLinkAsync(App.MailDirectory, email);
        await page.GotoAsync(link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email", Exact = true }).ClickAsync();
        Assert.Equal("Your email address is confirmed", await HeadingAsync(page));

        // Log in: with no organization yet, the app offers to create one.
        await LogInAsync(page, email, password);
        if (new Uri(page.Url).AbsolutePath != "/organizations/new")
        {
            await page.GotoAsync("/organizations/new");
        }

        await page.GetByLabel("Organization name", new() { Exact = true }).FillAsync(organizationName);
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync(slug);
        await page.GetByLabel("Time zone", new() { Exact = true }).SelectOptionAsync("Europe/Lisbon");
        await page.GetByLabel("Weeks start on", new() { Exact = true }).SelectOptionAsync("Sunday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/{slug}/admin/getting-started");
        Assert.Equal("Getting started", await HeadingAsync(page));
        Assert.StartsWith("0 of 5 steps done", await page.Locator("#checklist-progress").InnerTextAsync(), StringComparison.Ordinal);

        // The first step, confirmed with the keyboard-reachable button; the card follows on My time.
        await page.Locator("#zone-and-week").GetByRole(AriaRole.Button, new() { Name = "These are right", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/{slug}/admin/getting-started#zone-and-week");
        Assert.StartsWith("1 of 5 steps done", await page.Locator("#checklist-progress").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/{slug}/time");
        Assert.Contains("1 of 5 done", await page.Locator("#getting-started").InnerTextAsync(), StringComparison.Ordinal);

        // Log out, then back in: the person lands in their organization's shell.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(App.Url("/"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).CountAsync());

        await LogInAsync(page, email, password);
        Assert.Equal($"/{slug}/time", new Uri(page.Url).AbsolutePath);
        Assert.Equal("My time", await HeadingAsync(page));
        Assert.Contains(organizationName, await page.Locator("details.org-switcher summary").InnerTextAsync(), StringComparison.Ordinal);
    }
}
