using Npgsql;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// Raw Npgsql access to a test database, below EF Core, so tests see exactly what PostgreSQL lets each
/// role do. Connections are unpooled: a session setting can never travel to another test.
/// </summary>
public static class RawSql
{
    public static Task<NpgsqlConnection> OpenAsSuperuserAsync(this TestDatabase database) => OpenAsync(database.SuperuserConnectionString);

    public static Task<NpgsqlConnection> OpenAsOwnerAsync(this TestDatabase database) => OpenAsync(database.OwnerConnectionString);

    public static Task<NpgsqlConnection> OpenAsAppAsync(this TestDatabase database) => OpenAsync(database.AppConnectionString);

    /// <summary>Every table in schema public with a <c>tenant_id</c> column, read from the catalog (not from the EF model).</summary>
    public static async Task<IReadOnlyList<string>> TenantTablesAsync(this TestDatabase database)
    {
        await using var connection = await database.OpenAsSuperuserAsync();
        return await connection.QueryAsync<string>("""
            SELECT c.relname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname
            """);
    }

    public static async Task<Guid> OrganizationIdAsync(this TestDatabase database, string slug)
    {
        await using var connection = await database.OpenAsSuperuserAsync();
        return await connection.ScalarAsync<Guid>("SELECT id FROM organizations WHERE slug = @slug", ("slug", slug));
    }

    public static async Task<Guid> UserIdAsync(this TestDatabase database, string email)
    {
        await using var connection = await database.OpenAsSuperuserAsync();
        return await connection.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = upper(@email)", ("email", email));
    }

    /// <summary>Sets the session's tenant and person the way the app's connection interceptor does.</summary>
    public static Task SetTenantAsync(this NpgsqlConnection connection, Guid? tenantId, Guid? userId = null) =>
        connection.ExecuteAsync(
            "SELECT set_config('app.tenant_id', @tenant, false), set_config('app.user_id', @user, false)",
            ("tenant", tenantId?.ToString() ?? ""),
            ("user", userId?.ToString() ?? ""));

    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is T typed ? typed : throw new InvalidOperationException($"Expected a {typeof(T).Name} from: {sql}, got {value ?? "null"}.");
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        connection.QueryAsync(sql, reader => reader.GetFieldValue<T>(0), parameters);

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> in a transaction that is always rolled back, and returns the SQLSTATE it
    /// failed with, or null when it succeeded. A write that should have been refused leaves nothing behind.
    /// </summary>
    public static async Task<string?> SqlStateOfAsync(this NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await connection.ExecuteAsync(sql, parameters);
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    /// <summary>Double-quotes an identifier read from the catalog.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
