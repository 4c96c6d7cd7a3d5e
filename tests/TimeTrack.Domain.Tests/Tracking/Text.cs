using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

/// <summary>
/// Short text for the tracking test tables. An instant is either a wall-clock time in the row's zone
/// ("2026-03-10T09:00", which must be unambiguous) or, where the wall clock is ambiguous or seconds
/// matter, a UTC instant ("2026-10-25T00:30:00Z").
/// </summary>
internal static class Text
{
    private static readonly LocalTimePattern MinutePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static Instant Instant(string zoneId, string text) =>
        text.EndsWith('Z') ? Iso.Utc(text) : Iso.At(zoneId, text);

    /// <summary>"start/end".</summary>
    public static Interval Interval(string zoneId, string text)
    {
        var parts = text.Split('/');
        return new Interval(Instant(zoneId, parts[0]), Instant(zoneId, parts[1]));
    }

    /// <summary>"start/end;start/end"; empty for none.</summary>
    public static List<Interval> Intervals(string zoneId, string text) =>
        [.. Split(text).Select(part => Interval(zoneId, part))];

    public static LocalTime Time(string text) => MinutePattern.Parse(text).GetValueOrThrow();

    public static WorkingHours Hours(WorkingDays days, string start, string end) => new(days, Time(start), Time(end));

    /// <summary>"2026-03-10=120;2026-03-11=60" as dates and minutes.</summary>
    public static Dictionary<LocalDate, Duration> MinutesByDate(string text) =>
        Split(text).Select(part => part.Split('=')).ToDictionary(
            pair => Iso.Date(pair[0]),
            pair => Duration.FromMinutes(long.Parse(pair[1], CultureInfo.InvariantCulture)));

    public static IEnumerable<string> Split(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
