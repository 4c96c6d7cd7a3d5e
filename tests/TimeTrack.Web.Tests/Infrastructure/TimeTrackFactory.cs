using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>
/// The real app (WebApplicationFactory&lt;Program&gt;) on its own fresh PostgreSQL database, migrated
/// as the owner and seeded with the demo organizations; the app connects as the app role.
/// </summary>
public class TimeTrackFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory has not been initialized.");

    /// <summary>Where the app drops emails (no SMTP in tests).</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "timetrack-test-mail-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra settings for a test class's own host (for example a tight rate limit).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Set before initialization to share a database with another factory (two hosts, one database).</summary>
    public TestDatabase? SharedDatabase { get; init; }

    public virtual async Task InitializeAsync()
    {
        _database = SharedDatabase ?? await TestDatabase.CreateAsync();
        _ = Services; // starts the host: migrates and seeds
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (SharedDatabase is null && _database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TimeTrack"] = Database.AppConnectionString,
            ["ConnectionStrings:TimeTrackMigrator"] = Database.OwnerConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemo"] = "true",
            ["Email:PickupDirectory"] = MailDirectory,
            ["RateLimiting:AuthPermitLimit"] = "100000",
            ["TimeTrack:JobWorkers"] = "2",
            ["Ops:Operators:0"] = "owner@acme.test",
            // Keep test output readable; tests that read logs lower this again.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each response.</summary>
    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}

/// <summary>One shared app + database for tests that only read the demo data or create their own organizations.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TimeTrackFactory>
{
    public const string Name = "app";
}
