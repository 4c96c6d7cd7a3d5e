using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.TeamDashboard;

/// <summary>
/// <see cref="PersonDataFactory"/>'s people on their own database, plus: four more people in Otto's
/// Platform team (five in all, each with two hours on Tuesday 10 November), long weeks for Alice and
/// Bob in the three weeks from 26 October, and a project "Dashboard delivery" of Alice's with outcomes
/// in every status, one of them completed this week 36 hours after its first time entry. Carol
/// worked evenings, outside her hours, in the week of 9 November. Two of the project's outcomes have
/// plans: "Ship the beta" 0.5 hours (Alice spent 1) and "Build the importer" 10 hours (Alice spent 2,
/// on Saturday 21 November). Bob switched tasks a lot in the fortnight from 28 September: twelve
/// 20-minute entries on each of three days (<see cref="FragmentedFrom"/> to <see cref="FragmentedTo"/>
/// as a custom period shows it).
/// </summary>
public sealed class DashboardFactory : PersonDataFactory
{
    public static readonly LocalDate TrendWeek = new(2026, 11, 9);

    public const string FragmentedFrom = "2026-09-28";

    public const string FragmentedTo = "2026-10-11";

    public Guid ProjectId { get; private set; }

    public Guid ShippedOutcomeId { get; private set; }

    public Guid ImporterOutcomeId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var platformPeople = new List<Guid>();
        for (var i = 1; i <= 4; i++)
        {
            platformPeople.Add(await AddMemberAsync($"platform{i}@acme.test", $"Platform Person {i}", OrgRole.Employee));
        }

        var alice = await Database.UserIdAsync("alice@acme.test");
        var bob = await Database.UserIdAsync("bob@acme.test");
        platformPeople.Add(await Database.UserIdAsync("finn@acme.test"));

        await using var scope = Scopes.CreateScope(AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var platform = await db.Teams.Where(t => t.Name == "Platform").Select(t => t.Id).SingleAsync();
        foreach (var id in platformPeople.Take(4))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = platform, UserId = id });
        }

        var anyProject = await db.Projects.Where(p => p.Name == "Internal tools").Select(p => p.Id).SingleAsync();
        var project = new Project { Id = Guid.CreateVersion7(), Name = "Dashboard delivery" };
        project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = alice });
        db.Projects.Add(project);
        ProjectId = project.Id;

        Outcome Outcome(string name, OutcomeStatus status, Instant? completedAt = null)
        {
            var outcome = new Outcome { Id = Guid.CreateVersion7(), ProjectId = project.Id, Name = name, Status = status, CompletedAt = completedAt };
            db.Outcomes.Add(outcome);
            return outcome;
        }

        Outcome("Plan the rollout", OutcomeStatus.Planned);
        var importer = Outcome("Build the importer", OutcomeStatus.InProgress);
        importer.PlannedHours = 10m;
        ImporterOutcomeId = importer.Id;
        Outcome("Write the guide", OutcomeStatus.InProgress);
        Outcome("Migrate old data", OutcomeStatus.Blocked);
        Outcome("Kick-off", OutcomeStatus.Done, Instant.FromUtc(2026, 10, 1, 12, 0));
        var shipped = Outcome("Ship the beta", OutcomeStatus.Done, Instant.FromUtc(2026, 11, 24, 17, 0));
        shipped.PlannedHours = 0.5m;
        ShippedOutcomeId = shipped.Id;

        void Entry(Guid user, Guid projectId, Instant start, Duration length, Guid? outcomeId = null) =>
            db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = user,
                ProjectId = projectId,
                OutcomeId = outcomeId,
                Start = start,
                End = start + length,
                CreatedAt = Now,
                UpdatedAt = Now,
            });

        Entry(alice, project.Id, Instant.FromUtc(2026, 11, 23, 5, 0), Duration.FromHours(1), shipped.Id);
        Entry(alice, project.Id, Instant.FromUtc(2026, 11, 21, 10, 0), Duration.FromHours(2), importer.Id);
        foreach (var day in new[] { 29, 30 })
        {
            for (var block = 0; block < 12; block++)
            {
                Entry(bob, anyProject, Instant.FromUtc(2026, 9, day, 7, 0) + Duration.FromMinutes(20 * block), Duration.FromMinutes(20));
            }
        }

        for (var block = 0; block < 12; block++)
        {
            Entry(bob, anyProject, Instant.FromUtc(2026, 10, 1, 7, 0) + Duration.FromMinutes(20 * block), Duration.FromMinutes(20));
        }
        foreach (var weekStart in new[] { new LocalDate(2026, 10, 26), new LocalDate(2026, 11, 2), TrendWeek })
        {
            for (var day = 0; day < 5; day++)
            {
                var date = weekStart.PlusDays(day);
                Entry(alice, anyProject, Instant.FromUtc(date.Year, date.Month, date.Day, 6, 0), Duration.FromHours(10));
                Entry(bob, anyProject, Instant.FromUtc(date.Year, date.Month, date.Day, 5, 0), Duration.FromHours(12));
            }
        }

        var carol = await Database.UserIdAsync("carol@acme.test");
        for (var day = 9; day <= 13; day++)
        {
            db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = carol,
                ProjectId = anyProject,
                Start = Instant.FromUtc(2026, 11, day, 18, 0),
                End = Instant.FromUtc(2026, 11, day, 23, 0),
                IsOutsideHours = true,
                CreatedAt = Now,
                UpdatedAt = Now,
            });
        }

        foreach (var id in platformPeople)
        {
            Entry(id, anyProject, Instant.FromUtc(2026, 11, 10, 8, 0), Duration.FromHours(2));
        }

        await db.SaveChangesAsync();
    }
}
