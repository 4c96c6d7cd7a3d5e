using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using TimeTrack.Web.Infrastructure.Links;

namespace TimeTrack.Web.Extensions;

/// <summary>
/// The public address and the reverse proxy in front of the app (docs/deployment/reverse-proxy.md,
/// ADR 015): emailed links from <c>TimeTrack:PublicBaseUrl</c>; outside Development <c>AllowedHosts</c>
/// pinned to its host unless set, and HTTPS redirects to its port; <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> believed only from known proxies (loopback unless configured).
/// </summary>
public static class PublicAddressExtensions
{
    /// <summary>Host names always accepted besides the public one: probes inside the container or on the host itself.</summary>
    public static readonly IReadOnlyList<string> LocalHosts = ["localhost"];

    private static readonly TimeSpan IgnoredHeaderWarningInterval = TimeSpan.FromMinutes(5);

    public static IHostApplicationBuilder AddTimeTrackPublicAddress(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var address = PublicAddress.Read(builder.Configuration, development);
        builder.Services.AddSingleton(address);
        builder.Services.AddSingleton<PublicLinks>();

        // Checked when the host starts (not by `migrate`), before it listens: a clear message instead of wrong links.
        builder.Services.AddOptions<PublicAddressCheck>()
            .Validate(_ => address.Problems.Count == 0, "The public address is misconfigured: " + string.Join(" ", address.Problems))
            .ValidateOnStart();

        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustKnownProxies(options, address));

        if (!development && address.Host is { } publicHost && IsUnpinned(builder.Configuration["AllowedHosts"]))
        {
            builder.Services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = [publicHost, .. LocalHosts]);
        }

        var configuredHttpsPort = builder.Configuration["HTTPS_PORT"] ?? builder.Configuration["ANCM_HTTPS_PORT"];
        if (configuredHttpsPort is null && address.BaseUrl is { Scheme: "https" } httpsUrl)
        {
            // Behind a proxy Kestrel has no HTTPS endpoint to learn the port from; without one, plain
            // HTTP would not be redirected and would reach Secure-only cookies and antiforgery (500).
            builder.Services.PostConfigure<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>(options => options.HttpsPort ??= httpsUrl.Port);
        }

        return builder;
    }

    /// <summary>
    /// First in the pipeline: the client's address and scheme as the trusted proxy saw them, so HTTPS
    /// redirection, HSTS, Secure cookies, antiforgery and per-client rate limits see the real request.
    /// </summary>
    public static IApplicationBuilder UseTimeTrackForwardedHeaders(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PublicAddressExtensions));
        var lastWarning = 0L;
        return app.Use(async (context, next) =>
        {
            // Applied headers are removed by the middleware; one still here came from an untrusted address.
            if (context.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedProtoHeaderName))
            {
                var now = Environment.TickCount64;
                var last = Interlocked.Read(ref lastWarning);
                if ((last == 0 || now - last > IgnoredHeaderWarningInterval.TotalMilliseconds) && Interlocked.CompareExchange(ref lastWarning, now, last) == last)
                {
                    logger.LogWarning(
                        "Ignored X-Forwarded-Proto from {RemoteIpAddress}, which is not a known proxy. If it is your reverse proxy, add it to {KnownProxiesKey} or {KnownNetworksKey}",
                        context.Connection.RemoteIpAddress,
                        PublicAddress.KnownProxiesKey,
                        PublicAddress.KnownNetworksKey);
                }
            }

            await next(context);
        });
    }

    private static void TrustKnownProxies(ForwardedHeadersOptions options, PublicAddress address)
    {
        // Not X-Forwarded-Host: the proxy passes the Host header through, and links never depend on it.
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;

        // Always set explicitly, so ASPNETCORE_FORWARDEDHEADERS_ENABLED (which trusts everyone) cannot widen it.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (address.KnownProxies.Count == 0 && address.KnownNetworks.Count == 0)
        {
            options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
            return;
        }

        foreach (var proxy in address.KnownProxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in address.KnownNetworks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }

    private static bool IsUnpinned(string? allowedHosts) =>
        string.IsNullOrWhiteSpace(allowedHosts)
        || allowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains("*");

    /// <summary>Carries the start-up check of <see cref="PublicAddress.Problems"/>.</summary>
    private sealed class PublicAddressCheck;
}
