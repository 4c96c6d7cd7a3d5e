using System.Diagnostics;
using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>A host started as <c>TimeTrack:ProcessRole=Worker</c>, without demo data.</summary>
public sealed class WorkerRoleFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:ProcessRole"] = "Worker",
        ["Database:SeedDemo"] = "false",
    };
}

/// <summary>A host started as <c>TimeTrack:ProcessRole=Web</c>, without demo data.</summary>
public sealed class WebRoleFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:ProcessRole"] = "Web",
        ["Database:SeedDemo"] = "false",
    };
}

internal static class HostedServices
{
    /// <summary>Hangfire's hosted service that runs a BackgroundJobServer (registered by AddHangfireServer).</summary>
    public const string JobServerTypeName = "BackgroundJobServerHostedService";

    public static List<string> TypeNames(IServiceProvider services) =>
        [.. services.GetServices<IHostedService>().Select(s => s.GetType().Name)];
}

/// <summary>A worker process answers health checks and runs the job server, and serves no pages.</summary>
public sealed class WorkerProcessRoleTests(WorkerRoleFactory factory) : IClassFixture<WorkerRoleFactory>
{
    private static readonly TimeSpan ServerDeadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    public async Task Pages_are_not_served(string path)
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Hangfire_job_server_runs_and_registers_in_the_job_storage()
    {
        Assert.Contains(HostedServices.JobServerTypeName, HostedServices.TypeNames(factory.Services));

        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var clock = Stopwatch.StartNew();
        while (monitoring.Servers().Count == 0)
        {
            Assert.True(clock.Elapsed < ServerDeadline, $"No job server had registered in the job storage after {ServerDeadline.TotalSeconds} s.");
            await Task.Delay(100);
        }

        Assert.Contains(monitoring.Servers(), server => server.Queues.Contains("default"));
    }
}

/// <summary>A web process serves pages and enqueues jobs, but runs no job server of its own.</summary>
public sealed class WebProcessRoleTests(WebRoleFactory factory) : IClassFixture<WebRoleFactory>
{
    [Fact]
    public async Task Home_page_is_served()
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void No_hangfire_job_server_is_hosted()
    {
        Assert.DoesNotContain(HostedServices.TypeNames(factory.Services), name => name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        Assert.Empty(factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers());
    }
}
