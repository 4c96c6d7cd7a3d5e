using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Identity;

/// <summary>
/// Logging out, changing the password and resetting it end every session of the person at once: a
/// sign-in cookie copied beforehand (or another device's) is refused on its very next request.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SessionTests(TimeTrackFactory factory)
{
    private const string AuthCookie = "timetrack.auth";
    private const string SignedInPage = "/account/manage";
    private static readonly Uri AppAddress = new("http://localhost");

    [Fact]
    public async Task Copied_cookie_is_refused_right_after_logout()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "logout");
        var (browser, cookies) = NewBrowser();
        await browser.LogInAsync(email, TestUsers.Password);
        var copied = CookieOf(cookies);
        var (otherDevice, _) = NewBrowser();
        await otherDevice.LogInAsync(email, TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(copied));

        var logout = await browser.SubmitAsync(SignedInPage, "/account/logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        await AssertSignedOutAsync(copied);
        AssertRedirectedToLogin(await otherDevice.GetAsync(SignedInPage));

        // Logging in again afterwards works as usual.
        var (again, _) = NewBrowser();
        await again.LogInAsync(email, TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(SignedInPage)).StatusCode);
    }

    [Fact]
    public async Task Copied_cookie_is_refused_right_after_a_password_change_and_the_session_that_changed_it_stays_signed_in()
    {
        const string newPassword = "a brand new passphrase for this test";
        var email = await TestUsers.CreateAsync(factory.Services, "change");
        var (browser, cookies) = NewBrowser();
        await browser.LogInAsync(email, TestUsers.Password);
        var copied = CookieOf(cookies);
        var (otherDevice, _) = NewBrowser();
        await otherDevice.LogInAsync(email, TestUsers.Password);

        var changed = await browser.SubmitAsync("/account/manage/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestUsers.Password,
            ["NewPassword"] = newPassword,
            ["ConfirmNewPassword"] = newPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SignedInPage)).StatusCode);
        Assert.NotEqual(copied, CookieOf(cookies));
        await AssertSignedOutAsync(copied);
        AssertRedirectedToLogin(await otherDevice.GetAsync(SignedInPage));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SignedInPage)).StatusCode);
    }

    [Fact]
    public async Task Copied_cookie_is_refused_right_after_a_password_reset()
    {
        const string newPassword = "another fresh passphrase for the reset";
        var email = await TestUsers.CreateAsync(factory.Services, "reset");
        var (browser, cookies) = NewBrowser();
        await browser.LogInAsync(email, TestUsers.Password);
        var copied = CookieOf(cookies);
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(copied));

        var (anonymous, _) = NewBrowser();
        var asked = await anonymous.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var link = new Uri(Mailbox.NewestLink(factory.MailDirectory, email, "/account/reset-password"));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var reset = await anonymous.SubmitAsync(link.PathAndQuery, "/account/reset-password", new Dictionary<string, string>
        {
            ["UserId"] = query["userId"].ToString(),
            ["Code"] = query["code"].ToString(),
            ["Password"] = newPassword,
            ["ConfirmPassword"] = newPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/account/reset-password-confirmation", reset.Headers.Location?.OriginalString);
        await AssertSignedOutAsync(copied);
        AssertRedirectedToLogin(await browser.GetAsync(SignedInPage));
    }

    /// <summary>A client that keeps its cookies where the test can read them, and follows no redirects.</summary>
    private (HttpClient Client, System.Net.CookieContainer Cookies) NewBrowser()
    {
        var cookies = new System.Net.CookieContainer();
        return (factory.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    private static string CookieOf(System.Net.CookieContainer cookies) =>
        cookies.GetCookies(AppAddress)[AuthCookie]?.Value ?? throw new InvalidOperationException("The client is not signed in.");

    /// <summary>Someone else replays the cookie value on a page that needs a signed-in person.</summary>
    private async Task<HttpStatusCode> StatusWithCookieAsync(string cookie)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, SignedInPage);
        request.Headers.Add("Cookie", $"{AuthCookie}={cookie}");
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            AssertRedirectedToLogin(response);
        }

        return response.StatusCode;
    }

    private async Task AssertSignedOutAsync(string cookie) =>
        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(cookie));

    private static void AssertRedirectedToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location ?? throw new InvalidOperationException("A redirect without a Location.");
        Assert.StartsWith("/account/login", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
    }
}
