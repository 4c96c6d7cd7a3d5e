using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Time;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(90, DurationStyle.HoursMinutes, "1h 30m")]
    [InlineData(90, DurationStyle.Clock, "1:30")]
    [InlineData(90, DurationStyle.DecimalHours, "1.50")]
    [InlineData(45, DurationStyle.HoursMinutes, "45m")]
    [InlineData(45, DurationStyle.Clock, "0:45")]
    [InlineData(45, DurationStyle.DecimalHours, "0.75")]
    [InlineData(180, DurationStyle.HoursMinutes, "3h")]
    [InlineData(2850, DurationStyle.HoursMinutes, "47h 30m")]
    [InlineData(2850, DurationStyle.Clock, "47:30")]
    [InlineData(2850, DurationStyle.DecimalHours, "47.50")]
    [InlineData(0, DurationStyle.HoursMinutes, "0m")]
    [InlineData(0, DurationStyle.Clock, "0:00")]
    [InlineData(0, DurationStyle.DecimalHours, "0.00")]
    [InlineData(65, DurationStyle.HoursMinutes, "1h 05m")]
    public void Each_style_writes_a_length_its_own_way(int minutes, DurationStyle style, string expected) =>
        Assert.Equal(expected, DurationText.Format(Duration.FromMinutes(minutes), style));

    [Theory]
    // 1 h 29 min 40 s: to the nearest minute (or hundredth of an hour), or down as a running timer counts.
    [InlineData(DurationStyle.HoursMinutes, false, "1h 30m")]
    [InlineData(DurationStyle.HoursMinutes, true, "1h 29m")]
    [InlineData(DurationStyle.Clock, false, "1:30")]
    [InlineData(DurationStyle.Clock, true, "1:29")]
    [InlineData(DurationStyle.DecimalHours, false, "1.49")]
    [InlineData(DurationStyle.DecimalHours, true, "1.49")]
    public void Rounding_is_to_the_nearest_unless_counting_down(DurationStyle style, bool roundDown, string expected) =>
        Assert.Equal(expected, DurationText.Format(Duration.FromSeconds((89 * 60) + 40), style, roundDown));

    [Fact]
    public void A_negative_length_is_written_as_zero() =>
        Assert.Equal("0:00", DurationText.Format(Duration.FromMinutes(-5), DurationStyle.Clock));

    [Theory]
    [InlineData(DurationStyle.HoursMinutes)]
    [InlineData(DurationStyle.Clock)]
    [InlineData(DurationStyle.DecimalHours)]
    public void Whole_minutes_in_every_style_read_back_in_the_timesheet_as_the_same_length(DurationStyle style)
    {
        foreach (var minutes in new[] { 1, 15, 45, 59, 60, 61, 90, 125, 479, 1439 })
        {
            var written = DurationText.Format(Duration.FromMinutes(minutes), style);
            Assert.True(TimesheetGrid.TryParseCell(written, out var read, out var problem), problem);
            Assert.Equal(minutes, Math.Round(read.TotalMinutes));
        }
    }
}
