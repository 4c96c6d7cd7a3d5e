using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Seed;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>
/// The real app on Kestrel at a free local port over the reporting benchmark's database: migrated as
/// the owner at start, connecting as the app role, Hangfire's workers off, request logging quiet,
/// and a <see cref="SqlCapture"/> among EF's interceptors. Clients talk HTTP over loopback, as a
/// browser would, rather than through the in-memory test server.
/// </summary>
public sealed class ReportingHost : WebApplicationFactory<Program>
{
    private readonly ReportingDatabase _database;
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), "timetrack-bench-mail-" + Guid.NewGuid().ToString("N"));

    private ReportingHost(ReportingDatabase database) => _database = database;

    /// <summary>The app's address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public SqlCapture Capture => Services.GetRequiredService<SqlCapture>();

    public static ReportingHost Start(ReportingDatabase database)
    {
        var host = new ReportingHost(database);
        try
        {
            host.UseKestrel(0);
            host.StartServer();
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no address.");
            host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A client signed in as <paramref name="email"/> through the login form; its cookies are shared by every request it sends.</summary>
    public async Task<HttpClient> LogInAsync(string email, CancellationToken cancellationToken = default)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        try
        {
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("account/login", UriKind.Relative), cancellationToken));
            var token = page.QuerySelector("form input[name='__RequestVerificationToken']")?.GetAttribute("value")
                ?? throw new InvalidOperationException("The login page has no antiforgery token.");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = DemoSeeder.Password,
                ["__RequestVerificationToken"] = token,
            });
            using var response = await client.PostAsync(new Uri("account/login", UriKind.Relative), form, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in as {email} returned {(int)response.StatusCode}.");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
            ["Database:SeedDemo"] = "false",
            ["Email:PickupDirectory"] = _mailDirectory,
            ["RateLimiting:AuthPermitLimit"] = "100000",
            // Pages and the access-log writer, without Hangfire workers polling the database meanwhile.
            ["TimeTrack:ProcessRole"] = "Web",
            // Request logging is on in production too, but console output would dominate a page's time here.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        // Development: the cookies work over plain HTTP on loopback; nothing else differs for these pages.
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddHttpContextAccessor();
            services.AddSingleton<SqlCapture>();
            services.ConfigureDbContext<TimeTrackDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<SqlCapture>().Interceptors));
        });
    }
}
