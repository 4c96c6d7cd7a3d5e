using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tests.Time;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("America/St_Johns")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Pacific/Pago_Pago")]
    public void IANA_zone_ids_are_known(string zoneId) => Assert.True(TimeZones.IsKnown(zoneId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Europe/Berlin ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("+01:00")]
    [InlineData("Berlin")]
    public void Anything_else_is_not_a_known_zone(string? zoneId) => Assert.False(TimeZones.IsKnown(zoneId));

    [Theory]
    // The person's own zone wins.
    [InlineData("Pacific/Kiritimati", "Europe/Berlin", "Pacific/Kiritimati")]
    [InlineData("Pacific/Pago_Pago", "Not/A_Zone", "Pacific/Pago_Pago")]
    // Without one of their own, or with one that no longer exists, the organization's applies.
    [InlineData(null, "Europe/Berlin", "Europe/Berlin")]
    [InlineData("", "America/New_York", "America/New_York")]
    [InlineData("Not/A_Zone", "Europe/Berlin", "Europe/Berlin")]
    // Neither known: UTC rather than an error.
    [InlineData(null, "Not/A_Zone", "UTC")]
    [InlineData("Not/A_Zone", "", "UTC")]
    [InlineData(null, "UTC", "UTC")]
    public void Zone_falls_back_from_person_to_organization_to_UTC(string? personZoneId, string organizationZoneId, string expected) =>
        Assert.Equal(expected, TimeZones.Resolve(personZoneId, organizationZoneId).Id);
}
