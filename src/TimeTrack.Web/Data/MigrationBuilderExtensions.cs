using Microsoft.EntityFrameworkCore.Migrations;

namespace TimeTrack.Web.Data;

/// <summary>Helpers that migrations call right after creating a tenant-owned table.</summary>
public static class MigrationBuilderExtensions
{
    /// <summary>The expression every tenant policy compares <c>tenant_id</c> with; empty or missing means no tenant.</summary>
    public const string CurrentTenant = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";

    public const string CurrentUser = "NULLIF(current_setting('app.user_id', true), '')::uuid";

    /// <summary>Enables and forces row-level security on <paramref name="table"/> with the tenant policy.</summary>
    public static void EnableTenantIsolation(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;");
        migrationBuilder.Sql(
            $"CREATE POLICY tenant_isolation ON {table} USING (tenant_id = {CurrentTenant}) WITH CHECK (tenant_id = {CurrentTenant});");
    }

    /// <summary>Drops what <see cref="EnableTenantIsolation"/> created (for Down migrations).</summary>
    public static void DisableTenantIsolation(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"DROP POLICY IF EXISTS tenant_isolation ON {table};");
        migrationBuilder.Sql($"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;");
    }
}
