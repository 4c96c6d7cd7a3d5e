using NodaTime;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Reminders;

/// <summary>
/// The reminders a person may choose for themself (both off by default): an email near the end of their
/// working day when they logged nothing that day, and in the browser a question about idle time while a
/// timer runs. Nobody else sees these settings or the reminders.
/// </summary>
public static class ReminderRules
{
    /// <summary>How long before the end of the working day the "nothing logged today" reminder may go out.</summary>
    public static readonly Duration NothingLoggedLead = Duration.FromMinutes(30);

    /// <summary>The idle times a person may choose, in minutes; no choice (null) is off.</summary>
    public static IReadOnlyList<int> IdleMinuteChoices { get; } = [5, 10, 15, 30, 60];

    public static bool IsIdleChoice(int minutes) => IdleMinuteChoices.Contains(minutes);

    /// <summary>
    /// The day (in <paramref name="zone"/>) whose "nothing logged" reminder is due at <paramref name="now"/>:
    /// <paramref name="now"/> lies in the last <see cref="NothingLoggedLead"/> of a working day's window
    /// (the end itself excluded, so the email still goes out inside the working hours). Null at any other
    /// time and on days that are not working days.
    /// </summary>
    public static LocalDate? NothingLoggedDayAt(WorkingHours hours, DateTimeZone zone, Instant now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(zone);
        var today = now.InZone(zone).Date;
        if (hours.WindowOn(today, zone) is not { } window)
        {
            return null;
        }

        var from = Instant.Max(window.Start, window.End - NothingLoggedLead);
        return now >= from && now < window.End ? today : null;
    }
}
