using NodaTime;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Digests;

/// <summary>When a message to a person may go out: only inside their working hours, in their own zone.</summary>
public static class WorkingWindows
{
    /// <summary>How far ahead to look for a working window before giving up.</summary>
    public const int LookAheadDays = 14;

    /// <summary>
    /// <paramref name="now"/> when it lies inside one of the person's working windows, else the start of
    /// their next window, or null when they have none in the next <see cref="LookAheadDays"/> days.
    /// </summary>
    public static Instant? NextSendTime(PersonTracking person, Instant now)
    {
        ArgumentNullException.ThrowIfNull(person);
        var today = now.InZone(person.Zone).Date;
        for (var offset = 0; offset <= LookAheadDays; offset++)
        {
            if (person.WorkingHours.WindowOn(today.PlusDays(offset), person.Zone) is not { } window)
            {
                continue;
            }

            if (window.Contains(now))
            {
                return now;
            }

            if (window.Start > now)
            {
                return window.Start;
            }
        }

        return null;
    }
}
