using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Imports;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// Cancels imports left unconfirmed for a week (still being mapped, dry-run and never confirmed, or
/// failed), so their stored file and staged rows do not stay in the database. Idempotent: a cancelled
/// batch is never cancelled again.
/// </summary>
public sealed class ImportCleanupJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "import-cleanup";

    public static readonly Duration AbandonedAfter = Duration.FromDays(7);

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<ImportCleanupJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Cancels the organization's abandoned imports; returns how many.</summary>
    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
        var before = clock.GetCurrentInstant() - AbandonedAfter;
        var abandoned = await tenantDb.ImportBatches.AsNoTracking()
            .Where(b => b.UpdatedAt < before && (b.Status == ImportStatus.Mapping || b.Status == ImportStatus.Staged || b.Status == ImportStatus.Failed))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        var cancelled = 0;
        foreach (var id in abandoned)
        {
            cancelled += await runner.CancelAsync(id, cancellationToken) ? 1 : 0;
        }

        return cancelled;
    }
}
