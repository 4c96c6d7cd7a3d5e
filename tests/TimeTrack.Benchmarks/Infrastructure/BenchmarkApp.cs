using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Seed;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Benchmarks.Infrastructure;

/// <summary>
/// The real app in process on its own fresh database (migrated as the owner, demo data seeded, the
/// app connecting as the app role), configured like the web tests' factory. Disposing it stops the
/// host and drops the database.
/// </summary>
public sealed class BenchmarkApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), "timetrack-bench-mail-" + Guid.NewGuid().ToString("N"));

    private BenchmarkApp(TestDatabase database) => _database = database;

    public TestDatabase Database => _database;

    /// <summary>Creates the database and starts the host (which migrates and seeds).</summary>
    public static async Task<BenchmarkApp> StartAsync()
    {
        var app = new BenchmarkApp(await TestDatabase.CreateAsync());
        try
        {
            _ = app.Services;
        }
        catch
        {
            // Drop the database even when the host fails to start.
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public async Task<Guid> OrganizationIdAsync(string slug)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        return await db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
    }

    public async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var normalized = email.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A client signed in as <paramref name="email"/> through the login form, keeping its cookies.</summary>
    public async Task<HttpClient> LogInAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("/account/login", UriKind.Relative)));
        var token = page.QuerySelector("form input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The login page has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = DemoSeeder.Password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in as {email} returned {(int)response.StatusCode}.");
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_mailDirectory))
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TimeTrack"] = _database.AppConnectionString,
            ["ConnectionStrings:TimeTrackMigrator"] = _database.OwnerConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemo"] = "true",
            ["Email:PickupDirectory"] = _mailDirectory,
            ["RateLimiting:AuthPermitLimit"] = "100000",
            // Pages and the access-log writer, without Hangfire workers polling the database
            // in the background of every measurement.
            ["TimeTrack:ProcessRole"] = "Web",
            // Request logging is on in production too, but console output would dominate a page's time here.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
