using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace TimeTrack.Domain.Imports;

/// <summary>Which comes first in a date such as 03/04/2026: the day (3 April) or the month (4 March).</summary>
public enum DateOrder
{
    DayFirst,
    MonthFirst,
}

/// <summary>A value read from one field: the value, or why the field could not be read.</summary>
internal readonly record struct Read<T>(T? Value, string? Problem)
{
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null;

    public static Read<T> Fail(string problem) => new(default, problem);
}

/// <summary>
/// How the values of one file are written, settled from all its rows before any row is read (see
/// <see cref="ValueEvidence"/>): the order of day and month, and the decimal separator. Each is null when
/// the file does not settle it; then only values that can be read one way are read.
/// <see cref="DateConflict"/> names the first date of each order when the file has both.
/// </summary>
internal sealed record ValueStyles(DateOrder? DateOrder, string? DateConflict, char? DecimalSeparator);

/// <summary>
/// Reads the dates, times of day, durations and numbers that time trackers write, in every locale they
/// write them: ISO, day-first and month-first dates with '/', '-' or '.'; 24-hour and 12-hour clocks with
/// or without seconds; durations as h:mm[:ss] or decimal hours; numbers with a decimal point or comma
/// and thousands grouped by the other, a space or an apostrophe.
/// </summary>
internal static class ExportValues
{
    private static readonly LocalDatePattern LongDate = LocalDatePattern.Create("d MMMM uuuu", CultureInfo.InvariantCulture);
    private static readonly LocalTimePattern ClockMinutes = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalTimePattern ClockSeconds = LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss");

    /// <summary>The longest duration one entry may have, in hours (far beyond any real entry, far from overflow).</summary>
    public const int MostHours = 100_000;

    /// <summary>
    /// The dates a text could be: read day first and read month first (the same date for ISO and other
    /// year-first dates; only day first for dates with dots, which no tracker writes month first).
    /// False when the text is not shaped like a date at all.
    /// </summary>
    public static bool TryReadDate(string text, out LocalDate? dayFirst, out LocalDate? monthFirst)
    {
        dayFirst = monthFirst = null;
        var s = text.AsSpan().Trim();
        var separatorAt = s.IndexOfAnyExceptInRange('0', '9');
        if (separatorAt <= 0 || s[separatorAt] is not ('/' or '-' or '.'))
        {
            return false;
        }

        var separator = s[separatorAt];
        Span<Range> parts = stackalloc Range[4];
        if (s.Split(parts, separator) != 3)
        {
            return false;
        }

        ReadOnlySpan<char> a = s[parts[0]], b = s[parts[1]], c = s[parts[2]];
        if (!AllDigits(a) || !AllDigits(b) || !AllDigits(c))
        {
            return false;
        }

        if (a.Length == 4 && b.Length <= 2 && c.Length <= 2)
        {
            dayFirst = monthFirst = Date(Int(a), Int(b), Int(c));
            return true;
        }

        if (c.Length == 4 && a.Length <= 2 && b.Length <= 2)
        {
            dayFirst = Date(Int(c), Int(b), Int(a));
            monthFirst = separator == '.' ? null : Date(Int(c), Int(a), Int(b));
            return true;
        }

        return false;
    }

    public static Read<LocalDate> ReadDate(string text, ValueStyles styles)
    {
        if (!TryReadDate(text, out var dayFirst, out var monthFirst) || (dayFirst is null && monthFirst is null))
        {
            return Read<LocalDate>.Fail($"'{Show(text)}' is not a date");
        }

        if (dayFirst is { } same && same == monthFirst)
        {
            return new(same, null);
        }

        // A tracker writes every date of an export in one order. Dates in both orders mean something
        // rewrote some of them (a spreadsheet converts the dates that fit its locale and leaves the rest
        // as text), so even one that reads only one way may not be what was tracked.
        if (styles.DateConflict is { } conflict)
        {
            return Read<LocalDate>.Fail(
                $"this file writes some dates with the day first and others with the month first ({conflict}), so the date '{Show(text)}' cannot be read safely");
        }

        // Only one reading is a real date (31/12/2026, 12/31/2026).
        if (dayFirst is null || monthFirst is null)
        {
            return new((dayFirst ?? monthFirst).GetValueOrDefault(), null);
        }

        return styles.DateOrder switch
        {
            DateOrder.DayFirst => new(dayFirst.Value, null),
            DateOrder.MonthFirst => new(monthFirst.Value, null),
            _ => Read<LocalDate>.Fail(
                $"the date '{Show(text)}' could be {LongDate.Format(dayFirst.Value)} or {LongDate.Format(monthFirst.Value)}, and no other date in the file shows whether the day or the month comes first"),
        };
    }

