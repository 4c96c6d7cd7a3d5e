using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;

namespace TimeTrack.Domain.Tests.Time;

/// <summary>The one rule for which day time counts in (ADR 014): the split an entry keeps, and reading it back.</summary>
public sealed class DaySplitTests
{
    [Theory]
    // Sunday 23:30 to Monday 00:30: half an hour on each day, wherever it is worked.
    [InlineData("Europe/Berlin", "2026-11-22T23:30", "2026-11-23T00:30", "2026-11-22", "30,30")]
    [InlineData("America/New_York", "2026-11-22T23:30", "2026-11-23T00:30", "2026-11-22", "30,30")]
    // Far ahead of UTC (UTC+14) and far behind it (UTC-11): the person's own midnight decides.
    [InlineData("Pacific/Kiritimati", "2026-03-15T09:00:00Z", "2026-03-15T11:00:00Z", "2026-03-15", "60,60")]
    [InlineData("Pacific/Pago_Pago", "2026-03-09T10:00:00Z", "2026-03-09T12:00:00Z", "2026-03-08", "60,60")]
    [InlineData("Pacific/Kiritimati", "2026-03-10T10:00:00Z", "2026-03-10T12:00:00Z", "2026-03-11", "120")]
    // Berlin's 23-hour day (last Sunday of March): a 24-hour entry reaches a third day.
    [InlineData("Europe/Berlin", "2026-03-28T23:30", "2026-03-30T00:30", "2026-03-28", "30,1380,30")]
    [InlineData("Europe/Berlin", "2026-03-29T00:00", "2026-03-30T00:00", "2026-03-29", "1380")]
    [InlineData("Europe/Berlin", "2026-03-28T22:00", "2026-03-29T04:00", "2026-03-28", "120,180")]
    // Berlin's 25-hour day (last Sunday of October).
    [InlineData("Europe/Berlin", "2026-10-25T00:00", "2026-10-26T00:00", "2026-10-25", "1500")]
    [InlineData("Europe/Berlin", "2026-10-24T23:30", "2026-10-25T23:30", "2026-10-24", "30,1470")]
    [InlineData("Europe/Berlin", "2026-10-25T23:00", "2026-10-26T01:00", "2026-10-25", "60,60")]
    // Samoa skipped 30 December 2011: that day has nothing, and is still in the split.
    [InlineData("Pacific/Apia", "2011-12-29T22:00", "2011-12-31T02:00", "2011-12-29", "120,0,120")]
    // St. John's fell back from 00:01 to 23:01 the previous day: that time belongs to the day begun.
    [InlineData("America/St_Johns", "1990-10-28T02:00:00Z", "1990-10-28T04:00:00Z", "1990-10-27", "30,90")]
    // Ending at midnight adds no empty day.
    [InlineData("Europe/Berlin", "2026-11-22T22:00", "2026-11-23T00:00", "2026-11-22", "120")]
    public void An_entry_counts_on_each_local_day_for_the_part_worked_on_it(string zoneId, string start, string end, string firstDay, string minutes)
    {
        var interval = new Interval(Tracking.Text.Instant(zoneId, start), Tracking.Text.Instant(zoneId, end));

        var split = DaySplit.Of(interval, Iso.Zone(zoneId));

        Assert.Equal(Iso.Date(firstDay), split.FirstDay);
        Assert.Equal(Minutes(minutes), split.Milliseconds);
        Assert.Equal(interval.Duration, split.Total);
        Assert.True(split.Milliseconds.Count <= DaySplit.MostDays || interval.Duration > Duration.FromHours(24));
    }

    [Fact]
    public void Parts_read_back_from_a_stored_split_are_the_days_as_intervals_from_the_start()
    {
        var zone = Iso.Zone("Pacific/Apia");
        var interval = new Interval(Iso.At("Pacific/Apia", "2011-12-29T22:00"), Iso.At("Pacific/Apia", "2011-12-31T02:00"));
        var stored = DaySplit.Of(interval, zone);

        var parts = DaySplit.Stored(stored.FirstDay, stored.ToArray()).Parts(interval.Start);

        // The skipped day has no part; the parts follow each other and end where the entry ends.
        Assert.Equal([new LocalDate(2011, 12, 29), new LocalDate(2011, 12, 31)], parts.Select(p => p.Date));
        Assert.Equal(interval.Start, parts[0].Interval.Start);
        Assert.Equal(parts[0].Interval.End, parts[1].Interval.Start);
        Assert.Equal(interval.End, parts[1].Interval.End);
        Assert.Equal(parts[0].Interval.End, Weeks.StartOfDay(new LocalDate(2011, 12, 31), zone));
        Assert.Equal([new LocalDate(2011, 12, 29), new LocalDate(2011, 12, 31)], stored.Days);
        Assert.Equal(Duration.Zero, stored.On(new LocalDate(2011, 12, 30)));
        Assert.Equal(Duration.FromHours(2), stored.On(new LocalDate(2011, 12, 31)));
        Assert.Equal(Duration.Zero, stored.On(new LocalDate(2012, 1, 1)));
    }

