using Npgsql;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database on the test cluster, owned by a non-superuser owner role, with an
/// app role that owns nothing and has no BYPASSRLS — the same shape as production.
/// The cluster comes from TIMETRACK_TEST_ADMIN_CONNECTION (scripts/test.sh starts one).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string OwnerRole = "tt_test_owner";
    public const string AppRole = "tt_test_app";
    private const string Password = "tt_test_password";
    private static readonly SemaphoreSlim RoleLock = new(1, 1);
    private static bool _rolesReady;

    private TestDatabase(string name)
    {
        Name = name;
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        OwnerConnectionString = Build(admin, OwnerRole, name);
        AppConnectionString = Build(admin, AppRole, name);
    }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("TIMETRACK_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres";

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    /// <summary>A superuser connection to this database (sees everything: RLS does not apply to superusers).</summary>
    public string SuperuserConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, Pooling = false }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        await EnsureRolesAsync();
        var database = new TestDatabase("tt_" + Guid.NewGuid().ToString("N")[..16]);
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
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

    private static async Task EnsureRolesAsync()
    {
        await RoleLock.WaitAsync();
        try
        {
            if (_rolesReady)
            {
                return;
            }

            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
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
            _rolesReady = true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation || e.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            // Another test process created them at the same moment.
            _rolesReady = true;
        }
        finally
        {
            RoleLock.Release();
        }
    }

    private static string Build(NpgsqlConnectionStringBuilder admin, string role, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = admin.Host,
        Port = admin.Port,
        Database = database,
        Username = role,
        Password = Password,
    }.ConnectionString;

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
