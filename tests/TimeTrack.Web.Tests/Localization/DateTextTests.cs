using System.Globalization;
using NodaTime;
using TimeTrack.Web.Features.Time;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>Dates for people in each language the pages are shown in; dates for machines stay ISO.</summary>
public sealed class DateTextTests
{
    private static readonly LocalDate Monday = new(2026, 12, 7);

    [Theory]
    [InlineData("en", "Monday 7 December", "Mon 7 Dec", "7 December 2026", "7 December")]
    [InlineData("de", "Montag, 7. Dezember", "Mo., 7. Dez.", "7. Dezember 2026", "7. Dezember")]
    [InlineData("fr", "Lundi 7 décembre", "lun. 7 déc.", "7 décembre 2026", "7 décembre")]
    [InlineData("es", "Lunes, 7 de diciembre", "lun, 7 dic", "7 de diciembre de 2026", "7 de diciembre")]
    public void Dates_use_the_names_and_order_of_the_culture(string culture, string day, string shortDay, string longDate, string dayAndMonth)
    {
        var written = InCulture(culture, () => (TimeFormat.Day(Monday), TimeFormat.ShortDay(Monday), TimeFormat.LongDate(Monday), TimeFormat.DayAndMonth(Monday)));

        Assert.Equal((day, shortDay, longDate, dayAndMonth), written);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    public void Dates_for_inputs_and_links_stay_iso_in_every_culture(string culture)
    {
        Assert.Equal("2026-12-07", InCulture(culture, () => TimeFormat.Iso(Monday)));
        Assert.Equal(Monday, InCulture(culture, () => TimeFormat.ParseDate("2026-12-07")));
    }

    private static T InCulture<T>(string name, Func<T> action)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
