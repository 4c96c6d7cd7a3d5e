using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tests.Time;

public sealed class SplitByDayTests
{
    [Theory]
    // An entry from 22:00 to 02:00 local splits 2 h + 2 h wherever it is logged.
    [InlineData("Europe/Berlin", "2026-03-10T22:00", "2026-03-11T02:00", "2026-03-10=120;2026-03-11=120")]
    [InlineData("Pacific/Kiritimati", "2026-03-10T22:00", "2026-03-11T02:00", "2026-03-10=120;2026-03-11=120")]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T22:00", "2026-03-11T02:00", "2026-03-10=120;2026-03-11=120")]
    [InlineData("America/New_York", "2026-03-10T22:00", "2026-03-11T02:00", "2026-03-10=120;2026-03-11=120")]
    // Berlin spring-forward night: 02:00-03:00 does not exist, so 01:00-04:00 is 2 h.
    [InlineData("Europe/Berlin", "2026-03-29T01:00", "2026-03-29T04:00", "2026-03-29=120")]
    [InlineData("Europe/Berlin", "2026-03-28T22:00", "2026-03-29T04:00", "2026-03-28=120;2026-03-29=180")]
    // Berlin fall-back night: 02:00-03:00 happens twice, so 01:30-03:00 is 2.5 h.
    [InlineData("Europe/Berlin", "2026-10-25T01:30", "2026-10-25T03:00", "2026-10-25=150")]
    [InlineData("Europe/Berlin", "2026-10-24T22:00", "2026-10-25T04:00", "2026-10-24=120;2026-10-25=300")]
    // The DST days themselves are 23 h and 25 h long.
    [InlineData("Europe/Berlin", "2026-03-29T00:00", "2026-03-30T00:00", "2026-03-29=1380")]
    [InlineData("Europe/Berlin", "2026-10-25T00:00", "2026-10-26T00:00", "2026-10-25=1500")]
    // New York changes at 02:00 local in both directions.
    [InlineData("America/New_York", "2026-03-08T01:00", "2026-03-08T04:00", "2026-03-08=120")]
    [InlineData("America/New_York", "2026-11-01T00:30", "2026-11-01T03:00", "2026-11-01=210")]
    // Several days: one slice per local day, partial at both ends.
    [InlineData("Europe/Berlin", "2026-03-02T09:00", "2026-03-05T17:00", "2026-03-02=900;2026-03-03=1440;2026-03-04=1440;2026-03-05=1020")]
    [InlineData("Europe/Berlin", "2026-03-28T12:00", "2026-03-30T12:00", "2026-03-28=720;2026-03-29=1380;2026-03-30=720")]
    [InlineData("Pacific/Kiritimati", "2026-12-31T20:00", "2027-01-02T01:00", "2026-12-31=240;2027-01-01=1440;2027-01-02=60")]
    // Ending or starting exactly at midnight adds no empty slice.
    [InlineData("Europe/Berlin", "2026-03-10T22:00", "2026-03-11T00:00", "2026-03-10=120")]
    [InlineData("Europe/Berlin", "2026-03-11T00:00", "2026-03-11T01:00", "2026-03-11=60")]
    public void Entry_is_split_at_local_midnights_and_measured_between_instants(
        string zoneId, string startLocal, string endLocal, string expectedSlices)
    {
        var interval = new Interval(Iso.At(zoneId, startLocal), Iso.At(zoneId, endLocal));

        var slices = Weeks.SplitByDay(interval, Iso.Zone(zoneId));

        Assert.Equal(ParseSlices(expectedSlices), slices);
        Assert.Equal(interval.Duration, Total(slices));
    }

