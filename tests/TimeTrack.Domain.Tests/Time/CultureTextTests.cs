using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Time;

/// <summary>Lengths written and read in each language the pages are shown in.</summary>
public sealed class CultureTextTests
{
    [Theory]
    [InlineData("en", "1.50")]
    [InlineData("de", "1,50")]
    [InlineData("fr", "1,50")]
    [InlineData("es", "1,50")]
    public void Decimal_hours_use_the_cultures_decimal_separator(string culture, string expected) =>
        Assert.Equal(expected, InCulture(culture, () => DurationText.Format(Duration.FromMinutes(90), DurationStyle.DecimalHours)));

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    public void Hours_and_minutes_and_clock_styles_are_the_same_in_every_culture(string culture)
    {
        Assert.Equal("1h 30m", InCulture(culture, () => DurationText.Format(Duration.FromMinutes(90), DurationStyle.HoursMinutes)));
        Assert.Equal("1:30", InCulture(culture, () => DurationText.Format(Duration.FromMinutes(90), DurationStyle.Clock)));
    }

    [Theory]
    [InlineData("en", "1,5")]
    [InlineData("en", "1.5")]
    [InlineData("de", "1,5")]
    [InlineData("de", "1.5")]
    [InlineData("fr", "1,5")]
    [InlineData("es", "1,5")]
    [InlineData("de", "1:30")]
    [InlineData("fr", "1h 30m")]
    [InlineData("es", "90m")]
    [InlineData("de", "1,50 h")]
    public void A_length_is_read_the_same_in_every_culture(string culture, string typed)
    {
        var read = InCulture(culture, () => TimesheetGrid.TryParseCell(typed, out var duration, out _) ? duration : (Duration?)null);

        Assert.Equal(Duration.FromMinutes(90), read);
    }

    [Theory]
    [InlineData("de", "1.000")]
    [InlineData("en", "1,000")]
    [InlineData("fr", "2,500")]
    public void A_thousands_separator_is_refused_with_its_own_reason(string culture, string typed)
    {
        string? problem = null;
        var read = InCulture(culture, () => TimesheetGrid.TryParseCell(typed, out _, out problem));

        Assert.False(read);
        Assert.Equal(TimesheetGrid.ThousandsSeparator, problem);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_decimal_length_shown_in_a_culture_reads_back_as_the_same_hundredth(string culture) =>
        InCulture(culture, () =>
        {
            for (var hundredths = 0; hundredths <= 2400; hundredths += 7)
            {
                var length = Duration.FromSeconds(36 * hundredths);
                var shown = DurationText.Format(length, DurationStyle.DecimalHours);
                Assert.True(TimesheetGrid.TryParseCell(shown, out var read, out _), shown);
                Assert.Equal(length, read);
            }

            return true;
        });

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
