using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Tests.Time;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class DailyTotalsTests
{
    [Theory]
    [InlineData("Europe/Berlin", "", "")]
    [InlineData("Europe/Berlin", "2026-03-10T12:00/2026-03-10T12:00", "")]
    [InlineData("Europe/Berlin", "2026-03-10T09:00/2026-03-10T12:00;2026-03-10T13:00/2026-03-10T17:00", "2026-03-10=420")]
    [InlineData("Europe/Berlin", "2026-03-11T08:00/2026-03-11T09:00;2026-03-10T22:00/2026-03-11T02:00", "2026-03-10=120;2026-03-11=180")]
    [InlineData("Europe/Berlin", "2026-03-09T09:00/2026-03-09T10:00;2026-03-12T09:00/2026-03-12T10:00", "2026-03-09=60;2026-03-12=60")]
    // The clock-change days count their true length.
    [InlineData("Europe/Berlin", "2026-03-28T22:00/2026-03-29T04:00", "2026-03-28=120;2026-03-29=180")]
    [InlineData("Europe/Berlin", "2026-03-29T00:00/2026-03-30T00:00", "2026-03-29=1380")]
    [InlineData("Europe/Berlin", "2026-10-25T00:00/2026-10-26T00:00", "2026-10-25=1500")]
    [InlineData("Europe/Berlin", "2026-10-24T22:00/2026-10-25T04:00", "2026-10-24=120;2026-10-25=300")]
    [InlineData("America/New_York", "2026-03-08T00:00/2026-03-08T05:00;2026-11-01T00:00/2026-11-01T05:00", "2026-03-08=240;2026-11-01=360")]
    // One UTC stretch lands on different dates in different zones.
    [InlineData("Europe/Berlin", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", "2026-03-10=120")]
    [InlineData("America/New_York", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", "2026-03-10=120")]
    [InlineData("Pacific/Kiritimati", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", "2026-03-11=120")]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", "2026-03-09=60;2026-03-10=60")]
    [InlineData("Pacific/Kiritimati", "2026-12-31T20:00/2027-01-02T01:00", "2026-12-31=240;2027-01-01=1440;2027-01-02=60")]
    // Overlapping entries both count: totals report what was logged.
    [InlineData("Pacific/Pago_Pago", "2026-03-10T09:00/2026-03-10T11:00;2026-03-10T10:00/2026-03-10T12:00", "2026-03-10=240")]
    public void Daily_totals_split_entries_at_local_midnights_and_add_up_each_date(string zoneId, string entries, string expected)
    {
        var intervals = Text.Intervals(zoneId, entries);

        var totals = DailyTotals.ByDay(intervals, Iso.Zone(zoneId));

        Assert.Equal(Text.MinutesByDate(expected), totals);
        Assert.Equal(totals.Keys.Order(), totals.Keys);
        Assert.Equal(Sum(intervals.Select(i => i.Duration)), Sum(totals.Values));
    }

    [Theory]
    // Berlin's spring-forward week: an entry from the week before and one into the week after count only in part.
    [InlineData("Europe/Berlin", "2026-03-23",
        "2026-03-22T22:00/2026-03-23T01:00;2026-03-23T09:00/2026-03-23T17:00;2026-03-28T22:00/2026-03-29T04:00;2026-03-29T22:00/2026-03-30T02:00",
        "540,0,0,0,0,120,300", 960)]
    [InlineData("Europe/Berlin", "2026-10-19", "2026-10-25T00:00/2026-10-26T00:00", "0,0,0,0,0,0,1500", 1500)]
    [InlineData("Europe/Berlin", "2026-10-26", "2026-10-25T00:00/2026-10-26T00:00", "0,0,0,0,0,0,0", 0)]
    [InlineData("America/New_York", "2026-03-02", "2026-03-08T00:00/2026-03-08T05:00", "0,0,0,0,0,0,240", 240)]
    // Sunday 23:00 to Monday 01:00 in Kiritimati splits between two weeks; in Pago Pago likewise.
    [InlineData("Pacific/Kiritimati", "2026-03-09", "2026-03-15T09:00:00Z/2026-03-15T11:00:00Z", "0,0,0,0,0,0,60", 60)]
    [InlineData("Pacific/Kiritimati", "2026-03-16", "2026-03-15T09:00:00Z/2026-03-15T11:00:00Z", "60,0,0,0,0,0,0", 60)]
    [InlineData("Pacific/Pago_Pago", "2026-03-09", "2026-03-09T10:00:00Z/2026-03-09T12:00:00Z", "60,0,0,0,0,0,0", 60)]
    [InlineData("Pacific/Pago_Pago", "2026-03-02", "2026-03-09T10:00:00Z/2026-03-09T12:00:00Z", "0,0,0,0,0,0,60", 60)]
    // A Sunday week start.
    [InlineData("Pacific/Pago_Pago", "2026-03-08", "2026-03-09T10:00:00Z/2026-03-09T12:00:00Z", "60,60,0,0,0,0,0", 120)]
    [InlineData("Europe/Berlin", "2026-03-02", "", "0,0,0,0,0,0,0", 0)]
    public void Week_totals_count_the_seven_days_in_order_and_only_the_time_inside_the_week(
        string zoneId, string weekStart, string entries, string expectedMinutes, int expectedTotal)
    {
        var week = new Week(Iso.Date(weekStart), Iso.Zone(zoneId));

        var totals = DailyTotals.ForWeek(week, Text.Intervals(zoneId, entries));

        var expected = expectedMinutes.Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(week, totals.Week);
        Assert.Equal(week.Days, totals.Days.Select(d => d.Date));
        Assert.Equal(expected.Select(m => Duration.FromMinutes(m)), totals.Days.Select(d => d.Duration));
        Assert.Equal(Duration.FromMinutes(expectedTotal), totals.Total);
        Assert.All(totals.Days, day => Assert.Equal(day.Duration, totals.On(day.Date)));
        Assert.Equal(Duration.Zero, totals.On(week.End));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", 167)]
    [InlineData("Europe/Berlin", "2026-10-19", 169)]
    [InlineData("America/New_York", "2026-03-02", 167)]
    [InlineData("Pacific/Kiritimati", "2026-03-09", 168)]
    [InlineData("Pacific/Pago_Pago", "2026-03-09", 168)]
    // Samoa's week without a Friday.
    [InlineData("Pacific/Apia", "2011-12-26", 144)]
    public void An_entry_covering_the_whole_week_fills_every_day_with_its_true_length(string zoneId, string weekStart, int expectedHours)
    {
        var week = new Week(Iso.Date(weekStart), Iso.Zone(zoneId));
        var entry = new Interval(week.StartInstant - Duration.FromHours(30), week.EndInstant + Duration.FromHours(30));

        var totals = DailyTotals.ForWeek(week, [entry]);

        Assert.Equal(Duration.FromHours(expectedHours), totals.Total);
        Assert.Equal(week.Length, totals.Total);
        Assert.Equal(
            Weeks.SplitByDay(week.Interval, week.Zone).ToDictionary(s => s.Date, s => s.Duration),
            totals.Days.Where(d => d.Duration > Duration.Zero).ToDictionary(d => d.Date, d => d.Duration));
    }

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void Consecutive_weeks_share_out_every_entry_without_loss(string zoneId)
    {
        var zone = Iso.Zone(zoneId);
        var random = new Random(Samples.Seed);
        var entries = Samples.Instants(zone, random)
            .Select(start => new Interval(start, start + Duration.FromMinutes(random.Next(3 * 24 * 60))))
            .ToList();

        foreach (var entry in entries)
        {
            var week = Weeks.Containing(entry.Start, zone, IsoDayOfWeek.Monday);
            var byDay = DailyTotals.ByDay([entry], zone);
            var shared = Duration.Zero;
            for (; week.StartInstant < entry.End; week = week.Next)
            {
                var totals = DailyTotals.ForWeek(week, [entry]);
                Assert.All(totals.Days, day => Assert.Equal(byDay.GetValueOrDefault(day.Date), day.Duration));
                shared += totals.Total;
            }

            Assert.Equal(entry.Duration, shared);
        }
    }

    private static Duration Sum(IEnumerable<Duration> durations) => durations.Aggregate(Duration.Zero, (a, b) => a + b);
}