    [Fact]
    public void Days_get_whole_milliseconds_that_add_up_to_the_rounded_length()
    {
        var zone = Iso.Zone("Europe/Berlin");
        var midnight = Iso.At("Europe/Berlin", "2026-11-23T00:00");
        var interval = new Interval(midnight - Duration.FromNanoseconds(2_499_600), midnight + Duration.FromNanoseconds(1_000_700));

        var split = DaySplit.Of(interval, zone);

        // 2.4996 ms before midnight and 1.0007 ms after: the length 3.5003 ms rounds to 4.
        Assert.Equal([2L, 2L], split.Milliseconds);
        Assert.Equal(Duration.FromMilliseconds(4), split.Total);
    }

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void A_split_always_agrees_with_the_days_the_zone_has(string zoneId)
    {
        var zone = Iso.Zone(zoneId);
        var random = new Random(Samples.Seed);
        foreach (var start in Samples.Instants(zone, random))
        {
            var interval = new Interval(start, start + Duration.FromSeconds(random.Next(1, (24 * 3600) + 1)) + Duration.FromMilliseconds(random.Next(1000)));

            var split = DaySplit.Of(interval, zone);
            var slices = Weeks.SplitByDay(interval, zone);
            var parts = DaySplit.Stored(split.FirstDay, split.ToArray()).Parts(interval.Start);

            Assert.Equal(slices.Select(s => s.Date), parts.Select(p => p.Date));
            Assert.Equal(interval.Duration, split.Total);
            Assert.All(slices.Zip(parts), pair => Assert.True(Math.Abs((pair.First.Duration - pair.Second.Duration).TotalMilliseconds) <= 1, $"{interval} in {zoneId}"));
            Assert.InRange(split.Milliseconds.Count, 1, DaySplit.MostDays);
            Assert.True(split.Milliseconds[0] > 0 && split.Milliseconds[^1] > 0);
            Assert.Equal(DaySplit.FirstDayOf(start, zone), split.FirstDay);
        }
    }

    [Fact]
    public void A_finished_entry_counts_by_its_kept_split_even_after_its_person_changed_zone()
    {
        var berlin = Iso.Zone("Europe/Berlin");
        var newYork = Iso.Zone("America/New_York");
        var entry = new TimeEntry { Start = Iso.At("Europe/Berlin", "2026-11-22T23:30"), End = Iso.At("Europe/Berlin", "2026-11-23T00:30") };
        entry.CountDaysIn(berlin);
        var now = Iso.Utc("2026-12-01T12:00:00Z");

        var parts = entry.PartsAt(now, newYork);

        Assert.Equal(new LocalDate(2026, 11, 22), entry.Day);
        Assert.Equal([(new LocalDate(2026, 11, 22), Duration.FromMinutes(30)), (new LocalDate(2026, 11, 23), Duration.FromMinutes(30))], parts.Select(p => (p.Date, p.Duration)));
        Assert.Equal(entry.Start, parts[0].Interval.Start);
        Assert.Equal(entry.End, parts[1].Interval.End);
    }

    [Fact]
    public void A_running_timer_has_no_split_and_counts_its_time_until_now_in_the_persons_zone()
    {
        var zone = Iso.Zone("America/New_York");
        var entry = new TimeEntry { Start = Iso.At("America/New_York", "2026-11-22T23:00") };
        entry.CountDaysIn(zone);

        Assert.Equal(new LocalDate(2026, 11, 22), entry.Day);
        Assert.Null(entry.DayMilliseconds);
        Assert.Equal(
            [(new LocalDate(2026, 11, 22), Duration.FromMinutes(60)), (new LocalDate(2026, 11, 23), Duration.FromMinutes(45))],
            entry.PartsAt(Iso.At("America/New_York", "2026-11-23T00:45"), zone).Select(p => (p.Date, p.Duration)));
        Assert.Empty(entry.PartsAt(entry.Start - Duration.FromMinutes(1), zone));

        // Stopped, it keeps its split.
        entry.End = Iso.At("America/New_York", "2026-11-23T00:45");
        entry.CountDaysIn(zone);
        Assert.Equal([3_600_000L, 2_700_000L], entry.DayMilliseconds ?? []);
    }

    [Theory]
    // The cross-midnight entry: across weeks where weeks start on Monday, inside one where they start on Sunday.
    [InlineData(IsoDayOfWeek.Monday, "2026-11-16", "0,0,0,0,0,0,30", 30)]
    [InlineData(IsoDayOfWeek.Monday, "2026-11-23", "30,0,0,0,0,0,0", 30)]
    [InlineData(IsoDayOfWeek.Sunday, "2026-11-22", "30,30,0,0,0,0,0", 60)]
    public void Weeks_count_the_parts_on_their_own_days(IsoDayOfWeek weekStart, string start, string expectedMinutes, int expectedTotal)
    {
        var zone = Iso.Zone("Europe/Berlin");
        var entry = new TimeEntry { Start = Iso.At("Europe/Berlin", "2026-11-22T23:30"), End = Iso.At("Europe/Berlin", "2026-11-23T00:30") };
        entry.CountDaysIn(zone);
        var week = new Week(Weeks.StartOf(Iso.Date(start), weekStart), zone);

        var totals = DailyTotals.ForWeek(week, entry.PartsAt(Instant.MaxValue, zone));

        Assert.Equal(Iso.Date(start), week.Start);
        Assert.Equal(Minutes(expectedMinutes).Select(ms => Duration.FromMilliseconds(ms)), totals.Days.Select(d => d.Duration));
        Assert.Equal(Duration.FromMinutes(expectedTotal), totals.Total);
    }

    [Fact]
    public void A_stored_split_has_at_least_one_day_and_no_negative_time()
    {
        Assert.Throws<ArgumentException>(() => DaySplit.Stored(new LocalDate(2026, 11, 23), []));
        Assert.Throws<ArgumentException>(() => DaySplit.Stored(new LocalDate(2026, 11, 23), [60_000, -1]));
    }

    private static long[] Minutes(string text) =>
        [.. text.Split(',').Select(m => long.Parse(m, CultureInfo.InvariantCulture) * 60_000)];
}
