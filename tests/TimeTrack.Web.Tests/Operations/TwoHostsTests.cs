using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>Two app hosts on one database, as two web processes behind a load balancer would be.</summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    public TimeTrackFactory HostA { get; } = new();

    /// <summary>Created once host A's database exists; disposed before host A, which drops the database.</summary>
    public TimeTrackFactory HostB => SecondHost ?? throw new InvalidOperationException("The fixture has not been initialized.");

    private TimeTrackFactory? SecondHost { get; set; }

    public async Task InitializeAsync()
    {
        await HostA.InitializeAsync();
        // The second host migrates and seeds again on start: both are idempotent, so it finds everything in place.
        SecondHost = new TimeTrackFactory { SharedDatabase = HostA.Database };
        await SecondHost.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (SecondHost is not null)
        {
            await ((IAsyncLifetime)SecondHost).DisposeAsync();
        }

        await ((IAsyncLifetime)HostA).DisposeAsync();
    }
}

public sealed class TwoHostsTests(TwoHostsFixture hosts) : IClassFixture<TwoHostsFixture>
{
    [Fact]
    public async Task Second_start_on_the_same_database_creates_nothing_twice()
    {
        await using var superuser = await hosts.HostA.Database.OpenAsSuperuserAsync();
        Assert.Equal(2L, await superuser.ScalarAsync<long>("SELECT count(*) FROM organizations WHERE slug IN ('acme', 'globex')"));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM (SELECT normalized_email FROM users GROUP BY 1 HAVING count(*) > 1) d"));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM (SELECT tenant_id, name FROM projects GROUP BY 1, 2 HAVING count(*) > 1) d"));
    }

    [Fact]
    public async Task Sign_in_cookie_from_one_host_is_accepted_by_the_other_because_keys_live_in_PostgreSQL()
    {
        var cookies = new CookieContainer();
        var hostA = hosts.HostA.CreateDefaultClient(new CookieContainerHandler(cookies));
        await hostA.LogInAsync("alice@acme.test");
        var cookieHeader = cookies.GetCookieHeader(hostA.BaseAddress!);
        Assert.Contains("timetrack.auth=", cookieHeader, StringComparison.Ordinal);

        var hostB = hosts.HostB.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.Redirect, (await hostB.GetAsync("/acme/time")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/acme/time");
        request.Headers.Add("Cookie", cookieHeader);
        var response = await hostB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("My time", (await Forms.ParseAsync(response)).QuerySelector("h1")?.TextContent.Trim());
        await using var superuser = await hosts.HostA.Database.OpenAsSuperuserAsync();
        Assert.True(await superuser.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") > 0);
    }
}
