using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class TimesheetGridTests
{
    private const string Unreadable = "Enter a time like 1:30, 1h 30m, 45m or 1.5.";
    private const string Negative = "Time cannot be negative.";
    private const string OverADay = "A day has at most 24 hours.";
    private const string Decimals = "Use at most two decimals, like 1.25.";
    private const string Minutes = "Minutes must be less than 60.";

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("0", 0)]
    [InlineData("0:00", 0)]
    [InlineData("0h", 0)]
    [InlineData("0m", 0)]
    [InlineData("1:30", 5400)]
    [InlineData(" 1:30 ", 5400)]
    [InlineData("01:30", 5400)]
    [InlineData("0:05", 300)]
    [InlineData("8:00", 28800)]
    [InlineData("24:00", 86400)]
    [InlineData("1h 30m", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h30", 5400)]
    [InlineData("1 h 30 m", 5400)]
    [InlineData("1H 30M", 5400)]
    [InlineData("1h 5m", 3900)]
    [InlineData("1h", 3600)]
    [InlineData("24h", 86400)]
    [InlineData("45m", 2700)]
    [InlineData("45 min", 2700)]
    [InlineData("90m", 5400)]
    [InlineData("1440m", 86400)]
    [InlineData("1", 3600)]
    [InlineData("8", 28800)]
    [InlineData("24", 86400)]
    [InlineData("1.5", 5400)]
    [InlineData("1,5", 5400)]
    [InlineData("1.25", 4500)]
    [InlineData("1.05", 3780)]
    [InlineData("0.01", 36)]
    [InlineData(".5", 1800)]
    [InlineData(",75", 2700)]
    [InlineData("1.5h", 5400)]
    [InlineData("24.00", 86400)]
    [InlineData("007.50", 27000)]
    public void Cell_text_in_hours_and_minutes_or_decimal_hours_is_read(string? text, int expectedSeconds)
    {
        Assert.True(TimesheetGrid.TryParseCell(text, out var duration, out var problem));

        Assert.Equal(Duration.FromSeconds(expectedSeconds), duration);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("-1", Negative)]
    [InlineData("-1:30", Negative)]
    [InlineData("- 0.5", Negative)]
    [InlineData("-45m", Negative)]
    [InlineData("-", Unreadable)]
    [InlineData("-abc", Unreadable)]
    [InlineData("--1", Unreadable)]
    [InlineData("24:01", OverADay)]
    [InlineData("25", OverADay)]
    [InlineData("24.01", OverADay)]
    [InlineData("24h 1m", OverADay)]
    [InlineData("1441m", OverADay)]
    [InlineData("25h", OverADay)]
    [InlineData("99999999999999999999", OverADay)]
    [InlineData("99999999999999999999:00", OverADay)]
    [InlineData("1.255", TimesheetGrid.ThousandsSeparator)]
    [InlineData("1,333", TimesheetGrid.ThousandsSeparator)]
    [InlineData("1,000", TimesheetGrid.ThousandsSeparator)]
    [InlineData("1.000", TimesheetGrid.ThousandsSeparator)]
    [InlineData("12,500", TimesheetGrid.ThousandsSeparator)]
    [InlineData("1,2345", Decimals)]
    [InlineData("0.001", Decimals)]
    [InlineData("1:60", Minutes)]
    [InlineData("1:75", Minutes)]
    [InlineData("1h 60m", Minutes)]
    [InlineData("1h 75", Minutes)]
    [InlineData("abc", Unreadable)]
    [InlineData("1:5", Unreadable)]
    [InlineData("1:30:00", Unreadable)]
    [InlineData(":30", Unreadable)]
    [InlineData("1..5", Unreadable)]
    [InlineData("1.", Unreadable)]
    [InlineData("1.5.2", Unreadable)]
    [InlineData("h", Unreadable)]
    [InlineData("m", Unreadable)]
    [InlineData("1 30", Unreadable)]
    [InlineData("1h 30m 10s", Unreadable)]
    [InlineData("30m 1h", Unreadable)]
    [InlineData("1.5m", Unreadable)]
    [InlineData("1e2", Unreadable)]
    [InlineData("0x10", Unreadable)]
    [InlineData("+1", Unreadable)]
    [InlineData("½", Unreadable)]
    // Digits of other scripts are not read as hours.
    [InlineData("١:٣٠", Unreadable)]
    [InlineData("１", Unreadable)]
    public void Unreadable_negative_or_too_large_cell_text_is_refused_with_a_reason(string text, string expectedProblem)
    {
        Assert.False(TimesheetGrid.TryParseCell(text, out var duration, out var problem));

        Assert.Equal(expectedProblem, problem);
        Assert.Equal(Duration.Zero, duration);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "0:00")]
    [InlineData(29, "0:00")]
    [InlineData(30, "0:01")]
    [InlineData(300, "0:05")]
    [InlineData(3600, "1:00")]
    [InlineData(5369, "1:29")]
    [InlineData(5370, "1:30")]
    [InlineData(5400, "1:30")]
    [InlineData(86400, "24:00")]
    [InlineData(90000, "25:00")]
    [InlineData(90059, "25:01")]
    public void Cells_show_hours_and_minutes_to_the_nearest_minute(int seconds, string expected) =>
        Assert.Equal(expected, TimesheetGrid.FormatCell(Duration.FromSeconds(seconds)));

    [Fact]
    public void A_negative_cell_cannot_be_shown() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TimesheetGrid.FormatCell(Duration.FromSeconds(-1)));

    [Fact]
    public void Every_minute_of_a_day_reads_back_as_it_is_shown()
    {
        for (var minutes = 0; minutes <= 24 * 60; minutes++)
        {
            var duration = Duration.FromMinutes(minutes);

            Assert.True(TimesheetGrid.TryParseCell(TimesheetGrid.FormatCell(duration), out var read, out _));
            Assert.Equal(duration, read);
        }
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("A@2026-03-10=5400", "A@2026-03-10=5400", "")]
    // Timers log seconds: sending back what is shown is no change.
    [InlineData("A@2026-03-10=5387", "A@2026-03-10=5400", "")]
    [InlineData("A@2026-03-10=20", "A@2026-03-10=0", "")]
    [InlineData("A@2026-03-10=5387", "A@2026-03-10=5460", "A@2026-03-10=5387>5460")]
    [InlineData("A@2026-03-10=5400", "A@2026-03-10=0", "A@2026-03-10=5400>0")]
    [InlineData("A@2026-03-10=40", "A@2026-03-10=0", "A@2026-03-10=40>0")]
    [InlineData("", "A@2026-03-10=1800", "A@2026-03-10=0>1800")]
    [InlineData("", "A@2026-03-10=0", "")]
    // Cells not sent are not changed.
    [InlineData("A@2026-03-10=5400;B@2026-03-11=1800", "B@2026-03-11=1800", "")]
    [InlineData(
        "A@2026-03-10=3600;A@2026-03-11=3600;B@2026-03-10=1800",
        "A@2026-03-10=3600;A@2026-03-11=7200;B@2026-03-10=0;B@2026-03-11=900;C@2026-03-12=0",
        "A@2026-03-11=3600>7200;B@2026-03-10=1800>0;B@2026-03-11=0>900")]
    public void Diff_lists_the_cells_whose_shown_value_the_person_changed(string current, string typed, string expected)
    {
        var changes = TimesheetGrid.Diff(Cells(current), Cells(typed));

        Assert.Equal(
            Text.Split(expected).Select(change =>
            {
                var (key, values) = (change.Split('=')[0], change.Split('=')[1].Split('>'));
                return new GridChange<string>(key.Split('@')[0], Iso.Date(key.Split('@')[1]), Seconds(values[0]), Seconds(values[1]));
            }),
            changes);
    }

    [Fact]
    public void Diff_works_with_the_rows_of_the_web_grid()
    {
        var project = Guid.Parse("11111111-1111-1111-1111-111111111111");
        var outcome = Guid.Parse("22222222-2222-2222-2222-222222222222");
        var date = new LocalDate(2026, 3, 10);
        var withOutcome = (project, (Guid?)null, (Guid?)outcome);
        var without = (project, (Guid?)null, (Guid?)null);
        var current = new Dictionary<((Guid, Guid?, Guid?) Row, LocalDate Date), Duration> { [(withOutcome, date)] = Duration.FromHours(1) };
        var typed = new Dictionary<((Guid, Guid?, Guid?) Row, LocalDate Date), Duration>
        {
            [(withOutcome, date)] = Duration.FromHours(1),
            [(without, date)] = Duration.FromMinutes(30),
        };

        var changes = TimesheetGrid.Diff(current, typed);

        Assert.Equal([new GridChange<(Guid, Guid?, Guid?)>(without, date, Duration.Zero, Duration.FromMinutes(30))], changes);
    }

    private static Dictionary<(string Row, LocalDate Date), Duration> Cells(string text) =>
        Text.Split(text).Select(cell => cell.Split('=')).ToDictionary(
            cell => (cell[0].Split('@')[0], Iso.Date(cell[0].Split('@')[1])),
            cell => Seconds(cell[1]));

    private static Duration Seconds(string text) => Duration.FromSeconds(long.Parse(text, CultureInfo.InvariantCulture));
}
