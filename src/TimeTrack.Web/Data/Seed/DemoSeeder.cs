using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Data.Seed;

/// <summary>
/// The demo organizations from the README. Idempotent: every piece is looked up before it is
/// created, so running it twice creates nothing twice. Runs as the app role, tenant by tenant.
/// Only the run script (or <c>migrate --seed-demo</c>) calls it; production never seeds.
/// </summary>
public static class DemoSeeder
{
    public const string Password = "Demo-Password-2026";

    private sealed record DemoPerson(string Email, string Name, OrgRole Role, string? TimeZoneId = null);

    private sealed record DemoOrganization(string Slug, string Name, string TimeZoneId, IsoDayOfWeek WeekStart, DemoPerson[] People, string[] Projects, string? TeamName, string? TeamManager, string[] TeamMembers);

    private static readonly DemoOrganization[] Organizations =
    [
        new("acme", "Acme", "Europe/Berlin", IsoDayOfWeek.Monday,
            [
                new("owner@acme.test", "Olivia Owner", OrgRole.Owner),
                new("admin@acme.test", "Adam Admin", OrgRole.Admin),
                new("manager@acme.test", "Maya Manager", OrgRole.Manager),
                new("alice@acme.test", "Alice Anders", OrgRole.Employee),
                new("bob@acme.test", "Bob Brown", OrgRole.Employee, "Europe/London"),
                new("carol@acme.test", "Carol Chen", OrgRole.Employee),
            ],
            ["Website relaunch", "Mobile app", "Internal tools"],
            "Product", "manager@acme.test", ["alice@acme.test", "bob@acme.test", "carol@acme.test"]),
        new("globex", "Globex", "America/New_York", IsoDayOfWeek.Sunday,
            [
                new("owner@globex.test", "Gus Owner", OrgRole.Owner),
                new("dave@globex.test", "Dave Diaz", OrgRole.Employee),
            ],
            ["Research", "Operations"],
            null, null, []),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();
        var scopes = scope.ServiceProvider.GetRequiredService<TenantScopeFactory>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();

        foreach (var demo in Organizations)
        {
            var ids = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
            foreach (var person in demo.People)
            {
                ids[person.Email] = await EnsureUserAsync(users, clock, person);
            }

            var owner = demo.People.Single(p => p.Role == OrgRole.Owner);
            var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == demo.Slug, cancellationToken)
                ?? await provisioning.CreateAsync(new(demo.Name, demo.Slug, demo.TimeZoneId, demo.WeekStart), ids[owner.Email], cancellationToken);

            foreach (var person in demo.People)
            {
                await provisioning.AddMemberAsync(organization.Id, ids[person.Email], person.Role, cancellationToken);
            }

            await using var tenantScope = scopes.CreateScope(organization.Id);
            var tenantDb = tenantScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            foreach (var name in demo.Projects)
            {
                if (!await tenantDb.Projects.AnyAsync(p => p.Name == name, cancellationToken))
                {
                    tenantDb.Projects.Add(new Project { Id = Guid.CreateVersion7(), Name = name, IsBillableByDefault = true });
                }
            }

            if (demo.TeamName is not null && !await tenantDb.Teams.AnyAsync(t => t.Name == demo.TeamName, cancellationToken))
            {
                var team = new Team { Id = Guid.CreateVersion7(), Name = demo.TeamName, ManagerUserId = ids[demo.TeamManager!] };
                foreach (var member in demo.TeamMembers)
                {
                    team.Members.Add(new TeamMember { TeamId = team.Id, UserId = ids[member] });
                }

                tenantDb.Teams.Add(team);
            }

            await tenantDb.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task<Guid> EnsureUserAsync(UserManager<ApplicationUser> users, IClock clock, DemoPerson person)
    {
        var existing = await users.FindByEmailAsync(person.Email);
        if (existing is not null)
        {
            return existing.Id;
        }

        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = person.Email,
            Email = person.Email,
            EmailConfirmed = true,
            DisplayName = person.Name,
            TimeZoneId = person.TimeZoneId,
            CreatedAt = clock.GetCurrentInstant(),
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create demo user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return user.Id;
    }
}
