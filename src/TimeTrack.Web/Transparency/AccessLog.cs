using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// The queue between read paths and the access-log table. Reads enqueue (no database round trip on
/// the request); <see cref="AccessLogWriter"/> writes batches. Singleton.
/// </summary>
public sealed class AccessLogQueue
{
    private readonly Channel<object> _channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    internal ChannelReader<object> Reader => _channel.Reader;

    /// <summary>Entries and exports enqueued but not yet written.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(AccessLogEntry entry) => Write(entry);

    public void Enqueue(DataExport export) => Write(export);

    internal void Written(int count) => Interlocked.Add(ref _pending, -count);

    /// <summary>Waits until everything enqueued so far is written (tests, graceful shutdown).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (Pending > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private void Write(object item)
    {
        Interlocked.Increment(ref _pending);
        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _pending);
            throw new InvalidOperationException("The access log is no longer accepting entries.");
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();
}

/// <summary>
/// Writes queued access-log entries in batches: each organization's share in one transaction, as
/// the app role with the tenant set, so row-level security applies. On shutdown it writes
/// everything still queued before the process exits.
/// </summary>
public sealed partial class AccessLogWriter(AccessLogQueue queue, TenantScopeFactory scopes, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int MaximumBatch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<object>(MaximumBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainBatchesAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
        await DrainBatchesAsync(new List<object>(MaximumBatch), cancellationToken);
    }

    private async Task DrainBatchesAsync(List<object> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaximumBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(batch, cancellationToken);
        }
    }

    private async Task WriteAsync(List<object> batch, CancellationToken cancellationToken)
    {
        foreach (var tenantItems in batch.GroupBy(TenantOf))
        {
            var items = tenantItems.ToList();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var scope = scopes.CreateScope(tenantItems.Key);
                    var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
                    db.DataExports.AddRange(items.OfType<DataExport>());
                    db.AccessLog.AddRange(items.OfType<AccessLogEntry>());
                    await db.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (Exception exception) when (attempt < 5 && exception is DbUpdateException or Npgsql.NpgsqlException or TimeoutException)
                {
                    LogRetry(logger, exception, items.Count, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                }
                catch (Exception exception) when (exception is DbUpdateException or Npgsql.NpgsqlException or TimeoutException)
                {
                    LogLost(logger, exception, items.Count);
                    break;
                }
            }

            queue.Written(items.Count);
        }
    }

    private static Guid TenantOf(object item) => item switch
    {
        AccessLogEntry entry => entry.TenantId,
        DataExport export => export.TenantId,
        _ => throw new InvalidOperationException($"Unexpected access-log item {item.GetType().Name}."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} access-log items failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} access-log items failed for good; they are lost")]
    private static partial void LogLost(ILogger logger, Exception exception, int count);
}

/// <summary>
/// Turns reads into access-log rows and queues them. Reads of one's own data are not logged. Scoped:
/// knows the organization and the person looking. Only <see cref="Disclosure.Looker"/> calls it, so
/// that every row names what was actually shown.
/// </summary>
public sealed class AccessRecorder(AccessLogQueue queue, TenantContext tenant, IClock clock)
{
    /// <summary>
    /// Records that the current person read <paramref name="categories"/> of <paramref name="subjectUserId"/>:
    /// one by one when <paramref name="groupSize"/> is null, else as one of that many people in group figures.
    /// </summary>
    public void Record(Guid subjectUserId, IEnumerable<DataCategory> categories, Disclosure.AccessRead read, int? groupSize) =>
        Record(subjectUserId, categories, read, groupSize, exportId: null);

    /// <summary>
    /// Records an export: the export itself with everyone it included, one entry per person shown one by
    /// one and one per person counted only in group figures (other than the exporter). Returns the export's id.
    /// </summary>
    public Guid RecordExport(
        Disclosure.AccessRead read,
        IReadOnlyCollection<(Guid SubjectUserId, IReadOnlyCollection<DataCategory> Categories)> individuals,
        IReadOnlyCollection<Guid> inGroups,
        IReadOnlyCollection<DataCategory> groupCategories)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(individuals);
        ArgumentNullException.ThrowIfNull(inGroups);
        if (tenant.UserId is not { } viewer || tenant.TenantId is not { } tenantId)
        {
            throw new InvalidOperationException("Exports are recorded for a person acting in an organization.");
        }

        var grouped = inGroups.Distinct().Except(individuals.Select(i => i.SubjectUserId)).ToList();
        var export = new DataExport
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(),
            ViewerUserId = viewer,
            Description = Truncate(read.Resource),
            IncludedUserIds = [.. individuals.Select(i => i.SubjectUserId).Concat(grouped).Distinct()],
            CreatedAt = clock.GetCurrentInstant(),
        };
        queue.Enqueue(export);
        foreach (var (subject, categories) in individuals)
        {
            Record(subject, categories, read, groupSize: null, export.Id);
        }

        foreach (var subject in grouped)
        {
            Record(subject, groupCategories, read, groupSize: grouped.Count, export.Id);
        }

        return export.Id;
    }

    private void Record(Guid subjectUserId, IEnumerable<DataCategory> categories, Disclosure.AccessRead read, int? groupSize, Guid? exportId)
    {
        if (tenant.UserId is not { } viewer || tenant.TenantId is not { } tenantId || viewer == subjectUserId)
        {
            return;
        }

        var distinct = categories.Distinct().Order().ToList();
        if (distinct.Count == 0)
        {
            return;
        }

        queue.Enqueue(new AccessLogEntry
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(),
            SubjectUserId = subjectUserId,
            ViewerUserId = viewer,
            Categories = distinct,
            Channel = read.Channel,
            Resource = Truncate(read.Resource),
            ExportId = exportId,
            GroupSize = groupSize,
            PeriodStart = read.Period?.Start,
            PeriodEnd = read.Period?.End,
            OccurredAt = clock.GetCurrentInstant(),
        });
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
