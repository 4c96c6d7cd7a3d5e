using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Security;

/// <summary>The app as it runs outside development: HTTPS only, HSTS, secure cookies, one host name.</summary>
public sealed class ProductionFactory : TimeTrackFactory
{
    public const string PublicBaseUrl = "https://timetrack.example";

    // No https_port: HTTPS redirects take the public base URL's port.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:PublicBaseUrl"] = PublicBaseUrl,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    public HttpClient CreateClientFor(string baseAddress) => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(baseAddress),
    });
}

public sealed class ProductionBaselineTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        var response = await factory.CreateClientFor("http://timetrack.example").GetAsync("/account/login");
        Assert.True(response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently);
        Assert.Equal("https://timetrack.example/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Https_responses_carry_HSTS_and_cookies_are_secure_httponly_and_samesite_lax()
    {
        var client = factory.CreateClientFor("https://timetrack.example");
        var page = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var hsts = page.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);

        var login = await client.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = "alice@acme.test",
            ["Password"] = "Demo-Password-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("timetrack.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        foreach (var cookie in page.Headers.GetValues("Set-Cookie").Concat(cookies))
        {
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("https://attacker.example")]
    [InlineData("http://attacker.example")]
    [InlineData("https://timetrack.example.attacker.example")]
    public async Task Request_with_a_foreign_host_is_refused(string baseAddress)
    {
        var client = factory.CreateClientFor(baseAddress);

        var page = await client.GetAsync("/account/login");
        var reset = await client.PostAsync("/account/forgot-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "alice@acme.test",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
    }

    [Fact]
    public async Task The_public_host_in_any_letter_case_and_with_its_port_is_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor("https://TimeTrack.Example").GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor("https://timetrack.example:443").GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Errors_show_a_friendly_page_without_details()
    {
        var response = await factory.CreateClientFor("https://timetrack.example").GetAsync("/errors/500");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versioned_static_files_are_compressed_and_kept_a_year_but_pages_are_never_compressed()
    {
        var client = factory.CreateClientFor("https://timetrack.example");
        var login = await client.GetStringAsync("/account/login");
        var css = System.Text.RegularExpressions.Regex.Match(login, "href=\"(/css/site\\.css\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(css);

        using var styles = new HttpRequestMessage(HttpMethod.Get, css);
        styles.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var compressed = await client.SendAsync(styles);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal("public, max-age=31536000, immutable", compressed.Headers.CacheControl?.ToString());

        // Without its version a file may change, so it is checked each time.
        var unversioned = await client.GetAsync("/css/site.css");
        Assert.True(unversioned.Headers.CacheControl?.NoCache);

        // A page holds antiforgery tokens and people's data: never compressed (no BREACH-style guessing).
        using var page = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        page.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var html = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Empty(html.Content.Headers.ContentEncoding);
    }
}
