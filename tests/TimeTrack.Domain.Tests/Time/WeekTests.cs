using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tests.Time;

public sealed class WeekTests
{
    [Theory]
    // Mon 2 March 2026 to Sun 8 March 2026, each against each supported week start.
    [InlineData("2026-03-02", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-03", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-04", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-05", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-06", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-07", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-08", IsoDayOfWeek.Monday, "2026-03-02")]
    [InlineData("2026-03-02", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-03", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-04", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-05", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-06", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-07", IsoDayOfWeek.Sunday, "2026-03-01")]
    [InlineData("2026-03-08", IsoDayOfWeek.Sunday, "2026-03-08")]
    [InlineData("2026-03-02", IsoDayOfWeek.Saturday, "2026-02-28")]
    [InlineData("2026-03-03", IsoDayOfWeek.Saturday, "2026-02-28")]
    [InlineData("2026-03-04", IsoDayOfWeek.Saturday, "2026-02-28")]
    [InlineData("2026-03-05", IsoDayOfWeek.Saturday, "2026-02-28")]
    [InlineData("2026-03-06", IsoDayOfWeek.Saturday, "2026-02-28")]
    [InlineData("2026-03-07", IsoDayOfWeek.Saturday, "2026-03-07")]
    [InlineData("2026-03-08", IsoDayOfWeek.Saturday, "2026-03-07")]
    // Across a year end (Thu 1 January 2026) and a leap day (Wed 1 March 2028).
    [InlineData("2026-01-01", IsoDayOfWeek.Monday, "2025-12-29")]
    [InlineData("2026-01-01", IsoDayOfWeek.Sunday, "2025-12-28")]
    [InlineData("2026-01-01", IsoDayOfWeek.Saturday, "2025-12-27")]
    [InlineData("2028-03-01", IsoDayOfWeek.Monday, "2028-02-28")]
    [InlineData("2028-03-01", IsoDayOfWeek.Sunday, "2028-02-27")]
    [InlineData("2028-03-01", IsoDayOfWeek.Saturday, "2028-02-26")]
    public void Week_starts_on_the_latest_week_start_day_on_or_before_the_date(string date, IsoDayOfWeek weekStart, string expected) =>
        Assert.Equal(Iso.Date(expected), Weeks.StartOf(Iso.Date(date), weekStart));

    [Theory]
    [InlineData(IsoDayOfWeek.Monday)]
    [InlineData(IsoDayOfWeek.Tuesday)]
    [InlineData(IsoDayOfWeek.Wednesday)]
    [InlineData(IsoDayOfWeek.Thursday)]
    [InlineData(IsoDayOfWeek.Friday)]
    [InlineData(IsoDayOfWeek.Saturday)]
    [InlineData(IsoDayOfWeek.Sunday)]
    public void Every_date_lies_in_the_first_seven_days_of_its_week(IsoDayOfWeek weekStart)
    {
        for (var date = new LocalDate(2027, 12, 1); date < new LocalDate(2029, 3, 1); date = date.PlusDays(1))
        {
            var start = Weeks.StartOf(date, weekStart);
            Assert.Equal(weekStart, start.DayOfWeek);
            Assert.InRange(Period.DaysBetween(start, date), 0, 6);
        }
    }

    [Theory]
    // Sat 14 March 2026 10:30 UTC is Sun 00:30 in Kiritimati (UTC+14), Fri 23:30 in Pago Pago (UTC-11).
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Kiritimati", IsoDayOfWeek.Monday, "2026-03-15", "2026-03-09")]
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Kiritimati", IsoDayOfWeek.Sunday, "2026-03-15", "2026-03-15")]
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Kiritimati", IsoDayOfWeek.Saturday, "2026-03-15", "2026-03-14")]
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Pago_Pago", IsoDayOfWeek.Monday, "2026-03-13", "2026-03-09")]
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Pago_Pago", IsoDayOfWeek.Sunday, "2026-03-13", "2026-03-08")]
    [InlineData("2026-03-14T10:30:00Z", "Pacific/Pago_Pago", IsoDayOfWeek.Saturday, "2026-03-13", "2026-03-07")]
    [InlineData("2026-03-14T10:30:00Z", "Europe/Berlin", IsoDayOfWeek.Monday, "2026-03-14", "2026-03-09")]
    [InlineData("2026-03-14T10:30:00Z", "Europe/Berlin", IsoDayOfWeek.Sunday, "2026-03-14", "2026-03-08")]
    [InlineData("2026-03-14T10:30:00Z", "Europe/Berlin", IsoDayOfWeek.Saturday, "2026-03-14", "2026-03-14")]
    [InlineData("2026-03-14T10:30:00Z", "America/New_York", IsoDayOfWeek.Saturday, "2026-03-14", "2026-03-14")]
    // Sun 15 March 2026 20:00 UTC is already Monday in Kiritimati, so it starts a new Monday week there only.
    [InlineData("2026-03-15T20:00:00Z", "Pacific/Kiritimati", IsoDayOfWeek.Monday, "2026-03-16", "2026-03-16")]
    [InlineData("2026-03-15T20:00:00Z", "Pacific/Pago_Pago", IsoDayOfWeek.Monday, "2026-03-15", "2026-03-09")]
    [InlineData("2026-03-15T20:00:00Z", "Europe/Berlin", IsoDayOfWeek.Monday, "2026-03-15", "2026-03-09")]
    [InlineData("2026-03-15T20:00:00Z", "America/New_York", IsoDayOfWeek.Monday, "2026-03-15", "2026-03-09")]
    [InlineData("2026-03-15T20:00:00Z", "UTC", IsoDayOfWeek.Monday, "2026-03-15", "2026-03-09")]
    // Exactly at, and one second before, Berlin's local midnight starting Mon 23 March.
    [InlineData("2026-03-22T23:00:00Z", "Europe/Berlin", IsoDayOfWeek.Monday, "2026-03-23", "2026-03-23")]
    [InlineData("2026-03-22T22:59:59Z", "Europe/Berlin", IsoDayOfWeek.Monday, "2026-03-22", "2026-03-16")]
    [InlineData("2026-03-22T23:00:00Z", "America/New_York", IsoDayOfWeek.Monday, "2026-03-22", "2026-03-16")]
    // St. John's fell back from Sun 00:01 to Sat 23:01: the repeated Saturday hour belongs to the Sunday week.
    [InlineData("1990-10-28T03:00:00Z", "America/St_Johns", IsoDayOfWeek.Sunday, "1990-10-27", "1990-10-28")]
    [InlineData("1990-10-28T03:00:00Z", "America/St_Johns", IsoDayOfWeek.Saturday, "1990-10-27", "1990-10-27")]
    // Kiritimati skipped Saturday 31 December 1994; the Saturday week then starts at the first instant of 1 January.
    [InlineData("1994-12-31T12:00:00Z", "Pacific/Kiritimati", IsoDayOfWeek.Saturday, "1995-01-01", "1994-12-31")]
    public void Same_instant_falls_in_the_local_week_of_each_time_zone(
        string instant, string zoneId, IsoDayOfWeek weekStart, string expectedLocalDate, string expectedWeekStart)
    {
        var at = Iso.Utc(instant);
        var zone = Iso.Zone(zoneId);

        var week = Weeks.Containing(at, zone, weekStart);

        Assert.Equal(Iso.Date(expectedLocalDate), at.InZone(zone).Date);
        Assert.Equal(Iso.Date(expectedWeekStart), week.Start);
        Assert.Same(zone, week.Zone);
        Assert.True(week.Contains(at));
    }

    [Fact]
    public void Same_instant_is_on_three_different_dates_in_Kiritimati_Berlin_and_Pago_Pago()
    {
        var at = Iso.Utc("2026-03-14T10:30:00Z");

        Assert.Equal(new LocalDate(2026, 3, 15), at.InZone(Iso.Zone("Pacific/Kiritimati")).Date);
        Assert.Equal(new LocalDate(2026, 3, 14), at.InZone(Iso.Zone("Europe/Berlin")).Date);
        Assert.Equal(new LocalDate(2026, 3, 13), at.InZone(Iso.Zone("Pacific/Pago_Pago")).Date);
    }

    [Theory]
    // Berlin: clocks go from 02:00 to 03:00 on Sun 29 March 2026.
    [InlineData("Europe/Berlin", "2026-03-23")]
    [InlineData("Europe/Berlin", "2026-03-29")]
    [InlineData("Europe/Berlin", "2026-03-28")]
    // New York: clocks go from 02:00 to 03:00 on Sun 8 March 2026.
    [InlineData("America/New_York", "2026-03-02")]
    [InlineData("America/New_York", "2026-03-08")]
    [InlineData("America/New_York", "2026-03-07")]
    // Sydney: southern spring, clocks go from 02:00 to 03:00 on Sun 4 October 2026.
    [InlineData("Australia/Sydney", "2026-09-28")]
    public void Week_across_spring_DST_change_is_167_hours(string zoneId, string start) =>
        Assert.Equal(Duration.FromHours(167), new Week(Iso.Date(start), Iso.Zone(zoneId)).Length);

    [Theory]
    // Berlin: clocks go from 03:00 back to 02:00 on Sun 25 October 2026.
    [InlineData("Europe/Berlin", "2026-10-19")]
    [InlineData("Europe/Berlin", "2026-10-25")]
    [InlineData("Europe/Berlin", "2026-10-24")]
    // New York: clocks go from 02:00 back to 01:00 on Sun 1 November 2026.
    [InlineData("America/New_York", "2026-10-26")]
    [InlineData("America/New_York", "2026-11-01")]
    [InlineData("America/New_York", "2026-10-31")]
    // Sydney: southern autumn, clocks go from 03:00 back to 02:00 on Sun 5 April 2026.
    [InlineData("Australia/Sydney", "2026-03-30")]
    public void Week_across_autumn_DST_change_is_169_hours(string zoneId, string start) =>
        Assert.Equal(Duration.FromHours(169), new Week(Iso.Date(start), Iso.Zone(zoneId)).Length);

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-16")]
    [InlineData("Europe/Berlin", "2026-03-30")]
    // A Sunday week ending at the midnight before the change, and a Saturday week ending the day before.
    [InlineData("Europe/Berlin", "2026-03-22")]
    [InlineData("Europe/Berlin", "2026-03-21")]
    [InlineData("America/New_York", "2026-03-01")]
    [InlineData("America/New_York", "2026-10-25")]
    [InlineData("Pacific/Kiritimati", "2026-03-23")]
    [InlineData("Pacific/Pago_Pago", "2026-03-23")]
    [InlineData("UTC", "2026-03-23")]
    public void Week_without_DST_change_is_168_hours(string zoneId, string start) =>
        Assert.Equal(Duration.FromHours(168), new Week(Iso.Date(start), Iso.Zone(zoneId)).Length);

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-19", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z")]
    [InlineData("Pacific/Kiritimati", "2026-03-16", "2026-03-15T10:00:00Z", "2026-03-22T10:00:00Z")]
    [InlineData("Pacific/Pago_Pago", "2026-03-16", "2026-03-16T11:00:00Z", "2026-03-23T11:00:00Z")]
    [InlineData("America/New_York", "2026-03-02", "2026-03-02T05:00:00Z", "2026-03-09T04:00:00Z")]
    public void Week_is_bounded_by_local_midnights_of_its_first_day_and_the_next_weeks_first_day(
        string zoneId, string start, string expectedStart, string expectedEnd)
    {
        var week = new Week(Iso.Date(start), Iso.Zone(zoneId));

        Assert.Equal(Iso.Utc(expectedStart), week.StartInstant);
        Assert.Equal(Iso.Utc(expectedEnd), week.EndInstant);
        Assert.Equal(new Interval(week.StartInstant, week.EndInstant), week.Interval);
        Assert.Equal(week.EndInstant - week.StartInstant, week.Length);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23")]
    [InlineData("Europe/Berlin", "2026-10-19")]
    [InlineData("America/New_York", "2026-11-01")]
    [InlineData("Pacific/Kiritimati", "2026-12-28")]
    [InlineData("Pacific/Pago_Pago", "2028-02-26")]
    public void Week_has_seven_consecutive_days_and_adjoins_its_neighbours(string zoneId, string start)
    {
        var week = new Week(Iso.Date(start), Iso.Zone(zoneId));

        var days = week.Days.ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal(week.Start, days[0]);
        Assert.All(days.Zip(days.Skip(1)), pair => Assert.Equal(pair.First.PlusDays(1), pair.Second));
        Assert.Equal(week.End, days[^1].PlusDays(1));

        Assert.Equal(week.Start.PlusDays(7), week.Next.Start);
        Assert.Equal(week.Start.PlusDays(-7), week.Previous.Start);
        Assert.Equal(week.EndInstant, week.Next.StartInstant);
        Assert.Equal(week.StartInstant, week.Previous.EndInstant);
        Assert.Equal(week, week.Next.Previous);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23")]
    [InlineData("Pacific/Kiritimati", "2026-03-16")]
    [InlineData("Pacific/Pago_Pago", "2026-03-16")]
    public void Week_includes_its_start_instant_and_excludes_its_end_instant(string zoneId, string start)
    {
        var week = new Week(Iso.Date(start), Iso.Zone(zoneId));
        var tick = Duration.Epsilon;

        Assert.False(week.Contains(week.StartInstant - tick));
        Assert.True(week.Contains(week.StartInstant));
        Assert.True(week.Contains(week.EndInstant - tick));
        Assert.False(week.Contains(week.EndInstant));
        Assert.True(week.Next.Contains(week.EndInstant));
    }

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void Containing_week_always_contains_the_instant_and_starts_on_the_week_start(string zoneId)
    {
        var zone = Iso.Zone(zoneId);
        var random = new Random(Samples.Seed);
        IsoDayOfWeek[] weekStarts = [IsoDayOfWeek.Monday, IsoDayOfWeek.Sunday, IsoDayOfWeek.Saturday];

        foreach (var instant in Samples.Instants(zone, random))
        {
            var weekStart = weekStarts[random.Next(weekStarts.Length)];

            var week = Weeks.Containing(instant, zone, weekStart);

            Assert.Equal(weekStart, week.Start.DayOfWeek);
            Assert.True(week.Contains(instant), $"{instant} is not in the week of {week.Start} in {zoneId}");
            Assert.False(week.Previous.Contains(instant));
            Assert.False(week.Next.Contains(instant));
        }
    }
}
