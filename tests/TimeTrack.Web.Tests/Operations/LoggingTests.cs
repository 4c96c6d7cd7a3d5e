using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>Collects every log event the host writes.</summary>
public sealed class CollectingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}

public sealed class LoggingFactory : TimeTrackFactory
{
    public CollectingSink Sink { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Sink));
    }
}

public sealed class LoggingTests(LoggingFactory factory) : IClassFixture<LoggingFactory>
{
    [Fact]
    public async Task Request_log_carries_tenant_user_and_trace_ids()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");
        await client.GetDocumentAsync("/acme/transparency");

        var (acmeId, aliceId) = await IdsAsync();
        var request = await WaitForAsync(e =>
            e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)
            && Scalar(e, "RequestPath") == "/acme/transparency");
        Assert.Equal(acmeId.ToString(), Scalar(request, "TenantId"));
        Assert.Equal(aliceId.ToString(), Scalar(request, "UserId"));
        Assert.False(string.IsNullOrEmpty(Scalar(request, "TraceId")));
    }

    [Fact]
    public async Task Personal_content_typed_into_forms_never_reaches_the_logs()
    {
        const string Marker = "Zebra-Quokka-Personal-Detail";
        var client = factory.CreateBrowserlikeClient();
        await client.SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = Marker,
            ["Email"] = $"logs-{Guid.NewGuid():N}@example.test",
            ["Password"] = "a long and private passphrase",
            ["ConfirmPassword"] = "a long and private passphrase",
            ["TimeZoneId"] = "UTC",
        });
        await WaitForAsync(e => Scalar(e, "RequestPath") == "/account/register" && e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal));

        var leaks = factory.Sink.Events
            .Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Values))
            .Where(text => text.Contains(Marker, StringComparison.Ordinal) || text.Contains("private passphrase", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(leaks);
    }

    private static string? Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } v } ? v.ToString() : null;

    private async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> predicate)
    {
        // The request log is written when the response completes, which can be just after the client sees it.
        for (var i = 0; i < 50; i++)
        {
            if (factory.Sink.Events.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("The expected log event was not written.");
    }

    private async Task<(Guid Acme, Guid Alice)> IdsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var acme = await db.Organizations.Where(o => o.Slug == "acme").Select(o => o.Id).SingleAsync();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        return (acme, alice);
    }
}
