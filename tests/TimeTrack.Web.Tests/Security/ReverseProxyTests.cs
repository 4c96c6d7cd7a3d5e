using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Tests.Identity;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Security;

/// <summary>
/// docs/deployment/reverse-proxy.md as a test: the app in Production on real Kestrel over plain HTTP
/// on loopback, configured as the recipe says (public base URL, the proxy's address as the one known
/// proxy), behind <see cref="LoopbackProxyHandler"/>.
/// </summary>
public sealed class ReverseProxyFactory : TimeTrackFactory
{
    public const string PublicBaseUrl = "https://timetrack.example";
    public const int AuthPermitLimit = 4;

    /// <summary>The proxy's own address: the only one whose forwarded headers the app believes.</summary>
    public static readonly IPAddress ProxyAddress = IPAddress.Loopback;

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234 (what nginx's proxy_pass names).</summary>
    public Uri AppAddress { get; private set; } = new("http://127.0.0.1");

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:PublicBaseUrl"] = PublicBaseUrl,
        ["TimeTrack:KnownProxies:0"] = ProxyAddress.ToString(),
        ["RateLimiting:AuthPermitLimit"] = AuthPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:AuthWindowSeconds"] = "600",
    };

    public override async Task InitializeAsync()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        AppAddress = new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    /// <summary>
    /// A browser at https://timetrack.example whose requests reach the app through the proxy, as the
    /// client <paramref name="clientAddress"/>; the proxy connects from <paramref name="proxyAddress"/>
    /// (default: the known proxy).
    /// </summary>
    public HttpClient CreateProxiedClient(string clientAddress, IPAddress? proxyAddress = null) =>
        new(new CookieContainerHandler(new CookieContainer()) { InnerHandler = new LoopbackProxyHandler(AppAddress, clientAddress, proxyAddress ?? ProxyAddress) })
        {
            BaseAddress = new Uri(PublicBaseUrl),
        };

    /// <summary>Plain HTTP straight to Kestrel, no proxy, with the public host in the Host header.</summary>
    public HttpClient CreateDirectClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = AppAddress };
        client.DefaultRequestHeaders.Host = new Uri(PublicBaseUrl).Authority;
        return client;
    }
}

/// <summary>
/// The reverse proxy of the recipe in miniature: the browser side is https://timetrack.example; each
/// request goes on over plain HTTP to the app, from <c>sourceAddress</c>, with the Host header passed
/// through and <c>X-Forwarded-Proto</c> / <c>X-Forwarded-For</c> set, as nginx's
/// <c>proxy_set_header</c> lines in docs/deployment/reverse-proxy.md do.
/// </summary>
public sealed class LoopbackProxyHandler(Uri upstream, string clientAddress, IPAddress sourceAddress) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _upstream = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(sourceAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(sourceAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        using var forwarded = new HttpRequestMessage(request.Method, new Uri(upstream, original.PathAndQuery)) { Content = request.Content };
        foreach (var header in request.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        forwarded.Headers.Host = original.Authority;                    // proxy_set_header Host $host;
        forwarded.Headers.Add("X-Forwarded-Proto", original.Scheme);     // proxy_set_header X-Forwarded-Proto $scheme;
        forwarded.Headers.Add("X-Forwarded-For", clientAddress);         // proxy_set_header X-Forwarded-For $remote_addr;
        var response = await _upstream.SendAsync(forwarded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _upstream.Dispose();
        }

        base.Dispose(disposing);
    }
}

public sealed class ReverseProxyTests(ReverseProxyFactory factory) : IClassFixture<ReverseProxyFactory>
{
    [Fact]
    public async Task Behind_a_tls_proxy_production_over_http_signs_in_and_posts_a_form_with_secure_cookies()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "proxied");
        using var browser = factory.CreateProxiedClient("203.0.113.10");

        var page = await browser.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var login = await browser.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = TestUsers.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("timetrack.af=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("timetrack.auth=", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        var saved = await browser.SubmitAsync("/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = "Behind The Proxy",
            ["TimeZoneId"] = "Europe/Lisbon",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/account/manage", saved.Headers.Location?.OriginalString);
        var profile = await browser.GetDocumentAsync("/account/manage");
        Assert.Equal("Behind The Proxy", profile.QuerySelector("input[name='DisplayName']")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("GET", "/account/login")]
    [InlineData("GET", "/account/manage")]
    [InlineData("POST", "/account/login")]
    [InlineData("POST", "/account/forgot-password")]
    public async Task Straight_to_the_app_plain_http_is_redirected_to_https_never_a_500(string method, string path)
    {
        using var direct = factory.CreateDirectClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "alice@acme.test", ["Password"] = "x" });
        }

        using var response = await direct.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"{ReverseProxyFactory.PublicBaseUrl}{path}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_address_are_ignored()
    {
        // 127.0.0.2 is this machine too, but not the configured proxy: its X-Forwarded-Proto: https is not believed.
        using var untrusted = factory.CreateProxiedClient("203.0.113.20", IPAddress.Parse("127.0.0.2"));
        using var trusted = factory.CreateProxiedClient("203.0.113.20");

        var ignored = await untrusted.GetAsync("/account/login");
        var posted = await untrusted.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "alice@acme.test" }));
        var believed = await trusted.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, ignored.StatusCode);
        Assert.Equal($"{ReverseProxyFactory.PublicBaseUrl}/account/login", ignored.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, believed.StatusCode);
    }

    [Fact]
    public async Task Each_client_behind_the_proxy_is_rate_limited_on_its_own_address()
    {
        using var first = factory.CreateProxiedClient("198.51.100.21");
        using var second = factory.CreateProxiedClient("198.51.100.22");

        for (var attempt = 1; attempt <= ReverseProxyFactory.AuthPermitLimit; attempt++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await ForgotPasswordAsync(first)).StatusCode);
        }

        // Without X-Forwarded-For every client would share the proxy's one address, and its limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ForgotPasswordAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ForgotPasswordAsync(second)).StatusCode);
    }

    private static Task<HttpResponseMessage> ForgotPasswordAsync(HttpClient client) =>
        client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = $"nobody-{Guid.NewGuid():N}@example.test" });
}
