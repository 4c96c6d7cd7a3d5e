using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Digests;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Data.Seed;

/// <summary>
/// The demo organizations from the README. Idempotent: every piece is looked up before it is
/// created, so running it twice creates nothing twice. Runs as the app role, tenant by tenant.
/// Only the run script (or <c>migrate --seed-demo</c>) calls it; production never seeds.
/// <para>
/// Two depths: the plain demo (people, projects, a team, last week's entries and digests) is the
/// fixture the test suites build on; <c>withHistory</c>, what the run script and Compose seed, adds
/// twelve weeks of varied work (<see cref="DemoHistory"/>) and a three-person studio that shows how a
/// team smaller than the policy's minimum group size is reported.
/// </para>
/// </summary>
public static class DemoSeeder
{
    public const string Password = "Demo-Password-2026";

    private sealed record DemoPerson(string Email, string Name, OrgRole Role, string? TimeZoneId = null);

    private sealed record DemoOrganization(string Slug, string Name, string TimeZoneId, IsoDayOfWeek WeekStart, DemoPerson[] People, string[] Projects, string? TeamName, string? TeamManager, string[] TeamMembers, bool OnlyWithHistory = false)
    {
        /// <summary>Who approves weeks in the history: the team's manager, else the owner.</summary>
        public string Approver => TeamManager ?? People.Single(p => p.Role == OrgRole.Owner).Email;
    }

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
        new("studio", "Small Studio", "Europe/Lisbon", IsoDayOfWeek.Monday,
            [
                new("sam@studio.test", "Sam Silva", OrgRole.Owner),
                new("lee@studio.test", "Lee Lopes", OrgRole.Employee),
                new("kim@studio.test", "Kim Costa", OrgRole.Employee),
            ],
            ["Brand identity", "Shop build", "Studio admin"],
            "Studio", "sam@studio.test", ["lee@studio.test", "kim@studio.test"],
            OnlyWithHistory: true),
    ];

    public static async Task SeedAsync(IServiceProvider services, bool withHistory = false, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();
        var scopes = scope.ServiceProvider.GetRequiredService<TenantScopeFactory>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();

        foreach (var demo in Organizations.Where(o => withHistory || !o.OnlyWithHistory))
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

            // The demo is an organization that is set up: no first-run checklist.
            await db.Organizations.Where(o => o.Id == organization.Id && o.OnboardedAt == null)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.OnboardedAt, clock.GetCurrentInstant()), cancellationToken);

            await using var tenantScope = scopes.CreateScope(organization.Id);
            var tenantDb = tenantScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            await tenantScope.ServiceProvider.GetRequiredService<PolicyPublisher>().EnsureInitialVersionAsync(cancellationToken);
            foreach (var name in demo.Projects)
            {
                if (!await tenantDb.Projects.AnyAsync(p => p.Name == name, cancellationToken))
                {
                    tenantDb.Projects.Add(new Project { Id = Guid.CreateVersion7(), Name = name, IsBillableByDefault = true });
                }
            }

            if (demo.TeamName is not null && !await tenantDb.Teams.AnyAsync(t => t.Name == demo.TeamName, cancellationToken))
            {
                var team = new Team { Id = Guid.CreateVersion7(), Name = demo.TeamName };
                team.AddManager(ids[demo.TeamManager!]);
                foreach (var member in demo.TeamMembers)
                {
                    team.AddMember(ids[member]);
                }

                tenantDb.Teams.Add(team);
            }

            await tenantDb.SaveChangesAsync(cancellationToken);
            await SeedWorkAsync(tenantScope.ServiceProvider, demo, ids, withHistory, clock, cancellationToken);
            if (withHistory)
            {
                await DemoHistory.SeedAsync(tenantScope.ServiceProvider, demo.Slug, ids, ids[demo.Approver], ids[owner.Email], clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Everyone may log to every demo project; each project gets tasks and outcomes; without the history,
    /// employees get last week's entries and digests.
    /// </summary>
    private static async Task SeedWorkAsync(IServiceProvider tenantServices, DemoOrganization demo, Dictionary<string, Guid> ids, bool withHistory, IClock clock, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        var projects = await db.Projects.Include(p => p.Members).ToListAsync(cancellationToken);
        foreach (var project in projects)
        {
            foreach (var userId in ids.Values.Where(id => project.Members.All(m => m.UserId != id)))
            {
                project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = userId });
            }

            foreach (var taskName in new[] { "Design", "Build", "Review" })
            {
                if (!await db.Tasks.AnyAsync(t => t.ProjectId == project.Id && t.Name == taskName, cancellationToken))
                {
                    db.Tasks.Add(new WorkTask { Id = Guid.CreateVersion7(), ProjectId = project.Id, Name = taskName });
                }
            }

            foreach (var (outcomeName, status, planned) in new[] { ("First release", OutcomeStatus.InProgress, 40m), ("Customer feedback round", OutcomeStatus.Planned, 12m) })
            {
                if (!await db.Outcomes.AnyAsync(o => o.ProjectId == project.Id && o.Name == outcomeName, cancellationToken))
                {
                    db.Outcomes.Add(new Outcome { Id = Guid.CreateVersion7(), ProjectId = project.Id, Name = outcomeName, Status = status, PlannedHours = planned });
                }
            }
        }

        foreach (var tagName in new[] { "meeting", "deep work", "support" })
        {
            if (!await db.Tags.AnyAsync(t => t.Name == tagName, cancellationToken))
            {
                db.Tags.Add(new Tag { Id = Guid.CreateVersion7(), Name = tagName });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (withHistory)
        {
            return;
        }

        var entries = tenantServices.GetRequiredService<TimeEntryService>();
        var trackingPeople = tenantServices.GetRequiredService<PersonTrackingProvider>();
        var ordered = projects.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        foreach (var person in demo.People.Where(p => p.Role is OrgRole.Employee or OrgRole.Manager))
        {
            var userId = ids[person.Email];
            if (await db.TimeEntries.AnyAsync(e => e.UserId == userId, cancellationToken))
            {
                continue;
            }

            var tracking = await trackingPeople.ForAsync(userId, cancellationToken);
            var lastWeek = tracking.WeekContaining(clock.GetCurrentInstant()).Previous;
            var outcome = await db.Outcomes.Where(o => o.ProjectId == ordered[0].Id).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync(cancellationToken);
            foreach (var day in lastWeek.Days.Where(d => d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)))
            {
                var morning = Local(day, 9, 0, tracking.Zone);
                var afternoon = Local(day, 13, 0, tracking.Zone);
                Ensure(await entries.CreateAsync(userId, new EntryDetails(ordered[0].Id, OutcomeId: outcome, Description: "Work on the first release"), morning, morning + Duration.FromMinutes(150), EntrySource.Manual, cancellationToken));
                Ensure(await entries.CreateAsync(userId, new EntryDetails(ordered[^1].Id, Description: "Support and reviews"), afternoon, afternoon + Duration.FromMinutes(120), EntrySource.Manual, cancellationToken));
            }
        }

        await SeedDigestsAsync(tenantServices, demo, ids, clock, cancellationToken);
    }

    /// <summary>
    /// Last week's digest for everyone with demo entries, so the digest pages have something to show
    /// from the start. The in-app notice stays (it is how a person meets their digest); the queued
    /// email is withdrawn, since demo addresses receive no mail.
    /// </summary>
    private static async Task SeedDigestsAsync(IServiceProvider tenantServices, DemoOrganization demo, Dictionary<string, Guid> ids, IClock clock, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        var digests = tenantServices.GetRequiredService<DigestService>();
        var trackingPeople = tenantServices.GetRequiredService<PersonTrackingProvider>();
        foreach (var person in demo.People.Where(p => p.Role is OrgRole.Employee or OrgRole.Manager))
        {
            var userId = ids[person.Email];
            var tracking = await trackingPeople.ForAsync(userId, cancellationToken);
            var lastWeek = tracking.WeekContaining(clock.GetCurrentInstant()).Previous;

            // Idempotent: an existing digest of that week is left as it is, notices and emails included.
            if (!await digests.BuildAsync(userId, lastWeek.Start, cancellationToken))
            {
                continue;
            }

            var digestId = await db.Digests.Where(d => d.UserId == userId && d.WeekStart == lastWeek.Start).Select(d => d.Id).SingleAsync(cancellationToken);
            var key = $"digest:{digestId}";
            await db.OutgoingEmails.Where(e => e.Key == key).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private static void Ensure<T>(TrackingResult<T> result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create a demo entry: " + string.Join("; ", result.Problems.Select(p => p.Message)));
        }
    }

    private static Instant Local(LocalDate date, int hour, int minute, DateTimeZone zone) =>
        zone.AtLeniently(date.At(new LocalTime(hour, minute))).ToInstant();

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
