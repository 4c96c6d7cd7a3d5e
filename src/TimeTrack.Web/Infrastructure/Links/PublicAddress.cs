using System.Net;

namespace TimeTrack.Web.Infrastructure.Links;

/// <summary>
/// How people reach the app: the public base URL every emailed link starts with, and the reverse
/// proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> headers are believed. Read once
/// from configuration; what is wrong with it is in <see cref="Problems"/>, and the host refuses to
/// start while there are any (see <c>PublicAddressExtensions</c>).
/// </summary>
public sealed class PublicAddress
{
    public const string BaseUrlKey = "TimeTrack:PublicBaseUrl";
    public const string KnownProxiesKey = "TimeTrack:KnownProxies";
    public const string KnownNetworksKey = "TimeTrack:KnownNetworks";

    /// <summary>The earlier name of <see cref="BaseUrlKey"/>, used by digest emails only. Refused, so no link silently falls back.</summary>
    public const string RenamedBaseUrlKey = "App:BaseUrl";

    private static readonly char[] ListSeparators = [',', ';', ' '];

    private PublicAddress(Uri? baseUrl, IReadOnlyList<IPAddress> knownProxies, IReadOnlyList<IPNetwork> knownNetworks, IReadOnlyList<string> problems)
    {
        BaseUrl = baseUrl;
        KnownProxies = knownProxies;
        KnownNetworks = knownNetworks;
        Problems = problems;
    }

    /// <summary>The configured public base URL; null only in Development when none is set (links then use the server's own address).</summary>
    public Uri? BaseUrl { get; }

    /// <summary>Proxies (exact addresses) trusted with forwarded headers. Both lists empty: loopback only.</summary>
    public IReadOnlyList<IPAddress> KnownProxies { get; }

    /// <summary>Networks of proxies trusted with forwarded headers.</summary>
    public IReadOnlyList<IPNetwork> KnownNetworks { get; }

    /// <summary>What is wrong with the settings, one sentence each (naming the key and how to fix it); empty when all is well.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The host name of <see cref="BaseUrl"/> as <c>AllowedHosts</c> spells it (punycode; IPv6 in brackets).</summary>
    public string? Host => BaseUrl is { } url
        ? url.HostNameType == UriHostNameType.Dns ? url.IdnHost : url.Host
        : null;

    public static PublicAddress Read(IConfiguration configuration, bool development)
    {
        var problems = new List<string>();
        var baseUrl = ReadBaseUrl(configuration, development, problems);
        var proxies = new List<IPAddress>();
        foreach (var value in ReadList(configuration.GetSection(KnownProxiesKey)))
        {
            if (IPAddress.TryParse(value, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                problems.Add($"{KnownProxiesKey}: '{value}' is not an IP address (such as 10.0.0.5 or fd00::5).");
            }
        }

        var networks = new List<IPNetwork>();
        foreach (var value in ReadList(configuration.GetSection(KnownNetworksKey)))
        {
            if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"{KnownNetworksKey}: '{value}' is not a network in CIDR notation (such as 10.0.0.0/8).");
            }
        }

        return new PublicAddress(baseUrl, proxies, networks, problems);
    }

    private static Uri? ReadBaseUrl(IConfiguration configuration, bool development, List<string> problems)
    {
        var value = configuration[BaseUrlKey]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (!string.IsNullOrWhiteSpace(configuration[RenamedBaseUrlKey]))
            {
                problems.Add($"{RenamedBaseUrlKey} has been renamed: set {BaseUrlKey} (environment variable TimeTrack__PublicBaseUrl) instead.");
            }
            else if (!development)
            {
                problems.Add($"{BaseUrlKey} is not set. Outside Development it is required: set it to the address people open in their browser, "
                    + "such as https://time.example.com (environment variable TimeTrack__PublicBaseUrl). Emailed links start with it, never with a request's Host header.");
            }

            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            problems.Add($"{BaseUrlKey} '{value}' is not an absolute http:// or https:// URL such as https://time.example.com.");
            return null;
        }

        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            problems.Add($"{BaseUrlKey} '{value}' must be a plain address: no user name, query or fragment.");
            return null;
        }

        if (!development && url.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{BaseUrlKey} '{value}' must start with https:// outside Development: cookies are sent over HTTPS only there. "
                + "Serve plain HTTP behind a TLS reverse proxy instead (docs/deployment/reverse-proxy.md).");
            return null;
        }

        return url;
    }

    /// <summary>A list as array entries (<c>Key:0</c>, <c>Key:1</c>, …) or as one value separated by commas, semicolons or spaces.</summary>
    private static IEnumerable<string> ReadList(IConfigurationSection section) =>
        new[] { section.Value }
            .Concat(section.GetChildren().Select(child => child.Value))
            .SelectMany(value => (value ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