    /// <summary>A time of day: 14:05, 14:05:09, 2:05 PM, 2:05:09 pm, 2:05 p.m.</summary>
    public static Read<LocalTime> ReadTime(string text)
    {
        var s = text.AsSpan().Trim();
        var meridiem = 0;
        if (s.Length > 2)
        {
            Span<char> tail = stackalloc char[4];
            var n = 0;
            for (var i = s.Length - 1; i >= 0 && n < 4 && !char.IsAsciiDigit(s[i]); i--)
            {
                if (s[i] is not ('.' or ' '))
                {
                    tail[n++] = char.ToLowerInvariant(s[i]);
                }
            }

            if (n == 2 && tail[0] == 'm' && tail[1] is 'a' or 'p')
            {
                meridiem = tail[1] == 'a' ? 1 : 2;
                s = s[..(s.LastIndexOfAnyInRange('0', '9') + 1)];
            }
        }

        if (!TryClock(s, out var hours, out var minutes, out var seconds) || minutes > 59 || seconds > 59)
        {
            return Read<LocalTime>.Fail($"'{Show(text)}' is not a time of day");
        }

        if (meridiem != 0)
        {
            if (hours is < 1 or > 12)
            {
                return Read<LocalTime>.Fail($"'{Show(text)}' is not a time of day");
            }

            hours = (hours % 12) + (meridiem == 2 ? 12 : 0);
        }
        else if (hours > 23)
        {
            return Read<LocalTime>.Fail($"'{Show(text)}' is not a time of day");
        }

        return new(new LocalTime((int)hours, minutes, seconds), null);
    }

    /// <summary>A duration as h:mm:ss or h:mm (hours may pass 24), or as decimal hours.</summary>
    public static Read<Duration> ReadDuration(string text, ValueStyles styles)
    {
        var s = text.AsSpan().Trim();
        if (s.Contains(':'))
        {
            return TryClock(s, out var hours, out var minutes, out var seconds) && minutes <= 59 && seconds <= 59 && hours <= MostHours
                ? new(Duration.FromHours(hours) + Duration.FromMinutes(minutes) + Duration.FromSeconds(seconds), null)
                : Read<Duration>.Fail($"'{Show(text)}' is not a duration");
        }

        var number = ReadNumber(text, styles);
        if (!number.Ok)
        {
            // A number that could be read two ways keeps its reason; anything else is simply not a duration.
            TryReadNumber(text, out var withPoint, out var withComma);
            return Read<Duration>.Fail(withPoint is null && withComma is null ? $"'{Show(text)}' is not a duration" : number.Problem);
        }

        if (number.Value < 0 || number.Value > MostHours)
        {
            return Read<Duration>.Fail($"'{Show(text)}' is not a duration");
        }

        // Decimal hours carry no more than seconds: 0.01 h is 36 s.
        var totalSeconds = decimal.Round(number.Value * 3600m, MidpointRounding.AwayFromZero);
        return new(Duration.FromSeconds((long)totalSeconds), null);
    }

    /// <summary>The values a number could have with a decimal point and with a decimal comma (null where it cannot be read so).</summary>
    public static void TryReadNumber(string text, out decimal? withPoint, out decimal? withComma)
    {
        Span<char> cleaned = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            // Thousands grouped by a space (French), a non-breaking or narrow space, or an apostrophe (Swiss).
            if (c is ' ' or '\u00A0' or '\u202F' or '\'' or '\u2019')
            {
                continue;
            }

            if (n == cleaned.Length)
            {
                withPoint = withComma = null;
                return;
            }

            cleaned[n++] = c;
        }

