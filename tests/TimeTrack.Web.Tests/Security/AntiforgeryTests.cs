using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Features.Api;
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

        // Only the error pages (re-executed for any method, they change nothing) and the token-only API
        // (no cookie is ever accepted there, so a browser cannot be tricked into sending credentials) opt out.
        var optedOutRoutes = routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAntiforgeryPolicy>() is IgnoreAntiforgeryTokenAttribute).ToList();
        var optedOut = optedOutRoutes.Select(r => r.Template).Distinct().ToList();
        Assert.All(optedOut, template => Assert.True(
            template.StartsWith("/errors/", StringComparison.Ordinal) || template.StartsWith("/api/", StringComparison.Ordinal),
            $"{template} opts out of antiforgery"));
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var route in optedOutRoutes.Where(r => r.Template.StartsWith("/api/", StringComparison.Ordinal)))
        {
            Assert.Null(route.Endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            var policy = await AuthorizationPolicy.CombineAsync(
                policies,
                route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                route.Endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            Assert.NotNull(policy);
            Assert.Equal([PersonalAccessTokenHandler.SchemeName], policy.AuthenticationSchemes);
        }

        Assert.Contains(optedOut, template => template.StartsWith("/api/", StringComparison.Ordinal));

        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("owner@acme.test");
        var accepted = new List<string>();
        foreach (var route in optedOutRoutes.Where(r => r.Template.StartsWith("/api/", StringComparison.Ordinal)))
        {
            // The owner's sign-in cookie gets nowhere on a route that skips antiforgery.
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Fill("acme")) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                accepted.Add($"{route.Method} {route.Template} answered {(int)response.StatusCode} to a cookie");
            }
        }

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
