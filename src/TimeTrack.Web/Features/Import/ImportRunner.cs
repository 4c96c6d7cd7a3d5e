using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// The dry run and the confirmation of an import (ADR 020): rows are read again with the names
/// resolved, turned into entries by the same rules and day split as <see cref="TimeEntryService"/>,
/// copied in chunks into the staging table and checked there set-based; confirming writes them with one
/// INSERT … SELECT in one transaction, or nothing at all. A background job or a request may run either
/// step; both go through here.
/// </summary>
public sealed partial class ImportRunner(
    TimeTrackDbContext db,
    TenantContext tenant,
    ImportFiles files,
    PersonTrackingProvider people,
    PolicyStore policies,
    IClock clock,
    ILogger<ImportRunner> logger)
{
    /// <summary>Rows per COPY; progress is recorded and Cancel noticed between chunks.</summary>
    public const int ChunkRows = 20_000;

    /// <summary>The set-based statements of a large file take longer than a page's queries may.</summary>
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(30);

    /// <summary>How many rejected rows the page lists (the counts cover all).</summary>
    public const int ListedRejections = 1000;

    public async Task StageAsync(Guid batchId, CancellationToken cancellationToken)
    {
        db.Database.SetCommandTimeout(StatementTimeout);
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is not { Status: ImportStatus.Staging })
        {
            return;
        }

        try
        {
            await ExecuteAsync(ImportSql.DeleteStaged, batchId, cancellationToken);
            var plan = ImportPlan.Parse(batch.Mappings);
            await using var file = await files.OpenAsync(batchId, cancellationToken);
            if (!TrackerExport.TryOpen(file, out var export, out var problem))
            {
                await FinishAsync(batchId, ImportStatus.Failed, problem, cancellationToken);
                return;
            }

            var now = clock.GetCurrentInstant();
            var rows = await RowBuilder.CreateAsync(plan, batch, await RefusalOfImporterAsync(batch, cancellationToken), people, now, await RetentionAsync(now, cancellationToken), cancellationToken);

            // Rows are read and built on another thread, a chunk ahead of the COPY: at most three
            // chunks are in memory, whatever the file's size.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            var reading = Task.Run(() => ReadChunksAsync(export, file, rows, chunks.Writer, stop.Token), CancellationToken.None);
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
                {
                    if (!await FlushAsync(batchId, chunk.Rows, chunk.RowsRead, chunk.BytesRead, cancellationToken))
                    {
                        return;
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                // It never throws: what goes wrong reading reaches the loop above through the channel.
                await reading;
            }

            // Statistics first, in a statement of its own (ANALYZE's lock is not held through the
            // checks): without them a freshly copied batch is planned as about one row.
            await db.Database.ExecuteSqlRawAsync(ImportSql.AnalyzeStaging, cancellationToken);
            var counts = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var checkedRows = await CheckAsync(ImportSql.Check, batchId, ct);
                await transaction.CommitAsync(ct);
                return checkedRows;
            }, cancellationToken);
            await db.ImportBatches.Where(b => b.Id == batchId && b.Status == ImportStatus.Staging).ExecuteUpdateAsync(
                b => b.SetProperty(x => x.Status, ImportStatus.Staged)
                    .SetProperty(x => x.RejectedRows, counts.Rejected)
                    .SetProperty(x => x.AlreadyImported, counts.AlreadyImported)
                    .SetProperty(x => x.ToImport, counts.ToImport)
                    .SetProperty(x => x.Message, (string?)null)
                    .SetProperty(x => x.UpdatedAt, clock.GetCurrentInstant()),
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, batchId);
            await CleanUpAsync(batchId, CancellationToken.None);
            await FinishAsync(batchId, ImportStatus.Failed, "The dry run stopped unexpectedly; nothing was imported. Try again, or upload the file again.", CancellationToken.None);
        }
    }

    /// <summary>
    /// Writes the staged rows as time entries if none is refused, after checking inside the same
    /// transaction what can have changed since the dry run (a week approved since still refuses). All
    /// or nothing.
    /// </summary>
    public async Task ConfirmAsync(Guid batchId, CancellationToken cancellationToken)
    {
        db.Database.SetCommandTimeout(StatementTimeout);
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var batch = await db.ImportBatches
                    .FromSqlRaw("SELECT * FROM import_batches WHERE id = {0} FOR UPDATE", batchId)
                    .SingleOrDefaultAsync(ct);
                if (batch is not { Status: ImportStatus.Importing } || batch.CancelRequested)
                {
                    return;
                }

                var counts = await CheckAsync(ImportSql.Recheck, batchId, ct);
                if (counts.Rejected + counts.AlreadyImported + counts.ToImport < batch.RowsRead)
                {
                    // The staging table is unlogged: a restart of the database server empties it.
                    batch.Status = ImportStatus.Mapping;
                    batch.Message = "Nothing was imported: the checked rows were lost (the database restarted since the dry run). Run the dry run again.";
                    batch.UpdatedAt = clock.GetCurrentInstant();
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return;
                }

                batch.RejectedRows = counts.Rejected;
                batch.AlreadyImported = counts.AlreadyImported;
                batch.ToImport = counts.ToImport;
                batch.UpdatedAt = clock.GetCurrentInstant();
                if (counts.Rejected > 0)
                {
                    batch.Status = ImportStatus.Staged;
                    batch.Message = $"Nothing was imported: {Rows(counts.Rejected)} cannot be imported as they are now. Correct the file and upload it again.";
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return;
                }

                await CreateNamesAsync(ImportPlan.Parse(batch.Mappings), ct);
                await ExecuteAsync(ImportSql.AddMembersOfNewProjects, batchId, ct);
                var imported = await ExecuteAsync(ImportSql.InsertEntries, batchId, ct);
                await ExecuteAsync(ImportSql.InsertTags, batchId, ct);
                batch.Imported = imported;
                batch.Status = ImportStatus.Imported;
                batch.Message = null;
                await db.SaveChangesAsync(ct);
                await ExecuteAsync(ImportSql.DeleteStaged, batchId, ct);
                await db.ImportFileChunks.Where(c => c.BatchId == batchId).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateException or PostgresException)
        {
            // A name created or an entry saved by someone else since the dry run (unique names, no overlaps).
            LogFailed(logger, exception, batchId);
            db.ChangeTracker.Clear();
            await db.ImportBatches.Where(b => b.Id == batchId && b.Status == ImportStatus.Importing).ExecuteUpdateAsync(
                b => b.SetProperty(x => x.Status, ImportStatus.Staged)
                    .SetProperty(x => x.Message, "Nothing was imported: the organization's data changed since the dry run (a project, task or tag of the same name was added, or an overlapping entry). Upload the file again.")
                    .SetProperty(x => x.UpdatedAt, clock.GetCurrentInstant()),
                CancellationToken.None);
        }
    }

    /// <summary>Ends a batch that is not importing: its staged rows and its file are deleted.</summary>
    public async Task<bool> CancelAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var changed = await db.ImportBatches
            .Where(b => b.Id == batchId && (b.Status == ImportStatus.Mapping || b.Status == ImportStatus.Staged || b.Status == ImportStatus.Failed))
            .ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, ImportStatus.Cancelled).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (changed == 0)
        {
            // A running dry run notices the request between chunks and cleans up itself.
            changed = await db.ImportBatches.Where(b => b.Id == batchId && b.Status == ImportStatus.Staging)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.CancelRequested, true).SetProperty(x => x.UpdatedAt, now), cancellationToken);
            return changed > 0;
        }

        await CleanUpAsync(batchId, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<(int Line, string Reason)>> RejectionsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(ImportSql.Rejections, connection);
            Parameters(command, batchId);
            command.Parameters.AddWithValue("limit", ListedRejections);
            var list = new List<(int, string)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add((reader.GetInt32(0), reader.GetString(1)));
            }

            return list;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<string?> RefusalOfImporterAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        // As for any entry the person adds (TimeEntryService): not before they have read the policy.
        if (batch.Scope == ImportScope.Own && await policies.AwaitingAcknowledgementAsync(batch.UserId, cancellationToken) is { } toRead)
        {
            return toRead.OnJoining ? TimeEntryService.ReadPolicyBeforeFirstEntry : TimeEntryService.AcknowledgePolicyFirst;
        }

        return null;
    }

    private async Task<ImportRetention?> RetentionAsync(Instant now, CancellationToken cancellationToken)
    {
        var policy = await policies.ActiveAsync(cancellationToken);
        return Retention.CutoffFor(policy, DataCategory.EntryDetails, now) is { } cutoff && policy.For(DataCategory.EntryDetails).RetentionDays is { } days
            ? new ImportRetention(cutoff, days)
            : null;
    }

    private sealed record Chunk(List<StagedRow> Rows, int RowsRead, long BytesRead);

    private static async Task ReadChunksAsync(TrackerExport export, FileStream file, RowBuilder rows, ChannelWriter<Chunk> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = new List<StagedRow>(ChunkRows);
            var read = 0;
            foreach (var row in export.ReadRows())
            {
                chunk.Add(rows.Build(row));
                read++;
                if (chunk.Count == ChunkRows)
                {
                    await chunks.WriteAsync(new Chunk(chunk, read, file.Position), cancellationToken);
                    chunk = new List<StagedRow>(ChunkRows);
                }
            }

            await chunks.WriteAsync(new Chunk(chunk, read, file.Length), cancellationToken);
            chunks.Complete();
        }
        catch (Exception exception)
        {
            chunks.Complete(exception);
        }
    }

    private async Task<bool> FlushAsync(Guid batchId, List<StagedRow> chunk, int rowsRead, long bytesRead, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var cancelled = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var create = new NpgsqlCommand(ImportSql.CreateIncoming, connection))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await using (var copy = await connection.BeginBinaryImportAsync(ImportSql.CopyIncoming, ct))
            {
                copy.Timeout = StatementTimeout;
                // Written synchronously: the importer buffers, and an await per value cost more than the COPY.
                foreach (var row in chunk)
                {
                    Write(copy, tenantId, batchId, row);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var move = new NpgsqlCommand(ImportSql.MoveIncoming, connection) { CommandTimeout = (int)StatementTimeout.TotalSeconds })
            {
                await move.ExecuteNonQueryAsync(ct);
            }

            await using var progress = new NpgsqlCommand(
                "UPDATE import_batches SET rows_read = @rows, bytes_read = @bytes, updated_at = @now WHERE tenant_id = @tenant AND id = @batch RETURNING cancel_requested",
                connection);
            Parameters(progress, batchId);
            progress.Parameters.AddWithValue("rows", rowsRead);
            progress.Parameters.AddWithValue("bytes", bytesRead);
            var stop = await progress.ExecuteScalarAsync(ct) is true;
            await transaction.CommitAsync(ct);
            return stop;
        }, cancellationToken);
        if (!cancelled)
        {
            return true;
        }

        await CleanUpAsync(batchId, cancellationToken);
        await FinishAsync(batchId, ImportStatus.Cancelled, null, cancellationToken);
        return false;
    }

    private static void Write(NpgsqlBinaryImporter copy, Guid tenantId, Guid batchId, StagedRow row)
    {
        copy.StartRow();
        copy.Write(tenantId, NpgsqlDbType.Uuid);
        copy.Write(batchId, NpgsqlDbType.Uuid);
        copy.Write(row.Line, NpgsqlDbType.Integer);
        copy.Write(row.EntryId, NpgsqlDbType.Uuid);
        WriteOrNull(copy, row.UserId, NpgsqlDbType.Uuid);
        WriteOrNull(copy, row.ProjectId, NpgsqlDbType.Uuid);
        copy.Write(row.ProjectIsNew, NpgsqlDbType.Boolean);
        WriteOrNull(copy, row.TaskId, NpgsqlDbType.Uuid);
        WriteOrNull(copy, row.Description, NpgsqlDbType.Text);
        WriteOrNull(copy, row.IsBillable, NpgsqlDbType.Boolean);
        WriteOrNull(copy, row.Start, NpgsqlDbType.TimestampTz);
        WriteOrNull(copy, row.End, NpgsqlDbType.TimestampTz);
        WriteOrNull(copy, row.Day, NpgsqlDbType.Date);
        WriteOrNull(copy, row.DayMilliseconds, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        copy.Write(row.IsOutsideHours, NpgsqlDbType.Boolean);
        copy.Write(row.NoOverlap, NpgsqlDbType.Boolean);
        WriteOrNull(copy, row.Fingerprint, NpgsqlDbType.Text);
        WriteOrNull(copy, row.TagIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        WriteOrNull(copy, row.Problem, NpgsqlDbType.Text);
        WriteOrNull(copy, row.TimeZone, NpgsqlDbType.Text);
        copy.Write(row.IsDurationOnly, NpgsqlDbType.Boolean);
    }

    private static void WriteOrNull<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, type);
        }
    }

    private async Task<(int Rejected, int AlreadyImported, int ToImport)> CheckAsync(string sql, Guid batchId, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)StatementTimeout.TotalSeconds };
            Parameters(command, batchId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                if (reader.FieldCount == 3 && await reader.ReadAsync(cancellationToken))
                {
                    return ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));

            throw new InvalidOperationException("The import checks returned no counts.");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task CreateNamesAsync(ImportPlan plan, CancellationToken cancellationToken)
    {
        foreach (var client in plan.NewClients)
        {
            db.Clients.Add(new Client { Id = client.Id, Name = client.Name });
        }

        foreach (var project in plan.Projects.Where(p => p.NewId is not null))
        {
            db.Projects.Add(new Project { Id = project.NewId!.Value, Name = project.Name, ClientId = project.NewProjectClientId });
        }

        foreach (var task in plan.Tasks.Where(t => t.NewId is not null && t.ProjectId is not null))
        {
            db.Tasks.Add(new WorkTask { Id = task.NewId!.Value, ProjectId = task.ProjectId!.Value, Name = task.Name });
        }

        foreach (var tag in plan.Tags.Where(t => t.NewId is not null))
        {
            db.Tags.Add(new Tag { Id = tag.NewId!.Value, Name = tag.Name });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task CleanUpAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(ImportSql.DeleteStaged, batchId, cancellationToken);
        await db.ImportFileChunks.Where(c => c.BatchId == batchId).ExecuteDeleteAsync(cancellationToken);
    }

    private Task<int> FinishAsync(Guid batchId, ImportStatus status, string? message, CancellationToken cancellationToken) =>
        db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(
            b => b.SetProperty(x => x.Status, status)
                .SetProperty(x => x.Message, message)
                .SetProperty(x => x.UpdatedAt, clock.GetCurrentInstant()),
            cancellationToken);

    private Task<int> ExecuteAsync(string sql, Guid batchId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            sql,
            [new NpgsqlParameter("tenant", tenant.RequiredTenantId), new NpgsqlParameter("batch", batchId), new NpgsqlParameter("now", clock.GetCurrentInstant())],
            cancellationToken);

    private void Parameters(NpgsqlCommand command, Guid batchId)
    {
        command.Parameters.AddWithValue("tenant", tenant.RequiredTenantId);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
    }

    private static string Rows(int count) => count == 1 ? "1 row" : $"{count:N0} rows";

    [LoggerMessage(Level = LogLevel.Error, Message = "Import batch {BatchId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid batchId);
}
