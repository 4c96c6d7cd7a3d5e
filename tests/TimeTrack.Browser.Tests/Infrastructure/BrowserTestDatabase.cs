using Npgsql;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database on the test cluster (TIMETRACK_TEST_ADMIN_CONNECTION), owned by a
/// non-superuser owner role, with an app role that owns nothing and has no BYPASSRLS. The roles are
/// the ones the web tests use, created here only if missing.
/// </summary>
public sealed class BrowserTestDatabase : IAsyncDisposable
{
    private const string OwnerRole = "tt_test_owner";
    private const string AppRole = "tt_test_app";
    private const string Password = "tt_test_password";

    private BrowserTestDatabase(string name)
    {
        Name = name;
        OwnerConnectionString = Build(OwnerRole, name);
        AppConnectionString = Build(AppRole, name);
    }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("TIMETRACK_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres";

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    public static async Task<BrowserTestDatabase> CreateAsync()
    {
        var database = new BrowserTestDatabase("tt_browser_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            try
            {
                await Execute(admin, $"""
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
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
            {
                // Another test process created the roles at the same moment.
            }

            await Execute(admin, $"CREATE DATABASE {database.Name} OWNER {OwnerRole}");
        }

        await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await owner.OpenAsync();
            await Execute(owner, $"""
                REVOKE ALL ON DATABASE {database.Name} FROM PUBLIC;
                GRANT CONNECT ON DATABASE {database.Name} TO {AppRole};
                GRANT USAGE ON SCHEMA public TO {AppRole};
                """);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static string Build(string role, string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        return new NpgsqlConnectionStringBuilder
        {
            Host = admin.Host,
            Port = admin.Port,
            Database = database,
            Username = role,
            Password = Password,
        }.ConnectionString;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
