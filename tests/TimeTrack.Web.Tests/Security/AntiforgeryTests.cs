using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Security;

/// <summary>
/// Every state-changing route the app maps — found from its endpoint data source, so new ones are
/// covered automatically — refuses a request without an antiforgery token, even from a signed-in owner.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AntiforgeryTests(TimeTrackFactory factory)
{
    private static readonly string[] SafeMethods = ["GET", "HEAD", "OPTIONS", "TRACE"];

    [Fact]
    public async Task Every_unsafe_route_rejects_a_request_without_an_antiforgery_token()
    {
        var routes = AppRoute.All(factory.Services)
            .Where(r => !SafeMethods.Contains(r.Method))
            .ToList();
        Assert.Contains(routes, r => r.Template == "/account/login");
        Assert.Contains(routes, r => r.Template == "/organizations/new");

        // Only the error pages (re-executed for any method, they change nothing) opt out.
        var optedOut = routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAntiforgeryPolicy>() is IgnoreAntiforgeryTokenAttribute)
            .Select(r => r.Template).Distinct().ToList();
        Assert.All(optedOut, template => Assert.StartsWith("/errors/", template, StringComparison.Ordinal));

        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("owner@acme.test");
        var accepted = new List<string>();
        foreach (var route in routes.Where(r => !optedOut.Contains(r.Template)))
        {
            var url = route.Fill("acme");
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url) { Content = new FormUrlEncodedContent([]) };
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{route.Method} {url} answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public async Task Request_with_a_token_from_another_session_is_rejected()
    {
        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        var aliceToken = (await alice.GetDocumentAsync("/organizations/new")).QuerySelector("form[action='/organizations/new'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var bob = factory.CreateBrowserlikeClient();
        await bob.LogInAsync("bob@acme.test");
        var response = await bob.PostAsync("/organizations/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "Bob's shadow org",
            ["__RequestVerificationToken"] = aliceToken,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
