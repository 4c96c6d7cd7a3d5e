using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// The migration RollupsSplitAtLocalMidnight on a database that already holds entries, rollups and a
/// released month: every finished entry gets the split C# would make in its person's zone, the rollups
/// follow the splits, released months keep their figures, and going back down restores start-day rollups.
/// </summary>
public sealed class DaySplitMigrationTests(DayRuleFactory factory) : IClassFixture<DayRuleFactory>
{
    private const string Before = "20261207053325_MonthReleases";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public async Task Existing_entries_are_split_in_their_persons_zone_and_released_months_keep_their_figures()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = OwnerContext(database);
        await db.GetService<IMigrator>().MigrateAsync(Before);

        var (tenant, inOrganizationZone, inOwnZone, project) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var entries = new List<(Guid Id, Guid User, DateTimeZone Zone, Instant Start, Instant? End)>
        {
            // Sunday 23:30 to Monday 00:30 in Berlin.
            (Guid.CreateVersion7(), inOrganizationZone, Berlin, At(Berlin, 2026, 11, 22, 23, 30), At(Berlin, 2026, 11, 23, 0, 30)),
            // Into Berlin's 23-hour day, with a start that is not a whole second.
            (Guid.CreateVersion7(), inOrganizationZone, Berlin, At(Berlin, 2026, 3, 28, 23, 30) + Duration.FromTicks(1_234_560), At(Berlin, 2026, 3, 29, 4, 0)),
            // One day only.
            (Guid.CreateVersion7(), inOrganizationZone, Berlin, At(Berlin, 2026, 11, 24, 9, 0), At(Berlin, 2026, 11, 24, 12, 0)),
            // Across the end of a released month, in the person's own zone.
            (Guid.CreateVersion7(), inOwnZone, NewYork, At(NewYork, 2026, 10, 31, 23, 0), At(NewYork, 2026, 11, 1, 0, 45)),
            // A running timer.
            (Guid.CreateVersion7(), inOwnZone, NewYork, At(NewYork, 2026, 11, 30, 9, 0), null),
        };

        await using (var superuser = await database.OpenAsSuperuserAsync())
        {
            await SeedAsync(superuser, tenant, inOrganizationZone, inOwnZone, project);
            foreach (var (id, user, zone, start, end) in entries)
            {
                // As the app wrote entries before: the day is the date of the start; the old trigger rolls them up.
                await superuser.ExecuteAsync(
                    """
                    INSERT INTO time_entries (tenant_id, id, user_id, project_id, description, is_billable, start_at, end_at, day, source, is_outside_hours, no_overlap, created_at, updated_at)
                    VALUES (@tenant, @id, @user, @project, '', true, @start, @end, @day, 'Manual', false, false, @start, @start)
                    """,
                    ("tenant", tenant),
                    ("id", id),
                    ("user", user),
                    ("project", project),
                    ("start", start.ToDateTimeUtc()),
                    ("end", end is { } e ? e.ToDateTimeUtc() : DBNull.Value),
                    ("day", start.InZone(zone).Date.ToDateOnly()));
            }

            // October was released with the New York entry wholly on 31 October (1 h 45 min).
            Assert.Equal([(new DateOnly(2026, 10, 31), 6_300_000L)], await RollupsAsync(superuser, inOwnZone));
            await superuser.ExecuteAsync(
                """
                INSERT INTO month_releases (tenant_id, month, released_at) VALUES (@tenant, DATE '2026-10-01', now());
                INSERT INTO released_time (tenant_id, month, id, user_id, project_id, outcome_id, client_id, billable, hourly_rate, duration_ms)
                SELECT tenant_id, DATE '2026-10-01', gen_random_uuid(), user_id, project_id, outcome_id, NULL, true, NULL, sum(duration_ms)
                FROM time_rollups WHERE tenant_id = @tenant AND day >= DATE '2026-10-01' AND day < DATE '2026-11-01'
                GROUP BY tenant_id, user_id, project_id, outcome_id;
                """,
                ("tenant", tenant));
        }

        var released = await ReleasedAsync(database, tenant);
        Assert.Equal([$"{inOwnZone}|6300000"], released);

        await db.GetService<IMigrator>().MigrateAsync();

