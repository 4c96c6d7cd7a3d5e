using System.Globalization;
using NodaTime;

namespace TimeTrack.Domain.Time;

/// <summary>How a person wants lengths of time written: each page and the PDF use the one they chose.</summary>
public enum DurationStyle
{
    /// <summary>"1h 30m", "45m", "3h".</summary>
    HoursMinutes,

    /// <summary>"1:30", "0:45", "3:00".</summary>
    Clock,

    /// <summary>"1.50", "0.75", "3.00": hours with two decimals, with the current culture's decimal separator ("1,50").</summary>
    DecimalHours,
}

/// <summary>Writes a length of time in a <see cref="DurationStyle"/>. Every style reads back as the same length in the timesheet and forms.</summary>
public static class DurationText
{
    /// <summary>
    /// <paramref name="length"/> in <paramref name="style"/>: to the minute (half a minute rounds up, or
    /// always down with <paramref name="roundDown"/>, as a running timer counts), or to the hundredth
    /// of an hour for <see cref="DurationStyle.DecimalHours"/>. A negative length is written as zero.
    /// </summary>
    public static string Format(Duration length, DurationStyle style, bool roundDown = false)
    {
        var totalMinutes = Math.Max(0, length.TotalMinutes);
        if (style == DurationStyle.DecimalHours)
        {
            var hours = roundDown
                ? Math.Floor(totalMinutes / 60 * 100) / 100
                : Math.Round(totalMinutes / 60, 2, MidpointRounding.AwayFromZero);
            // A number for people: "1,50" where the current culture writes a decimal comma.
            return hours.ToString("0.00", CultureInfo.CurrentCulture);
        }

        var minutes = (long)(roundDown ? Math.Floor(totalMinutes) : Math.Round(totalMinutes, MidpointRounding.AwayFromZero));
        var (whole, rest) = (minutes / 60, minutes % 60);
        return style == DurationStyle.Clock
            ? string.Create(CultureInfo.InvariantCulture, $"{whole}:{rest:00}")
            : (whole, rest) switch
            {
                (0, _) => string.Create(CultureInfo.InvariantCulture, $"{rest}m"),
                (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{whole}h"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{whole}h {rest:00}m"),
            };
    }
}
