using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class EntryRulesTests
{
    private const string TooLong = "Duration: An entry can be at most 24 hours long.";
    private const string EndBeforeStart = "End: End must be after start.";
    private const string TooOld = "Start: An entry can start at most 366 days ago.";
    private const string AfterToday = "Start: An entry cannot start after today.";
    private const string FutureTimer = "Start: A running timer cannot start in the future.";
    private const string TimerTooLong = "Start: A running timer can be at most 24 hours long.";

    [Fact]
    public void Default_limits_are_a_day_long_a_year_and_a_day_back_and_nothing_ahead() =>
        Assert.Equal(new EntryLimits(Duration.FromHours(24), 366, 0), EntryLimits.Default);

    [Theory]
    // Now is Tuesday 10 March 2026 13:00 in Berlin.
    [InlineData("Europe/Berlin", "2026-03-10T08:00:00Z", "2026-03-10T16:00:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-09T10:00:00Z", "2026-03-10T10:00:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-09T10:00:00Z", "2026-03-10T10:00:01Z", TooLong)]
    [InlineData("Europe/Berlin", "2026-03-10T08:00:00Z", "2026-03-10T08:00:00Z", EndBeforeStart)]
    [InlineData("Europe/Berlin", "2026-03-10T08:00:00Z", "2026-03-10T07:59:59Z", EndBeforeStart)]
    [InlineData("Europe/Berlin", "2026-03-10T08:00:00Z", "2026-03-10T08:00:01Z", "")]
    // Back to the start of 9 March 2025 in Berlin, 366 days before today.
    [InlineData("Europe/Berlin", "2025-03-08T23:00:00Z", "2025-03-09T01:00:00Z", "")]
    [InlineData("Europe/Berlin", "2025-03-08T22:59:59Z", "2025-03-09T01:00:00Z", TooOld)]
    // Up to the end of today in Berlin; an entry may end after it.
    [InlineData("Europe/Berlin", "2026-03-10T22:59:59Z", "2026-03-10T23:30:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-10T23:00:00Z", "2026-03-10T23:30:00Z", AfterToday)]
    [InlineData("Europe/Berlin", "2026-03-10T12:30:00Z", "2026-03-10T13:30:00Z", "")]
    // Several problems at once, Start first.
    [InlineData("Europe/Berlin", "2025-03-01T10:00:00Z", "2025-03-01T09:00:00Z", TooOld + "|" + EndBeforeStart)]
    [InlineData("Europe/Berlin", "2026-03-12T10:00:00Z", "2026-03-14T10:00:00Z", AfterToday + "|" + TooLong)]
    // Now is Wednesday 11 March 02:00 in Kiritimati (UTC+14): today ends at 2026-03-11T10:00Z.
    [InlineData("Pacific/Kiritimati", "2026-03-11T09:59:59Z", "2026-03-11T11:00:00Z", "")]
    [InlineData("Pacific/Kiritimati", "2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z", AfterToday)]
    [InlineData("Pacific/Kiritimati", "2025-03-09T10:00:00Z", "2025-03-09T11:00:00Z", "")]
    [InlineData("Pacific/Kiritimati", "2025-03-09T09:59:59Z", "2025-03-09T11:00:00Z", TooOld)]
    // Now is Tuesday 10 March 01:00 in Pago Pago (UTC-11): today ends at 2026-03-11T11:00Z.
    [InlineData("Pacific/Pago_Pago", "2026-03-11T10:59:59Z", "2026-03-11T11:30:00Z", "")]
    [InlineData("Pacific/Pago_Pago", "2026-03-11T11:00:00Z", "2026-03-11T11:30:00Z", AfterToday)]
    [InlineData("Pacific/Pago_Pago", "2025-03-09T11:00:00Z", "2025-03-09T12:00:00Z", "")]
    [InlineData("Pacific/Pago_Pago", "2025-03-09T10:59:59Z", "2025-03-09T12:00:00Z", TooOld)]
    // Now is Tuesday 10 March 08:00 in New York (EDT since Sunday; 366 days back was EST).
    [InlineData("America/New_York", "2026-03-11T03:59:59Z", "2026-03-11T05:00:00Z", "")]
    [InlineData("America/New_York", "2026-03-11T04:00:00Z", "2026-03-11T05:00:00Z", AfterToday)]
    [InlineData("America/New_York", "2025-03-09T05:00:00Z", "2025-03-09T06:00:00Z", "")]
    [InlineData("America/New_York", "2025-03-09T04:59:59Z", "2025-03-09T06:00:00Z", TooOld)]
    public void Entry_must_end_after_it_starts_be_at_most_a_day_long_and_start_within_the_allowed_days(
        string zoneId, string start, string end, string expected)
    {
        var clock = new FakeClock(Iso.Utc("2026-03-10T12:00:00Z"));

        var problems = EntryRules.Validate(Iso.Utc(start), Iso.Utc(end), clock.GetCurrentInstant(), Iso.Zone(zoneId), EntryLimits.Default);

        Assert.Equal(Problems(expected), problems);
    }

    [Theory]
    // St. John's, 1990-10-28T03:00Z: the wall clock shows 23:29 on the 27th again, but the 28th has begun.
    [InlineData("1990-10-28T03:40:00Z", "")]
    [InlineData("1990-10-29T03:29:59Z", "")]
    [InlineData("1990-10-29T03:30:00Z", AfterToday)]
    public void Today_is_the_day_that_has_begun_even_while_the_wall_clock_repeats_the_previous_date(string start, string expected)
    {
        var problems = EntryRules.Validate(
            Iso.Utc(start), Iso.Utc(start) + Duration.FromMinutes(10), Iso.Utc("1990-10-28T03:00:00Z"), Iso.Zone("America/St_Johns"), EntryLimits.Default);

        Assert.Equal(Problems(expected), problems);
    }

    [Theory]
    // Midnight to midnight on the fall-back day is 25 hours, too long; on the spring-forward day 23 hours.
    [InlineData("2026-10-25", "00:00", "00:00", TooLong)]
    [InlineData("2026-10-24", "00:00", "00:00", "")]
    [InlineData("2026-03-29", "00:00", "00:00", "")]
    [InlineData("2026-10-25", "03:00", "02:00", "")]
    [InlineData("2026-10-25", "01:00", "01:00", TooLong)]
    [InlineData("2026-03-29", "02:15", "02:45", EndBeforeStart)]
    public void Length_is_measured_between_instants_across_the_Berlin_clock_changes(string date, string start, string end, string expected)
    {
        var zone = Iso.Zone("Europe/Berlin");
        var entry = EntryRules.FromLocal(Iso.Date(date), Text.Time(start), Text.Time(end), zone);

        var problems = EntryRules.Validate(entry.Start, entry.End, Iso.Utc("2026-11-01T12:00:00Z"), zone, EntryLimits.Default);

        Assert.Equal(Problems(expected), problems);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-10T12:00:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-10T08:00:00Z", "")]
    // A minute of clock skew is tolerated, no more.
    [InlineData("Europe/Berlin", "2026-03-10T12:01:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-10T12:01:01Z", FutureTimer)]
    [InlineData("Europe/Berlin", "2026-03-10T15:00:00Z", FutureTimer)]
    [InlineData("Pacific/Kiritimati", "2026-03-10T12:01:01Z", FutureTimer)]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T12:01:01Z", FutureTimer)]
    // A timer running for more than a day is reported when it starts, not once it is too late.
    [InlineData("Europe/Berlin", "2026-03-09T12:00:00Z", "")]
    [InlineData("Europe/Berlin", "2026-03-09T11:59:59Z", TimerTooLong)]
    [InlineData("Europe/Berlin", "2025-03-01T12:00:00Z", TooOld + "|" + TimerTooLong)]
    public void A_running_timer_may_not_start_in_the_future(string zoneId, string start, string expected)
    {
        var clock = new FakeClock(Iso.Utc("2026-03-10T12:00:00Z"));

        var problems = EntryRules.Validate(Iso.Utc(start), null, clock.GetCurrentInstant(), Iso.Zone(zoneId), EntryLimits.Default);

        Assert.Equal(Problems(expected), problems);
    }

    [Fact]
    public void A_timer_left_running_becomes_too_long_a_day_after_it_started()
    {
        var zone = Iso.Zone("Europe/Berlin");
        var clock = new FakeClock(Iso.Utc("2026-10-24T20:00:00Z"));
        var start = clock.GetCurrentInstant();

        clock.Advance(Duration.FromHours(24));
        Assert.Empty(EntryRules.Validate(start, null, clock.GetCurrentInstant(), zone, EntryLimits.Default));
        Assert.Empty(EntryRules.Validate(start, clock.GetCurrentInstant(), clock.GetCurrentInstant(), zone, EntryLimits.Default));

        clock.Advance(Duration.FromSeconds(1));
        Assert.Equal(Problems(TimerTooLong), EntryRules.Validate(start, null, clock.GetCurrentInstant(), zone, EntryLimits.Default));
        Assert.Equal(Problems(TooLong), EntryRules.Validate(start, clock.GetCurrentInstant(), clock.GetCurrentInstant(), zone, EntryLimits.Default));
    }

    [Theory]
    [InlineData(90, 366, 0, "2026-03-10T08:00:00Z", "2026-03-10T09:30:01Z", "Duration: An entry can be at most 1 hour 30 minutes long.")]
    [InlineData(60, 366, 0, "2026-03-10T08:00:00Z", "2026-03-10T09:00:01Z", "Duration: An entry can be at most 1 hour long.")]
    [InlineData(45, 366, 0, "2026-03-10T08:00:00Z", "2026-03-10T08:46:00Z", "Duration: An entry can be at most 45 minutes long.")]
    [InlineData(1, 366, 0, "2026-03-10T08:00:00Z", "2026-03-10T08:02:00Z", "Duration: An entry can be at most 1 minute long.")]
    [InlineData(2880, 366, 0, "2026-03-08T08:00:00Z", "2026-03-10T08:00:01Z", "Duration: An entry can be at most 48 hours long.")]
    [InlineData(1440, 1, 0, "2026-03-08T22:59:59Z", "2026-03-09T01:00:00Z", "Start: An entry can start at most 1 day ago.")]
    [InlineData(1440, 1, 0, "2026-03-08T23:00:00Z", "2026-03-09T01:00:00Z", "")]
    [InlineData(1440, 0, 0, "2026-03-09T22:59:59Z", "2026-03-09T23:30:00Z", "Start: An entry cannot start before today.")]
    [InlineData(1440, 0, 0, "2026-03-09T23:00:00Z", "2026-03-09T23:30:00Z", "")]
    [InlineData(1440, 366, 7, "2026-03-17T22:59:59Z", "2026-03-17T23:30:00Z", "")]
    [InlineData(1440, 366, 7, "2026-03-17T23:00:00Z", "2026-03-17T23:30:00Z", "Start: An entry can start at most 7 days ahead.")]
    [InlineData(1440, 366, 1, "2026-03-11T23:00:00Z", "2026-03-11T23:30:00Z", "Start: An entry can start at most 1 day ahead.")]
    public void Messages_state_the_limits_in_words(int maximumMinutes, int daysInPast, int daysInFuture, string start, string end, string expected)
    {
        var limits = new EntryLimits(Duration.FromMinutes(maximumMinutes), daysInPast, daysInFuture);

        var problems = EntryRules.Validate(Iso.Utc(start), Iso.Utc(end), Iso.Utc("2026-03-10T12:00:00Z"), Iso.Zone("Europe/Berlin"), limits);

        Assert.Equal(Problems(expected), problems);
    }

    [Theory]
    [InlineData(0, 366, 0)]
    [InlineData(-1, 366, 0)]
    [InlineData(1440, -1, 0)]
    [InlineData(1440, 366, -1)]
    public void Limits_must_allow_some_length_and_no_negative_days(int maximumMinutes, int daysInPast, int daysInFuture)
    {
        var limits = new EntryLimits(Duration.FromMinutes(maximumMinutes), daysInPast, daysInFuture);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            EntryRules.Validate(Iso.Utc("2026-03-10T08:00:00Z"), null, Iso.Utc("2026-03-10T12:00:00Z"), DateTimeZone.Utc, limits));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-10", "09:00", "17:00", "2026-03-10T08:00:00Z", "2026-03-10T16:00:00Z")]
    // An end at or before the start is on the next day.
    [InlineData("Europe/Berlin", "2026-03-10", "22:00", "02:00", "2026-03-10T21:00:00Z", "2026-03-11T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", "09:00", "09:00", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", "23:59", "00:00", "2026-03-10T22:59:00Z", "2026-03-10T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", "00:00", "00:00", "2026-03-09T23:00:00Z", "2026-03-10T23:00:00Z")]
    // Spring-forward night: 01:00-04:00 is 2 hours; a skipped time moves to 03:00, where the clock resumes.
    [InlineData("Europe/Berlin", "2026-03-29", "01:00", "04:00", "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-28", "22:00", "04:00", "2026-03-28T21:00:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", "02:30", "04:00", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", "01:00", "02:30", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", "02:15", "02:45", "2026-03-29T01:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", "00:00", "00:00", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")]
    // Fall-back night: 01:00-04:00 is 4 hours; a repeated time is its first occurrence.
    [InlineData("Europe/Berlin", "2026-10-25", "01:00", "04:00", "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "02:30", "03:30", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "00:00", "00:00", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")]
    [InlineData("America/New_York", "2026-03-08", "01:00", "04:00", "2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("America/New_York", "2026-11-01", "01:30", "01:30", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("Pacific/Kiritimati", "2026-12-31", "22:00", "02:00", "2026-12-31T08:00:00Z", "2026-12-31T12:00:00Z")]
    [InlineData("Pacific/Pago_Pago", "2026-03-10", "23:00", "01:00", "2026-03-11T10:00:00Z", "2026-03-11T12:00:00Z")]
    // Samoa skipped 30 December 2011: 22:00 on the 29th to 02:00 "the next day" ends when the 31st began.
    [InlineData("Pacific/Apia", "2011-12-29", "22:00", "02:00", "2011-12-30T08:00:00Z", "2011-12-30T10:00:00Z")]
    public void Wall_clock_times_become_instants_with_the_end_on_the_next_day_when_not_after_the_start(
        string zoneId, string date, string start, string end, string expectedStart, string expectedEnd)
    {
        var entry = EntryRules.FromLocal(Iso.Date(date), Text.Time(start), Text.Time(end), Iso.Zone(zoneId));

        Assert.Equal(new Interval(Iso.Utc(expectedStart), Iso.Utc(expectedEnd)), entry);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-10", 90, null, "2026-03-10T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", 0, null, "2026-03-10T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", 1440, null, "2026-03-10T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-10", 120, "23:00", "2026-03-10T22:00:00Z")]
    // The duration is exact: 3 hours from 01:00 on the spring-forward night ends at 05:00 on the wall clock.
    [InlineData("Europe/Berlin", "2026-03-29", 180, "01:00", "2026-03-29T00:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", 60, "02:30", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", 60, "02:30", "2026-10-25T00:30:00Z")]
    [InlineData("America/New_York", "2026-03-10", 90, null, "2026-03-10T13:00:00Z")]
    [InlineData("America/New_York", "2026-03-06", 90, null, "2026-03-06T14:00:00Z")]
    [InlineData("Pacific/Kiritimati", "2026-03-10", 90, null, "2026-03-09T19:00:00Z")]
    [InlineData("Pacific/Pago_Pago", "2026-03-10", 90, null, "2026-03-10T20:00:00Z")]
    public void A_date_and_a_duration_start_at_nine_unless_a_time_is_given(
        string zoneId, string date, int minutes, string? startTime, string expectedStart)
    {
        var entry = EntryRules.FromDateAndDuration(
            Iso.Date(date), Duration.FromMinutes(minutes), Iso.Zone(zoneId), startTime is null ? null : Text.Time(startTime));

        Assert.Equal(Iso.Utc(expectedStart), entry.Start);
        Assert.Equal(Duration.FromMinutes(minutes), entry.Duration);
    }

    [Fact]
    public void A_date_and_a_negative_duration_is_not_an_entry() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            EntryRules.FromDateAndDuration(new LocalDate(2026, 3, 10), Duration.FromMinutes(-1), DateTimeZone.Utc));

    private static List<EntryProblem> Problems(string text) =>
        [.. text.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(": ", 2)).Select(p => new EntryProblem(p[0], p[1]))];
}
