using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;

namespace TimeTrack.Web.Features.Time;

/// <summary>How the time pages write dates, times and lengths, and read them back from the forms.</summary>
public static class TimeFormat
{
    private static readonly LocalTimePattern Minutes = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalTimePattern Seconds = LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss");
    private static readonly LocalTimePattern[] TimeInputs =
    [
        LocalTimePattern.CreateWithInvariantCulture("H:mm"),
        LocalTimePattern.CreateWithInvariantCulture("H:mm:ss"),
        LocalTimePattern.CreateWithInvariantCulture("H:mm:ss.FFFFFFFFF"),
    ];

    /// <summary>yyyy-MM-dd, as date inputs and the <c>week</c> query parameter use it.</summary>
    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>A supported date typed as yyyy-MM-dd (<see cref="SupportedDates"/>); null for anything else.</summary>
    public static LocalDate? ParseDate(string? text) => SupportedDates.Parse(text);

    /// <summary>Why <paramref name="text"/> is not a date to use: the supported range when it is a date outside it, else <paramref name="otherwise"/>.</summary>
    public static string DateProblem(string? text, string otherwise) =>
        SupportedDates.Read(text).Reading == DateReading.OutOfRange ? SupportedDates.OutOfRangeMessage : otherwise;

    public static LocalTime? ParseTime(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        foreach (var pattern in TimeInputs)
        {
            if (pattern.Parse(trimmed) is { Success: true } result)
            {
                return result.Value;
            }
        }

        return null;
    }

    /// <summary>"09:30"; with seconds only when the time has them, so a timer's entry can be saved unchanged.</summary>
    public static string Input(LocalTime time) =>
        time.Second == 0 && time.TickOfSecond == 0 ? Minutes.Format(time) : Seconds.Format(time);

    /// <summary>"09:30", to the minute, for reading.</summary>
    public static string Clock(LocalDateTime time) => Minutes.Format(time.TimeOfDay);

    /// <summary>"Monday 2 March", "Montag, 2. März", "Lundi 2 mars", "Lunes, 2 de marzo": in the request's culture.</summary>
    public static string Day(LocalDate date) => Capitalized(date.ToString(Patterns.Current.Day, CultureInfo.CurrentCulture));

    /// <summary>"Mon 2 Mar", "Mo., 2. März", "lun. 2 mars", "lun, 2 mar".</summary>
    public static string ShortDay(LocalDate date) => Patterns.Current.ShortDayPrefix
        ? AbbreviatedDay(date) + date.ToString(Patterns.Current.ShortDay, CultureInfo.CurrentCulture)
        : date.ToString(Patterns.Current.ShortDay, CultureInfo.CurrentCulture);

    // German abbreviates a day with a full stop ("Mo."), which some ICU versions leave out of their names.
    private static string AbbreviatedDay(LocalDate date) =>
        CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)((int)date.DayOfWeek % 7)).TrimEnd('.') + "., ";

    /// <summary>"2 March 2026", "2. März 2026", "2 mars 2026", "2 de marzo de 2026".</summary>
    public static string LongDate(LocalDate date) => date.ToString(Patterns.Current.LongDate, CultureInfo.CurrentCulture);

    /// <summary>
    /// Whether the request (or a <see cref="Localization.CultureScope"/>) writes English. Pages that wrote
    /// dates with fixed English patterns before they were translated keep those patterns in English.
    /// </summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == Localization.Cultures.Default;

    /// <summary>A week by its first day: "16 Nov 2026" in English (as access-log resources name it), else <see cref="LongDate"/>.</summary>
    public static string WeekLabel(LocalDate start) => IsEnglish ? TimeTrack.Web.Transparency.PersonWeek.WeekLabel(start) : LongDate(start);

    /// <summary>"2 March", "2. März", "2 mars", "2 de marzo".</summary>
    public static string DayAndMonth(LocalDate date) => date.ToString(Patterns.Current.DayAndMonth, CultureInfo.CurrentCulture);

    // French and Spanish write day names in lower case; a date that starts a heading starts with a capital.
    private static string Capitalized(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..] : text;

    /// <summary>How each supported language orders and punctuates a date in running text.</summary>
    private sealed record Patterns(string Day, string ShortDay, string LongDate, string DayAndMonth, bool ShortDayPrefix = false)
    {
        private static readonly Patterns English = new("dddd d MMMM", "ddd d MMM", "d MMMM yyyy", "d MMMM");

        private static readonly Dictionary<string, Patterns> ByLanguage = new(StringComparer.Ordinal)
        {
            ["en"] = English,
            ["de"] = new("dddd, d. MMMM", "d. MMM", "d. MMMM yyyy", "d. MMMM", ShortDayPrefix: true),
            ["fr"] = new("dddd d MMMM", "ddd d MMM", "d MMMM yyyy", "d MMMM"),
            ["es"] = new("dddd, d 'de' MMMM", "ddd, d MMM", "d 'de' MMMM 'de' yyyy", "d 'de' MMMM"),
        };

        public static Patterns Current => ByLanguage.GetValueOrDefault(CultureInfo.CurrentCulture.TwoLetterISOLanguageName, English);
    }

    /// <summary>
    /// A length as the person wants it written ("2h 30m", "2:30" or "2.50"), rounded down as a running
    /// timer counts (<see cref="Infrastructure.Display.DurationDisplay"/>).
    /// </summary>
    public static string Length(Duration length) => Infrastructure.Display.DurationDisplay.Format(length, roundDown: true);

    /// <summary>
    /// Decimal hours as readers compute them ("47.50", empty or null for none) written as the person
    /// wants lengths written.
    /// </summary>
    public static string FromHours(string? decimalHours) =>
        Total(decimal.TryParse(decimalHours, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours)
            ? Duration.FromSeconds((long)Math.Round(hours * 3600m, MidpointRounding.AwayFromZero))
            : Duration.Zero);

    /// <summary>A total as the person wants it written, to the nearest minute (or hundredth of an hour).</summary>
    public static string Total(Duration length) => Infrastructure.Display.DurationDisplay.Format(length);

    /// <summary>"1:05:09": a running timer's time so far, to the second, as time.js goes on counting it.</summary>
    public static string Elapsed(Duration length)
    {
        var seconds = (long)Math.Floor(Math.Max(0, length.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    /// <summary>Whole milliseconds, for the <c>data-</c> attribute the timer script counts on from.</summary>
    public static string Milliseconds(Duration length) =>
        ((long)Math.Floor(Math.Max(0, length.TotalMilliseconds))).ToString(CultureInfo.InvariantCulture);

    /// <summary>An instant for a <c>data-</c> attribute that script reads (ISO 8601, UTC).</summary>
    public static string Data(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}

/// <summary>Error text for the time forms, several of which share a page.</summary>
public static class TimeFormErrors
{
    /// <summary>
    /// The messages for one model-state key, as one sentence run; empty when there are none. With
    /// <paramref name="text"/>, each message in the request's language where it has a translation (ADR 026).
    /// </summary>
    public static string ErrorText(
        this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState,
        string key,
        Microsoft.Extensions.Localization.IStringLocalizer? text = null) =>
        modelState.TryGetValue(key, out var entry)
            ? string.Join(" ", entry.Errors.Select(e => text is null ? e.ErrorMessage : text[e.ErrorMessage].Value))
            : "";
}
