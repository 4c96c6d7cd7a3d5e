using System.Net;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Operations;

[Collection(AppCollection.Name)]
public sealed class OperationsEndpointTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Job_dashboard_is_closed_to_anonymous_visitors()
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/ops/jobs");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }

    [Theory]
    [InlineData("alice@acme.test")]
    [InlineData("owner@globex.test")] // owning an organization does not make you a platform operator
    public async Task Job_dashboard_is_closed_to_people_who_are_not_operators(string email)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email);
        var response = await client.GetAsync("/ops/jobs");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }

    [Fact]
    public async Task Job_dashboard_opens_for_a_configured_operator()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("owner@acme.test");
        var response = await client.GetAsync("/ops/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("TimeTrack jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_answers_200_without_signing_in()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
