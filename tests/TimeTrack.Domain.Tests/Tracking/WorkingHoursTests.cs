using NodaTime;
using TimeTrack.Domain.Tests.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class WorkingHoursTests
{
    private const WorkingDays Weekdays = WorkingDays.Weekdays;
    private const WorkingDays All = WorkingDays.All;

    [Theory]
    [InlineData(IsoDayOfWeek.Monday, WorkingDays.Monday)]
    [InlineData(IsoDayOfWeek.Tuesday, WorkingDays.Tuesday)]
    [InlineData(IsoDayOfWeek.Wednesday, WorkingDays.Wednesday)]
    [InlineData(IsoDayOfWeek.Thursday, WorkingDays.Thursday)]
    [InlineData(IsoDayOfWeek.Friday, WorkingDays.Friday)]
    [InlineData(IsoDayOfWeek.Saturday, WorkingDays.Saturday)]
    [InlineData(IsoDayOfWeek.Sunday, WorkingDays.Sunday)]
    public void Each_day_of_the_week_has_its_own_flag(IsoDayOfWeek day, WorkingDays expected) =>
        Assert.Equal(expected, WorkingDays.For(day));

    [Theory]
    [InlineData(IsoDayOfWeek.None)]
    [InlineData((IsoDayOfWeek)8)]
    public void There_is_no_flag_for_a_day_that_is_not_a_day_of_the_week(IsoDayOfWeek day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDays.For(day));

    [Fact]
    public void Weekdays_are_Monday_to_Friday_and_All_adds_the_weekend()
    {
        Assert.Equal(WorkingDays.Weekdays, Enumerable.Range(1, 5).Aggregate(WorkingDays.None, (days, d) => days | WorkingDays.For((IsoDayOfWeek)d)));
        Assert.Equal(WorkingDays.All, WorkingDays.Weekdays | WorkingDays.Saturday | WorkingDays.Sunday);
    }

    [Fact]
    public void Default_hours_are_Monday_to_Friday_eight_to_six()
    {
        Assert.Equal(WorkingDays.Weekdays, WorkingHours.Default.Days);
        Assert.Equal(new LocalTime(8, 0), WorkingHours.Default.Start);
        Assert.Equal(new LocalTime(18, 0), WorkingHours.Default.End);
        Assert.Null(WorkingHours.Validate(WorkingHours.Default.Start, WorkingHours.Default.End, WorkingHours.Default.Days));
    }

    [Theory]
    [InlineData("08:00", "18:00", Weekdays, null)]
    [InlineData("00:00", "23:59", All, null)]
    [InlineData("09:00", "09:01", WorkingDays.Saturday, null)]
    [InlineData("09:00", "09:00", Weekdays, "The working day must end after it starts, on the same day.")]
    [InlineData("18:00", "08:00", Weekdays, "The working day must end after it starts, on the same day.")]
    [InlineData("22:00", "06:00", All, "The working day must end after it starts, on the same day.")]
    [InlineData("08:00", "18:00", WorkingDays.None, "Choose at least one working day.")]
    [InlineData("08:00", "18:00", (WorkingDays)128, "Choose working days from Monday to Sunday.")]
    [InlineData("08:00", "18:00", (WorkingDays)255, "Choose working days from Monday to Sunday.")]
    [InlineData("18:00", "08:00", WorkingDays.None, "The working day must end after it starts, on the same day.")]
    public void Hours_must_be_a_nonempty_window_on_at_least_one_day(string start, string end, WorkingDays days, string? expected) =>
        Assert.Equal(expected, WorkingHours.Validate(Text.Time(start), Text.Time(end), days));

    [Theory]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-02", true)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-03", true)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-04", true)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-05", true)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-06", true)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-07", false)]
    [InlineData(Weekdays, "08:00", "18:00", "2026-03-08", false)]
    [InlineData(WorkingDays.Saturday | WorkingDays.Sunday, "08:00", "18:00", "2026-03-06", false)]
    [InlineData(WorkingDays.Saturday | WorkingDays.Sunday, "08:00", "18:00", "2026-03-07", true)]
    [InlineData(WorkingDays.Saturday | WorkingDays.Sunday, "08:00", "18:00", "2026-03-08", true)]
    [InlineData(WorkingDays.None, "08:00", "18:00", "2026-03-02", false)]
    // An empty window (what narrowing can leave) means no working day at all.
    [InlineData(All, "12:00", "12:00", "2026-03-02", false)]
    [InlineData(All, "18:00", "08:00", "2026-03-02", false)]
    public void A_working_day_is_one_of_the_chosen_days_with_a_nonempty_window(WorkingDays days, string start, string end, string date, bool expected) =>
        Assert.Equal(expected, Text.Hours(days, start, end).IsWorkingDay(Iso.Date(date)));

    [Theory]
    [InlineData("Europe/Berlin", Weekdays, "08:00", "18:00", "2026-03-10", "2026-03-10T07:00:00Z", "2026-03-10T17:00:00Z")]
    [InlineData("Europe/Berlin", Weekdays, "08:00", "18:00", "2026-03-30", "2026-03-30T06:00:00Z", "2026-03-30T16:00:00Z")]
    [InlineData("America/New_York", Weekdays, "08:00", "18:00", "2026-03-06", "2026-03-06T13:00:00Z", "2026-03-06T23:00:00Z")]
    [InlineData("America/New_York", Weekdays, "08:00", "18:00", "2026-03-09", "2026-03-09T12:00:00Z", "2026-03-09T22:00:00Z")]
    [InlineData("Pacific/Kiritimati", Weekdays, "08:00", "18:00", "2026-03-10", "2026-03-09T18:00:00Z", "2026-03-10T04:00:00Z")]
    [InlineData("Pacific/Pago_Pago", Weekdays, "08:00", "18:00", "2026-03-10", "2026-03-10T19:00:00Z", "2026-03-11T05:00:00Z")]
    [InlineData("UTC", All, "00:00", "23:59", "2026-03-08", "2026-03-08T00:00:00Z", "2026-03-08T23:59:00Z")]
    // Berlin spring-forward Sunday: the window is an hour shorter when it spans 02:00-03:00.
    [InlineData("Europe/Berlin", All, "08:00", "18:00", "2026-03-29", "2026-03-29T06:00:00Z", "2026-03-29T16:00:00Z")]
    [InlineData("Europe/Berlin", All, "01:00", "04:00", "2026-03-29", "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z")]
    // A skipped start or end moves to 03:00, where the clock resumes; a window inside the gap is empty.
    [InlineData("Europe/Berlin", All, "02:30", "03:30", "2026-03-29", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z")]
    [InlineData("Europe/Berlin", All, "01:00", "02:30", "2026-03-29", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", All, "02:15", "02:45", "2026-03-29", "2026-03-29T01:00:00Z", "2026-03-29T01:00:00Z")]
    // Berlin fall-back Sunday: an hour longer; a repeated start or end takes its first occurrence.
    [InlineData("Europe/Berlin", All, "01:00", "04:00", "2026-10-25", "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z")]
    [InlineData("Europe/Berlin", All, "02:30", "03:30", "2026-10-25", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z")]
    [InlineData("Europe/Berlin", All, "01:00", "02:30", "2026-10-25", "2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("America/New_York", All, "01:00", "04:00", "2026-03-08", "2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("America/New_York", All, "01:00", "04:00", "2026-11-01", "2026-11-01T05:00:00Z", "2026-11-01T09:00:00Z")]
    public void Window_is_the_working_time_of_that_date_as_instants(
        string zoneId, WorkingDays days, string start, string end, string date, string expectedStart, string expectedEnd)
    {
        var window = Text.Hours(days, start, end).WindowOn(Iso.Date(date), Iso.Zone(zoneId));

        Assert.Equal(new Interval(Iso.Utc(expectedStart), Iso.Utc(expectedEnd)), window);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-07")]
    [InlineData("Europe/Berlin", "2026-03-29")]
    [InlineData("Europe/Berlin", "2026-10-25")]
    [InlineData("America/New_York", "2026-03-08")]
    [InlineData("Pacific/Kiritimati", "2026-03-14")]
    [InlineData("Pacific/Pago_Pago", "2026-03-15")]
    public void There_is_no_window_on_a_non_working_day(string zoneId, string date) =>
        Assert.Null(WorkingHours.Default.WindowOn(Iso.Date(date), Iso.Zone(zoneId)));

    [Theory]
    // The person works less: their days and window apply.
    [InlineData(Weekdays, "08:00", "18:00", WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday, "09:00", "17:00",
        WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday, "09:00", "17:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "10:00", "12:00", Weekdays, "10:00", "12:00")]
    // The person cannot widen the organization's hours, on either end or by adding days.
    [InlineData(Weekdays, "08:00", "18:00", All, "07:00", "19:00", Weekdays, "08:00", "18:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "07:00", "09:00", Weekdays, "08:00", "09:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "17:00", "20:00", Weekdays, "17:00", "18:00")]
    [InlineData(WorkingDays.Monday | WorkingDays.Saturday, "08:00", "18:00", WorkingDays.Saturday | WorkingDays.Sunday, "08:00", "18:00",
        WorkingDays.Saturday, "08:00", "18:00")]
    // Nothing in common: no working day remains.
    [InlineData(Weekdays, "08:00", "18:00", WorkingDays.Saturday | WorkingDays.Sunday, "08:00", "18:00", WorkingDays.None, "08:00", "18:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "18:00", "20:00", WorkingDays.None, "18:00", "18:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "06:00", "08:00", WorkingDays.None, "08:00", "08:00")]
    [InlineData(Weekdays, "08:00", "18:00", Weekdays, "19:00", "21:00", WorkingDays.None, "19:00", "18:00")]
    public void A_person_may_only_narrow_the_organization_hours(
        WorkingDays orgDays, string orgStart, string orgEnd,
        WorkingDays personDays, string personStart, string personEnd,
        WorkingDays expectedDays, string expectedStart, string expectedEnd)
    {
        var organization = Text.Hours(orgDays, orgStart, orgEnd);
        var person = Text.Hours(personDays, personStart, personEnd);

        var narrowed = organization.NarrowedBy(person);

        Assert.Equal(Text.Hours(expectedDays, expectedStart, expectedEnd), narrowed);
        for (var date = new LocalDate(2026, 3, 2); date < new LocalDate(2026, 3, 9); date = date.PlusDays(1))
        {
            Assert.False(narrowed.IsWorkingDay(date) && !(organization.IsWorkingDay(date) && person.IsWorkingDay(date)), $"{date}");
        }
    }

    [Fact]
    public void Without_personal_hours_the_organization_hours_apply() =>
        Assert.Same(WorkingHours.Default, WorkingHours.Default.NarrowedBy(null));

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-10T09:00/2026-03-10T17:00", 0)]
    [InlineData("Europe/Berlin", "2026-03-10T08:00/2026-03-10T18:00", 0)]
    [InlineData("Europe/Berlin", "2026-03-10T07:00/2026-03-10T09:00", 60)]
    [InlineData("Europe/Berlin", "2026-03-10T17:00/2026-03-10T19:00", 60)]
    [InlineData("Europe/Berlin", "2026-03-10T07:00/2026-03-10T19:00", 120)]
    // Touching the window from outside is entirely outside.
    [InlineData("Europe/Berlin", "2026-03-10T07:00/2026-03-10T08:00", 60)]
    [InlineData("Europe/Berlin", "2026-03-10T18:00/2026-03-10T19:00", 60)]
    [InlineData("Europe/Berlin", "2026-03-10T16:59:59Z/2026-03-10T17:00:00Z", 0)]
    [InlineData("Europe/Berlin", "2026-03-10T17:00:00Z/2026-03-10T17:00:01Z", 1.0 / 60)]
    [InlineData("Europe/Berlin", "2026-03-10T12:00/2026-03-10T12:00", 0)]
    // Across midnight: each day's part is measured against that day's window.
    [InlineData("Europe/Berlin", "2026-03-10T22:00/2026-03-11T02:00", 240)]
    [InlineData("Europe/Berlin", "2026-03-10T17:00/2026-03-11T09:00", 840)]
    [InlineData("Europe/Berlin", "2026-03-06T17:00/2026-03-07T01:00", 420)]
    [InlineData("Europe/Berlin", "2026-03-07T10:00/2026-03-07T12:00", 120)]
    [InlineData("Europe/Berlin", "2026-03-08T20:00/2026-03-09T10:00", 720)]
    [InlineData("America/New_York", "2026-03-09T07:00/2026-03-09T19:00", 120)]
    [InlineData("America/New_York", "2026-11-02T07:00/2026-11-02T19:00", 120)]
    [InlineData("Pacific/Kiritimati", "2026-03-09T07:00/2026-03-09T19:00", 120)]
    [InlineData("Pacific/Kiritimati", "2026-03-13T17:00/2026-03-14T02:00", 480)]
    [InlineData("Pacific/Pago_Pago", "2026-03-09T07:00/2026-03-09T19:00", 120)]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T23:00/2026-03-11T09:00", 540)]
    // One UTC stretch is working time in Berlin and outside hours elsewhere.
    [InlineData("Europe/Berlin", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 0)]
    [InlineData("America/New_York", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 120)]
    [InlineData("Pacific/Kiritimati", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 120)]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 120)]
    public void Outside_hours_is_the_time_beyond_each_day_window_with_default_hours(string zoneId, string entry, double expectedMinutes)
    {
        var zone = Iso.Zone(zoneId);
        var interval = Text.Interval(zoneId, entry);

        var outside = WorkingHours.Default.OutsideHours(interval, zone);

        Assert.Equal(Duration.FromSeconds((long)Math.Round(expectedMinutes * 60)), outside);
        Assert.Equal(outside > Duration.Zero, WorkingHours.Default.IsOutsideHours(interval, zone));
    }

    [Theory]
    // 23- and 25-hour days: outside is measured between instants, never from wall-clock times.
    [InlineData("Europe/Berlin", All, "08:00", "18:00", "2026-03-29T00:00/2026-03-30T00:00", 780)]
    [InlineData("Europe/Berlin", All, "08:00", "18:00", "2026-10-25T00:00/2026-10-26T00:00", 900)]
    [InlineData("Europe/Berlin", All, "01:00", "04:00", "2026-03-29T00:00/2026-03-29T05:00", 120)]
    [InlineData("Europe/Berlin", All, "01:00", "04:00", "2026-10-25T00:00/2026-10-25T05:00", 120)]
    [InlineData("Europe/Berlin", All, "08:00", "18:00", "2026-03-28T22:00/2026-03-29T04:00", 300)]
    [InlineData("Europe/Berlin", All, "08:00", "18:00", "2026-10-24T22:00/2026-10-25T04:00", 420)]
    // The repeated 02:00-03:00: only the first occurrence is inside a window that ends at 02:30.
    [InlineData("Europe/Berlin", All, "00:00", "02:30", "2026-10-25T00:00:00Z/2026-10-25T02:00:00Z", 90)]
    [InlineData("America/New_York", All, "01:00", "04:00", "2026-03-08T00:00/2026-03-08T05:00", 120)]
    [InlineData("America/New_York", All, "01:00", "04:00", "2026-11-01T00:00/2026-11-01T05:00", 120)]
    // Weekend workers: the Monday to Friday days are the outside ones.
    [InlineData("Europe/Berlin", WorkingDays.Saturday | WorkingDays.Sunday, "10:00", "16:00", "2026-03-27T12:00/2026-03-29T12:00", 2340)]
    [InlineData("Europe/Berlin", WorkingDays.None, "08:00", "18:00", "2026-03-10T09:00/2026-03-10T10:00", 60)]
    public void Outside_hours_follows_the_zone_clock_changes(string zoneId, WorkingDays days, string start, string end, string entry, int expectedMinutes)
    {
        var outside = Text.Hours(days, start, end).OutsideHours(Text.Interval(zoneId, entry), Iso.Zone(zoneId));

        Assert.Equal(Duration.FromMinutes(expectedMinutes), outside);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-10T08:00", "2026-03-10T18:00")]
    [InlineData("Europe/Berlin", "2026-03-10T12:00", "2026-03-10T18:00")]
    [InlineData("Europe/Berlin", "2026-03-10T17:59:59Z", null)]
    [InlineData("Europe/Berlin", "2026-03-10T16:59:59Z", "2026-03-10T18:00")]
    [InlineData("Europe/Berlin", "2026-03-10T07:00:00Z", "2026-03-10T18:00")]
    [InlineData("Europe/Berlin", "2026-03-10T06:59:59Z", null)]
    // The end of the window is already outside it: nothing to stop at.
    [InlineData("Europe/Berlin", "2026-03-10T18:00", null)]
    [InlineData("Europe/Berlin", "2026-03-10T23:00", null)]
    [InlineData("Europe/Berlin", "2026-03-07T12:00", null)]
    [InlineData("Europe/Berlin", "2026-03-30T09:00", "2026-03-30T18:00")]
    [InlineData("Europe/Berlin", "2026-10-26T09:00", "2026-10-26T18:00")]
    [InlineData("America/New_York", "2026-03-09T09:00", "2026-03-09T18:00")]
    [InlineData("America/New_York", "2026-03-06T17:30", "2026-03-06T18:00")]
    // Sunday 15 March 10:00 in Kiritimati is still Saturday in UTC; Tuesday 09:00 in Pago Pago is 20:00 UTC.
    [InlineData("Pacific/Kiritimati", "2026-03-10T10:00", "2026-03-10T18:00")]
    [InlineData("Pacific/Kiritimati", "2026-03-15T10:00", null)]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T09:00", "2026-03-10T18:00")]
    [InlineData("Pacific/Pago_Pago", "2026-03-14T09:00", null)]
    public void A_running_timer_stops_at_the_end_of_the_window_it_is_in(string zoneId, string instant, string? expectedEnd)
    {
        var end = WorkingHours.Default.EndOfWindowContaining(Text.Instant(zoneId, instant), Iso.Zone(zoneId));

        Assert.Equal(expectedEnd is null ? null : Text.Instant(zoneId, expectedEnd), end);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29T02:00:00Z", null)]
    // Both occurrences of 02:30 on the fall-back night are in a 01:00-04:00 window.
    [InlineData("Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T03:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25T01:30:00Z", "2026-10-25T03:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-24T22:59:59Z", null)]
    [InlineData("America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T09:00:00Z")]
    public void A_running_timer_stops_at_the_true_end_of_a_window_across_a_clock_change(string zoneId, string instant, string? expectedEnd)
    {
        var hours = Text.Hours(All, "01:00", "04:00");

        var end = hours.EndOfWindowContaining(Iso.Utc(instant), Iso.Zone(zoneId));

        Assert.Equal(expectedEnd is null ? null : Iso.Utc(expectedEnd), end);
    }

    [Theory]
    // St. John's fell back from 00:01 to 23:01 the previous day in 1990: from 02:31Z to 03:30Z the wall
    // clock shows 27 October again, yet Sunday the 28th has begun, and its 00:00-01:00 window lasts two hours.
    [InlineData("1990-10-28T02:29:59Z", null)]
    [InlineData("1990-10-28T02:30:00Z", "1990-10-28T04:30:00Z")]
    [InlineData("1990-10-28T03:00:00Z", "1990-10-28T04:30:00Z")]
    [InlineData("1990-10-28T04:29:59Z", "1990-10-28T04:30:00Z")]
    [InlineData("1990-10-28T04:30:00Z", null)]
    public void Time_while_the_wall_clock_repeats_the_previous_date_is_in_the_window_of_the_day_that_has_begun(string instant, string? expectedEnd)
    {
        var hours = Text.Hours(WorkingDays.Sunday, "00:00", "01:00");

        var end = hours.EndOfWindowContaining(Iso.Utc(instant), Iso.Zone("America/St_Johns"));

        Assert.Equal(expectedEnd is null ? null : Iso.Utc(expectedEnd), end);
    }

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void Outside_hours_agrees_minute_by_minute_with_the_window_each_instant_is_in(string zoneId)
    {
        var zone = Iso.Zone(zoneId);
        var random = new Random(Samples.Seed);
        var hours = Text.Hours(Weekdays | WorkingDays.Saturday, "07:30", "19:00");

        foreach (var sample in Samples.Instants(zone, random).Where((_, i) => i % 40 == 0))
        {
            // Whole minutes, so that every minute of the entry is entirely inside or outside a window.
            var start = Instant.FromUnixTimeSeconds(sample.ToUnixTimeSeconds() / 60 * 60);
            var entry = new Interval(start, start + Duration.FromMinutes(random.Next(26 * 60)));

            var outsideMinutes = 0;
            for (var minute = entry.Start; minute < entry.End; minute += Duration.FromMinutes(1))
            {
                outsideMinutes += hours.EndOfWindowContaining(minute, zone) is null ? 1 : 0;
            }

            Assert.Equal(Duration.FromMinutes(outsideMinutes), hours.OutsideHours(entry, zone));
        }
    }
}
