using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace TimeTrack.Domain.Tracking;

/// <summary>One cell of the weekly grid whose value was changed, from its current total to the typed one.</summary>
public sealed record GridChange<TRowKey>(TRowKey Row, LocalDate Date, Duration From, Duration To);

/// <summary>
/// The cell math of the weekly timesheet grid: one row per project (and task and outcome), one cell per
/// date, each cell the total time logged there, typed and shown in hours and minutes.
/// </summary>
public static partial class TimesheetGrid
{
    public static readonly Duration MaximumCell = Duration.FromHours(24);

    private const string Unreadable = "Enter a time like 1:30, 1h 30m, 45m or 1.5.";

    /// <summary>The problem with "1,000": a thousands separator, or three decimals, in a length that has at most 24 hours.</summary>
    public const string ThousandsSeparator = "Write hours without a thousands separator: 1.5 or 1,5 (at most two decimals), or 1:30.";

    /// <summary>
    /// Reads a typed cell: empty or "0" (nothing), "1:30", "1h 30m", "1h", "45m", or decimal hours
    /// "1.5" / "1,5" with at most two decimals, in every language (a point or a comma is always the
    /// decimal separator; "1,000" is refused as a thousands separator). On failure
    /// <paramref name="problem"/> says why, in English: the pages translate it where they show it.
    /// </summary>
    public static bool TryParseCell(string? text, out Duration duration, out string? problem)
    {
        duration = Duration.Zero;
        problem = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (trimmed[0] == '-')
        {
            var rest = trimmed[1..].TrimStart();
            problem = rest.Length > 0 && Read(rest, out _) is null ? "Time cannot be negative." : Unreadable;
            return false;
        }

        problem = Read(trimmed, out var read);
        if (problem is null && read > MaximumCell)
        {
            problem = "A day has at most 24 hours.";
        }

        if (problem is not null)
        {
            return false;
        }

        duration = read;
        return true;
    }

    /// <summary>A cell's text: hours and minutes to the nearest minute ("1:30", "26:05"); empty for nothing.</summary>
    public static string FormatCell(Duration duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, Duration.Zero);
        if (duration == Duration.Zero)
        {
            return "";
        }

        // Time under half a minute still shows as 0:00, so a cell with time in it never looks empty.
        var minutes = ToMinutes(duration);
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60}:{minutes % 60:00}");
    }

    /// <summary>
    /// The cells whose typed value differs from the current total, in the order of <paramref name="typed"/>.
    /// A cell left out of <paramref name="typed"/> is unchanged; one missing from <paramref name="current"/>
    /// has no time yet.
    /// Values are compared to the minute, as shown: timers log seconds, and sending back a grid
    /// unchanged must not rewrite 1:29:47 as 1:30.
    /// </summary>
    public static IReadOnlyList<GridChange<TRowKey>> Diff<TRowKey>(
        IReadOnlyDictionary<(TRowKey Row, LocalDate Date), Duration> current,
        IReadOnlyDictionary<(TRowKey Row, LocalDate Date), Duration> typed)
    {
        var changes = new List<GridChange<TRowKey>>();
        foreach (var ((row, date), to) in typed)
        {
            var from = current.GetValueOrDefault((row, date));
            if (ToMinutes(from) != ToMinutes(to))
            {
                changes.Add(new GridChange<TRowKey>(row, date, from, to));
            }
        }

        return changes;
    }

    private static long ToMinutes(Duration duration) =>
        (long)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero);

    /// <summary>Reads an unsigned cell value; returns the problem, or null with the value read.</summary>
    private static string? Read(string text, out Duration duration)
    {
        duration = Duration.Zero;
        var match = HoursAndMinutes().Match(text);
        if (!match.Success)
        {
            match = Units().Match(text);
        }

        if (match.Success)
        {
            var minutes = Number(match.Groups["m"].Value);
            if (match.Groups["h"].Success && minutes >= 60)
            {
                return "Minutes must be less than 60.";
            }

            duration = Duration.FromHours(Number(match.Groups["h"].Value)) + Duration.FromMinutes(minutes);
            return null;
        }

        match = DecimalHours().Match(text);
        var (whole, fraction) = (match.Groups["w"].Value, match.Groups["f"].Value);
        if (!match.Success || whole.Length + fraction.Length == 0)
        {
            return Unreadable;
        }

        // "1,000" or "1.000" is a thousand hours in one language and one hour in another: neither is a day's time.
        if (fraction.Length == 3 && whole.TrimStart('0').Length > 0)
        {
            return ThousandsSeparator;
        }

        if (fraction.Length > 2)
        {
            return "Use at most two decimals, like 1.25.";
        }

        // A hundredth of an hour is 36 seconds, so two decimals are always exact.
        duration = Duration.FromHours(Number(whole)) + Duration.FromSeconds(36 * Number(fraction.PadRight(2, '0')));
        return null;
    }

    /// <summary>
    /// The value of a run of ASCII digits, capped far above a day so that a long run reads as
    /// "too much time" rather than overflowing.
    /// </summary>
    private static int Number(string digits)
    {
        const int Cap = 100_000;
        var value = 0;
        foreach (var digit in digits)
        {
            value = Math.Min(Cap, (value * 10) + (digit - '0'));
        }

        return value;
    }

    // [0-9], not \d: \d also matches Arabic-Indic and other digits that int.Parse rejects.
    [GeneratedRegex(@"^(?<h>[0-9]+):(?<m>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HoursAndMinutes();

    [GeneratedRegex(@"^(?:(?<h>[0-9]+)\s*h(?:\s*(?<m>[0-9]+)\s*(?:m|min)?)?|(?<m>[0-9]+)\s*(?:m|min))$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    [GeneratedRegex(@"^(?<w>[0-9]*)(?:[.,](?<f>[0-9]+))?\s*h?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DecimalHours();
}
