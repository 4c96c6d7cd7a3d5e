using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// The HTTP layer: every organization-scoped endpoint the app maps, found from its own endpoint data
/// source (so a new controller is covered the day it is added), answers 404 to a non-member.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrganizationRouteTests(TimeTrackFactory factory)
{
    private static readonly string[] ShellPages = ["time", "digests", "transparency", "team", "admin"];

    [Fact]
    public async Task Member_of_acme_gets_404_on_every_globex_route()
    {
        var routes = OrganizationRoutes();
        foreach (var page in ShellPages)
        {
            Assert.Contains(routes, r => r.Method == "GET" && r.Template.EndsWith("/" + page, StringComparison.Ordinal));
        }

        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");

        var answers = new List<string>();
        foreach (var route in routes)
        {
            var url = route.Fill("globex");
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            if (route.Method is not ("GET" or "HEAD" or "DELETE" or "OPTIONS"))
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                answers.Add($"{route.Method} {url} ({route.Template}) answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(answers);
    }

    [Fact]
    public async Task Unknown_organization_looks_exactly_like_one_you_are_not_a_member_of()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");

        var unknown = await client.GetAsync("/no-such-organization/time");
        var foreign = await client.GetAsync("/globex/time");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(
            (await Forms.ParseAsync(unknown)).QuerySelector("h1")?.TextContent,
            (await Forms.ParseAsync(foreign)).QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task Members_reach_their_own_organization()
    {
        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/acme/time")).StatusCode);

        // globex exists: alice's 404 there is about membership, not an unknown address.
        var dave = factory.CreateBrowserlikeClient();
        await dave.LogInAsync("dave@globex.test");
        Assert.Equal(HttpStatusCode.OK, (await dave.GetAsync("/globex/time")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync("/acme/time")).StatusCode);
    }

    private List<AppRoute> OrganizationRoutes()
    {
        var routes = AppRoute.All(factory.Services)
            .Where(r => r.Pattern.GetParameter(OrganizationRouteMiddleware.RouteKey) is not null)
            .ToList();
        Assert.NotEmpty(routes);
        return routes;
    }
}
