using Hangfire;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.MyData;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Builds a person's "download all my data" archive in their organization's tenant scope, and deletes
/// archives once they are no longer offered. Re-entrant: a retry of a request already prepared, or
/// deleted meanwhile, does nothing.
/// </summary>
public sealed class PersonalDataExportJobs(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, ILogger<PersonalDataExportJobs> logger)
{
    public const string RecurringId = "personal-data-exports-cleanup";

    /// <summary>Builds the archive of request <paramref name="exportId"/> and stores it; false when there was nothing to do.</summary>
    public async Task<bool> PrepareAsync(Guid tenantId, Guid exportId, CancellationToken cancellationToken)
    {
        PersonalDataExport? export;
        await using (var lookup = scopes.CreateScope(tenantId))
        {
            export = await lookup.ServiceProvider.GetRequiredService<TimeTrackDbContext>().PersonalDataExports.AsNoTracking()
                .SingleOrDefaultAsync(e => e.Id == exportId, cancellationToken);
        }

        if (export is not { Status: PersonalDataExportStatus.Preparing })
        {
            return false;
        }

        // The person's own scope: what the archive reads is read as them, in their organization only.
        await using var scope = scopes.CreateScope(tenantId, export.UserId);
        var archive = scope.ServiceProvider.GetRequiredService<PersonalDataArchive>();
        var exports = scope.ServiceProvider.GetRequiredService<PersonalDataExports>();

        // Built on disk, not in memory; the file disappears when closed, whatever happens.
        await using var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "timetrack-mydata-" + Guid.NewGuid().ToString("N") + ".zip"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await archive.WriteAsync(file, export.UserId, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Position = 0;
        var stored = await exports.StoreFileAsync(export, file, cancellationToken);
        logger.LogInformation("Personal data export {ExportId} of {UserId} in {TenantId}: {Bytes} bytes, stored {Stored}", exportId, export.UserId, tenantId, file.Length, stored);
        return stored;
    }

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<PersonalDataExportJobs>(db, jobs, (job, tenantId) => job.DeleteExpiredForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Deletes this organization's archives that are no longer offered; returns how many.</summary>
    public async Task<int> DeleteExpiredForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<PersonalDataExports>().DeleteExpiredAsync(cancellationToken);
    }
}
