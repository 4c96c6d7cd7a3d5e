using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// What may be changed at all: locked weeks, projects the person may log to, and entries of another
/// organization — through every command of the service, checked in the database afterwards.
/// </summary>
[Collection(TrackingCollection.Name)]
public sealed class EntryAccessTests(TrackingFactory factory)
{
    [Fact]
    public async Task Locked_week_rejects_changes_through_every_service_path()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        // The clock stands on Wednesday of this week, so a timer started now starts inside it.
        var week = person.WeekContaining(TrackingFactory.Now);
        var monday = week.Start;
        Assert.Equal(new LocalDate(2026, 11, 23), monday);
        var inside = await factory.CreateEntryAsync(person, person.Local(monday, 9, 10), description: "inside");
        var outside = await factory.CreateEntryAsync(person, person.Local(monday.PlusDays(-7), 9, 10), description: "outside");
        await factory.LockWeekAsync(person, week);
        var before = await factory.StoredEntriesAsync(person.UserId);
        var details = new EntryDetails(person.Project, Description: "changed");
        var mondayNoon = person.Local(monday, 12, 13);
        var previousTuesday = person.Local(monday.PlusDays(-6), 9, 10);
        var tuesday = person.Local(monday.PlusDays(1), 9, 10);

        var attempts = new Dictionary<string, TrackingFailureAndProblems>
        {
            ["create inside"] = Of(await factory.CreateAsync(person, mondayNoon)),
            ["update inside"] = Of(await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, inside.Id, inside.Version, details, inside.Start, inside.End))),
            ["move outside in"] = Of(await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, outside.Id, outside.Version, details, tuesday.Start, tuesday.End))),
            ["move inside out"] = Of(await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, inside.Id, inside.Version, details, previousTuesday.Start, previousTuesday.End))),
            ["delete inside"] = Of(await factory.TrackAsync(person, s => s.DeleteAsync(person.UserId, inside.Id, inside.Version))),
            ["continue now"] = Of(await factory.TrackAsync(person, s => s.ContinueAsync(person.UserId, outside.Id))),
        };

        Assert.Equal(before, await factory.StoredEntriesAsync(person.UserId));

        // A timer left running since this morning (written below the service, as if started before the lock).
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.InsertEntryAsync(person, TrackingFactory.Now - Duration.FromHours(2), null, noOverlap: true);
        }

        var withTimer = await factory.StoredEntriesAsync(person.UserId);
        attempts["stop timer"] = Of(await factory.TrackAsync(person, s => s.StopTimerAsync(person.UserId)));
        Assert.Equal(withTimer, await factory.StoredEntriesAsync(person.UserId));

        var locked = new TrackingProblem("", "The week of 23 November 2026 is approved and locked; its entries cannot change.");
        Assert.All(attempts, attempt =>
        {
            Assert.True(attempt.Value.Failure == TrackingFailure.Invalid, $"{attempt.Key}: {attempt.Value.Failure}");
            Assert.True(attempt.Value.Problems.Contains(locked), $"{attempt.Key}: {string.Join("; ", attempt.Value.Problems)}");
        });
    }

    [Fact]
    public async Task Removed_project_member_cannot_log_or_continue()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var yesterday = new LocalDate(2026, 11, 24);
        var earlier = await factory.CreateEntryAsync(person, person.Local(yesterday, 9, 10));

        await using (var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            Assert.Equal(1, await db.ProjectMembers.Where(m => m.ProjectId == person.Project && m.UserId == person.UserId).ExecuteDeleteAsync());
        }

        AssertRejectedOnProject(await factory.CreateAsync(person, person.Local(yesterday, 11, 12)));
        AssertRejectedOnProject(await factory.TrackAsync(person, s => s.ContinueAsync(person.UserId, earlier.Id)));
        Assert.Equal([earlier.Id], (await factory.StoredEntriesAsync(person.UserId)).Select(e => e.Id));

        // Still a member of the others: the refusal is about that project, not the person.
        var elsewhere = await factory.CreateAsync(person, person.Local(yesterday, 11, 12), person.ProjectIds[1]);
        Assert.True(elsewhere.Succeeded, Tracker.Describe(elsewhere));
    }

    [Fact]
    public async Task Archived_project_cannot_be_logged_to_or_continued()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var project = new Project { Id = Guid.CreateVersion7(), Name = "Soon archived " + Guid.NewGuid().ToString("N")[..8] };
        await using (var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = person.UserId });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
        }

        var yesterday = new LocalDate(2026, 11, 24);
        var earlier = await factory.CreateEntryAsync(person, person.Local(yesterday, 9, 10), project.Id);
        await using (var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            Assert.Equal(1, await db.Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.IsArchived, true)));
        }

        AssertRejectedOnProject(await factory.CreateAsync(person, person.Local(yesterday, 11, 12), project.Id));
        AssertRejectedOnProject(await factory.TrackAsync(person, s => s.ContinueAsync(person.UserId, earlier.Id)));
        Assert.Equal([earlier.Id], (await factory.StoredEntriesAsync(person.UserId)).Select(e => e.Id));
    }

    [Fact]
    public async Task Entries_of_another_organization_cannot_be_changed_and_its_projects_cannot_be_logged_to()
    {
        // One person in both organizations: only the scope's organization separates their entries.
        var inAcme = await factory.CreatePersonAsync(factory.AcmeId);
        var inGlobex = await factory.JoinAsync(inAcme.UserId, factory.GlobexId, inAcme.Zone);
        var acmeEntry = await factory.CreateEntryAsync(inAcme, inAcme.Local(new LocalDate(2026, 11, 24), 9, 10), description: "acme work");
        var before = await factory.StoredEntryAsync(acmeEntry.Id);
        var later = inGlobex.Local(new LocalDate(2026, 11, 24), 14, 15);

        var update = await factory.TrackAsync(inGlobex, s => s.UpdateAsync(
            inGlobex.UserId, acmeEntry.Id, acmeEntry.Version, new EntryDetails(inGlobex.Project, Description: "moved"), later.Start, later.End));
        var delete = await factory.TrackAsync(inGlobex, s => s.DeleteAsync(inGlobex.UserId, acmeEntry.Id, acmeEntry.Version));
        var continued = await factory.TrackAsync(inGlobex, s => s.ContinueAsync(inGlobex.UserId, acmeEntry.Id));
        var logToGlobexProject = await factory.CreateAsync(inAcme, later, inGlobex.Project);

        Assert.Equal(TrackingFailure.NotFound, update.Failure);
        Assert.Equal(TrackingFailure.NotFound, delete.Failure);
        Assert.Equal(TrackingFailure.NotFound, continued.Failure);
        AssertRejectedOnProject(logToGlobexProject);
        Assert.Equal(before, await factory.StoredEntryAsync(acmeEntry.Id));
        Assert.Equal([acmeEntry.Id], (await factory.StoredEntriesAsync(inAcme.UserId)).Select(e => e.Id));
    }

    private static void AssertRejectedOnProject<T>(TrackingResult<T> result)
    {
        Assert.True(result.Failure == TrackingFailure.Invalid, Tracker.Describe(result));
        Assert.Equal(["ProjectId"], result.Problems.Select(p => p.Field));
    }

    private sealed record TrackingFailureAndProblems(TrackingFailure Failure, IReadOnlyList<TrackingProblem> Problems);

    private static TrackingFailureAndProblems Of<T>(TrackingResult<T> result) => new(result.Failure, result.Problems);
}
