using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Puts policy versions published with a later effective date in force when that date comes
/// (their visibility rules apply from that instant regardless; this applies their tracking settings).
/// </summary>
public sealed class PolicyActivationJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes)
{
    public const string RecurringId = "policy-activation";

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<PolicyActivationJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<PolicyPublisher>().ActivateDueAsync(cancellationToken);
    }
}

/// <summary>
/// Applies the retention periods of the policy in force: entry details (descriptions and tags) older
/// than the entry-details retention are removed, leaving the time itself for totals and billing.
/// Idempotent: a retry removes whatever is left and nothing else.
/// </summary>
public sealed class RetentionJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "retention";

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<RetentionJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync(cancellationToken);
        if (Retention.CutoffFor(policy, DataCategory.EntryDetails, clock.GetCurrentInstant()) is not { } cutoff)
        {
            return 0;
        }

        return await tenantDb.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await tenantDb.Database.BeginTransactionAsync(ct);
            var untagged = await tenantDb.TimeEntryTags
                .Where(t => tenantDb.TimeEntries.Any(e => e.Id == t.TimeEntryId && e.End != null && e.End < cutoff))
                .ExecuteDeleteAsync(ct);
            var cleared = await tenantDb.TimeEntries
                .Where(e => e.End != null && e.End < cutoff && e.Description != "")
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Description, ""), ct);
            await transaction.CommitAsync(ct);
            return untagged + cleared;
        }, cancellationToken);
    }
}
