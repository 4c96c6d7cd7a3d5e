using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// The database layer on its own: raw Npgsql as the app role, no EF Core, no query filters. Whatever
/// the app gets wrong above it, PostgreSQL row-level security must still keep organizations apart.
/// </summary>
[Collection(IsolationCollection.Name)]
public sealed class RowLevelSecurityTests(IsolationFactory factory)
{
    private const string InsufficientPrivilege = PostgresErrorCodes.InsufficientPrivilege; // 42501

    /// <summary>Tables the app role may insert into and read, never change (the access log and the export register).</summary>
    /// <summary>Tenant tables written and read by SQL only, outside the EF model (ADR 020's staging rows).</summary>
    private static readonly string[] SqlOnlyTables = ["import_staged_entries"];

    private static readonly HashSet<string> AppendOnlyTables = ["access_log_entries", "data_exports", "month_releases", "released_time", "released_memberships"];

    private TestDatabase Database => factory.Database;

    [Fact]
    public async Task Tenant_tables_in_the_catalog_are_exactly_the_tables_of_the_models_tenant_owned_entities()
    {
        var catalog = await Database.TenantTablesAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Model;
        var entityTables = model.GetEntityTypes()
            .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType))
            .Select(e => e.GetTableName() ?? throw new InvalidOperationException($"{e.DisplayName()} maps to no table."))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(catalog);
        Assert.Contains("memberships", catalog);
        Assert.Equal(entityTables, catalog.Except(SqlOnlyTables).ToList());
        Assert.All(SqlOnlyTables, table => Assert.Contains(table, catalog));
    }

    [Fact]
    public async Task Every_tenant_table_holds_rows_of_both_organizations_so_the_isolation_tests_are_not_vacuous()
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        foreach (var table in await Database.TenantTablesAsync())
        {
            foreach (var (slug, id) in new[] { ("acme", factory.AcmeId), ("globex", factory.GlobexId) })
            {
                var rows = await superuser.ScalarAsync<long>($"SELECT count(*) FROM {RawSql.Quote(table)} WHERE tenant_id = @tenant", ("tenant", id));
                Assert.True(rows > 0, $"{table} has no {slug} row; add a probe row in {nameof(IsolationFactory)}.");
            }
        }
    }

    [Fact]
    public async Task App_role_without_tenant_sees_no_rows_in_any_tenant_table()
    {
        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(null);
        await using var bare = await Database.OpenAsAppAsync(); // never touched app.tenant_id at all

        foreach (var table in await Database.TenantTablesAsync())
        {
            Assert.Equal(0L, await app.ScalarAsync<long>($"SELECT count(*) FROM {RawSql.Quote(table)}"));
            Assert.Equal(0L, await bare.ScalarAsync<long>($"SELECT count(*) FROM {RawSql.Quote(table)}"));
        }
    }

    [Fact]
    public async Task App_role_without_tenant_cannot_insert_into_any_tenant_table()
    {
        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(null);

        // The policy's WITH CHECK runs before NOT NULL and foreign keys, so a row with only tenant_id is enough.
        foreach (var table in await Database.TenantTablesAsync())
        {
            Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync(
                $"INSERT INTO {RawSql.Quote(table)} (tenant_id) VALUES (@tenant)", ("tenant", factory.AcmeId)));
        }

        Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync(
            "INSERT INTO projects (tenant_id, id, name, color, is_billable_by_default, is_archived) VALUES (@tenant, @id, 'No tenant', '#000000', false, false)",
            ("tenant", factory.AcmeId),
            ("id", Guid.CreateVersion7())));
    }

    [Fact]
    public async Task App_role_in_acme_sees_every_acme_row_and_no_globex_row_in_any_tenant_table()
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(factory.AcmeId);

        foreach (var table in await Database.TenantTablesAsync())
        {
            var quoted = RawSql.Quote(table);
            var visible = await app.QueryAsync<Guid>($"SELECT tenant_id FROM {quoted}");
            Assert.Equal(0L, await app.ScalarAsync<long>($"SELECT count(*) FROM {quoted} WHERE tenant_id = @globex", ("globex", factory.GlobexId)));
            Assert.All(visible, tenant => Assert.Equal(factory.AcmeId, tenant));
            var acmeRows = await superuser.ScalarAsync<long>($"SELECT count(*) FROM {quoted} WHERE tenant_id = @acme", ("acme", factory.AcmeId));
            Assert.Equal(acmeRows, visible.Count);
        }
    }

    [Fact]
    public async Task App_role_in_acme_cannot_insert_globex_rows_or_move_acme_rows_to_globex()
    {
        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(factory.AcmeId);

        foreach (var table in await Database.TenantTablesAsync())
        {
            Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync(
                $"INSERT INTO {RawSql.Quote(table)} (tenant_id) VALUES (@globex)", ("globex", factory.GlobexId)));
        }

        Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync(
            "INSERT INTO projects (tenant_id, id, name, color, is_billable_by_default, is_archived) VALUES (@globex, @id, 'Planted', '#000000', false, false)",
            ("globex", factory.GlobexId),
            ("id", Guid.CreateVersion7())));
        Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync(
            "UPDATE projects SET tenant_id = @globex WHERE tenant_id = @acme", ("globex", factory.GlobexId), ("acme", factory.AcmeId)));
    }

    [Fact]
    public async Task App_role_in_acme_updates_and_deletes_no_globex_rows()
    {
        var tables = await Database.TenantTablesAsync();
        await using var superuser = await Database.OpenAsSuperuserAsync();
        var before = await FingerprintsAsync(superuser, tables, factory.GlobexId);

        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(factory.AcmeId);
        var globex = ("globex", (object)factory.GlobexId);
        foreach (var table in tables)
        {
            var quoted = RawSql.Quote(table);
            if (AppendOnlyTables.Contains(table))
            {
                // Refused outright, whichever tenant: the app role may only add to these.
                Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync($"UPDATE {quoted} SET tenant_id = tenant_id WHERE tenant_id = @globex", globex));
                Assert.Equal(InsufficientPrivilege, await app.SqlStateOfAsync($"DELETE FROM {quoted} WHERE tenant_id = @globex", globex));
                continue;
            }

            Assert.Equal(0, await app.ExecuteAsync($"UPDATE {quoted} SET tenant_id = tenant_id WHERE tenant_id = @globex", globex));
            Assert.Equal(0, await app.ExecuteAsync($"DELETE FROM {quoted} WHERE tenant_id = @globex", globex));
            Assert.Equal(0, await app.ExecuteAsync($"DELETE FROM {quoted} WHERE tenant_id <> @acme", ("acme", factory.AcmeId)));
        }

        Assert.Equal(0, await app.ExecuteAsync("UPDATE projects SET name = name || ' (taken over)' WHERE tenant_id = @globex", globex));
        Assert.Equal(0, await app.ExecuteAsync("UPDATE memberships SET role = 'Owner' WHERE tenant_id = @globex", globex));

        var after = await FingerprintsAsync(superuser, tables, factory.GlobexId);
        Assert.Equal(before, after);
        Assert.All(after, table => Assert.True(table.Value.Rows > 0, $"{table.Key} lost its globex rows."));
    }

    [Fact]
    public async Task Person_sees_their_own_membership_in_another_organization_and_no_one_elses()
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        var globexMembers = await superuser.ScalarAsync<long>("SELECT count(*) FROM memberships WHERE tenant_id = @globex", ("globex", factory.GlobexId));
        Assert.True(globexMembers > 1, "globex needs members besides dave for this test to mean anything.");
        var globexRows = "SELECT user_id FROM memberships WHERE tenant_id = @globex";
        var globex = ("globex", (object)factory.GlobexId);

        await using var app = await Database.OpenAsAppAsync();

        // Acting in acme as dave: his own globex row, nobody else's.
        await app.SetTenantAsync(factory.AcmeId, factory.DaveId);
        Assert.Equal([factory.DaveId], await app.QueryAsync<Guid>(globexRows, globex));

        // The same tenant with nobody acting: no globex membership at all.
        await app.SetTenantAsync(factory.AcmeId);
        Assert.Empty(await app.QueryAsync<Guid>(globexRows, globex));

        // No tenant, dave acting (the organization switcher): only his own rows, in every organization.
        await app.SetTenantAsync(null, factory.DaveId);
        var own = await app.QueryAsync<Guid>("SELECT user_id FROM memberships");
        Assert.NotEmpty(own);
        Assert.All(own, user => Assert.Equal(factory.DaveId, user));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM teams"));

        // Reading his own row elsewhere never lets him change it: that policy is SELECT only.
        await app.SetTenantAsync(factory.AcmeId, factory.DaveId);
        Assert.Equal(0, await app.ExecuteAsync("UPDATE memberships SET role = 'Owner' WHERE tenant_id = @globex AND user_id = @dave", globex, ("dave", factory.DaveId)));
        Assert.Equal(0, await app.ExecuteAsync("DELETE FROM memberships WHERE tenant_id = @globex AND user_id = @dave", globex, ("dave", factory.DaveId)));
        Assert.Equal("Employee", await superuser.ScalarAsync<string>(
            "SELECT role FROM memberships WHERE tenant_id = @globex AND user_id = @dave", globex, ("dave", factory.DaveId)));
    }

    private static async Task<Dictionary<string, (long Rows, string Digest)>> FingerprintsAsync(NpgsqlConnection superuser, IEnumerable<string> tables, Guid tenantId)
    {
        var fingerprints = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            var rows = await superuser.QueryAsync(
                $"SELECT count(*), coalesce(string_agg(md5(t::text), ',' ORDER BY md5(t::text)), '') FROM {RawSql.Quote(table)} t WHERE tenant_id = @tenant",
                reader => (reader.GetInt64(0), reader.GetString(1)),
                ("tenant", tenantId));
            fingerprints[table] = rows.Single();
        }

        return fingerprints;
    }
}
