using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace TimeTrack.Web.Data;

/// <summary>
/// Tells PostgreSQL which tenant (and person) every connection EF opens acts for, so row-level
/// security filters the same rows as the EF query filters. Session-level (<c>is_local = false</c>)
/// because EF runs single statements outside transactions; Npgsql's pool reset (DISCARD ALL)
/// clears it before the connection serves anyone else, and it is written on every open anyway.
/// Stateless: the tenant comes from the context that opened the connection.
/// </summary>
public sealed class TenantConnectionInterceptor : DbConnectionInterceptor
{
    private const string Sql = "SELECT set_config('app.tenant_id', @tenant, false), set_config('app.user_id', @user, false)";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(connection, eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand CreateCommand(DbConnection connection, ConnectionEndEventData eventData)
    {
        var context = eventData.Context as TimeTrackDbContext;
        var command = new NpgsqlCommand(Sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("tenant", context?.CurrentTenantId?.ToString() ?? "");
        command.Parameters.AddWithValue("user", context?.CurrentUserId?.ToString() ?? "");
        return command;
    }
}
