using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// Its own app and database (the tests approve weeks and build digests), with the clock standing at
/// Wednesday 2 December 2026, after the weeks of 15 to 29 November the tests log time in have ended.
/// </summary>
public sealed class DayRuleFactory : TimeTrackFactory
{
    public static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 12, 0);

    public FakeClock Clock { get; } = new(Now);

    public TenantScopeFactory Scopes => Services.GetRequiredService<TenantScopeFactory>();

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

/// <summary>A member of a <see cref="DayRuleOrganization"/>, signed in in the browser and through the API.</summary>
public sealed record DayRulePerson(Guid Id, string Email, string Name, HttpClient Browser, HttpClient Api);

/// <summary>
/// A fresh organization in one zone and with one week start: its owner, a manager who manages the team
/// the employee is in, and a project both log time to. Every person is in the organization's zone.
/// </summary>
public sealed record DayRuleOrganization(Guid Id, string Slug, DateTimeZone Zone, IsoDayOfWeek WeekStart, Guid TeamId, Guid ProjectId, DayRulePerson Manager, DayRulePerson Employee)
{
    private const string Password = "plain lowercase words are fine here";

    public static async Task<DayRuleOrganization> CreateAsync(DayRuleFactory factory, string zoneId, IsoDayOfWeek weekStart)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var slug = "days-" + Guid.NewGuid().ToString("N")[..12];
        Guid orgId, teamId, projectId;
        (Guid Id, string Email, string Name) owner, manager, employee;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();
            owner = await CreateUserAsync(users, slug, "owner", "Odile Owner");
            manager = await CreateUserAsync(users, slug, "manager", "Mateo Manager");
            employee = await CreateUserAsync(users, slug, "employee", "Eun-ji Employee");
            var organization = await provisioning.CreateAsync(new OrganizationProvisioning.NewOrganization("Days " + slug, slug, zoneId, weekStart), owner.Id);
            orgId = organization.Id;
            await provisioning.AddMemberAsync(orgId, manager.Id, OrgRole.Manager);
            await provisioning.AddMemberAsync(orgId, employee.Id, OrgRole.Employee);
        }

        await using (var tenant = factory.Scopes.CreateScope(orgId, owner.Id))
        {
            var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var team = new Team { Id = Guid.CreateVersion7(), Name = "Night owls" };
            team.AddManager(manager.Id);
            team.Members.Add(new TeamMember { TeamId = team.Id, UserId = employee.Id });
            db.Teams.Add(team);
            var project = new Project { Id = Guid.CreateVersion7(), Name = "Late release" };
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = employee.Id });
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = manager.Id });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            (teamId, projectId) = (team.Id, project.Id);
        }

        return new DayRuleOrganization(
            orgId,
            slug,
            DateTimeZoneProviders.Tzdb[zoneId],
            weekStart,
            teamId,
            projectId,
            await SignInAsync(factory, slug, manager),
            await SignInAsync(factory, slug, employee));
    }

    public string Path(string rest) => $"/{Slug}/{rest}";

    /// <summary>The instant of a wall-clock time in the organization's zone (never skipped or repeated in these tests).</summary>
    public Instant At(LocalDate date, int hour, int minute) => Zone.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    /// <summary>Logs an entry for the employee through the one write path (<see cref="TimeEntryService"/>).</summary>
    public async Task LogAsync(DayRuleFactory factory, Instant start, Instant end)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Scopes.CreateScope(Id, Employee.Id);
        var result = await scope.ServiceProvider.GetRequiredService<TimeEntryService>()
            .CreateAsync(Employee.Id, new EntryDetails(ProjectId), start, end, EntrySource.Manual);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
    }

    /// <summary>Builds the employee's digest of the week starting <paramref name="weekStart"/>, as its job does.</summary>
    public async Task BuildDigestAsync(DayRuleFactory factory, LocalDate weekStart)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DigestJobs>()
            .BuildAsync(Id, Employee.Id, DigestJobs.WeekArgument.Format(weekStart), CancellationToken.None));
    }

    private static async Task<(Guid Id, string Email, string Name)> CreateUserAsync(UserManager<ApplicationUser> users, string slug, string name, string displayName)
    {
        var id = Guid.CreateVersion7();
        var email = $"{name}@{slug}.test";
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DayRuleFactory.Now - Duration.FromDays(400) },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return (id, email, displayName);
    }

    private static async Task<DayRulePerson> SignInAsync(DayRuleFactory factory, string slug, (Guid Id, string Email, string Name) person)
    {
        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync(person.Email, Password);
        var response = await browser.SubmitAsync($"/{slug}/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Day rule tests",
            ["NewToken.LifetimeDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await Forms.ParseAsync(response)).QuerySelector("#created-token")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(token));
        return new DayRulePerson(person.Id, person.Email, person.Name, browser, factory.CreateApiClient(token));
    }
}
