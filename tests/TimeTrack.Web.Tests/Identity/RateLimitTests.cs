using System.Net;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Identity;

public sealed class TightRateLimitFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimiting:AuthPermitLimit"] = "3",
        ["RateLimiting:AuthWindowSeconds"] = "300",
        ["Database:SeedDemo"] = "false",
    };
}

public sealed class RateLimitTests(TightRateLimitFactory factory) : IClassFixture<TightRateLimitFactory>
{
    [Fact]
    public async Task Fourth_sign_in_attempt_in_the_window_gets_429_and_a_clear_page()
    {
        var client = factory.CreateBrowserlikeClient();
        var fields = new Dictionary<string, string> { ["Email"] = "nobody@example.test", ["Password"] = "wrong password 123" };
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.SubmitAsync("/account/login", fields);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        var limited = await client.SubmitAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        var page = await Forms.ParseAsync(limited);
        Assert.Equal("Too many attempts", page.QuerySelector("h1")?.TextContent.Trim());

        // Registration and password reset share the limit; reading the login page does not count.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        var reset = await client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody@example.test" });
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
    }
}
