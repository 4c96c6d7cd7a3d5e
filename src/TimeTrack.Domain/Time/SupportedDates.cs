using NodaTime;
using NodaTime.Text;

namespace TimeTrack.Domain.Time;

/// <summary>How a typed or sent date was read by <see cref="SupportedDates.Read"/>.</summary>
public enum DateReading
{
    /// <summary>Nothing was given (null, empty or blank).</summary>
    Missing,

    /// <summary>Something was given that is not a yyyy-MM-dd date.</summary>
    Malformed,

    /// <summary>A real date outside <see cref="SupportedDates"/>.</summary>
    OutOfRange,

    /// <summary>A date the app works with.</summary>
    Valid,
}

/// <summary>A date as read: the date when <see cref="Reading"/> is <see cref="DateReading.Valid"/>, else the problem to show.</summary>
public readonly record struct DateInput(DateReading Reading, LocalDate Date, string? Problem)
{
    public bool IsValid => Reading == DateReading.Valid;

    /// <summary>The date, or null when it is missing or not usable.</summary>
    public LocalDate? Value => IsValid ? Date : null;
}

/// <summary>
/// The one range of dates the app accepts, wherever a date, week or period comes in (pages, forms, the
/// API, reports, the dashboard, timesheet submission and approval, entries' start and end): from
/// 1 January 1900 to 31 December 2200. Far wider than any working life or planning horizon, and far
/// enough from the ends of NodaTime's calendar (years 1 and 9999) and of PostgreSQL's that week and
/// period arithmetic near the edges (a week's end, a month's last day, a zone's offset) can never
/// overflow. Everything else is refused with <see cref="OutOfRangeMessage"/>.
/// </summary>
public static class SupportedDates
{
    public static LocalDate First { get; } = new(1900, 1, 1);

    public static LocalDate Last { get; } = new(2200, 12, 31);

    /// <summary>The earliest instant supported: the first date has begun in every zone (UTC+14 is the furthest ahead).</summary>
    public static Instant FirstInstant { get; } = First.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    /// <summary>The first instant after the range.</summary>
    public static Instant EndInstant { get; } = Last.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    /// <summary>The range, as the messages name it.</summary>
    public static string RangeText { get; } = $"{Iso(First)} to {Iso(Last)}";

    public static string OutOfRangeMessage { get; } = $"Use a date from {RangeText}.";

    public const string MalformedMessage = "Enter the date as yyyy-mm-dd, for example 2026-03-02.";

    public static bool Contains(LocalDate date) => date >= First && date <= Last;

    /// <summary>Whether an instant lies in the range (its UTC date does).</summary>
    public static bool Contains(Instant instant) => instant >= FirstInstant && instant < EndInstant;

    /// <summary>Whether a <see cref="DateTimeOffset"/> lies in the range; the extremes of its own type never do.</summary>
    public static bool Contains(DateTimeOffset value) =>
        value.UtcDateTime.Year is >= 1900 and <= 2200 && Contains(Instant.FromDateTimeOffset(value));

    /// <summary>Reads yyyy-MM-dd (surrounding blanks ignored) and checks it is in the range.</summary>
    public static DateInput Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(DateReading.Missing, default, null);
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 10 || LocalDatePattern.Iso.Parse(trimmed) is not { Success: true } parsed)
        {
            return new(DateReading.Malformed, default, MalformedMessage);
        }

        return Contains(parsed.Value)
            ? new(DateReading.Valid, parsed.Value, null)
            : new(DateReading.OutOfRange, parsed.Value, OutOfRangeMessage);
    }

    /// <summary>The date if <paramref name="text"/> is a supported date, otherwise null.</summary>
    public static LocalDate? Parse(string? text) => Read(text).Value;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
