using System.Net;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class LockoutTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Account_is_locked_after_five_failed_sign_ins_even_for_the_right_password()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "lockout");
        var client = factory.CreateBrowserlikeClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "not the password at all" });
            Assert.NotEqual(HttpStatusCode.Redirect, failed.StatusCode);
            var page = await Forms.ParseAsync(failed);
            // The form keeps the email that was typed and never echoes the password.
            Assert.Equal(email, page.QuerySelector("input[name='Email']")?.GetAttribute("value"));
            Assert.True(string.IsNullOrEmpty(page.QuerySelector("input[name='Password']")?.GetAttribute("value")));
        }

        var fifth = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "still not the password" });
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.StartsWith("/account/lockout", fifth.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var correct = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, correct.StatusCode);
        Assert.StartsWith("/account/lockout", correct.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/organizations")).StatusCode);
    }

    [Fact]
    public async Task A_correct_sign_in_before_the_limit_resets_nothing_and_lands_in_the_app()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "fine");
        var client = factory.CreateBrowserlikeClient();
        await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "wrong password here" });
        var response = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // No organization yet: the person is sent to create one.
        Assert.Equal("/organizations/new", response.Headers.Location!.OriginalString);
    }
}
