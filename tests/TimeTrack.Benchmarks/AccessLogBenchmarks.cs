using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Benchmarks.Infrastructure;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Benchmarks;

/// <summary>
/// What the access log costs a page. A read path only enqueues (<see cref="Record_one_read"/>); the
/// background writer inserts in batches (<see cref="Write_batch_of_1000"/>). Beside them: the
/// synchronous insert per read that the queue avoids, and a whole page that records a read.
/// </summary>
/// <remarks>
/// A fixed 32 invocations per iteration bounds the rows written: left to choose, the engine would
/// enqueue hundreds of thousands of reads per iteration of the microsecond-scale
/// <see cref="Record_one_read"/>, and the writer would insert every one. Loops inside a benchmark
/// (<c>OperationsPerInvoke</c>) give the short ones more work per iteration. Everything runs in one
/// process with the app, so the allocation column also counts what other threads (the writer, the
/// test server) allocate meanwhile.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 32)]
public class AccessLogBenchmarks
{
    private const int ReadsPerInvoke = 1000;
    private const int InsertsPerInvoke = 8;
    private const string Resource = "Team › benchmark read";
    private static readonly DataCategory[] Categories = [DataCategory.Totals, DataCategory.ProjectTotals];

    private Fixture? _fixture;

    private Fixture F => _fixture ?? throw new InvalidOperationException("GlobalSetup has not run.");

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var app = await BenchmarkApp.StartAsync();
        try
        {
            var acme = await app.OrganizationIdAsync("acme");
            var manager = await app.UserIdAsync("manager@acme.test");
            var alice = await app.UserIdAsync("alice@acme.test");
            var scopes = app.Services.GetRequiredService<TenantScopeFactory>();

            // A request has its scope already; the recorder is resolved from it once.
            var managerScope = scopes.CreateScope(acme, manager);
            _fixture = new Fixture(
                app,
                managerScope,
                managerScope.ServiceProvider.GetRequiredService<AccessRecorder>(),
                app.Services.GetRequiredService<AccessLogQueue>(),
                scopes,
                app.Services.GetRequiredService<IClock>(),
                await app.LogInAsync("manager@acme.test"),
                new Uri($"/acme/team/people/{alice}", UriKind.Relative),
                acme,
                manager,
                alice);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_fixture is { } fixture)
        {
            _fixture = null;
            fixture.ManagerClient.Dispose();
            await fixture.ManagerScope.DisposeAsync();
            // Stopping the host writes what is still queued, then the database is dropped.
            await fixture.App.DisposeAsync();
        }
    }

    /// <summary>Each iteration of reads starts with an idle writer, as between page views.</summary>
    [IterationCleanup(Target = nameof(Record_one_read))]
    public void WriteQueuedReads() => F.Queue.DrainAsync().GetAwaiter().GetResult();

    /// <summary>What a page pays per read it logs: building the entry and enqueueing it.</summary>
    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public void Record_one_read()
    {
        var fixture = F;
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            fixture.Recorder.Record(fixture.Alice, Categories, new AccessRead(AccessChannel.Page, Resource), groupSize: null);
        }
    }

    /// <summary>What the queue avoids: one insert, one round trip, on the request for every read.</summary>
    [Benchmark(OperationsPerInvoke = InsertsPerInvoke)]
    public async Task Insert_one_read_synchronously()
    {
        for (var i = 0; i < InsertsPerInvoke; i++)
        {
            // A request's own scope and context, as a page that inserted its read would use.
            await using var scope = F.Scopes.CreateScope(F.Acme, F.Manager);
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            db.AccessLog.Add(new AccessLogEntry
            {
                TenantId = F.Acme,
                Id = Guid.CreateVersion7(),
                SubjectUserId = F.Alice,
                ViewerUserId = F.Manager,
                Categories = [.. Categories],
                Channel = AccessChannel.Page,
                Resource = Resource,
                OccurredAt = F.Clock.GetCurrentInstant(),
            });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The background writer's cost per row: a burst of reads, enqueued, until all are written.</summary>
    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public async Task Write_batch_of_1000()
    {
        var fixture = F;
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            fixture.Recorder.Record(fixture.Alice, Categories, new AccessRead(AccessChannel.Page, Resource), groupSize: null);
        }

        // DrainAsync looks every 10 ms, which alone would add up to 10 µs to each row here.
        while (fixture.Queue.Pending > 0)
        {
            await Task.Delay(1);
        }
    }

    /// <summary>A whole page that records a read: a manager opening a team member's week.</summary>
    [Benchmark]
    public async Task<int> Person_page_as_manager()
    {
        using var response = await F.ManagerClient.GetAsync(F.PersonPage);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return body.Length;
    }

    /// <summary>What one benchmark case runs against: its own app and database, and the demo people in acme.</summary>
    private sealed record Fixture(
        BenchmarkApp App,
        AsyncServiceScope ManagerScope,
        AccessRecorder Recorder,
        AccessLogQueue Queue,
        TenantScopeFactory Scopes,
        IClock Clock,
        HttpClient ManagerClient,
        Uri PersonPage,
        Guid Acme,
        Guid Manager,
        Guid Alice);
}
