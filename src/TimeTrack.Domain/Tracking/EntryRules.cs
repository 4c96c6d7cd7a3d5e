using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Tracking;

/// <summary>A reason an entry's times cannot be saved, against the form field that needs changing (see <see cref="EntryFields"/>).</summary>
public sealed record EntryProblem(string Field, string Message);

/// <summary>The values of <see cref="EntryProblem.Field"/>.</summary>
public static class EntryFields
{
    public const string Start = "Start";
    public const string End = "End";
    public const string Duration = "Duration";
}

/// <summary>How long an entry may be and how far from today it may start, in days of the person's zone.</summary>
public sealed record EntryLimits(Duration MaximumLength, int MaximumDaysInPast, int MaximumDaysInFuture)
{
    /// <summary>At most a day long, back to a year and a day ago (a leap year's worth), nothing after today.</summary>
    public static EntryLimits Default { get; } = new(Duration.FromHours(24), 366, 0);
}

/// <summary>The rules for one entry's times, and the instants of entries typed as wall-clock times.</summary>
public static class EntryRules
{
    /// <summary>Clocks on phones and laptops drift; a timer started "now" may arrive slightly ahead of ours.</summary>
    public static readonly Duration ClockSkew = Duration.FromMinutes(1);

    /// <summary>Where a manual "date and duration" entry starts when no time is given.</summary>
    public static readonly LocalTime DefaultStartTime = new(9, 0);

    /// <summary>
    /// Everything wrong with an entry from <paramref name="start"/> to <paramref name="end"/>, or to now
    /// when <paramref name="end"/> is null (a running timer); empty when it can be saved. "Today" is the
    /// date <paramref name="now"/> has in <paramref name="zone"/>, the person's zone.
    /// </summary>
    public static IReadOnlyList<EntryProblem> Validate(Instant start, Instant? end, Instant now, DateTimeZone zone, EntryLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.MaximumLength, Duration.Zero, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaximumDaysInPast, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaximumDaysInFuture, nameof(limits));

        var problems = new List<EntryProblem>();
        if (!SupportedDates.Contains(start) || end is { } last && !SupportedDates.Contains(last))
        {
            // Far outside anything the limits below allow; said in the range's own words.
            problems.Add(new(SupportedDates.Contains(start) ? EntryFields.End : EntryFields.Start, SupportedDates.OutOfRangeMessage));
            return problems;
        }

        var today = LocalDays.DateOf(now, zone);

        if (start < Weeks.StartOfDay(today.PlusDays(-limits.MaximumDaysInPast), zone))
        {
            problems.Add(new(EntryFields.Start, limits.MaximumDaysInPast == 0
                ? "An entry cannot start before today."
                : $"An entry can start at most {Count(limits.MaximumDaysInPast, "day")} ago."));
        }

        if (end is null)
        {
            if (start > now + ClockSkew)
            {
                problems.Add(new(EntryFields.Start, "A running timer cannot start in the future."));
            }
            else if (now - start > limits.MaximumLength)
            {
                // Caught when a backdated timer starts, not only once it stops as an entry that is too long;
                // reported against Start because that is the only time a running timer has.
                problems.Add(new(EntryFields.Start, $"A running timer can be at most {Describe(limits.MaximumLength)} long."));
            }

            return problems;
        }

        if (start >= Weeks.StartOfDay(today.PlusDays(limits.MaximumDaysInFuture + 1), zone))
        {
            problems.Add(new(EntryFields.Start, limits.MaximumDaysInFuture == 0
                ? "An entry cannot start after today."
                : $"An entry can start at most {Count(limits.MaximumDaysInFuture, "day")} ahead."));
        }

        if (end.Value <= start)
        {
            problems.Add(new(EntryFields.End, "End must be after start."));
        }
        else if (end.Value - start > limits.MaximumLength)
        {
            problems.Add(new(EntryFields.Duration, $"An entry can be at most {Describe(limits.MaximumLength)} long."));
        }

        return problems;
    }

    /// <summary>
    /// A manual entry typed as "a date and a duration": it starts at <paramref name="startTime"/> (09:00
    /// unless given) on <paramref name="date"/> and lasts exactly <paramref name="duration"/>, however
    /// the wall clock moves meanwhile.
    /// </summary>
    public static Interval FromDateAndDuration(LocalDate date, Duration duration, DateTimeZone zone, LocalTime? startTime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, Duration.Zero);
        var start = LocalDays.Resolve(date + (startTime ?? DefaultStartTime), zone);
        return new Interval(start, start + duration);
    }

    /// <summary>
    /// Where a duration-only entry (time on a day without clock times) is kept: from the start of
    /// <paramref name="date"/> in <paramref name="zone"/>, for exactly <paramref name="length"/>. The start is
    /// only where the time is filed, so that it counts on its day; it is never shown as a time of day.
    /// </summary>
    public static Interval DurationOnly(LocalDate date, Duration length, DateTimeZone zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, Duration.Zero);
        var start = Weeks.StartOfDay(date, zone);
        return new Interval(start, start + length);
    }

    /// <summary>
    /// A manual entry typed as wall-clock times on <paramref name="date"/>. An end at or before the start
    /// means the next day, so 22:00-02:00 crosses midnight and 09:00-09:00 is a whole day. The length is
    /// the time between the instants: 01:00-04:00 on the Berlin spring-forward night is 2 hours.
    /// </summary>
    public static Interval FromLocal(LocalDate date, LocalTime start, LocalTime end, DateTimeZone zone)
    {
        var endDate = end <= start ? date.PlusDays(1) : date;
        return new Interval(LocalDays.Resolve(date + start, zone), LocalDays.Resolve(endDate + end, zone));
    }

    /// <summary>"24 hours", "1 hour 30 minutes", "45 minutes".</summary>
    public static string Describe(Duration length)
    {
        var hours = (length.Days * 24L) + length.Hours;
        var minutes = length.Minutes;
        return (hours, minutes) switch
        {
            (0, _) => Count(minutes, "minute"),
            (_, 0) => Count(hours, "hour"),
            _ => $"{Count(hours, "hour")} {Count(minutes, "minute")}",
        };
    }

    private static string Count(long n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