    [Theory]
    // Samoa skipped Friday 30 December 2011 entirely when it moved from UTC-10 to UTC+14.
    [InlineData("Pacific/Apia", "2011-12-29T22:00", "2011-12-31T02:00", "2011-12-29=120;2011-12-31=120")]
    // Kiritimati skipped Saturday 31 December 1994 when it moved from UTC-10 to UTC+14.
    [InlineData("Pacific/Kiritimati", "1994-12-30T23:00", "1995-01-01T01:00", "1994-12-30=60;1995-01-01=60")]
    public void Entry_across_a_skipped_calendar_day_has_no_slice_for_that_day(
        string zoneId, string startLocal, string endLocal, string expectedSlices)
    {
        var interval = new Interval(Iso.At(zoneId, startLocal), Iso.At(zoneId, endLocal));

        var slices = Weeks.SplitByDay(interval, Iso.Zone(zoneId));

        Assert.Equal(ParseSlices(expectedSlices), slices);
        Assert.Equal(interval.Duration, Total(slices));
    }

    [Theory]
    [InlineData("Pacific/Apia", "2011-12-26", IsoDayOfWeek.Monday, 144)]
    [InlineData("Pacific/Kiritimati", "1994-12-31", IsoDayOfWeek.Saturday, 144)]
    [InlineData("Pacific/Kiritimati", "1995-01-01", IsoDayOfWeek.Saturday, 144)]
    public void Week_containing_a_skipped_calendar_day_is_a_day_shorter(string zoneId, string localDate, IsoDayOfWeek weekStart, int expectedHours)
    {
        var zone = Iso.Zone(zoneId);
        var week = new Week(Weeks.StartOf(Iso.Date(localDate), weekStart), zone);

        Assert.Equal(Duration.FromHours(expectedHours), week.Length);
        Assert.Equal(week.Length, Total(Weeks.SplitByDay(week.Interval, zone)));
    }

