using NodaTime;

namespace TimeTrack.Domain.Time;

/// <summary>Resolves the IANA zone that applies to a person: their own, else the organization's.</summary>
public static class TimeZones
{
    public static bool IsKnown(string? zoneId) =>
        zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not null;

    public static DateTimeZone Resolve(string? personZoneId, string organizationZoneId) =>
        (personZoneId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(personZoneId))
        ?? DateTimeZoneProviders.Tzdb.GetZoneOrNull(organizationZoneId)
        ?? DateTimeZone.Utc;
}
