using System.Net;

namespace TimeTrack.Web.Tests.Api;

/// <summary>Addresses under /api that match nothing answer like the API does, not with the HTML error page.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiNotFoundTests(Infrastructure.TimeTrackFactory factory)
{
    [Theory]
    [InlineData("/api/v1/no-such-resource")]
    [InlineData("/api/v2/entries")]
    [InlineData("/api/v1/entries/not-a-guid/more")]
    public async Task Unknown_api_address_gets_a_problem_details_404(string path)
    {
        var token = await factory.CreateTokenAsync("bob@acme.test", "acme", "Not found test");
        var problem = await (await factory.CreateApiClient(token).GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Not found", problem["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_page_outside_the_api_still_gets_the_html_page()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
