using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// <c>time_rollups</c> is what every report and dashboard sums, so it must always equal the sum of
/// the finished entries it stands for, whichever path wrote them: the tracking service, the
/// timesheet grid, statements below the application, and many writers at once.
/// </summary>
[Collection(TrackingCollection.Name)]
public sealed class RollupConsistencyTests(TrackingFactory factory)
{
    private const string Columns = "user_id, day, project_id, outcome_id, task_id";

    private const string Order = "user_id, day, project_id, outcome_id NULLS FIRST, task_id NULLS FIRST";

    private static readonly LocalDate Monday = new(2026, 11, 23);

    [Fact]
    public async Task Rollups_follow_every_write_path_and_equal_a_rebuild()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var (outcome, task) = await OutcomeAndTaskAsync(person.TenantId, person.ProjectIds[1]);

        // Add.
        var a = await factory.CreateEntryAsync(person, person.Local(Monday, 9, 11));
        var b = await factory.CreateEntryAsync(person, person.Local(Monday, 13, 14));
        var c = await factory.CreateEntryAsync(person, person.Local(Monday.PlusDays(1), 9, 10));
        await AssertConsistentAsync(person.TenantId);
        Assert.Equal(
            [(Monday, person.Project, 3 * 3_600_000L, 2), (Monday.PlusDays(1), person.Project, 3_600_000L, 1)],
            await PersonRollupsAsync(person.UserId));

        // Edit: move a day back, change project, outcome and task, and the billable flag.
        var moved = await factory.TrackAsync(person, s => s.UpdateAsync(
            person.UserId,
            a.Id,
            a.Version,
            new EntryDetails(person.ProjectIds[1], TaskId: task, OutcomeId: outcome, IsBillable: false),
            person.Local(Monday.PlusDays(-3), 9, 11).Start,
            person.Local(Monday.PlusDays(-3), 9, 11).End));
        Assert.True(moved.Succeeded, Tracker.Describe(moved));
        await AssertConsistentAsync(person.TenantId);
        var rebilled = await factory.TrackAsync(person, s => s.UpdateAsync(
            person.UserId,
            b.Id,
            b.Version,
            new EntryDetails(person.Project, IsBillable: false),
            b.Start,
            b.End));
        Assert.True(rebilled.Succeeded, Tracker.Describe(rebilled));
        await AssertConsistentAsync(person.TenantId);

        // Delete.
        var deleted = await factory.TrackAsync(person, s => s.DeleteAsync(person.UserId, c.Id, c.Version));
        Assert.True(deleted.Succeeded, Tracker.Describe(deleted));
        await AssertConsistentAsync(person.TenantId);

        // A running timer is not in the rollups; stopped, it is.
        var started = await factory.TrackAsync(person, s => s.StartTimerAsync(person.UserId, new EntryDetails(person.Project)));
        Assert.True(started.Succeeded, Tracker.Describe(started));
        await AssertConsistentAsync(person.TenantId);
        var stopped = await factory.TrackAsync(person, s => s.StopTimerAsync(person.UserId, TrackingFactory.Now + Duration.FromMinutes(45)));
        Assert.True(stopped.Succeeded, Tracker.Describe(stopped));
        await AssertConsistentAsync(person.TenantId);

        // The timesheet grid: a new cell, then a smaller one.
        var week = person.WeekContaining(TrackingFactory.Now);
        TimesheetRow[] rows = [new(person.ProjectIds[^1], null, null)];
        foreach (var cell in new[] { "2:30", "1:15" })
        {
            await using var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
            var saved = await scope.ServiceProvider.GetRequiredService<TimesheetService>()
                .SaveAsync(person.UserId, week, rows, new Dictionary<(int, LocalDate), string?> { [(0, Monday)] = cell });
            Assert.True(saved.Succeeded, Tracker.Describe(saved));
            await AssertConsistentAsync(person.TenantId);
        }

        Assert.Contains((Monday, person.ProjectIds[^1], 75 * 60_000L, 1), await PersonRollupsAsync(person.UserId));

