using System.Net;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests;

[Collection(AppCollection.Name)]
public sealed class HealthAndShellTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Ready_answers_200_when_database_and_job_storage_are_reachable()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_page_says_what_TimeTrack_is_and_sends_security_headers()
    {
        var response = await factory.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("visibility, not control", html, StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Theory]
    [InlineData("/acme/time", "My time")]
    [InlineData("/acme/digests", "Your weekly digests")]
    [InlineData("/acme/transparency", "Transparency")]
    public async Task Employee_reaches_each_shell_page_of_their_organization(string url, string heading)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");
        var page = await client.GetDocumentAsync(url);
        Assert.Equal(heading, page.QuerySelector("h1")?.TextContent.Trim());
        // The employee's navigation has no Team or Admin entry.
        var nav = page.QuerySelector("nav.main-nav")!.TextContent;
        Assert.DoesNotContain("Admin", nav, StringComparison.Ordinal);
        Assert.DoesNotContain("Team", nav, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Employee_gets_403_on_admin_pages_and_on_the_team_page_sees_no_ones_figures()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("bob@acme.test");
        // The team page shows what the policy lets each member see; by default teammates see nothing individual.
        var bob = await factory.Database.UserIdAsync("bob@acme.test");
        var team = await client.GetDocumentAsync("/acme/team");
        var people = team.QuerySelectorAll("a[href*='/acme/team/people/']").Select(a => a.GetAttribute("href")!).ToList();
        Assert.All(people, href => Assert.Contains($"/acme/team/people/{bob}", href, StringComparison.Ordinal));
        var admin = await client.GetAsync("/acme/admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/access-denied", admin.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_sees_team_page_and_admin_sees_admin_page()
    {
        var manager = factory.CreateBrowserlikeClient();
        await manager.LogInAsync("manager@acme.test");
        Assert.Equal("Team", (await manager.GetDocumentAsync("/acme/team")).QuerySelector("h1")?.TextContent.Trim());

        var admin = factory.CreateBrowserlikeClient();
        await admin.LogInAsync("admin@acme.test");
        var page = await admin.GetDocumentAsync("/acme/admin");
        Assert.Contains("alice@acme.test", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }
}
