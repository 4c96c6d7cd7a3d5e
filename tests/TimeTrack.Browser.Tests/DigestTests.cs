using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The weekly digest in Chromium: alice@acme.test reviews last week's digest (seeded by the demo
/// data), writes a private reflection, asks for support and releases it; manager@acme.test then sees
/// the released digest and the request, never the reflection. No other browser test reads digests;
/// the test works whether or not alice's digest was released before.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DigestTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task Alice_reflects_asks_for_support_and_releases_and_her_manager_sees_the_digest_and_the_request_but_not_the_reflection()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var reflection = $"Private thought {marker}: too much context switching.";
        var request = $"Protecting focus time {marker}";

        var alice = await NewSignedInPageAsync("alice@acme.test", bypassCsp: true);
        await alice.GotoAsync("/acme/digests");
        await alice.Locator("#digest-history tbody tr a").First.ClickAsync();
        await alice.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/acme/digests/{ShellPages.LastWeekInAcme}");
        await Assertions.Expect(alice.Locator("#digest-total")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(alice, "alice's digest");

        await alice.GetByLabel("What went well, what would you change?", new() { Exact = true }).FillAsync(reflection);
        await alice.GetByLabel("Share my reflection with people who can see this digest", new() { Exact = true }).UncheckAsync();
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save reflection", Exact = true }).ClickAsync();
        await Assertions.Expect(alice.Locator("main > p.notice")).ToHaveTextAsync("Your reflection has been saved. Only you can read it.");

        // A request acknowledged in an earlier run can no longer be changed; a fresh one can.
        var support = alice.GetByRole(AriaRole.Textbox, new() { Name = "I could use support with…", Exact = true });
        if (await support.CountAsync() > 0)
        {
            await support.FillAsync(request);
            await alice.GetByRole(AriaRole.Button, new() { Name = "Save support request", Exact = true }).ClickAsync();
            await Assertions.Expect(alice.Locator("main > p.notice")).ToHaveTextAsync("Your support request has been saved.");
        }
        else
        {
            request = (await alice.Locator("#digest-support-request").InnerTextAsync()).Trim();
        }

        var release = alice.GetByRole(AriaRole.Button, new() { Name = "Release now", Exact = true });
        if (await release.CountAsync() > 0)
        {
            // Releasing cannot be undone: the button does nothing until the confirmation is ticked.
            await release.ClickAsync();
            await Assertions.Expect(alice.Locator("#digest-release-state")).ToContainTextAsync("Only you can see this");
            await alice.GetByLabel("I understand that releasing cannot be undone", new() { Exact = false }).CheckAsync();
            await release.ClickAsync();
            await Assertions.Expect(alice.Locator("main > p.notice")).ToHaveTextAsync("Your digest has been released.");
        }

        await Assertions.Expect(alice.Locator("#digest-release-state")).ToContainTextAsync("Released");
        var total = (await alice.Locator("#digest-total").InnerTextAsync()).Trim();

        var manager = await NewSignedInPageAsync("manager@acme.test", bypassCsp: true);
        await manager.GotoAsync("/acme/team/digests");
        var requestItem = manager.Locator("#support-requests li", new() { HasText = request });
        await Assertions.Expect(requestItem).ToHaveCountAsync(1);
        await Assertions.Expect(requestItem).ToContainTextAsync("Alice Anders");
        await AssertNoViolationsAsync(manager, "the team digests");

        var row = manager.Locator($"#team-digests tr[data-week='{ShellPages.LastWeekInAcme}']", new() { HasText = "Alice Anders" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "released");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(manager.Locator("#digest-total")).ToHaveTextAsync(total);
        await Assertions.Expect(manager.Locator("#digest-release-state")).ToContainTextAsync("Released");
        await Assertions.Expect(manager.Locator("#digest-support-request")).ToHaveTextAsync(request);
        await Assertions.Expect(manager.Locator("main")).Not.ToContainTextAsync(marker + ":");
        Assert.DoesNotContain(reflection, await manager.ContentAsync(), StringComparison.Ordinal);
        await AssertNoViolationsAsync(manager, "alice's digest as her manager sees it");
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }
}
