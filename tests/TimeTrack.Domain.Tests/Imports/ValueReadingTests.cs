using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Times of day, durations and numbers as trackers and spreadsheets write them, read through a one-row export.</summary>
public sealed class ValueReadingTests
{
    [Theory]
    [InlineData("09:05", 9, 5, 0)]
    [InlineData("9:05", 9, 5, 0)]
    [InlineData("09:05:30", 9, 5, 30)]
    [InlineData("23:59:59", 23, 59, 59)]
    [InlineData("00:00", 0, 0, 0)]
    [InlineData("11:00:00 AM", 11, 0, 0)]
    [InlineData("10:23 AM", 10, 23, 0)]
    [InlineData("12:00 AM", 0, 0, 0)]
    [InlineData("12:30 PM", 12, 30, 0)]
    [InlineData("1:15:00 PM", 13, 15, 0)]
    [InlineData("11:59 pm", 23, 59, 0)]
    [InlineData("7:45 a.m.", 7, 45, 0)]
    public void Times_of_day_on_a_twelve_or_twenty_four_hour_clock_are_read(string text, int hour, int minute, int second)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", text, "2026-03-03", "00:00:00"));

        Assert.Equal(new LocalDateTime(2026, 3, 2, hour, minute, second), reading.Entry(2).Start);
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("13:00 PM")]
    [InlineData("0:30 AM")]
    [InlineData("09:60")]
    [InlineData("9")]
    [InlineData("nine")]
    [InlineData("09:05:5")]
    public void Text_that_is_not_a_time_of_day_is_rejected(string text)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", text, "2026-03-03", "00:00:00"));

        Assert.Equal($"line 2: '{text}' is not a time of day", reading.Rejection(2));
    }

    [Theory]
    [InlineData("01:00:01", 3601)]
    [InlineData("0:45", 2700)]
    [InlineData("125:30:00", 451800)]
    [InlineData("1.5", 5400)]
    [InlineData("0.01", 36)]
    [InlineData("0.3333", 1200)]
    [InlineData("8", 28800)]
    public void Durations_as_clock_or_decimal_hours_are_read_to_the_second(string text, long seconds)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-09", "09:00:00", duration: text));

        Assert.Equal(Duration.FromSeconds(seconds), reading.Entry(2).Duration);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1:75")]
    [InlineData("1h")]
    [InlineData("1:00:00:00")]
    public void Text_that_is_not_a_duration_is_rejected(string text)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", duration: text));

        Assert.Equal($"line 2: '{text}' is not a duration", reading.Rejection(2));
    }

    [Theory]
    [InlineData("111.11", "111.11")]
    [InlineData("111,11", "111.11")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("1 234,50", "1234.50")]
    [InlineData("1'234.50", "1234.50")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("0,125", "0.125")]
    [InlineData("-5.00", "-5.00")]
    [InlineData("42", "42")]
    public void Numbers_with_a_decimal_point_or_comma_and_grouped_thousands_are_read(string text, string value)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", amount: $"\"{text}\""));

        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), reading.Entry(2).Amount);
    }

    [Theory]
    [InlineData("€5")]
    [InlineData("1,23,4")]
    [InlineData("1.2.3")]
    [InlineData("12,34.5,6")]
    public void Text_that_is_not_a_number_is_rejected(string text)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", amount: $"\"{text}\""));

        Assert.Equal($"line 2: the amount '{text}' is not a number", reading.Rejection(2));
    }

    [Fact]
    public void A_number_that_could_be_read_two_ways_is_settled_by_another_row()
    {
        var reading = Exports.ReadText(Exports.TogglHeader
            + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", amount: "\"1,500\"")
            + Exports.TogglRow("2026-03-02", "10:00:00", "2026-03-02", "11:00:00", amount: "\"2,5\""));

        Assert.Equal(',', reading.Export.DecimalSeparator);
        Assert.Equal(1.5m, reading.Entry(2).Amount);
        Assert.Equal(2.5m, reading.Entry(3).Amount);
    }
}
