using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TimeTrack.Web.Data.Seed;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Data;

/// <summary>
/// Brings a database up to date as the owner role: EF migrations (which create tables, row-level
/// security and policies), Hangfire's schema, and the app role's table privileges. The app itself
/// connects as a role that owns nothing, so it can never alter the schema or lift RLS.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task<int> RunCommandAsync(WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        try
        {
            await MigrateAsync(app.Services);
            logger.LogInformation("Database is up to date");
            if (args.Contains("--seed-demo"))
            {
                await DemoSeeder.SeedAsync(app.Services, withHistory: !args.Contains("--without-history"));
                logger.LogInformation("Demo data is in place");
            }

            return 0;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Migration failed");
            return 1;
        }
    }

    /// <summary>Migrates and seeds at start-up only when configuration asks for it explicitly.</summary>
    public static async Task RunStartupTasksAsync(WebApplication app)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStartup", false))
        {
            await MigrateAsync(app.Services);
        }

        if (app.Configuration.GetValue("Database:SeedDemo", false))
        {
            await DemoSeeder.SeedAsync(app.Services, app.Configuration.GetValue("Database:SeedDemoHistory", false));
        }
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var ownerConnection = configuration.GetConnectionString(PersistenceExtensions.MigratorConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{PersistenceExtensions.MigratorConnectionName} (the owner role) is not configured.");
        var appConnection = configuration.GetConnectionString(PersistenceExtensions.AppConnectionName);

        var options = new DbContextOptionsBuilder<TimeTrackDbContext>()
            .UseApplicationServiceProvider(services); // keeps Identity's store options, so the model matches
        PersistenceExtensions.ConfigureDbContext(options, ownerConnection, services);
        await using (var db = new TimeTrackDbContext(options.Options, new TenantContext()))
        {
            // Creating the history table first spares a fresh database EF's logged (and harmless)
            // "relation __EFMigrationsHistory does not exist" error.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        await using (var connection = new NpgsqlConnection(ownerConnection))
        {
            await connection.OpenAsync(cancellationToken);
            PostgreSqlObjectsInstaller.Install(connection, JobsExtensions.HangfireSchema);
            if (appConnection is not null)
            {
                var appRole = new NpgsqlConnectionStringBuilder(appConnection).Username;
                if (!string.IsNullOrEmpty(appRole))
                {
                    await GrantAppRoleAsync(connection, appRole, cancellationToken);
                }
            }
        }

        NpgsqlConnection.ClearAllPools();
    }

    private static async Task GrantAppRoleAsync(NpgsqlConnection connection, string appRole, CancellationToken cancellationToken)
    {
        var role = "\"" + appRole.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var hangfire = JobsExtensions.HangfireSchema;
        // Explicit grants (idempotent), so this also works on a database whose default privileges
        // were not set up by our scripts. The app may read the migration history, never change it,
        // and may only add to the access log and the export register. Imports COPY into a temporary
        // table (row-level security refuses COPY into the tenant's tables; ADR 020) and may have the
        // staging table analyzed before its checks (only the owner may ANALYZE).
        var sql = $"""
            GRANT USAGE ON SCHEMA public, {hangfire} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {hangfire} TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public, {hangfire} TO {role};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON access_log_entries, data_exports, month_releases, released_time, released_memberships FROM {role};
            GRANT EXECUTE ON FUNCTION import_staging_analyze() TO {role};
            DO $grant$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %s', current_database(), '{role.Replace("'", "''", StringComparison.Ordinal)}'); END $grant$;
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
