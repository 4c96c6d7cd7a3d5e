using System.Globalization;
using Npgsql;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>
/// The reporting benchmark's database: one per scale, named after it, kept between runs because
/// seeding takes minutes at full scale. Same shape as the tests' databases (<see cref="TestDatabase"/>):
/// owned by a non-superuser owner that migrates, read by an app role without BYPASSRLS; the seeder
/// writes as the superuser. A database comment records a finished seeding, so an interrupted one is
/// dropped and started again rather than measured.
/// </summary>
public sealed class ReportingDatabase
{
    private const string OwnerRole = "tt_bench_owner";
    private const string AppRole = "tt_bench_app";
    private const string Password = "tt_bench_password";
    private const string SeededMarker = "timetrack reporting benchmark, seeded: ";

    private ReportingDatabase(string name)
    {
        Name = name;
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString);
        OwnerConnectionString = Build(admin, OwnerRole, name);
        AppConnectionString = Build(admin, AppRole, name);
        SuperuserConnectionString = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString)
        {
            Database = name,
            CommandTimeout = 0,
        }.ConnectionString;
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    /// <summary>Superuser, no command timeout: seeding, rollup rebuilds and ANALYZE run long.</summary>
    public string SuperuserConnectionString { get; }

    /// <summary>What the last finished seeding recorded, or null when the database has not been seeded (completely).</summary>
    public string? SeededDescription { get; private set; }

    /// <summary>The database of a scale, e.g. scale 0.05 → tt_bench_reporting_0050.</summary>
    public static ReportingDatabase For(double scale) =>
        new("tt_bench_reporting_" + ((int)Math.Round(scale * 1000)).ToString("D4", CultureInfo.InvariantCulture));

    /// <summary>Creates the roles, and the database unless a seeded one exists; drops a half-seeded one.</summary>
    public async Task PrepareAsync(bool reseed)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"""
            DO $$
            BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OwnerRole}') THEN
                CREATE ROLE {OwnerRole} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{Password}';
              END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN
                CREATE ROLE {AppRole} LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD '{Password}';
              END IF;
            END $$;
            """);

        await using (var exists = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", admin))
        {
            exists.Parameters.AddWithValue("name", Name);
            await using var reader = await exists.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var comment = reader.IsDBNull(0) ? null : reader.GetString(0);
                SeededDescription = comment is not null && comment.StartsWith(SeededMarker, StringComparison.Ordinal) ? comment[SeededMarker.Length..] : null;
                await reader.CloseAsync();
                if (SeededDescription is not null && !reseed)
                {
                    return;
                }

                SeededDescription = null;
                await ExecuteAsync(admin, $"DROP DATABASE {Name} WITH (FORCE)");
            }
        }

        await ExecuteAsync(admin, $"CREATE DATABASE {Name} OWNER {OwnerRole}");
        await using var owner = new NpgsqlConnection(OwnerConnectionString);
        await owner.OpenAsync();
        await ExecuteAsync(owner, $"""
            REVOKE ALL ON DATABASE {Name} FROM PUBLIC;
            GRANT CONNECT ON DATABASE {Name} TO {AppRole};
            GRANT USAGE ON SCHEMA public TO {AppRole};
            """);
    }

    public async Task MarkSeededAsync(string description)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        // COMMENT takes a literal only; the description is ours, quotes doubled all the same.
        var literal = (SeededMarker + description).Replace("'", "''", StringComparison.Ordinal);
        await ExecuteAsync(admin, $"COMMENT ON DATABASE {Name} IS '{literal}'");
        SeededDescription = description;
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    public static async Task<string> ServerVersionAsync()
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", admin);
        return (string?)await command.ExecuteScalarAsync() ?? "";
    }

    private static string Build(NpgsqlConnectionStringBuilder admin, string role, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = admin.Host,
        Port = admin.Port,
        Database = database,
        Username = role,
        Password = Password,
    }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
