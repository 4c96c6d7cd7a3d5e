using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TimeTrack.Web.Data;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Teams;

/// <summary>
/// The migration TeamManagersAndArchivedTeams on a database that already has teams: each team's one
/// manager becomes a row of <c>team_managers</c> (isolated by tenant like every tenant table), and going
/// back down keeps one manager per team and names unique again.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TeamsMigrationTests(TimeTrackFactory factory)
{
    private const string Before = "20261207075500_RollupsSplitAtLocalMidnight";

    [Fact]
    public async Task Each_teams_manager_moves_to_the_managers_table_and_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = OwnerContext(database);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);

        var (tenant, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (manager, second, member, outsider) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (managed, unmanaged, elsewhere) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var superuser = await database.OpenAsSuperuserAsync();
        await SeedOrganizationAsync(superuser, tenant, [manager, second, member]);
        await SeedOrganizationAsync(superuser, other, [outsider]);
        await superuser.ExecuteAsync(
            """
            INSERT INTO teams (tenant_id, id, name, manager_user_id) VALUES
              (@tenant, @managed, 'Alpha', @manager), (@tenant, @unmanaged, 'Beta', NULL), (@other, @elsewhere, 'Alpha', @outsider);
            INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (@tenant, @managed, @member);
            """,
            ("tenant", tenant),
            ("other", other),
            ("managed", managed),
            ("unmanaged", unmanaged),
            ("elsewhere", elsewhere),
            ("manager", manager),
            ("outsider", outsider),
            ("member", member));

        await migrator.MigrateAsync();

        var rows = await superuser.QueryAsync("SELECT concat_ws('|', tenant_id, team_id, user_id) FROM team_managers", r => r.GetString(0));
        Assert.Equal(
            new[] { $"{tenant}|{managed}|{manager}", $"{other}|{elsewhere}|{outsider}" }.Order(StringComparer.Ordinal),
            rows.Order(StringComparer.Ordinal));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'teams' AND column_name = 'manager_user_id'"));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM teams WHERE archived_at IS NOT NULL"));
        var security = await superuser.QueryAsync(
            "SELECT c.relname || ':' || c.relrowsecurity || ':' || c.relforcerowsecurity FROM pg_class c WHERE c.relname IN ('teams', 'team_managers') ORDER BY c.relname",
            r => r.GetString(0));
        Assert.Equal(["team_managers:true:true", "teams:true:true"], security);

        // The app (granted what the app's migrator grants after every migration) sees only the current tenant's managers.
        await superuser.ExecuteAsync($"GRANT SELECT ON team_managers TO {TestDatabase.AppRole}");
        await using (var app = await database.OpenAsAppAsync())
        {
            await app.SetTenantAsync(tenant);
            Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM team_managers"));
            await app.SetTenantAsync(null);
            Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM team_managers"));
        }

        // Two managers and an archived team whose name an active team took since.
        await superuser.ExecuteAsync(
            """
            INSERT INTO team_managers (tenant_id, team_id, user_id) VALUES (@tenant, @managed, @second);
            UPDATE teams SET archived_at = now() WHERE id = @unmanaged;
            INSERT INTO teams (tenant_id, id, name) VALUES (@tenant, gen_random_uuid(), 'Beta');
            """,
            ("tenant", tenant),
            ("managed", managed),
            ("unmanaged", unmanaged),
            ("second", second));

        await migrator.MigrateAsync(Before);

        var expectedManager = string.CompareOrdinal(manager.ToString(), second.ToString()) < 0 ? manager : second;
        Assert.Equal(expectedManager, await superuser.ScalarAsync<Guid>("SELECT manager_user_id FROM teams WHERE id = @id", ("id", managed)));
        Assert.Equal(outsider, await superuser.ScalarAsync<Guid>("SELECT manager_user_id FROM teams WHERE id = @id", ("id", elsewhere)));
        Assert.Equal($"Beta (archived {unmanaged.ToString()[..8]})", await superuser.ScalarAsync<string>("SELECT name FROM teams WHERE id = @id", ("id", unmanaged)));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'team_managers'"));
    }

    private TimeTrackDbContext OwnerContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<TimeTrackDbContext>().UseApplicationServiceProvider(factory.Services);
        PersistenceExtensions.ConfigureDbContext(options, database.OwnerConnectionString, factory.Services, retryOnFailure: false);
        return new TimeTrackDbContext(options.Options, new TenantContext());
    }

    private static async Task SeedOrganizationAsync(NpgsqlConnection superuser, Guid tenant, IReadOnlyList<Guid> people)
    {
        await superuser.ExecuteAsync(
            """
            INSERT INTO organizations (id, slug, name, default_time_zone_id, week_start, created_at, tracking_maximum_days_in_past, tracking_overlaps, tracking_workday_start, tracking_workday_end, tracking_working_days, currency)
            VALUES (@tenant, @slug, 'Migrated', 'Europe/Berlin', 1, now(), 366, 'Allowed', TIME '08:00', TIME '18:00', 31, 'EUR');
            """,
            ("tenant", tenant),
            ("slug", "teams-" + tenant.ToString("N")[^12..]));
        foreach (var person in people)
        {
            await superuser.ExecuteAsync(
                """
                INSERT INTO users (id, display_name, time_zone_id, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                VALUES (@id, 'Person', NULL, now(), @id::text, upper(@id::text), @id::text, upper(@id::text), true, '-', 'S', 'C', false, false, true, 0);
                INSERT INTO memberships (tenant_id, id, user_id, role, joined_at) VALUES (@tenant, gen_random_uuid(), @id, 'Manager', now());
                """,
                ("tenant", tenant),
                ("id", person));
        }
    }
}
