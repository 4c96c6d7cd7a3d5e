using Hangfire;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Releases last month for group figures and billing as soon as its time has come, so the first
/// person to ask does not wait for it (a month is otherwise released on first request). Idempotent:
/// a released month is never released again.
/// </summary>
public sealed class MonthReleaseJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "month-releases";

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<MonthReleaseJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Releases the two months before the current one in UTC where their time has come; returns how many are released now.</summary>
    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var today = clock.GetCurrentInstant().InUtc().Date;
        var month = new LocalDate(today.Year, today.Month, 1);
        var releases = await scope.ServiceProvider.GetRequiredService<MonthReleases>().EnsureAsync(month.PlusMonths(-2), month.PlusMonths(-1), cancellationToken);
        return releases.Count(r => r.Released);
    }
}
