using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeTrack.Web.Data;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// Guards on the schema and the roles, read from PostgreSQL's catalog: they fail the day a migration
/// adds a tenant table without forced RLS, a policy that widens access, or an index that does not
/// lead with tenant_id, or the day the app connects as a role that could lift RLS.
/// </summary>
[Collection(IsolationCollection.Name)]
public sealed class SchemaGuardTests(IsolationFactory factory)
{
    /// <summary>The one index that does not lead with tenant_id: the organization switcher reads a person's memberships across tenants.</summary>
    private const string CrossTenantIndex = "ix_memberships_user_id";

    private sealed record TableSecurity(string Table, bool RowSecurity, bool Forced, bool HasTenantPolicy);

    private sealed record Policy(string Table, string Name, bool Permissive, string Command, string Using, string WithCheck);

    [Fact]
    public async Task Every_tenant_table_has_forced_row_level_security_and_a_tenant_policy()
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var tables = await superuser.QueryAsync(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   EXISTS (SELECT 1 FROM pg_policy p
                           WHERE p.polrelid = c.oid AND p.polpermissive AND p.polcmd = '*'
                             AND pg_get_expr(p.polqual, p.polrelid) LIKE '%tenant_id = %app.tenant_id%'
                             AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%tenant_id = %app.tenant_id%')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            ORDER BY c.relname
            """,
            r => new TableSecurity(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2), r.GetBoolean(3)));

        Assert.NotEmpty(tables);
        Assert.Equal(await factory.Database.TenantTablesAsync(), tables.Select(t => t.Table).ToList());
        Assert.All(tables, t => Assert.Equal(new TableSecurity(t.Table, true, true, true), t));
    }

    [Fact]
    public async Task No_permissive_policy_widens_a_tenant_table_beyond_its_tenant_except_reading_ones_own_memberships()
    {
        // Permissive policies are OR-ed: one extra USING (true) would undo every tenant policy.
        var tenantTables = await factory.Database.TenantTablesAsync();
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var policies = await superuser.QueryAsync(
            """
            SELECT c.relname, p.polname, p.polpermissive, p.polcmd::text,
                   coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
            WHERE c.relname = ANY(@tables)
            """,
            r => new Policy(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.GetString(4), r.GetString(5)),
            ("tables", tenantTables.ToArray()));

        Assert.NotEmpty(policies);
        var widening = policies.Where(p => p.Permissive && !IsTenantPolicy(p) && !IsOwnMembershipsPolicy(p)).ToList();
        Assert.Empty(widening);
        Assert.Single(policies, IsOwnMembershipsPolicy);

        static bool IsTenantPolicy(Policy p) =>
            p.Using.Contains("app.tenant_id", StringComparison.Ordinal) && p.Using.StartsWith("(tenant_id = ", StringComparison.Ordinal)
            && (p.Command == "r" || p.WithCheck == p.Using);

        static bool IsOwnMembershipsPolicy(Policy p) =>
            p is { Table: "memberships", Name: "own_memberships", Command: "r" }
            && p.Using.StartsWith("(user_id = ", StringComparison.Ordinal) && p.Using.Contains("app.user_id", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_index_on_a_tenant_table_leads_with_tenant_id_except_memberships_by_user()
    {
        var tenantTables = await factory.Database.TenantTablesAsync();
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var indexes = await superuser.QueryAsync(
            """
            SELECT ic.relname, t.relname, coalesce(a.attname, '(expression)')
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
            WHERE n.nspname = 'public' AND t.relname = ANY(@tables)
            ORDER BY t.relname, ic.relname
            """,
            r => (Index: r.GetString(0), Table: r.GetString(1), FirstColumn: r.GetString(2)),
            ("tables", tenantTables.ToArray()));

        Assert.True(indexes.Count >= tenantTables.Count, "Every tenant table should at least have its primary key.");
        Assert.Contains(indexes, i => i.Index == CrossTenantIndex);
        var offenders = indexes.Where(i => i.FirstColumn != "tenant_id" && i.Index != CrossTenantIndex)
            .Select(i => $"{i.Table}.{i.Index} leads with {i.FirstColumn}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task App_role_is_not_superuser_cannot_bypass_row_level_security_and_owns_nothing()
    {
        await using var app = await factory.Database.OpenAsAppAsync();
        var role = (await app.QueryAsync(
            "SELECT rolname::text, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user",
            r => (Name: r.GetString(0), Super: r.GetBoolean(1), BypassRls: r.GetBoolean(2), CreateRole: r.GetBoolean(3), CreateDb: r.GetBoolean(4)))).Single();

        Assert.Equal((TestDatabase.AppRole, false, false, false, false), role);
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") > 0);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"));
        Assert.Equal(0L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND n.nspname NOT LIKE 'pg_%'"));
        Assert.Equal(0L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        // Only an owner can lift RLS on a table; the app is not one.
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await app.SqlStateOfAsync("ALTER TABLE projects NO FORCE ROW LEVEL SECURITY"));
    }

    [Fact]
    public async Task App_connects_as_the_app_role()
    {
        var configured = factory.Services.GetRequiredService<IConfiguration>().GetConnectionString(PersistenceExtensions.AppConnectionName);
        Assert.Equal(TestDatabase.AppRole, new NpgsqlConnectionStringBuilder(configured).Username);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        Assert.Equal(TestDatabase.AppRole, await db.Database.SqlQuery<string>($"SELECT current_user::text AS \"Value\"").SingleAsync());
    }

    [Fact]
    public async Task App_role_reads_but_cannot_change_the_migration_history()
    {
        await using var app = await factory.Database.OpenAsAppAsync();
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);

        foreach (var sql in new[]
        {
            "INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ('29990101000000_Planted', '10.0.0')",
            "UPDATE \"__EFMigrationsHistory\" SET product_version = 'changed'",
            "DELETE FROM \"__EFMigrationsHistory\"",
            "TRUNCATE \"__EFMigrationsHistory\"",
        })
        {
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await app.SqlStateOfAsync(sql));
        }
    }
}
