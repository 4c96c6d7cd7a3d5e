using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// The app on its own database with a clock that stands still at <see cref="Now"/>, so "today", the
/// limits on past and future entries and the week a timer starts in are the same on every run. The
/// clock is never moved: tests of one collection share it. Tests create their own people (and, to
/// change organization settings, their own organization) and leave the demo data alone.
/// </summary>
public sealed class TrackingFactory : TimeTrackFactory
{
    /// <summary>Wednesday 25 November 2026, 13:00 in Berlin.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 12, 0);

    public FakeClock Clock { get; } = new(Now);

    public Guid AcmeId { get; private set; }

    public Guid GlobexId { get; private set; }

    public TenantScopeFactory Scopes => Services.GetRequiredService<TenantScopeFactory>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");
        GlobexId = await Database.OrganizationIdAsync("globex");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }
}

/// <summary>The tracking tests share one app and database; each test makes the people it needs.</summary>
[CollectionDefinition(Name)]
public sealed class TrackingCollection : ICollectionFixture<TrackingFactory>
{
    public const string Name = "tracking";
}
