using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Working hours are a boundary on tracking: a timer still running when the person's working window
/// ends stops itself at the window's end, and the person gets a notice saying so. A timer started
/// outside working hours was started on purpose and is left alone (the 24-hour limit still applies).
/// Idempotent: a stopped timer is not running any more, and the notice is written in the same transaction.
/// </summary>
public sealed class TimerBoundaryJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "timer-boundaries";
    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<TimerBoundaryJob>(db, jobs, (job, tenantId) => job.RunForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Stops this organization's timers whose working window has ended; returns how many.</summary>
    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var people = scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>();
        var entries = scope.ServiceProvider.GetRequiredService<TimeEntryService>();
        var now = clock.GetCurrentInstant();

        var running = await tenantDb.TimeEntries.AsNoTracking()
            .Where(e => e.End == null)
            .Select(e => new { e.UserId, e.Start })
            .ToListAsync(cancellationToken);
        var stopped = 0;
        foreach (var timer in running)
        {
            var tracking = await people.ForAsync(timer.UserId, cancellationToken);
            if (tracking.WorkingHours.EndOfWindowContaining(timer.Start, tracking.Zone) is not { } windowEnd || windowEnd > now)
            {
                continue;
            }

            var done = await tenantDb.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await tenantDb.Database.BeginTransactionAsync(ct);
                var result = await entries.StopTimerAsync(timer.UserId, windowEnd, ct);
                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(ct);
                    return false;
                }

                tenantDb.Notices.Add(new Notice
                {
                    Id = Guid.CreateVersion7(),
                    UserId = timer.UserId,
                    CreatedAt = now,
                    Text = $"Your timer stopped at {TimeOfDay.Format(windowEnd.InZone(tracking.Zone).TimeOfDay)}, the end of your working hours. If you kept working, add the time by hand — and take care of yourself.",
                });
                await tenantDb.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);
            stopped += done ? 1 : 0;
        }

        return stopped;
    }
}
