using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Tracking;

/// <summary>Everything the tracking rules need to know about one person in one organization.</summary>
public sealed record PersonTracking(
    Guid UserId,
    DateTimeZone Zone,
    IsoDayOfWeek WeekStart,
    WorkingHours WorkingHours,
    EntryLimits Limits,
    OverlapRule Overlaps)
{
    public Week WeekContaining(Instant instant) => Weeks.Containing(instant, Zone, WeekStart);

    public Week WeekOf(LocalDate date) => new(Weeks.StartOf(date, WeekStart), Zone);
}

/// <summary>Loads <see cref="PersonTracking"/> for a person of the current organization (once per scope and person).</summary>
public sealed class PersonTrackingProvider(TimeTrackDbContext db, TenantContext tenant)
{
    private readonly Dictionary<Guid, PersonTracking> _loaded = [];

    public async Task<PersonTracking> ForAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        if (_loaded.TryGetValue(userId, out var known))
        {
            return known;
        }

        var tenantId = tenant.RequiredTenantId;
        var row = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.UserId == userId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { Membership = m, u.TimeZoneId })
            .Join(db.Organizations, x => x.Membership.TenantId, o => o.Id, (x, o) => new { x.Membership, x.TimeZoneId, Organization = o })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The person is not a member of this organization.");

        var settings = row.Organization.Tracking;
        var organizationHours = new WorkingHours((WorkingDays)settings.WorkingDays, settings.WorkdayStart, settings.WorkdayEnd);
        var personal = row.Membership is { WorkingDays: { } days, WorkdayStart: { } start, WorkdayEnd: { } end }
            ? new WorkingHours((WorkingDays)days, start, end)
            : null;
        var tracking = new PersonTracking(
            userId,
            TimeZones.Resolve(row.TimeZoneId, row.Organization.DefaultTimeZoneId),
            row.Organization.WeekStart,
            organizationHours.NarrowedBy(personal),
            EntryLimits.Default with { MaximumDaysInPast = settings.MaximumDaysInPast, MaximumDaysInFuture = settings.MaximumDaysInFuture },
            settings.Overlaps);
        _loaded[userId] = tracking;
        return tracking;
    }
}
