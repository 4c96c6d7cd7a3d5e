using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public async Task First_tab_reaches_the_skip_link_and_activating_it_moves_focus_to_main()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('a.skip-link')"));

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'main'");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.tagName.toLowerCase()"));
    }
}
