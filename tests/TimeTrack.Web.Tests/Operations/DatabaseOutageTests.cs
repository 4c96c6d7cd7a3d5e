using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using Xunit.Abstractions;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>An app host whose database connections run through a <see cref="TcpFaultProxy"/>, so a test can take the database away.</summary>
public sealed class OutageFactory : TimeTrackFactory
{
    private TcpFaultProxy? _proxy;

    public TcpFaultProxy Proxy => _proxy ?? throw new InvalidOperationException("The host has not started.");

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var app = new NpgsqlConnectionStringBuilder(Database.AppConnectionString);
            _proxy ??= TcpFaultProxy.Start(app.Host!, app.Port);
            app.Host = "127.0.0.1";
            app.Port = _proxy.Port;
            return new Dictionary<string, string?> { ["ConnectionStrings:TimeTrack"] = app.ConnectionString };
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// The database goes away under load and comes back: the process keeps running, answers 503 (never
/// 500 and never data without its access-log row) while it is away, is ready again by itself, and every
/// acknowledged write and every answered read is in the database exactly once.
/// </summary>
public sealed class DatabaseOutageTests(OutageFactory factory, ITestOutputHelper output) : IClassFixture<OutageFactory>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task An_outage_under_load_loses_no_acknowledged_write_and_no_answered_read_and_the_app_recovers_by_itself()
    {
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var manager = await factory.Database.UserIdAsync("manager@acme.test");
        var projectId = await ProjectOfAsync(alice);
        var reader = factory.CreateBrowserlikeClient();
        await reader.LogInAsync("manager@acme.test");
        var writer = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));
        var health = factory.CreateClient();
        var marker = "Outage " + Guid.NewGuid().ToString("N")[..8];
        var testStart = DateTimeOffset.UtcNow;
        var firstSlot = testStart.AddDays(-40);

        var statuses = new ConcurrentBag<(string Kind, HttpStatusCode Status, string? MediaType)>();
        var acknowledged = new ConcurrentBag<string>();
        var readsAnswered = 0;
        var slot = 0;
        using var stop = new CancellationTokenSource();

        async Task ReadLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await reader.GetAsync($"/acme/team/people/{alice}");
                statuses.Add(("read", response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref readsAnswered);
                }
            }
        }

        async Task WriteLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref slot);
                var start = firstSlot.AddMinutes(2 * n);
                var description = $"{marker} #{n}";
                using var response = await writer.PostJsonAsync("/api/v1/entries", new
                {
                    project_id = projectId,
                    billable = false,
                    description,
                    start = start.ToString("O"),
                    end = start.AddMinutes(1).ToString("O"),
                });
                statuses.Add(("write", response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(description);
                }
            }
        }

        var load = Task.WhenAll(ReadLoopAsync(), ReadLoopAsync(), WriteLoopAsync(), WriteLoopAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready")).StatusCode);

        factory.Proxy.Cut();
        await Task.Delay(Outage / 2);
        var readyDuringOutage = (await health.GetAsync("/health/ready")).StatusCode;
        await Task.Delay(Outage / 2);
        factory.Proxy.Restore();

        // Serving again by itself, within 5 seconds of the database's return.
        var back = Stopwatch.StartNew();
        var served = false;
        while (back.Elapsed < TimeSpan.FromSeconds(5) && !served)
        {
            served = (await health.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK
                && (await reader.GetAsync($"/acme/team/people/{alice}")).StatusCode == HttpStatusCode.OK;
            if (!served)
            {
                await Task.Delay(100);
            }
        }

        var recoveredAfter = back.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await stop.CancelAsync();
        await load;

        output.WriteLine($"{statuses.Count} requests: {string.Join(", ", statuses.GroupBy(s => (s.Kind, s.Status)).Select(g => $"{g.Key.Kind} {(int)g.Key.Status}: {g.Count()}"))}; serving again {recoveredAfter.TotalSeconds:F1} s after the database returned");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuringOutage);
        Assert.True(served, $"Not serving 5 s after the database came back (waited {recoveredAfter}).");
        Assert.False(factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "The host is stopping.");

        // While the database was away: 503, never a 500; the API answers problem details.
        var failures = statuses.Where(s => s.Status is not (HttpStatusCode.OK or HttpStatusCode.Created)).ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.ServiceUnavailable, f.Status));
        Assert.All(failures.Where(f => f.Kind == "write"), f => Assert.Equal("application/problem+json", f.MediaType));
        Assert.Contains(statuses, s => s.Kind == "read" && s.Status == HttpStatusCode.OK);
        Assert.NotEmpty(acknowledged);

        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        // Every acknowledged write is stored, none twice.
        var stored = await superuser.QueryAsync<string>("SELECT description FROM time_entries WHERE description LIKE @m", ("m", marker + " #%"));
        Assert.Empty(stored.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(acknowledged.Except(stored));
        // Every answered read of Alice's week (the reads above, plus the check after the outage) is a row in
        // her log. A read can also leave a row without an answer: its rows were committed, then the page
        // failed as the database went away (its layout needs the database too). Never the other way round.
        var readsRefused = statuses.Count(s => s.Kind == "read" && s.Status == HttpStatusCode.ServiceUnavailable);
        var logged = await superuser.ScalarAsync<long>(
            "SELECT count(*) FROM access_log_entries WHERE subject_user_id = @s AND viewer_user_id = @v AND occurred_at >= @t",
            ("s", alice), ("v", manager), ("t", testStart));
        Assert.InRange(logged, readsAnswered + 1, readsAnswered + 1 + readsRefused);
    }

    private async Task<Guid> ProjectOfAsync(Guid user)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<Guid>(
            "SELECT p.id FROM projects p JOIN project_members m ON m.project_id = p.id WHERE m.user_id = @u AND NOT p.is_archived ORDER BY p.name LIMIT 1", ("u", user));
    }
}
