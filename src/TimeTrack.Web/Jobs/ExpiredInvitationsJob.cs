using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Deletes invitations that expired more than a week ago. Shows the job pattern every later job
/// follows: a fan-out over organizations enqueues one small job per tenant with ids as arguments,
/// and each runs as the app role with its tenant set in its own scope, so row-level security applies.
/// </summary>
public sealed class ExpiredInvitationsJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "expired-invitations";

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<ExpiredInvitationsJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var cutoff = clock.GetCurrentInstant() - Duration.FromDays(7);
        // Idempotent: a retry deletes whatever is left and nothing else.
        return await tenantDb.Invitations
            .Where(i => i.AcceptedAt == null && i.ExpiresAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
