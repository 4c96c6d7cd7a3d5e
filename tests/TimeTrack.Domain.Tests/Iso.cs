using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace TimeTrack.Domain.Tests;

/// <summary>
/// Short ISO text for NodaTime values, so test tables can be written as plain [InlineData] strings.
/// </summary>
internal static class Iso
{
    private static readonly LocalDateTimePattern MinutePattern =
        LocalDateTimePattern.Create("uuuu-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    public static LocalDateTime Local(string text) => MinutePattern.Parse(text).GetValueOrThrow();

    public static Instant Utc(string text) => InstantPattern.General.Parse(text).GetValueOrThrow();

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    /// <summary>The instant of an unambiguous local time; throws if the time is skipped or repeated.</summary>
    public static Instant At(string zoneId, string local) => Zone(zoneId).AtStrictly(Local(local)).ToInstant();
}
