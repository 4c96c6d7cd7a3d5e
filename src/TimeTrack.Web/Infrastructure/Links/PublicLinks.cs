using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TimeTrack.Web.Infrastructure.Links;

/// <summary>
/// Absolute links for emails and other places that leave the browser: always the configured public
/// base URL plus an app path, never the scheme or Host of the request that happens to cause them (a
/// forged Host header would otherwise put an attacker's address into a password reset email).
/// </summary>
public sealed class PublicLinks(PublicAddress address, LinkGenerator links, IServer server)
{
    /// <summary>Where links point: the configured base URL, or in Development without one the server's own address.</summary>
    public Uri BaseUrl => address.BaseUrl ?? ServerAddress();

    /// <summary>The base URL without a trailing slash, e.g. <c>https://time.example.com</c> or <c>https://example.com/timetrack</c>.</summary>
    public string Root => BaseUrl.GetLeftPart(UriPartial.Authority) + BaseUrl.AbsolutePath.TrimEnd('/');

    /// <summary>The absolute URL of an app path such as <c>/acme/digests/2026-11-16</c>.</summary>
    public string To(string path)
    {
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a path within the app.", nameof(path));
        }

        return Root + path;
    }

    /// <summary>The absolute URL of a controller action, with <paramref name="values"/> as route values and query.</summary>
    public string ToAction(string action, string controller, object? values) =>
        To(links.GetPathByAction(action, controller, values)
            ?? throw new InvalidOperationException($"No route leads to {controller}.{action}."));

    /// <summary>Development only: the first address Kestrel listens on, wildcards shown as localhost (TestServer: http://localhost).</summary>
    private Uri ServerAddress()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null)
        {
            return new Uri("http://localhost");
        }

        var binding = BindingAddress.Parse(first);
        var host = binding.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" ? "localhost" : binding.Host;
        return new UriBuilder(binding.Scheme, host, binding.Port).Uri;
    }
}
