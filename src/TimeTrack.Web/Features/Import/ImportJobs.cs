using Hangfire;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// Runs the dry run and the confirmation of large imports in the background, in the importer's tenant
/// scope. The arguments are ids; both steps check the batch's status first, so a retried or repeated
/// job does nothing twice (the confirmation's unique import keys back that up).
/// </summary>
public sealed class ImportJobs(TenantScopeFactory scopes)
{
    /// <summary>Files up to this size run in the request; larger ones in a job, with a progress bar.</summary>
    public const long InlineBytes = 2 * 1024 * 1024;

    [AutomaticRetry(Attempts = 1)]
    public async Task StageAsync(Guid tenantId, Guid userId, Guid batchId)
    {
        await using var scope = scopes.CreateScope(tenantId, userId);
        await scope.ServiceProvider.GetRequiredService<ImportRunner>().StageAsync(batchId, CancellationToken.None);
    }

    [AutomaticRetry(Attempts = 1)]
    public async Task ConfirmAsync(Guid tenantId, Guid userId, Guid batchId)
    {
        await using var scope = scopes.CreateScope(tenantId, userId);
        await scope.ServiceProvider.GetRequiredService<ImportRunner>().ConfirmAsync(batchId, CancellationToken.None);
    }
}
