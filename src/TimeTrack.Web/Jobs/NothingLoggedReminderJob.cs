using Hangfire;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Reminders;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Every 15 minutes, per organization, queues the "nothing logged today" reminders that are due
/// (<see cref="NothingLoggedReminders"/>). Re-entrant: a person gets at most one a day however often it runs.
/// </summary>
public sealed class NothingLoggedReminderJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes)
{
    public const string RecurringId = "nothing-logged-reminders";

    /// <summary>Twice inside each half hour before a working day ends on a quarter hour, so a slow or missed run is made up.</summary>
    public const string Schedule = "*/15 * * * *";

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<NothingLoggedReminderJob>(db, jobs, (job, tenantId) => job.RemindForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Queues this organization's due reminders; returns how many it queued.</summary>
    public async Task<int> RemindForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<NothingLoggedReminders>().QueueDueAsync(cancellationToken);
    }
}
