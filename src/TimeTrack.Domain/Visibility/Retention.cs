using NodaTime;

namespace TimeTrack.Domain.Visibility;

/// <summary>How long the policy lets the detail of each category be kept.</summary>
public static class Retention
{
    /// <summary>
    /// The instant before which the detail of <paramref name="category"/> is removed at
    /// <paramref name="now"/>: data recorded strictly earlier goes. Null when the policy keeps it for
    /// as long as the person is a member.
    /// </summary>
    /// <remarks>
    /// A category that is no longer tracked keeps the retention it was collected under: nothing new
    /// is recorded, and what was recorded before ages out as promised. Switching tracking off is
    /// therefore not an instant purge (switching it back on loses nothing), and never keeps data
    /// longer than the policy says.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The policy keeps detail for less than a day; such a policy is invalid (see
    /// <see cref="PolicyValidation"/>), and removing everything is never the safe reading of it.
    /// </exception>
    public static Instant? CutoffFor(TransparencyPolicy policy, DataCategory category, Instant now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.For(category).RetentionDays is not { } days)
        {
            return null;
        }

        if (days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), days, $"The policy keeps {category} for less than a day.");
        }

        // Longer than the calendar reaches back: nothing is old enough to go.
        if (days >= (now - Instant.MinValue).TotalDays)
        {
            return null;
        }

        return now - Duration.FromDays(days);
    }
}
