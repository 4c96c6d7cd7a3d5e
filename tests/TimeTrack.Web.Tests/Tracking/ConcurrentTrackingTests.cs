using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// Races the application check cannot win alone: many requests of one person at the same moment
/// (two tabs, a phone and a laptop). The database constraints decide, and the losers get a result
/// the person can read, never an exception.
/// </summary>
[Collection(TrackingCollection.Name)]
public sealed class ConcurrentTrackingTests(TrackingFactory factory)
{
    private const int Racers = 10;

    [Fact]
    public async Task Concurrent_timer_starts_leave_exactly_one_running()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);

        var results = await RaceAsync(person, s => s.StartTimerAsync(person.UserId, new EntryDetails(person.Project)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.NotNull(winner.Value);
        foreach (var loser in results.Where(r => !r.Succeeded))
        {
            Assert.True(loser.Failure == TrackingFailure.Invalid, Tracker.Describe(loser));
            var problem = Assert.Single(loser.Problems);
            // Which check catches a loser depends on when the winner commits: the running-timer check,
            // the overlap check (the winner's timer is open-ended) or, inside the race, the unique index.
            Assert.True(
                problem.Message.StartsWith("A timer is already running", StringComparison.Ordinal)
                || problem.Message.StartsWith("This overlaps your running timer", StringComparison.Ordinal),
                problem.Message);
        }

        var stored = await factory.StoredEntriesAsync(person.UserId);
        var running = Assert.Single(stored);
        Assert.Null(running.End);
        Assert.Equal(winner.Value.Id, running.Id);
    }

    [Fact]
    public async Task Concurrent_overlapping_saves_leave_no_overlap_when_overlaps_are_rejected()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var morning = person.Local(new LocalDate(2026, 11, 24), 9, 11);

        // Each starts five minutes after the previous one and lasts two hours: every pair overlaps.
        var results = await RaceAsync(person, (s, i) => s.CreateAsync(
            person.UserId, new EntryDetails(person.Project), morning.Start + Duration.FromMinutes(5 * i), morning.End + Duration.FromMinutes(5 * i), EntrySource.Manual));

        Assert.Single(results, r => r.Succeeded);
        foreach (var loser in results.Where(r => !r.Succeeded))
        {
            Assert.True(loser.Failure == TrackingFailure.Invalid, Tracker.Describe(loser));
            var problem = Assert.Single(loser.Problems);
            Assert.Equal("Start", problem.Field);
            Assert.StartsWith("This overlaps", problem.Message, StringComparison.Ordinal);
        }

        Assert.Single(await factory.StoredEntriesAsync(person.UserId));
        Assert.Equal(0L, await OverlappingPairsAsync(person.UserId));
    }

    [Fact]
    public async Task Overlapping_entries_are_all_saved_when_the_organization_allows_overlaps()
    {
        var person = await CreateOrganizationAllowingOverlapsAsync();
        var morning = person.Local(new LocalDate(2026, 11, 24), 9, 11);

        var first = await factory.CreateAsync(person, morning);
        var second = await factory.CreateAsync(person, new Interval(morning.Start + Duration.FromHours(1), morning.End + Duration.FromHours(1)));
        var racing = await RaceAsync(person, (s, i) => s.CreateAsync(
            person.UserId, new EntryDetails(person.Project), morning.Start + Duration.FromMinutes(i), morning.End, EntrySource.Manual));

        Assert.True(first.Succeeded, Tracker.Describe(first));
        Assert.True(second.Succeeded, Tracker.Describe(second));
        Assert.All(racing, r => Assert.True(r.Succeeded, Tracker.Describe(r)));
        var stored = await factory.StoredEntriesAsync(person.UserId);
        Assert.Equal(2 + Racers, stored.Count);
        Assert.All(stored, e => Assert.False(e.NoOverlap));
        Assert.True(await OverlappingPairsAsync(person.UserId) > 0);
    }

    [Fact]
    public async Task Concurrent_switches_leave_exactly_one_running_timer()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.InsertEntryAsync(person, TrackingFactory.Now - Duration.FromHours(1), null, noOverlap: true);
        }

        var results = await RaceAsync(person, (s, i) => s.SwitchAsync(person.UserId, new EntryDetails(person.ProjectIds[i % person.ProjectIds.Count])));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Failure is TrackingFailure.Conflict or TrackingFailure.Invalid, Tracker.Describe(r)));
        var stored = await factory.StoredEntriesAsync(person.UserId);
        Assert.Equal(2, stored.Count);
        Assert.Equal(TrackingFactory.Now, stored[0].End);
        Assert.Null(stored[1].End);
    }

    [Fact]
    public async Task Update_with_a_stale_version_gets_Conflict_and_keeps_the_first_change()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var entry = await factory.CreateEntryAsync(person, person.Local(new LocalDate(2026, 11, 23), 9, 10), description: "original");

        await using var firstScope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
        await using var secondScope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
        var firstRead = await ReadAsync(firstScope, entry.Id);
        var secondRead = await ReadAsync(secondScope, entry.Id);
        Assert.Equal(firstRead.Version, secondRead.Version);

        var first = await firstScope.ServiceProvider.GetRequiredService<TimeEntryService>().UpdateAsync(
            person.UserId, entry.Id, firstRead.Version, new EntryDetails(person.Project, Description: "first"), firstRead.Start, firstRead.End);
        var second = await secondScope.ServiceProvider.GetRequiredService<TimeEntryService>().UpdateAsync(
            person.UserId, entry.Id, secondRead.Version, new EntryDetails(person.Project, Description: "second"), secondRead.Start, secondRead.End + Duration.FromMinutes(30));

        Assert.True(first.Succeeded, Tracker.Describe(first));
        Assert.Equal(TrackingFailure.Conflict, second.Failure);
        var stored = await factory.StoredEntryAsync(entry.Id);
        Assert.Equal("first", stored.Description);
        Assert.Equal(firstRead.End, stored.End);
        Assert.NotEqual(firstRead.Version, stored.Version);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_leave_one_winner_and_conflicts()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var entry = await factory.CreateEntryAsync(person, person.Local(new LocalDate(2026, 11, 23), 9, 10), description: "original");

        var results = await RaceAsync(person, (s, i) => s.UpdateAsync(
            person.UserId, entry.Id, entry.Version, new EntryDetails(person.Project, Description: $"change {i}"), entry.Start, entry.End));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Failure == TrackingFailure.Conflict, Tracker.Describe(r)));
        Assert.Equal(winner.Value?.Description, (await factory.StoredEntryAsync(entry.Id)).Description);
    }

    /// <summary>Runs <paramref name="command"/> <see cref="Racers"/> times at once, each in its own DI scope, released together.</summary>
    private async Task<T[]> RaceAsync<T>(TestPerson person, Func<TimeEntryService, int, Task<T>> command)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
            var service = scope.ServiceProvider.GetRequiredService<TimeEntryService>();
            await start.Task;
            return await command(service, i);
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(racers);
    }

    private Task<T[]> RaceAsync<T>(TestPerson person, Func<TimeEntryService, Task<T>> command) =>
        RaceAsync(person, (service, _) => command(service));

    private static Task<TimeEntry> ReadAsync(AsyncServiceScope scope, Guid entryId) =>
        scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking().SingleAsync(e => e.Id == entryId);

    private async Task<long> OverlappingPairsAsync(Guid userId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>(
            """
            SELECT count(*) FROM time_entries a
            JOIN time_entries b ON b.tenant_id = a.tenant_id AND b.user_id = a.user_id AND a.id < b.id
            WHERE a.user_id = @user AND tstzrange(a.start_at, a.end_at, '[)') && tstzrange(b.start_at, b.end_at, '[)')
            """,
            ("user", userId));
    }

    /// <summary>A new organization (never acme: other tests rely on its settings) that allows overlaps, and a person in it.</summary>
    private async Task<TestPerson> CreateOrganizationAllowingOverlapsAsync()
    {
        var founder = await factory.CreatePersonAsync(factory.AcmeId);
        var slug = "overlaps-" + Guid.NewGuid().ToString("N")[..12];
        Organization organization;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            organization = await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().CreateAsync(
                new OrganizationProvisioning.NewOrganization("Overlaps allowed", slug, Tracker.BerlinZoneId, IsoDayOfWeek.Monday), founder.UserId);
        }

        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            Assert.Equal(1, await superuser.ExecuteAsync(
                "UPDATE organizations SET tracking_overlaps = 'Allowed' WHERE id = @id", ("id", organization.Id)));
        }

        await using (var scope = factory.Scopes.CreateScope(organization.Id, founder.UserId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var project = new Project { Id = Guid.CreateVersion7(), Name = "Parallel work" };
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = founder.UserId });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            return founder with { TenantId = organization.Id, ProjectIds = [project.Id] };
        }
    }
}
