using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data;

/// <summary>
/// Before any save: splits new entries, and entries whose start or end changed, into the local days of
/// the person's zone (their own, else the organization's) and keeps the split with them
/// (<see cref="TimeEntry.CountDaysIn"/>, ADR 014): <see cref="TimeEntry.Day"/> and
/// <see cref="TimeEntry.DayMilliseconds"/>, which the rollup trigger adds up. Every write path — forms,
/// grid, timer, API, seeding — goes through here, so no caller can forget it. Imports write with SQL and
/// split each entry before staging it with the same <see cref="TimeEntry.CountDaysIn"/> (ADR 020).
/// </summary>
public sealed class EntryDayInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is TimeTrackDbContext db && Pending(db) is { Count: > 0 } pending)
        {
            Apply(pending, ZonesQuery(db, pending).ToList());
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TimeTrackDbContext db && Pending(db) is { Count: > 0 } pending)
        {
            Apply(pending, await ZonesQuery(db, pending).ToListAsync(cancellationToken));
        }

        return result;
    }

    private static List<TimeEntry> Pending(TimeTrackDbContext db) =>
        [.. db.ChangeTracker.Entries<TimeEntry>()
            .Where(e => e.State == EntityState.Added
                || (e.State == EntityState.Modified && (e.Property(x => x.Start).IsModified || e.Property(x => x.End).IsModified)))
            .Select(e => e.Entity)];

    private static IQueryable<PersonZone> ZonesQuery(TimeTrackDbContext db, List<TimeEntry> pending)
    {
        var tenantId = db.CurrentTenantId ?? pending[0].TenantId;
        var userIds = pending.Select(e => e.UserId).Distinct().ToList();
        return db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new PersonZone
            {
                UserId = u.Id,
                ZoneId = u.TimeZoneId,
                OrganizationZoneId = db.Organizations.Where(o => o.Id == tenantId).Select(o => o.DefaultTimeZoneId).FirstOrDefault() ?? "UTC",
            });
    }

    private static void Apply(List<TimeEntry> pending, List<PersonZone> zones)
    {
        var byUser = zones.ToDictionary(z => z.UserId, z => TimeZones.Resolve(z.ZoneId, z.OrganizationZoneId));
        foreach (var entry in pending)
        {
            var zone = byUser.GetValueOrDefault(entry.UserId) ?? DateTimeZone.Utc;
            entry.CountDaysIn(zone);
        }
    }

    private sealed class PersonZone
    {
        public Guid UserId { get; init; }

        public string? ZoneId { get; init; }

        public string OrganizationZoneId { get; init; } = "UTC";
    }
}
