using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Digests;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Weekly digests. Every hour, per organization, each person whose week has ended in their own zone
/// and week start gets one small job that builds the digest of that week. Re-entrant: the fan-out
/// may run any number of times and jobs may be retried or run twice; the unique (tenant, person,
/// week) key lets exactly one build create the digest, its notice and its email.
/// </summary>
public sealed class DigestJobs(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock)
{
    public const string RecurringId = "weekly-digests";

    /// <summary>Weeks are passed to jobs as ISO dates: plain strings serialize the same in every Hangfire version.</summary>
    public static readonly LocalDatePattern WeekArgument = LocalDatePattern.Iso;

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<DigestJobs>(db, jobs, (job, tenantId) => job.ScheduleForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>
    /// Enqueues a build for each member's most recent completed week that has no digest yet (people who
    /// joined after that week ended have none to get). Returns how many builds it enqueued.
    /// </summary>
    public async Task<int> ScheduleForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync(cancellationToken);
        if (!policy.Tracks(DataCategory.Digests))
        {
            return 0;
        }

        var people = scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>();
        var now = clock.GetCurrentInstant();
        var members = await tenantDb.Memberships.AsNoTracking()
            .Select(m => new { m.UserId, m.JoinedAt })
            .ToListAsync(cancellationToken);

        // Zones differ by up to 26 hours, so the latest completed weeks start within a couple of days of each other.
        var earliest = now.InUtc().Date.PlusDays(-16);
        var existing = (await tenantDb.Digests.AsNoTracking()
            .Where(d => d.WeekStart >= earliest)
            .Select(d => new { d.UserId, d.WeekStart })
            .ToListAsync(cancellationToken))
            .Select(d => (d.UserId, d.WeekStart))
            .ToHashSet();

        var enqueued = 0;
        foreach (var member in members)
        {
            var tracking = await people.ForAsync(member.UserId, cancellationToken);
            var week = Weeks.Containing(now, tracking.Zone, tracking.WeekStart).Previous;
            if (member.JoinedAt >= week.EndInstant || existing.Contains((member.UserId, week.Start)))
            {
                continue;
            }

            var userId = member.UserId;
            var weekStart = WeekArgument.Format(week.Start);
            jobs.Enqueue<DigestJobs>(job => job.BuildAsync(tenantId, userId, weekStart, CancellationToken.None));
            enqueued++;
        }

        return enqueued;
    }

    /// <summary>Builds one person-week's digest; returns whether this run created it.</summary>
    public async Task<bool> BuildAsync(Guid tenantId, Guid userId, string weekStart, CancellationToken cancellationToken)
    {
        var week = WeekArgument.Parse(weekStart).GetValueOrThrow();
        await using var scope = scopes.CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<DigestService>().BuildAsync(userId, week, cancellationToken);
    }
}