        // Below the application: length (with its day split: without, the database refuses it), billable
        // flag, project, then a delete.
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            var unsplit = await superuser.RefusalOfAsync(("UPDATE time_entries SET end_at = end_at - interval '17 minutes 3 seconds' WHERE id = @id", [("id", b.Id)]));
            Assert.Equal(PostgresErrorCodes.CheckViolation, unsplit?.SqlState);
            Assert.Equal("ck_time_entries_split_matches_length", unsplit?.ConstraintName);
            await superuser.ExecuteAsync(
                "UPDATE time_entries SET end_at = end_at - interval '17 minutes 3 seconds', day_milliseconds = ARRAY[day_milliseconds[1] - 1023000] WHERE id = @id",
                ("id", b.Id));
            await AssertConsistentAsync(person.TenantId);
            await superuser.ExecuteAsync("UPDATE time_entries SET is_billable = NOT is_billable WHERE user_id = @user", ("user", person.UserId));
            await AssertConsistentAsync(person.TenantId);
            await superuser.ExecuteAsync("UPDATE time_entries SET project_id = @project, outcome_id = NULL, task_id = NULL WHERE id = @id", ("project", person.ProjectIds[^1]), ("id", a.Id));
            await AssertConsistentAsync(person.TenantId);
            await superuser.ExecuteAsync("DELETE FROM time_entries WHERE id = @id", ("id", b.Id));
            await AssertConsistentAsync(person.TenantId);
        }

        Assert.NotEmpty(await PersonRollupsAsync(person.UserId));
    }

    [Fact]
    public async Task Parallel_inserts_of_one_person_and_day_all_count()
    {
        const int Writers = 20;
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var day = Monday.PlusDays(1);
        var start = person.Local(day, 8, 9).Start;
        var scopes = Enumerable.Range(0, Writers).Select(_ => factory.Scopes.CreateScope(person.TenantId, person.UserId)).ToList();
        try
        {
            // Each on its own context and connection, opened before the gate so the inserts overlap.
            var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<TimeTrackDbContext>()).ToList();
            foreach (var db in contexts)
            {
                await db.Database.OpenConnectionAsync();
            }

            using var gate = new SemaphoreSlim(0);
            var writers = contexts.Select((db, i) => Task.Run(async () =>
            {
                db.TimeEntries.Add(new TimeEntry
                {
                    Id = Guid.CreateVersion7(),
                    UserId = person.UserId,
                    ProjectId = person.Project,
                    Start = start + Duration.FromMinutes(15 * i),
                    End = start + Duration.FromMinutes(15 * i) + Duration.FromMinutes(10),
                    IsBillable = true,
                    Source = EntrySource.Manual,
                    CreatedAt = TrackingFactory.Now,
                    UpdatedAt = TrackingFactory.Now,
                });
                await gate.WaitAsync();
                await db.SaveChangesAsync();
            })).ToList();
            gate.Release(Writers);
            await Task.WhenAll(writers);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        Assert.Equal([(day, person.Project, Writers * 600_000L, Writers)], await PersonRollupsAsync(person.UserId));
        await AssertConsistentAsync(person.TenantId);
    }

    [Fact]
    public async Task An_entry_across_local_midnight_counts_on_each_day_for_its_part_and_moves_with_its_times()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId, "America/New_York");
        var sunday = Monday.PlusDays(-1);
        Instant At(LocalDate date, int hour, int minute) => person.Zone.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();
        var lateNight = new Interval(At(sunday, 23, 30), At(Monday, 0, 30));

        var entry = await factory.CreateEntryAsync(person, lateNight);
        Assert.Equal(sunday, entry.Day);
        Assert.Equal([1_800_000L, 1_800_000L], entry.DayMilliseconds ?? []);
        Assert.Equal([(sunday, person.Project, 1_800_000L, 1), (Monday, person.Project, 1_800_000L, 1)], await PersonRollupsAsync(person.UserId));
        await AssertConsistentAsync(person.TenantId);

        // Shortened to end at midnight, it is Sunday's alone; moved into Monday, Monday's alone.
        var shortened = await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, entry.Id, entry.Version, TimeEntryService.DetailsOf(entry), lateNight.Start, At(Monday, 0, 0)));
        Assert.True(shortened.Succeeded, Tracker.Describe(shortened));
        Assert.Equal([(sunday, person.Project, 1_800_000L, 1)], await PersonRollupsAsync(person.UserId));
        var moved = await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, entry.Id, shortened.Value!.Version, TimeEntryService.DetailsOf(entry), At(Monday, 0, 0), At(Monday, 1, 0)));
        Assert.True(moved.Succeeded, Tracker.Describe(moved));
        Assert.Equal([(Monday, person.Project, 3_600_000L, 1)], await PersonRollupsAsync(person.UserId));
        await AssertConsistentAsync(person.TenantId);
    }

    [Fact]
    public async Task An_entry_counts_on_the_day_of_its_start_in_the_persons_zone()
    {
        var kiritimati = await factory.CreatePersonAsync(factory.AcmeId, "Pacific/Kiritimati");
        var utc = await factory.CreatePersonAsync(factory.AcmeId, "Etc/UTC");
        var start = Instant.FromUtc(2026, 11, 24, 23, 0);

        foreach (var person in new[] { kiritimati, utc })
        {
            var entry = await factory.CreateEntryAsync(person, new Interval(start, start + Duration.FromMinutes(30)));
            Assert.Equal(person == kiritimati ? new LocalDate(2026, 11, 25) : new LocalDate(2026, 11, 24), entry.Day);
        }

        Assert.Equal([(new LocalDate(2026, 11, 25), kiritimati.Project, 1_800_000L, 1)], await PersonRollupsAsync(kiritimati.UserId));
        Assert.Equal([(new LocalDate(2026, 11, 24), utc.Project, 1_800_000L, 1)], await PersonRollupsAsync(utc.UserId));
        await AssertConsistentAsync(kiritimati.TenantId);
    }

    /// <summary>
    /// The organization's rollups equal the entries' day parts summed per (person, day, project, outcome,
    /// task), every finished entry's parts add up to its length, and the rollups stay the same through
    /// <c>rebuild_time_rollups</c>.
    /// </summary>
    private async Task AssertConsistentAsync(Guid tenantId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var stored = await RowsAsync(superuser, $"SELECT {Columns}, duration_ms, billable_ms, outside_hours_ms, entries FROM time_rollups WHERE tenant_id = @tenant ORDER BY {Order}", tenantId);
        var recomputed = await RowsAsync(
            superuser,
            $"""
            SELECT {Columns}, sum(ms), sum(CASE WHEN is_billable THEN ms ELSE 0 END), sum(CASE WHEN is_outside_hours THEN ms ELSE 0 END), count(*)
            FROM (SELECT e.user_id, e.day + (p.n::int - 1) AS day, e.project_id, e.outcome_id, e.task_id, e.is_billable, e.is_outside_hours, p.ms
                  FROM time_entries e, unnest(e.day_milliseconds) WITH ORDINALITY AS p(ms, n)
                  WHERE e.tenant_id = @tenant AND e.end_at IS NOT NULL AND p.ms > 0) e
            GROUP BY {Columns}
            ORDER BY {Order}
            """,
            tenantId);
        Assert.NotEmpty(recomputed);
        Assert.Equal(recomputed, stored);
        var unsplit = await RowsAsync(
            superuser,
            """
            SELECT id FROM time_entries
            WHERE tenant_id = @tenant AND end_at IS NOT NULL
              AND (SELECT sum(ms) FROM unnest(day_milliseconds) AS ms) <> (extract(epoch FROM end_at - start_at) * 1000)::bigint
            """,
            tenantId);
        Assert.Empty(unsplit);

        await superuser.ExecuteAsync("SELECT rebuild_time_rollups(@tenant)", ("tenant", tenantId));
        var rebuilt = await RowsAsync(superuser, $"SELECT {Columns}, duration_ms, billable_ms, outside_hours_ms, entries FROM time_rollups WHERE tenant_id = @tenant ORDER BY {Order}", tenantId);
        Assert.Equal(stored, rebuilt);
    }

    private static Task<IReadOnlyList<string>> RowsAsync(NpgsqlConnection connection, string sql, Guid tenantId) =>
        connection.QueryAsync(
            sql,
            r => string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))),
            ("tenant", tenantId));

    /// <summary>The person's rollup rows: day, project, milliseconds and entries, in day order.</summary>
    private async Task<IReadOnlyList<(LocalDate Day, Guid Project, long DurationMs, int Entries)>> PersonRollupsAsync(Guid userId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.QueryAsync(
            "SELECT day, project_id, duration_ms, entries FROM time_rollups WHERE user_id = @user ORDER BY day, project_id, outcome_id NULLS FIRST, task_id NULLS FIRST",
            r => (LocalDate.FromDateOnly(r.GetFieldValue<DateOnly>(0)), r.GetGuid(1), r.GetInt64(2), r.GetInt32(3)),
            ("user", userId));
    }

    private async Task<(Guid Outcome, Guid Task)> OutcomeAndTaskAsync(Guid tenantId, Guid projectId)
    {
        await using var scope = factory.Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var outcome = await db.Outcomes.Where(o => o.ProjectId == projectId).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync();
        var task = await db.Tasks.Where(t => t.ProjectId == projectId).OrderBy(t => t.Name).Select(t => t.Id).FirstAsync();
        return (outcome, task);
    }
}
