using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using TimeTrack.Web.Infrastructure.Links;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Security;

/// <summary>The public base URL and trusted proxies are checked when the host starts, with a message that names the fix.</summary>
public sealed class PublicAddressTests
{
    [Theory]
    [InlineData("https://time.example.com", false, "https://time.example.com/")]
    [InlineData("https://time.example.com/", false, "https://time.example.com/")]
    [InlineData("https://example.com/timetrack", false, "https://example.com/timetrack")]
    [InlineData("https://time.example.com:8443", false, "https://time.example.com:8443/")]
    [InlineData("http://127.0.0.1:5080", true, "http://127.0.0.1:5080/")]
    [InlineData(null, true, null)]
    public void Valid_base_url_is_taken_as_configured(string? value, bool development, string? expected)
    {
        var address = Read(development, ("TimeTrack:PublicBaseUrl", value));

        Assert.Empty(address.Problems);
        Assert.Equal(expected, address.BaseUrl?.ToString());
    }

    [Theory]
    [InlineData(null, false, "TimeTrack:PublicBaseUrl is not set")]
    [InlineData("", false, "TimeTrack:PublicBaseUrl is not set")]
    [InlineData("http://time.example.com", false, "must start with https://")]
    [InlineData("time.example.com", false, "is not an absolute http:// or https:// URL")]
    [InlineData("/relative/path", true, "is not an absolute http:// or https:// URL")]
    [InlineData("ftp://time.example.com", true, "is not an absolute http:// or https:// URL")]
    [InlineData("https://time.example.com/?next=1", true, "must be a plain address")]
    [InlineData("https://user@time.example.com", true, "must be a plain address")]
    public void Wrong_or_missing_base_url_is_a_problem_that_names_the_setting(string? value, bool development, string expected)
    {
        var address = Read(development, ("TimeTrack:PublicBaseUrl", value));

        Assert.Contains(address.Problems, problem => problem.Contains(expected, StringComparison.Ordinal));
        Assert.Null(address.BaseUrl);
    }

    [Fact]
    public void Old_key_is_refused_with_the_new_name_rather_than_silently_ignored()
    {
        var address = Read(true, ("App:BaseUrl", "https://time.example.com"));

        Assert.Contains(address.Problems, problem => problem.Contains("App:BaseUrl has been renamed: set TimeTrack:PublicBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Known_proxies_and_networks_read_as_lists_or_as_one_separated_value()
    {
        var address = Read(
            false,
            ("TimeTrack:PublicBaseUrl", "https://time.example.com"),
            ("TimeTrack:KnownProxies", "10.0.0.5, fd00::5"),
            ("TimeTrack:KnownNetworks:0", "172.16.0.0/12"),
            ("TimeTrack:KnownNetworks:1", "192.168.0.0/16"));

        Assert.Empty(address.Problems);
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], address.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("172.16.0.0/12"), System.Net.IPNetwork.Parse("192.168.0.0/16")], address.KnownNetworks);
        Assert.Equal("time.example.com", address.Host);
    }

    [Theory]
    [InlineData("TimeTrack:KnownProxies", "proxy.internal", "is not an IP address")]
    [InlineData("TimeTrack:KnownNetworks", "10.0.0.0", "is not a network in CIDR notation")]
    [InlineData("TimeTrack:KnownNetworks", "10.0.0.0/33", "is not a network in CIDR notation")]
    public void Proxy_that_is_not_an_address_is_a_problem(string key, string value, string expected)
    {
        var address = Read(true, (key, value));

        Assert.Contains(address.Problems, problem => problem.StartsWith(key, StringComparison.Ordinal) && problem.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_host_does_not_start_without_a_public_base_url()
    {
        await using var factory = new UnconfiguredProductionFactory();

        var failure = await Assert.ThrowsAnyAsync<Exception>(factory.InitializeAsync);

        var messages = string.Join(" | ", Chain(failure).Select(e => e.Message));
        Assert.Contains("TimeTrack:PublicBaseUrl is not set", messages, StringComparison.Ordinal);
        Assert.Contains("TimeTrack__PublicBaseUrl", messages, StringComparison.Ordinal);
    }

    private static PublicAddress Read(bool development, params (string Key, string? Value)[] settings) =>
        PublicAddress.Read(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build(),
            development);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private sealed class UnconfiguredProductionFactory : TimeTrackFactory, IAsyncDisposable
    {
        async ValueTask IAsyncDisposable.DisposeAsync() => await ((IAsyncLifetime)this).DisposeAsync();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
