using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Disclosure;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Disclosure;

/// <summary>One released month: everyone's time in it by project, outcome and billable part, and who each group was.</summary>
public sealed record ReleasedMonth(LocalDate Month, Instant ReleasedAt, IReadOnlyList<ReleasedTime> Time, IReadOnlyList<ReleasedMembership> Memberships);

/// <summary>
/// Releases calendar months for group figures and billing, and reads them back. A month is released
/// the first time someone asks for it (or the daily job gets to it) once its time has come
/// (<see cref="MonthRelease.ReleasableAt"/>): everyone's time in it, from the rollups, split into the
/// parts billing tells apart (not billable; billable at each hourly rate in force), and each group's
/// members, written in one transaction and never changed. The database key makes a release happen
/// once whoever races for it.
/// </summary>
public sealed class MonthReleases(TimeTrackDbContext db, TenantContext tenant, PolicyStore policies, IClock clock)
{
    /// <summary>
    /// The months from <paramref name="first"/> to <paramref name="last"/> (any day in them), each with
    /// the time it is released or will be; months whose time has come are released now if they were not.
    /// </summary>
    public async Task<IReadOnlyList<(LocalDate Month, Instant ReleasedAt, bool Released)>> EnsureAsync(LocalDate first, LocalDate last, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.RequiredTenantId;
        var zoneId = await db.Organizations.AsNoTracking().Where(o => o.Id == tenantId).Select(o => o.DefaultTimeZoneId).SingleAsync(cancellationToken);
        var zone = TimeZones.Resolve(null, zoneId);
        var embargo = (await policies.ActiveAsync(cancellationToken)).Settings.DigestEmbargoHours;
        var now = clock.GetCurrentInstant();
        var months = new List<LocalDate>();
        for (var month = MonthRelease.MonthOf(first); month <= MonthRelease.MonthOf(last); month = month.PlusMonths(1))
        {
            months.Add(month);
        }

        var released = await db.MonthReleases.AsNoTracking()
            .Where(r => months.Contains(r.Month))
            .ToDictionaryAsync(r => r.Month, r => r.ReleasedAt, cancellationToken);
        var result = new List<(LocalDate, Instant, bool)>();
        foreach (var month in months)
        {
            if (released.TryGetValue(month, out var at))
            {
                result.Add((month, at, true));
                continue;
            }

            var due = MonthRelease.ReleasableAt(month, zone, embargo);
            if (due > now)
            {
                result.Add((month, due, false));
                continue;
            }

            result.Add((month, await ReleaseAsync(tenantId, month, now, cancellationToken), true));
        }

        return result;
    }

    /// <summary>What was released for <paramref name="months"/> (which must be released).</summary>
    public async Task<IReadOnlyList<ReleasedMonth>> LoadAsync(IReadOnlyCollection<LocalDate> months, CancellationToken cancellationToken = default)
    {
        var list = months.ToList();
        var headers = await db.MonthReleases.AsNoTracking().Where(r => list.Contains(r.Month)).ToListAsync(cancellationToken);
        var time = await db.ReleasedTime.AsNoTracking().Where(r => list.Contains(r.Month)).ToListAsync(cancellationToken);
        var members = await db.ReleasedMemberships.AsNoTracking().Where(r => list.Contains(r.Month)).ToListAsync(cancellationToken);
        return [.. headers.OrderBy(h => h.Month).Select(h => new ReleasedMonth(
            h.Month,
            h.ReleasedAt,
            [.. time.Where(t => t.Month == h.Month).OrderBy(t => t.Id)],
            [.. members.Where(m => m.Month == h.Month)]))];
    }

    /// <summary>Releases one month, unless someone else just did; returns when it was released.</summary>
    private Task<Instant> ReleaseAsync(Guid tenantId, LocalDate month, Instant now, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var next = month.PlusMonths(1);
            var inserted = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO month_releases (tenant_id, month, released_at) VALUES ({tenantId}, {month}, {now}) ON CONFLICT DO NOTHING",
                ct);
            if (inserted == 1)
            {
                // The billable part of each day is priced as the reports price it: the most specific
                // rate in force on that day (person on project, project, person, organization).
                await db.Database.ExecuteSqlAsync(
                    $"""
                    WITH days AS (
                        SELECT r.user_id, r.project_id, r.outcome_id, p.client_id, r.day,
                               SUM(r.duration_ms - r.billable_ms) AS plain_ms, SUM(r.billable_ms) AS billable_ms
                        FROM time_rollups r
                        JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id
                        WHERE r.tenant_id = {tenantId} AND r.day >= {month} AND r.day < {next}
                        GROUP BY r.user_id, r.project_id, r.outcome_id, p.client_id, r.day
                    ), priced AS (
                        SELECT d.*, rate.hourly_amount
                        FROM days d
                        LEFT JOIN LATERAL (
                            SELECT x.hourly_amount
                            FROM rates x
                            WHERE x.tenant_id = {tenantId} AND d.billable_ms > 0
                              AND (x.project_id IS NULL OR x.project_id = d.project_id)
                              AND (x.user_id IS NULL OR x.user_id = d.user_id)
                              AND x.effective_from <= d.day
                            ORDER BY (CASE WHEN x.project_id IS NULL THEN 0 ELSE 2 END) + (CASE WHEN x.user_id IS NULL THEN 0 ELSE 1 END) DESC,
                                     x.effective_from DESC
                            LIMIT 1) rate ON true
                    )
                    INSERT INTO released_time (tenant_id, month, id, user_id, project_id, outcome_id, client_id, billable, hourly_rate, duration_ms)
                    SELECT {tenantId}, {month}, gen_random_uuid(), user_id, project_id, outcome_id, client_id, false, NULL, SUM(plain_ms)
                    FROM priced GROUP BY user_id, project_id, outcome_id, client_id HAVING SUM(plain_ms) > 0
                    UNION ALL
                    SELECT {tenantId}, {month}, gen_random_uuid(), user_id, project_id, outcome_id, client_id, true, hourly_amount, SUM(billable_ms)
                    FROM priced WHERE billable_ms > 0 GROUP BY user_id, project_id, outcome_id, client_id, hourly_amount
                    """,
                    ct);

                // The organization is everyone who is a member, and everyone who logged time in the month.
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO released_memberships (tenant_id, month, group_id, user_id)
                    SELECT {tenantId}, {month}, {tenantId}, m.user_id FROM memberships m WHERE m.tenant_id = {tenantId}
                    UNION
                    SELECT {tenantId}, {month}, {tenantId}, t.user_id FROM released_time t WHERE t.tenant_id = {tenantId} AND t.month = {month}
                    UNION
                    SELECT {tenantId}, {month}, tm.team_id, tm.user_id FROM team_members tm WHERE tm.tenant_id = {tenantId}
                    """,
                    ct);
                await transaction.CommitAsync(ct);
                return now;
            }

            await transaction.RollbackAsync(ct);
            return await db.MonthReleases.AsNoTracking().Where(r => r.Month == month).Select(r => r.ReleasedAt).SingleAsync(ct);
        }, cancellationToken);
}
