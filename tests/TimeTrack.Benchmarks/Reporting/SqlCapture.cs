using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TimeTrack.Web.Data;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>One thing a request did with the database, in order: open a connection, run a command, close it.</summary>
public abstract record SqlStep(int Connection);

/// <summary>A connection opened; the app's connection interceptor then told PostgreSQL this tenant and user.</summary>
public sealed record SqlOpen(int Connection, string Tenant, string User) : SqlStep(Connection);

/// <summary>A command EF ran, with copies of its parameters.</summary>
public sealed record SqlExecute(int Connection, string Text, IReadOnlyList<NpgsqlParameter> Parameters) : SqlStep(Connection);

public sealed record SqlClose(int Connection) : SqlStep(Connection);

/// <summary>
/// Records what one marked request does with the database, so the same work can be timed against
/// PostgreSQL alone: every connection EF opens and closes (with the tenant and user the app's
/// <see cref="TenantConnectionInterceptor"/> sets on it) and every command, text and parameters. Only
/// requests that carry <see cref="Header"/> with the current token are recorded; everything else,
/// including background writers, passes through untouched. Registered in the benchmark host only.
/// </summary>
public sealed class SqlCapture(IHttpContextAccessor http)
{
    public const string Header = "X-Bench-Capture";

    /// <summary>The statement the app runs on every connection it opens (see <see cref="TenantConnectionInterceptor"/>).</summary>
    public const string TenantSql = "SELECT set_config('app.tenant_id', @tenant, false), set_config('app.user_id', @user, false)";

    private readonly Lock _lock = new();
    private Recording? _recording;

    public IInterceptor[] Interceptors => [new Commands(this), new Connections(this)];

    public void Begin(string token)
    {
        lock (_lock)
        {
            _recording = new Recording(token);
        }
    }

    public IReadOnlyList<SqlStep> End()
    {
        lock (_lock)
        {
            var steps = _recording?.Steps ?? [];
            _recording = null;
            return steps;
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> against PostgreSQL as the app would: a connection from the pool per
    /// open, the tenant and user set on it, each command executed and every value of every row read.
    /// </summary>
    public static Task ReplayAsync(NpgsqlDataSource dataSource, IReadOnlyList<SqlStep> steps, CancellationToken cancellationToken = default) =>
        ReplayAsync(dataSource, steps, null, cancellationToken);

    /// <summary>
    /// The command as it can run again: the page's access-log rows (committed before it was sent, ADR 012)
    /// already exist, so their inserts are replayed as the same inserts that skip the conflicting key.
    /// </summary>
    private static string Replayable(string text) =>
        text.Contains("INSERT INTO access_log_entries", StringComparison.Ordinal) || text.Contains("INSERT INTO data_exports", StringComparison.Ordinal)
            ? string.Join(';', text.Split(';').Select(part => part.TrimStart().StartsWith("INSERT INTO", StringComparison.Ordinal) ? part + " ON CONFLICT DO NOTHING" : part))
            : text;

    /// <param name="timings">When given, receives each command's time (execution and reading) in milliseconds, in order.</param>
    public static async Task ReplayAsync(NpgsqlDataSource dataSource, IReadOnlyList<SqlStep> steps, List<double>? timings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(steps);
        var open = new Dictionary<int, NpgsqlConnection>();
        try
        {
            foreach (var step in steps)
            {
                switch (step)
                {
                    case SqlOpen o:
                        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                        open[o.Connection] = connection;
                        await using (var tenant = new NpgsqlCommand(TenantSql, connection))
                        {
                            tenant.Parameters.AddWithValue("tenant", o.Tenant);
                            tenant.Parameters.AddWithValue("user", o.User);
                            await tenant.ExecuteNonQueryAsync(cancellationToken);
                        }

                        break;
                    case SqlExecute c:
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await using (var command = new NpgsqlCommand(Replayable(c.Text), open[c.Connection]))
                        {
                            foreach (var parameter in c.Parameters)
                            {
                                command.Parameters.Add(parameter.Clone());
                            }

                            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                            do
                            {
                                while (await reader.ReadAsync(cancellationToken))
                                {
                                    for (var i = 0; i < reader.FieldCount; i++)
                                    {
                                        _ = reader.GetValue(i);
                                    }
                                }
                            }
                            while (await reader.NextResultAsync(cancellationToken));
                        }

                        timings?.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        break;
                    case SqlClose c:
                        if (open.Remove(c.Connection, out var closing))
                        {
                            await closing.DisposeAsync();
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"Unknown step {step}.");
                }
            }
        }
        finally
        {
            foreach (var connection in open.Values)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private Recording? Current()
    {
        var recording = _recording;
        return recording is not null && string.Equals(http.HttpContext?.Request.Headers[Header].ToString(), recording.Token, StringComparison.Ordinal) ? recording : null;
    }

    private void Opened(DbConnection connection, ConnectionEndEventData data)
    {
        if (Current() is { } recording)
        {
            var context = data.Context as TimeTrackDbContext;
            recording.Add(connection, slot => new SqlOpen(slot, context?.CurrentTenantId?.ToString() ?? "", context?.CurrentUserId?.ToString() ?? ""));
        }
    }

    private void Closed(DbConnection connection)
    {
        if (Current() is { } recording)
        {
            recording.Add(connection, slot => new SqlClose(slot), forget: true);
        }
    }

    private void Executing(DbCommand command)
    {
        if (Current() is { } recording && command.Connection is { } connection)
        {
            var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList();
            recording.Add(connection, slot => new SqlExecute(slot, command.CommandText, parameters));
        }
    }

    private sealed class Recording(string token)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<DbConnection, int> _slots = [];
        private int _next;

        public string Token { get; } = token;

        public List<SqlStep> Steps { get; } = [];

        public void Add(DbConnection connection, Func<int, SqlStep> step, bool forget = false)
        {
            lock (_lock)
            {
                if (!_slots.TryGetValue(connection, out var slot))
                {
                    slot = _slots[connection] = _next++;
                }

                Steps.Add(step(slot));
                if (forget)
                {
                    _slots.Remove(connection);
                }
            }
        }
    }

    private sealed class Commands(SqlCapture capture) : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            capture.Executing(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            capture.Executing(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            capture.Executing(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            capture.Executing(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            capture.Executing(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            capture.Executing(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Connections(SqlCapture capture) : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => capture.Opened(connection, eventData);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            capture.Opened(connection, eventData);
            return Task.CompletedTask;
        }

        public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => capture.Closed(connection);

        public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            capture.Closed(connection);
            return Task.CompletedTask;
        }
    }
}
