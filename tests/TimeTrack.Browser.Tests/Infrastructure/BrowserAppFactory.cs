using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel at a free local port, on its own fresh database, migrated and seeded with
/// the demo organizations at startup. Shared by every browser test class (see <see cref="BrowserCollection"/>).
/// </summary>
public sealed class BrowserAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The app's database, for checks of what reached it.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created when the fixture starts.");

    /// <summary>The app's address, without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where the app drops emails as .eml files (no SMTP in tests).</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "timetrack-browser-mail-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    public string Url(string path) => BaseUrl + path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var database = _database ?? throw new InvalidOperationException("The database is created before the host starts.");
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:TimeTrack", database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:TimeTrackMigrator", database.OwnerConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemo", "true");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        builder.UseSetting("RateLimiting:AuthPermitLimit", "100000");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning"); // keep test output readable
        builder.UseSetting("TimeTrack:JobWorkers", "1");
    }
}

/// <summary>All browser test classes share one app and database; each class launches its own browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFactory>
{
    public const string Name = "browser";
}