    [Fact]
    public void Entry_across_the_repeated_hour_of_the_Berlin_fall_back_night_is_one_hour()
    {
        var zone = Iso.Zone("Europe/Berlin");
        var twoThirty = zone.MapLocal(Iso.Local("2026-10-25T02:30"));
        Assert.Equal(2, twoThirty.Count);

        var slices = Weeks.SplitByDay(new Interval(twoThirty.First().ToInstant(), twoThirty.Last().ToInstant()), zone);

        Assert.Equal([(new LocalDate(2026, 10, 25), Duration.FromHours(1))], slices);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", 7)]
    [InlineData("Europe/Berlin", "2026-10-19", 7)]
    [InlineData("America/New_York", "2026-03-02", 7)]
    [InlineData("Pacific/Kiritimati", "2026-03-16", 7)]
    public void Whole_week_splits_into_its_seven_days_totalling_its_length(string zoneId, string start, int expectedDays)
    {
        var week = new Week(Iso.Date(start), Iso.Zone(zoneId));

        var slices = Weeks.SplitByDay(week.Interval, week.Zone);

        Assert.Equal(week.Days, slices.Select(s => s.Date));
        Assert.Equal(expectedDays, slices.Count);
        Assert.Equal(week.Length, Total(slices));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(31)]
    public void Entry_spanning_several_days_gives_one_slice_per_local_day(int days)
    {
        var zone = Iso.Zone("Europe/Berlin");
        var start = Iso.At("Europe/Berlin", "2026-03-20T12:00");
        var end = zone.AtStrictly(Iso.Local("2026-03-20T12:00").PlusDays(days)).ToInstant();

        var slices = Weeks.SplitByDay(new Interval(start, end), zone);

        Assert.Equal(days + 1, slices.Count);
        Assert.Equal(Enumerable.Range(0, days + 1).Select(i => new LocalDate(2026, 3, 20).PlusDays(i)), slices.Select(s => s.Date));
    }

    [Fact]
    public void Empty_entry_gives_no_slices()
    {
        var at = Iso.Utc("2026-03-29T01:00:00Z");

        Assert.Empty(Weeks.SplitByDay(new Interval(at, at), Iso.Zone("Europe/Berlin")));
    }

    [Fact]
    public void Entry_without_a_start_or_an_end_gives_no_slices()
    {
        var at = Iso.Utc("2026-03-29T01:00:00Z");
        var zone = Iso.Zone("Europe/Berlin");

        Assert.Empty(Weeks.SplitByDay(new Interval(null, at), zone));
        Assert.Empty(Weeks.SplitByDay(new Interval(at, null), zone));
        Assert.Empty(Weeks.SplitByDay(new Interval(null, null), zone));
    }

    [Fact]
    public void Entry_ending_before_it_starts_cannot_be_constructed()
    {
        // NodaTime rejects negative intervals, so SplitByDay never has to decide what they mean.
        var at = Iso.Utc("2026-03-29T01:00:00Z");

        Assert.Throws<ArgumentOutOfRangeException>(() => new Interval(at, at - Duration.FromMinutes(1)));
    }

    [Theory]
    // St. John's fell back from Sun 28 Oct 1990 00:01 to Sat 23:01; Sunday began at 02:30 UTC.
    [InlineData("America/St_Johns", "1990-10-28T03:00:00Z", "1990-10-28T04:00:00Z", "1990-10-28=60")]
    [InlineData("America/St_Johns", "1990-10-28T02:00:00Z", "1990-10-28T04:00:00Z", "1990-10-27=30;1990-10-28=90")]
    public void Time_while_the_wall_clock_repeats_the_previous_date_counts_for_the_day_that_has_begun(
        string zoneId, string start, string end, string expectedSlices)
    {
        var slices = Weeks.SplitByDay(new Interval(Iso.Utc(start), Iso.Utc(end)), Iso.Zone(zoneId));

        Assert.Equal(ParseSlices(expectedSlices), slices);
    }

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void Slices_always_add_up_to_the_entry_and_follow_each_other_at_day_boundaries(string zoneId)
    {
        var zone = Iso.Zone(zoneId);
        var random = new Random(Samples.Seed);

        foreach (var start in Samples.Instants(zone, random))
        {
            // Mostly entries of up to a day, some of up to ten days, and a few of zero length.
            var maxMinutes = random.Next(10) == 0 ? 10 * 24 * 60 : 24 * 60;
            var end = start + Duration.FromMinutes(random.Next(maxMinutes + 1));
            var interval = new Interval(start, end);

            var slices = Weeks.SplitByDay(interval, zone);

            Assert.Equal(interval.Duration, Total(slices));
            if (interval.Duration == Duration.Zero)
            {
                Assert.Empty(slices);
                continue;
            }

            Assert.All(slices, s => Assert.True(s.Duration > Duration.Zero, $"{interval} in {zoneId}: {s}"));
            Assert.InRange(Period.DaysBetween(start.InZone(zone).Date, slices[0].Date), 0, 1);
            Assert.InRange(Period.DaysBetween((end - Duration.Epsilon).InZone(zone).Date, slices[^1].Date), 0, 1);

            // Each later slice begins at a day boundary: its date starts there and the previous date ends there.
            var boundary = start;
            for (var k = 1; k < slices.Count; k++)
            {
                boundary += slices[k - 1].Duration;
                Assert.Equal(slices[k].Date, boundary.InZone(zone).Date);
                Assert.True(slices[k - 1].Date < slices[k].Date);
                Assert.True((boundary - Duration.Epsilon).InZone(zone).Date < slices[k].Date);
                for (var skipped = slices[k - 1].Date.PlusDays(1); skipped < slices[k].Date; skipped = skipped.PlusDays(1))
                {
                    Assert.Equal(0, zone.MapLocal(skipped.At(LocalTime.Noon)).Count);
                }
            }
        }
    }

    private static Duration Total(IEnumerable<(LocalDate Date, Duration Duration)> slices) =>
        slices.Aggregate(Duration.Zero, (sum, slice) => sum + slice.Duration);

    private static List<(LocalDate Date, Duration Duration)> ParseSlices(string text) =>
        [.. text.Split(';').Select(part => part.Split('=')).Select(pair =>
            (Iso.Date(pair[0]), Duration.FromMinutes(long.Parse(pair[1], CultureInfo.InvariantCulture))))];
}
