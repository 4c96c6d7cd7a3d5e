using NodaTime;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class WorkloadSignalsTests
{
    private static readonly long Hour = (long)Duration.FromHours(1).TotalMilliseconds;

    [Theory]
    [InlineData(new[] { 46, 46, 46, 0 }, true)]
    [InlineData(new[] { 46, 46, 45, 46 }, true)]
    [InlineData(new[] { 46, 46, 45, 45 }, false)]
    [InlineData(new[] { 50, 0, 50, 0 }, false)]
    [InlineData(new[] { 40, 40, 40, 40 }, false)]
    public void Several_long_weeks_are_at_least_three_weeks_over_45_hours(int[] hours, bool expected)
    {
        var weeks = hours.Select((h, i) => new WeekOfWork(i, h * Hour, 0, 5, 5)).ToList();
        Assert.Equal(expected, WorkloadSignals.Of(weeks, outsideHoursTracked: true).SeveralLongWeeks);
    }

    [Fact]
    public void A_week_split_over_several_rows_counts_as_one_week()
    {
        // Two rows of 23 h in each week make three 46-hour weeks.
        var weeks = Enumerable.Range(0, 3).SelectMany(i => new[] { new WeekOfWork(i, 23 * Hour, 0, 2, 2), new WeekOfWork(i, 23 * Hour, 0, 2, 2) }).ToList();
        Assert.True(WorkloadSignals.Of(weeks, outsideHoursTracked: true).SeveralLongWeeks);
    }

    [Theory]
    [InlineData(30, 3, true)]
    [InlineData(29, 3, false)]
    [InlineData(20, 2, false)]
    [InlineData(60, 6, true)]
    public void Frequent_switching_is_ten_entries_per_worked_day_over_the_last_two_weeks(int entries, int days, bool expected)
    {
        WeekOfWork[] weeks = [new(0, 8 * Hour, 0, 100, 1), new(1, 8 * Hour, 0, 100, 1), new(2, 8 * Hour, 0, entries, days), new(3, 0, 0, 0, 0)];
        Assert.Equal(expected, WorkloadSignals.Of(weeks, outsideHoursTracked: true).FrequentSwitching);
    }

    [Theory]
    [InlineData(0, 0, 2, 2, true)]
    [InlineData(3, 3, 3, 3, false)]
    [InlineData(0, 0, 1, 2, false)]
    [InlineData(2, 2, 4, 4, true)]
    public void More_outside_hours_is_a_fifth_of_the_time_and_ten_points_more_than_before(int before1, int before2, int recent1, int recent2, bool expected)
    {
        WeekOfWork[] weeks =
        [
            new(0, 10 * Hour, before1 * Hour, 5, 5),
            new(1, 10 * Hour, before2 * Hour, 5, 5),
            new(2, 10 * Hour, recent1 * Hour, 5, 5),
            new(3, 10 * Hour, recent2 * Hour, 5, 5),
        ];
        Assert.Equal(expected, WorkloadSignals.Of(weeks, outsideHoursTracked: true).MoreOutsideHours);
        Assert.False(WorkloadSignals.Of(weeks, outsideHoursTracked: false).MoreOutsideHours);
    }

    [Fact]
    public void No_time_is_no_signal()
    {
        var signal = WorkloadSignals.Of([], outsideHoursTracked: true);
        Assert.False(signal.Any);
    }

    [Fact]
    public void Weeks_outside_the_four_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkloadSignals.Of([new WeekOfWork(4, Hour, 0, 1, 1)], outsideHoursTracked: true));
    }
}
