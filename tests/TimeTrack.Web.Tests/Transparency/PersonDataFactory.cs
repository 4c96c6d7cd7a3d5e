using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>A person signed in twice: in the browser (cookie) and through the API (a token of theirs).</summary>
public sealed record Caller(string Email, string Org, Guid UserId, HttpClient Browser, HttpClient Api);

/// <summary>
/// The app on its own database with the clock standing at Wednesday 25 November 2026, so the demo
/// seed's entries fall in the week of 16 November. Besides acme's demo team (Maya manages Alice, Bob
/// and Carol) it holds a second team (Otto manages Finn), an employee in no team (Erin) and a project
/// manager of "Website relaunch" who manages no team (Pia).
/// </summary>
public class PersonDataFactory : TimeTrackFactory
{
    public const string Password = "plain lowercase words are fine here";

    public static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 12, 0);

    /// <summary>The week the demo entries are in (acme's weeks start on Monday).</summary>
    public static readonly LocalDate SeededWeek = new(2026, 11, 16);

    public const string SeededWeekText = "2026-11-16";

    private readonly ConcurrentDictionary<string, Lazy<Task<Caller>>> _callers = new(StringComparer.OrdinalIgnoreCase);

    public FakeClock Clock { get; } = new(Now);

    public Guid AcmeId { get; private set; }

    public Guid GlobexId { get; private set; }

    public TenantScopeFactory Scopes => Services.GetRequiredService<TenantScopeFactory>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");
        GlobexId = await Database.OrganizationIdAsync("globex");

        var otto = await AddMemberAsync("otto@acme.test", "Otto Other", OrgRole.Manager);
        var finn = await AddMemberAsync("finn@acme.test", "Finn Field", OrgRole.Employee);
        await AddMemberAsync("erin@acme.test", "Erin Elsewhere", OrgRole.Employee);
        var pia = await AddMemberAsync("pia@acme.test", "Pia Projects", OrgRole.Employee);

        await using var scope = Scopes.CreateScope(AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var team = new Team { Id = Guid.CreateVersion7(), Name = "Platform" };
        team.AddManager(otto);
        team.Members.Add(new TeamMember { TeamId = team.Id, UserId = finn });
        db.Teams.Add(team);
        var website = await db.Projects.Where(p => p.Name == "Website relaunch").Select(p => p.Id).SingleAsync();
        db.ProjectMembers.Add(new TimeTrack.Domain.Work.ProjectMember { ProjectId = website, UserId = pia, IsProjectManager = true });
        await db.SaveChangesAsync();
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

    /// <summary>A new acme member with a password of <see cref="Password"/>.</summary>
    public async Task<Guid> AddMemberAsync(string email, string name, OrgRole role)
    {
        var id = Guid.CreateVersion7();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = Now },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(AcmeId, id, role);
        return id;
    }

    /// <summary>
    /// <paramref name="email"/> signed in to <paramref name="org"/>, once per factory: demo people with
    /// the demo password, the people this factory adds with <see cref="Password"/>.
    /// </summary>
    public Task<Caller> CallerAsync(string email, string org = "acme") =>
        _callers.GetOrAdd(email, _ => new Lazy<Task<Caller>>(() => SignInAsync(email, org))).Value;

    private async Task<Caller> SignInAsync(string email, string org)
    {
        var password = email.EndsWith("@acme.test", StringComparison.Ordinal) && !IsDemo(email) ? Password : TimeTrack.Web.Data.Seed.DemoSeeder.Password;
        var browser = CreateBrowserlikeClient();
        await browser.LogInAsync(email, password);
        var token = await CreateTokenAsync(email, password, org);
        return new Caller(email, org, await Database.UserIdAsync(email), browser, this.CreateApiClient(token));
    }

    private async Task<string> CreateTokenAsync(string email, string password, string org)
    {
        var browser = CreateBrowserlikeClient();
        await browser.LogInAsync(email, password);
        var response = await browser.SubmitAsync($"/{org}/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Person data tests",
            ["NewToken.LifetimeDays"] = "30",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var token = (await Forms.ParseAsync(response)).QuerySelector("#created-token")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(token));
        return token;
    }

    private static bool IsDemo(string email) =>
        email is "owner@acme.test" or "admin@acme.test" or "manager@acme.test" or "alice@acme.test" or "bob@acme.test" or "carol@acme.test";

    /// <summary>Reads what <paramref name="subject"/>'s access-log page reads: their entries.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> AccessLogOfAsync(Guid subject, Guid tenantId)
    {
        await using var scope = Scopes.CreateScope(tenantId, subject);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.SubjectUserId == subject)
            .OrderBy(e => e.Id)
            .ToListAsync();
    }

    /// <summary>
    /// Puts <paramref name="policy"/> in force in acme now (as the owner), unless the policy in force
    /// already says the same.
    /// </summary>
    public async Task PublishAsync(TransparencyPolicy policy)
    {
        var owner = await Database.UserIdAsync("owner@acme.test");
        await using var scope = Scopes.CreateScope(AcmeId, owner);
        var active = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync();
        if (PolicyDiff.Between(active, policy).Count == 0)
        {
            return;
        }

        var publisher = scope.ServiceProvider.GetRequiredService<PolicyPublisher>();
        await publisher.SaveDraftAsync(policy, owner);
        var result = await publisher.PublishAsync(owner, "Olivia Owner", "Testing who sees what.", Clock.GetCurrentInstant());
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
    }
}

/// <summary>The read-path tests share one app on the default policy; they add people but never change the policy.</summary>
[CollectionDefinition(Name)]
public sealed class PersonDataCollection : ICollectionFixture<PersonDataFactory>
{
    public const string Name = "person-data";
}

/// <summary>
/// Its own app and database: these tests publish policies other than the default. Alice, Bob and Carol
/// also logged two hours each on Tuesday 6 October 2026, in a month that is released by now.
/// </summary>
public sealed class PersonDataPolicyFactory : PersonDataFactory
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scopes.CreateScope(AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var project = await db.Projects.Where(p => p.Name == "Internal tools").Select(p => p.Id).SingleAsync();
        foreach (var email in new[] { "alice@acme.test", "bob@acme.test", "carol@acme.test" })
        {
            var start = Instant.FromUtc(2026, 10, 6, 8, 0);
            db.TimeEntries.Add(new TimeTrack.Domain.Work.TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = await Database.UserIdAsync(email),
                ProjectId = project,
                Start = start,
                End = start + Duration.FromHours(2),
                CreatedAt = start,
                UpdatedAt = start,
            });
        }

        await db.SaveChangesAsync();
    }
}
