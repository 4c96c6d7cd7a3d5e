using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// A pulse survey in Chromium: owner@acme.test opens it, bob@acme.test answers it (no other browser test
/// signs in as either). Survey pages have ids in their addresses, so they are checked here rather than in
/// <see cref="ShellPages"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PulseSurveyTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Admin_opens_a_survey_and_a_member_answers_it_on_pages_without_axe_violations()
    {
        var title = "Browser pulse " + Guid.NewGuid().ToString("N")[..8];
        var admin = await NewSignedInPageAsync("owner@acme.test", bypassCsp: true);
        await admin.GotoAsync("/acme/pulse/new");

        // Adding and removing questions happens without JavaScript, keeping what was typed.
        await admin.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add a question", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("form fieldset legend")).ToHaveCountAsync(6);
        await Assertions.Expect(admin.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(title);
        await admin.Locator("#Questions_5__Kind").SelectOptionAsync(new SelectOptionValue { Value = "FreeText" });
        await admin.Locator("#Questions_5__Text").FillAsync("Anything else?");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remove question 4", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("form fieldset legend")).ToHaveCountAsync(5);
        await AssertNoViolationsAsync(admin, "the new pulse survey form");

        // Enter in a field opens the survey (not the first question's Remove button).
        await admin.GetByLabel("Title", new() { Exact = true }).PressAsync("Enter");
        await admin.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/acme/pulse");
        await Assertions.Expect(admin.Locator("p.notice")).ToContainTextAsync($"Survey “{title}” is open.");
        await AssertNoViolationsAsync(admin, "the pulse survey list (admin)");

        var bob = await NewSignedInPageAsync("bob@acme.test", bypassCsp: true);
        await bob.GotoAsync("/acme/pulse");
        await bob.GetByRole(AriaRole.Link, new() { Name = $"Answer “{title}”", Exact = true }).ClickAsync();
        await Assertions.Expect(bob.Locator("h1")).ToHaveTextAsync(title);
        await AssertNoViolationsAsync(bob, "the pulse answer form");

        var sent = await bob.RunAndWaitForResponseAsync(
            () => bob.GetByRole(AriaRole.Button, new() { Name = "Send my answers", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, sent.Status);
        await Assertions.Expect(bob.Locator(".field-error").First).ToHaveTextAsync("Choose how much you agree.");
        await AssertNoViolationsAsync(bob, "the pulse answer form with errors");

        var statements = bob.Locator("form fieldset");
        await Assertions.Expect(statements).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await statements.Nth(i).GetByLabel("Agree", new() { Exact = true }).CheckAsync();
        }

        await bob.GetByLabel("What would make tracking feel better?", new() { Exact = true }).FillAsync("Fewer reminders");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Send my answers", Exact = true }).ClickAsync();
        await bob.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/acme/pulse");
        await Assertions.Expect(bob.Locator("p.notice")).ToContainTextAsync("recorded");

        await bob.GetByRole(AriaRole.Link, new() { Name = $"Results of “{title}”", Exact = true }).ClickAsync();
        await Assertions.Expect(bob.Locator("#pulse-suppressed")).ToContainTextAsync("Results appear once at least");
        await Assertions.Expect(bob.Locator("#pulse-suppressed")).ToContainTextAsync("(1 so far)");
        await AssertNoViolationsAsync(bob, "the pulse results page");
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }
}