        withPoint = Number(cleaned[..n], '.', ',');
        withComma = Number(cleaned[..n], ',', '.');
    }

    public static Read<decimal> ReadNumber(string text, ValueStyles styles)
    {
        TryReadNumber(text, out var withPoint, out var withComma);
        if (withPoint == withComma)
        {
            return withPoint is { } same ? new(same, null) : Read<decimal>.Fail($"'{Show(text)}' is not a number");
        }

        if (withPoint is null || withComma is null)
        {
            return new((withPoint ?? withComma).GetValueOrDefault(), null);
        }

        return styles.DecimalSeparator switch
        {
            '.' => new(withPoint.Value, null),
            ',' => new(withComma.Value, null),
            _ => Read<decimal>.Fail(
                $"'{Show(text)}' could be {Plain(withPoint.Value)} or {Plain(withComma.Value)}, and no other number in the file shows whether it uses a decimal point or a decimal comma"),
        };
    }

    /// <summary>A time for a message: 09:00, or 09:00:30 when it has seconds.</summary>
    public static string Show(LocalTime time) => (time.Second == 0 ? ClockMinutes : ClockSeconds).Format(time);

    /// <summary>A value quoted in a message, cut short if long.</summary>
    public static string Show(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= 40 ? trimmed : string.Concat(trimmed.AsSpan(0, 37), "...");
    }

    public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static bool TryClock(ReadOnlySpan<char> s, out long hours, out int minutes, out int seconds)
    {
        hours = minutes = seconds = 0;
        Span<Range> parts = stackalloc Range[4];
        var count = s.Split(parts, ':');
        if (count is not (2 or 3))
        {
            return false;
        }

        ReadOnlySpan<char> h = s[parts[0]], m = s[parts[1]], sec = count == 3 ? s[parts[2]] : "00";
        if (h.Length is 0 or > 6 || m.Length != 2 || sec.Length != 2 || !AllDigits(h) || !AllDigits(m) || !AllDigits(sec))
        {
            return false;
        }

        hours = Int(h);
        minutes = Int(m);
        seconds = Int(sec);
        return true;
    }

    /// <summary>A number with the given decimal separator, thousands optionally grouped by the other.</summary>
    private static decimal? Number(ReadOnlySpan<char> s, char decimalSeparator, char groupSeparator)
    {
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var point = s.IndexOf(decimalSeparator);
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? [] : s[(point + 1)..];
        if ((point >= 0 && fraction.Length == 0) || !AllDigits(fraction) || (whole.Length == 0 && fraction.Length == 0))
        {
            return null;
        }

        Span<char> digits = stackalloc char[s.Length + 2];
        var n = 0;
        if (whole.Contains(groupSeparator))
        {
            Span<Range> groups = stackalloc Range[whole.Length + 1];
            var count = whole.Split(groups, groupSeparator);
            for (var i = 0; i < count; i++)
            {
                var group = whole[groups[i]];
                var fits = i == 0 ? group.Length is >= 1 and <= 3 && group[0] != '0' : group.Length == 3;
                if (!fits || !AllDigits(group))
                {
                    return null;
                }

                group.CopyTo(digits[n..]);
                n += group.Length;
            }
        }
        else
        {
            if (!AllDigits(whole))
            {
                return null;
            }

            whole.CopyTo(digits[n..]);
            n += whole.Length;
        }

        if (n == 0)
        {
            digits[n++] = '0';
        }

        if (fraction.Length > 0)
        {
            digits[n++] = '.';
            fraction.CopyTo(digits[n..]);
            n += fraction.Length;
        }

        return decimal.TryParse(digits[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? negative ? -value : value
            : null;
    }

    private static LocalDate? Date(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month)
            ? new LocalDate(year, month, day)
            : null;

    private static bool AllDigits(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '9');

    private static int Int(ReadOnlySpan<char> s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>
/// What the values of a whole file show about how it writes them, gathered before any row is read:
/// a date that can only be read day first (31/12/2026, 31.12.2026) or only month first (12/31/2026),
/// and a number that can only be read with a decimal comma ("20,0", "2.000,0") or a decimal point ("0.50").
/// </summary>
internal sealed class ValueEvidence
{
    private (int Line, string Text)? _dayFirst;
    private (int Line, string Text)? _monthFirst;
    private bool _decimalPoint;
    private bool _decimalComma;

    public void NoteDate(string text, int line)
    {
        if (!ExportValues.TryReadDate(text, out var dayFirst, out var monthFirst) || dayFirst == monthFirst)
        {
            return;
        }

        if (monthFirst is null && dayFirst is not null)
        {
            _dayFirst ??= (line, ExportValues.Show(text));
        }
        else if (dayFirst is null && monthFirst is not null)
        {
            _monthFirst ??= (line, ExportValues.Show(text));
        }
    }

    public void NoteNumber(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        ExportValues.TryReadNumber(text, out var withPoint, out var withComma);
        _decimalPoint |= withPoint is not null && withComma is null;
        _decimalComma |= withComma is not null && withPoint is null;
    }

    /// <summary>What the file settles; where it settles nothing about dates, <paramref name="chosen"/> (if any) decides.</summary>
    public ValueStyles Settle(DateOrder? chosen)
    {
        char? separator = _decimalPoint == _decimalComma ? null : _decimalPoint ? '.' : ',';
        return (_dayFirst, _monthFirst) switch
        {
            ({ } d, { } m) => new(null, $"{d.Text} on line {d.Line}, {m.Text} on line {m.Line}", separator),
            ({ }, null) => new(DateOrder.DayFirst, null, separator),
            (null, { }) => new(DateOrder.MonthFirst, null, separator),
            _ => new(chosen, null, separator),
        };
    }
}