        await using (var superuser = await database.OpenAsSuperuserAsync())
        {
            foreach (var (id, _, zone, start, end) in entries)
            {
                var (day, split) = Assert.Single(await superuser.QueryAsync(
                    "SELECT day, day_milliseconds FROM time_entries WHERE id = @id",
                    r => (LocalDate.FromDateOnly(r.GetFieldValue<DateOnly>(0)), r.IsDBNull(1) ? null : r.GetFieldValue<long[]>(1)),
                    ("id", id)));
                if (end is not { } finished)
                {
                    Assert.Null(split);
                    continue;
                }

                // What DaySplit makes of the times as stored (PostgreSQL keeps microseconds).
                var stored = await superuser.ScalarAsync<DateTime>("SELECT start_at FROM time_entries WHERE id = @id", ("id", id));
                var expected = DaySplit.Of(new Interval(Instant.FromDateTimeUtc(stored), finished), zone);
                Assert.Equal(expected.FirstDay, day);
                Assert.Equal(expected.ToArray(), split);
            }

            Assert.Equal([(new DateOnly(2026, 10, 31), 3_600_000L), (new DateOnly(2026, 11, 1), 2_700_000L)], await RollupsAsync(superuser, inOwnZone));
            Assert.Equal(
                [(new DateOnly(2026, 3, 28), 1_799_877L), (new DateOnly(2026, 3, 29), 10_800_000L), (new DateOnly(2026, 11, 22), 1_800_000L), (new DateOnly(2026, 11, 23), 1_800_000L), (new DateOnly(2026, 11, 24), 10_800_000L)],
                await RollupsAsync(superuser, inOrganizationZone));
            var kept = await RollupRowsAsync(superuser, tenant);
            await superuser.ExecuteAsync("SELECT rebuild_time_rollups(@tenant)", ("tenant", tenant));
            Assert.Equal(kept, await RollupRowsAsync(superuser, tenant));
        }

        // October keeps the figure it was released with.
        Assert.Equal(released, await ReleasedAsync(database, tenant));

        // Down again: each entry wholly on its first day, as the first rollups counted it.
        await db.GetService<IMigrator>().MigrateAsync(Before);
        await using (var superuser = await database.OpenAsSuperuserAsync())
        {
            Assert.Equal([(new DateOnly(2026, 10, 31), 6_300_000L)], await RollupsAsync(superuser, inOwnZone));
            Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'time_entries' AND column_name = 'day_milliseconds'"));
        }
    }

    private TimeTrackDbContext OwnerContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<TimeTrackDbContext>().UseApplicationServiceProvider(factory.Services);
        PersistenceExtensions.ConfigureDbContext(options, database.OwnerConnectionString, factory.Services, retryOnFailure: false);
        return new TimeTrackDbContext(options.Options, new TenantContext());
    }

    private static Instant At(DateTimeZone zone, int year, int month, int day, int hour, int minute) =>
        zone.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    private static async Task SeedAsync(NpgsqlConnection superuser, Guid tenant, Guid inOrganizationZone, Guid inOwnZone, Guid project)
    {
        await superuser.ExecuteAsync(
            """
            INSERT INTO organizations (id, slug, name, default_time_zone_id, week_start, created_at, tracking_maximum_days_in_past, tracking_overlaps, tracking_workday_start, tracking_workday_end, tracking_working_days, currency)
            VALUES (@tenant, @slug, 'Migrated', 'Europe/Berlin', 1, now(), 366, 'Allowed', TIME '08:00', TIME '18:00', 31, 'EUR');
            INSERT INTO users (id, display_name, time_zone_id, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES (@a, 'In Berlin', NULL, now(), @a::text, upper(@a::text), @a::text, upper(@a::text), true, '-', 'S', 'C', false, false, true, 0),
                   (@b, 'In New York', 'America/New_York', now(), @b::text, upper(@b::text), @b::text, upper(@b::text), true, '-', 'S', 'C', false, false, true, 0);
            INSERT INTO memberships (tenant_id, id, user_id, role, joined_at)
            VALUES (@tenant, gen_random_uuid(), @a, 'Employee', now()), (@tenant, gen_random_uuid(), @b, 'Employee', now());
            INSERT INTO projects (tenant_id, id, name, color, is_billable_by_default, is_archived, client_id)
            VALUES (@tenant, @project, 'Migration', '#336699', true, false, NULL);
            """,
            ("tenant", tenant),
            ("slug", "migrated-" + tenant.ToString("N")[..12]),
            ("a", inOrganizationZone),
            ("b", inOwnZone),
            ("project", project));
    }

    private static Task<IReadOnlyList<(DateOnly Day, long Ms)>> RollupsAsync(NpgsqlConnection superuser, Guid userId) =>
        superuser.QueryAsync(
            "SELECT day, sum(duration_ms)::bigint FROM time_rollups WHERE user_id = @user GROUP BY day ORDER BY day",
            r => (r.GetFieldValue<DateOnly>(0), r.GetInt64(1)),
            ("user", userId));

    private static Task<IReadOnlyList<string>> RollupRowsAsync(NpgsqlConnection superuser, Guid tenant) =>
        superuser.QueryAsync(
            "SELECT concat_ws('|', user_id, day, project_id, duration_ms, billable_ms, outside_hours_ms, entries) FROM time_rollups WHERE tenant_id = @tenant ORDER BY 1",
            r => r.GetString(0),
            ("tenant", tenant));

    private static async Task<IReadOnlyList<string>> ReleasedAsync(TestDatabase database, Guid tenant)
    {
        await using var superuser = await database.OpenAsSuperuserAsync();
        return await superuser.QueryAsync(
            "SELECT concat_ws('|', user_id, duration_ms) FROM released_time WHERE tenant_id = @tenant ORDER BY 1",
            r => r.GetString(0),
            ("tenant", tenant));
    }
}
