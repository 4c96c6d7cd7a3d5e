using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Input;

/// <summary>A clock that can be made to fail, to cause a server error on demand.</summary>
public sealed class BreakableClock : IClock
{
    public bool Broken { get; set; }

    public Instant GetCurrentInstant() =>
        Broken ? throw new InvalidOperationException("The clock is broken for this test.") : SystemClock.Instance.GetCurrentInstant();
}

/// <summary>The app as deployed (Production: the exception handler, not the developer page), with a clock a test can break.</summary>
public sealed class BreakableProductionFactory : TimeTrackFactory
{
    public BreakableClock Clock { get; } = new();

    // Production requires the public address; HTTPS redirects take its port.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:PublicBaseUrl"] = "https://timetrack.example",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    public HttpClient CreateHttpsClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://timetrack.example"),
    });
}

/// <summary>Under <c>/api/</c> every error is problem details, a server error too, and never says more than that it happened.</summary>
public sealed class ApiErrorsInProductionTests(BreakableProductionFactory factory) : IClassFixture<BreakableProductionFactory>
{
    [Fact]
    public async Task A_server_error_under_the_api_is_a_500_problem_without_details_and_a_page_gets_the_friendly_page()
    {
        var browser = factory.CreateHttpsClient();
        await browser.LogInAsync("bob@acme.test");
        var created = await browser.SubmitAsync("/acme/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Server error test",
            ["NewToken.LifetimeDays"] = "30",
        });
        var token = (await Forms.ParseAsync(created)).QuerySelector("#created-token")!.TextContent.Trim();
        var api = factory.CreateHttpsClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        factory.Clock.Broken = true;
        try
        {
            var response = await api.GetAsync("/api/v1/me");
            var page = await browser.GetAsync("/acme/time");

            var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
            Assert.Equal("Server error", problem["title"]?.GetValue<string>());
            Assert.DoesNotContain("clock", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Something went wrong", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            factory.Clock.Broken = false;
        }
    }

    [Fact]
    public async Task An_unknown_api_address_is_a_404_problem_in_production_too()
    {
        var response = await factory.CreateHttpsClient().GetAsync("/api/v1/no-such-thing");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}
