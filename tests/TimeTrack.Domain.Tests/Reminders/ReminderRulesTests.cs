using NodaTime;
using TimeTrack.Domain.Reminders;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Reminders;

public sealed class ReminderRulesTests
{
    private static readonly WorkingHours NineToFive = new(WorkingDays.Weekdays, new LocalTime(9, 0), new LocalTime(17, 0));

    [Theory]
    // Tuesday 10 March 2026: the last half hour before 17:00, the end itself excluded.
    [InlineData("Europe/Berlin", "2026-03-10T16:29", null)]
    [InlineData("Europe/Berlin", "2026-03-10T16:30", "2026-03-10")]
    [InlineData("Europe/Berlin", "2026-03-10T16:59", "2026-03-10")]
    [InlineData("Europe/Berlin", "2026-03-10T17:00", null)]
    [InlineData("Europe/Berlin", "2026-03-10T09:00", null)]
    // Saturday is not a working day.
    [InlineData("Europe/Berlin", "2026-03-14T16:45", null)]
    // The person's own zone decides, not UTC: 16:45 in New York is 21:45 in UTC.
    [InlineData("America/New_York", "2026-03-10T16:45", "2026-03-10")]
    [InlineData("Pacific/Kiritimati", "2026-03-13T16:45", "2026-03-13")]
    public void Nothing_logged_reminder_is_due_in_the_last_half_hour_of_a_working_day(string zoneId, string local, string? expected)
    {
        var zone = Iso.Zone(zoneId);

        var due = ReminderRules.NothingLoggedDayAt(NineToFive, zone, Iso.At(zoneId, local));

        Assert.Equal(expected is null ? null : Iso.Date(expected), due);
    }

    [Fact]
    public void A_working_day_shorter_than_half_an_hour_is_due_all_of_it()
    {
        var short20 = new WorkingHours(WorkingDays.Weekdays, new LocalTime(9, 0), new LocalTime(9, 20));

        Assert.Null(ReminderRules.NothingLoggedDayAt(short20, Iso.Zone("UTC"), Iso.Utc("2026-03-10T08:59:00Z")));
        Assert.Equal(Iso.Date("2026-03-10"), ReminderRules.NothingLoggedDayAt(short20, Iso.Zone("UTC"), Iso.Utc("2026-03-10T09:00:00Z")));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(60, true)]
    [InlineData(0, false)]
    [InlineData(7, false)]
    [InlineData(-5, false)]
    [InlineData(120, false)]
    public void Idle_minutes_are_one_of_the_offered_choices(int minutes, bool offered) =>
        Assert.Equal(offered, ReminderRules.IsIdleChoice(minutes));
}
