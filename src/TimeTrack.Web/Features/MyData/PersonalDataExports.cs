using System.Data;
using System.Data.Common;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Configurations;
using TimeTrack.Web.Jobs;

namespace TimeTrack.Web.Features.MyData;

/// <summary>
/// A person's "download all my data" requests in the current organization. Every method takes the
/// person and finds only their own requests: another person's id is simply not found.
/// </summary>
public sealed class PersonalDataExports(TimeTrackDbContext db, IBackgroundJobClient jobs, IClock clock)
{
    /// <summary>The person's most recent request, if any.</summary>
    public Task<PersonalDataExport?> LatestAsync(Guid userId, CancellationToken cancellationToken) =>
        db.PersonalDataExports.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.RequestedAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The person's request <paramref name="exportId"/>; null when it is not theirs or no longer exists.</summary>
    public Task<PersonalDataExport?> FindAsync(Guid userId, Guid exportId, CancellationToken cancellationToken) =>
        db.PersonalDataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId && e.UserId == userId, cancellationToken);

    /// <summary>
    /// Asks for the person's data to be prepared and enqueues the job that builds it; while one request
    /// is being prepared, returns that one instead (<c>Created</c> false).
    /// </summary>
    public async Task<(PersonalDataExport Export, bool Created)> RequestAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken)
    {
        var pending = await PreparingAsync(userId, cancellationToken);
        if (pending is not null)
        {
            return (pending, false);
        }

        var export = PersonalDataExport.Request(userId, clock.GetCurrentInstant());
        db.PersonalDataExports.Add(export);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PersonalDataExportConfiguration.OnePreparingIndex })
        {
            // A second click that raced the first: the first request is the one being prepared.
            db.ChangeTracker.Clear();
            return (await PreparingAsync(userId, cancellationToken) ?? throw new InvalidOperationException("A request being prepared vanished."), false);
        }

        // The job receives ids only; it finds the request in its own tenant scope.
        var exportId = export.Id;
        jobs.Enqueue<PersonalDataExportJobs>(job => job.PrepareAsync(tenantId, exportId, CancellationToken.None));
        return (export, true);
    }

    /// <summary>Copies the stored file of the person's request to <paramref name="destination"/>; false when there is none.</summary>
    public async Task<bool> CopyFileAsync(Guid userId, Guid exportId, Stream destination, CancellationToken cancellationToken)
    {
        // Opened through EF so the connection interceptor sets the tenant: row-level security applies.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText =
                """
                SELECT f.content FROM personal_data_export_files f
                JOIN personal_data_exports e ON e.tenant_id = f.tenant_id AND e.id = f.export_id
                WHERE f.tenant_id = @tenant AND f.export_id = @id AND e.user_id = @user
                """;
            Add(command, "tenant", db.CurrentTenantId ?? throw new InvalidOperationException("No organization is set."));
            Add(command, "id", exportId);
            Add(command, "user", userId);
            // Sequential access reads the file in chunks as it is sent, never the whole of it at once.
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            await using var content = reader.GetStream(0);
            await content.CopyToAsync(destination, cancellationToken);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Stores <paramref name="file"/> (read from its current position) as the file of a request being
    /// prepared and marks it ready, in one statement; false when the request is no longer being prepared.
    /// </summary>
    public async Task<bool> StoreFileAsync(PersonalDataExport export, Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(file);
        export.MarkReady(file.Length - file.Position, clock.GetCurrentInstant());
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText =
                """
                WITH ready AS (
                    UPDATE personal_data_exports
                    SET status = @ready, ready_at = @readyAt, expires_at = @expiresAt, size = @size
                    WHERE tenant_id = @tenant AND id = @id AND status = @preparing
                    RETURNING tenant_id, id)
                INSERT INTO personal_data_export_files (tenant_id, export_id, content)
                SELECT tenant_id, id, @content FROM ready
                """;
            Add(command, "tenant", export.TenantId);
            Add(command, "id", export.Id);
            Add(command, "ready", nameof(PersonalDataExportStatus.Ready));
            Add(command, "preparing", nameof(PersonalDataExportStatus.Preparing));
            Add(command, "readyAt", export.ReadyAt?.ToDateTimeUtc() ?? throw new InvalidOperationException("A ready export has a time."));
            Add(command, "expiresAt", export.ExpiresAt?.ToDateTimeUtc() ?? throw new InvalidOperationException("A ready export expires."));
            Add(command, "size", export.Size ?? 0L);
            // Npgsql sends a stream parameter as bytea without reading it into memory first.
            command.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = file });
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Deletes files no longer offered (and their requests), and requests no job finished in
    /// <see cref="PersonalDataExport.GivenUpAfter"/>; returns how many requests went.
    /// </summary>
    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var givenUp = now - PersonalDataExport.GivenUpAfter;
        // The files go with their requests (ON DELETE CASCADE).
        return db.PersonalDataExports
            .Where(e => (e.Status == PersonalDataExportStatus.Ready && e.ExpiresAt <= now)
                || (e.Status == PersonalDataExportStatus.Preparing && e.RequestedAt <= givenUp))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private Task<PersonalDataExport?> PreparingAsync(Guid userId, CancellationToken cancellationToken) =>
        db.PersonalDataExports.AsNoTracking()
            .SingleOrDefaultAsync(e => e.UserId == userId && e.Status == PersonalDataExportStatus.Preparing, cancellationToken);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
