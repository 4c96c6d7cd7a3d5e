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
/// What the access log costs a page. The door builds a row per person shown
/// (<see cref="Record_one_read"/>); a response's rows are committed in one transaction before it is
/// sent (<see cref="Commit_a_response_of_one_read"/>, <see cref="Commit_a_response_of_50_reads"/>);
/// beside them, a whole page that records a read.
/// </summary>
/// <remarks>
/// A fixed 32 invocations per iteration bounds the rows written. Loops inside a benchmark
/// (<c>OperationsPerInvoke</c>) give the short ones more work per iteration. Everything runs in one
/// process with the app, so the allocation column also counts what other threads (the test server)
/// allocate meanwhile.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 32)]
public class AccessLogBenchmarks
{
    private const int ReadsPerInvoke = 1000;
    private const int CommitsPerInvoke = 8;
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
            await fixture.App.DisposeAsync();
        }
    }

    /// <summary>Reads recorded by <see cref="Record_one_read"/> are dropped between iterations, as a request's end would.</summary>
    [IterationCleanup(Target = nameof(Record_one_read))]
    public void ForgetRecordedReads() => F.Recorder.Discard();

    /// <summary>Building a read's row as the door hands a model out (no database).</summary>
    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public void Record_one_read()
    {
        var fixture = F;
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            fixture.Recorder.Record(fixture.Alice, Categories, new AccessRead(AccessChannel.Page, Resource), groupSize: null);
        }
    }

    /// <summary>What a response that shows one person pays before it is sent: its row committed in one transaction.</summary>
    [Benchmark(OperationsPerInvoke = CommitsPerInvoke)]
    public async Task Commit_a_response_of_one_read()
    {
        for (var i = 0; i < CommitsPerInvoke; i++)
        {
            await CommitAsync(1);
        }
    }

    /// <summary>A response that shows a team of 50 one by one: 50 rows, still one commit.</summary>
    [Benchmark(OperationsPerInvoke = CommitsPerInvoke)]
    public async Task Commit_a_response_of_50_reads()
    {
        for (var i = 0; i < CommitsPerInvoke; i++)
        {
            await CommitAsync(50);
        }
    }

    private async Task CommitAsync(int reads)
    {
        // A request's own scope, as the commit before a page's result uses it.
        await using var scope = F.Scopes.CreateScope(F.Acme, F.Manager);
        var recorder = scope.ServiceProvider.GetRequiredService<AccessRecorder>();
        for (var read = 0; read < reads; read++)
        {
            recorder.Record(F.Alice, Categories, new AccessRead(AccessChannel.Page, Resource), groupSize: null);
        }

        await recorder.SaveAsync();
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
        TenantScopeFactory Scopes,
        IClock Clock,
        HttpClient ManagerClient,
        Uri PersonPage,
        Guid Acme,
        Guid Manager,
        Guid Alice);
}
