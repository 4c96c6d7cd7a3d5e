using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;

namespace TimeTrack.Domain.Work;

/// <summary>How an entry was made; kept for the person's own history, never for ranking.</summary>
public enum EntrySource
{
    Timer,
    Manual,
    Timesheet,
    Api,
    Import,
}

/// <summary>
/// A span of one person's time on a project. <see cref="End"/> is null while a timer runs. Length is
/// always <c>End - Start</c> between instants, never a difference of wall-clock times.
/// </summary>
public sealed class TimeEntry : ITenantOwned, IPersonDayWork
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid ProjectId { get; set; }

    public Guid? TaskId { get; set; }

    public Guid? OutcomeId { get; set; }

    public string Description { get; set; } = "";

    public bool IsBillable { get; set; }

    public Instant Start { get; set; }

    public Instant? End { get; set; }

    /// <summary>
    /// The first local day the entry counts on: the date of <see cref="Start"/> in the person's zone when
    /// it was saved. Set with <see cref="DayMilliseconds"/> by the save pipeline (<see cref="CountDaysIn"/>),
    /// never by callers.
    /// </summary>
    public LocalDate Day { get; set; }

    /// <summary>
    /// The entry's whole milliseconds on <see cref="Day"/> and each following local day (ADR 014), as
    /// <see cref="DaySplit"/> made them when the entry was saved; null while the timer runs. The rollups
    /// add these numbers, and every reader counts the entry by them (<see cref="PartsAt"/>).
    /// </summary>
    public long[]? DayMilliseconds { get; set; }

    public EntrySource Source { get; set; }

    /// <summary>Any part lies outside the person's working hours (computed when saved); never for a duration-only entry.</summary>
    public bool IsOutsideHours { get; set; }

    /// <summary>
    /// Typed as an amount of time on a day (in the timesheet, or as a date and a duration), without clock
    /// times. It is kept from the start of its day so that it counts on that day like any entry, but that
    /// start is not a time anybody worked at: it is never shown as a clock time, never outside working
    /// hours, and neither overlaps nor is overlapped by other entries.
    /// </summary>
    public bool IsDurationOnly { get; set; }

    /// <summary>
    /// Set when the organization rejects overlaps at the time of saving; the database's exclusion
    /// constraint applies to these rows only.
    /// </summary>
    public bool NoOverlap { get; set; }

    /// <summary>
    /// For imported entries, the row's fingerprint and its occurrence in the file ("…#2", ADR 020); a
    /// person has at most one entry per key, so importing the same rows again adds nothing.
    /// </summary>
    public string? ImportKey { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>The issued invoice the entry is billed on; while set, no path may change the entry.</summary>
    public Guid? InvoiceId { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    public List<TimeEntryTag> Tags { get; } = [];

    public bool IsRunning => End is null;

    public Duration LengthAt(Instant now) => (End ?? now) - Start;

    /// <summary>
    /// Splits the entry into the local days of <paramref name="zone"/> (the person's zone now) and keeps
    /// the split: <see cref="Day"/> and, once it has ended, <see cref="DayMilliseconds"/>.
    /// </summary>
    public void CountDaysIn(DateTimeZone zone)
    {
        if (End is { } end && end > Start)
        {
            var split = DaySplit.Of(new Interval(Start, end), zone);
            Day = split.FirstDay;
            DayMilliseconds = split.ToArray();
        }
        else
        {
            // A running timer, or an entry the rules will refuse: nothing to count yet.
            Day = DaySplit.FirstDayOf(Start, zone);
            DayMilliseconds = End is null ? null : [0];
        }
    }

    /// <summary>The entry's parts per local day: its kept split, or while it runs its time until <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public IReadOnlyList<DayPart> PartsAt(Instant now, DateTimeZone zone) => DaySplit.PartsOf(Start, End, Day, DayMilliseconds, now, zone);
}

public sealed class TimeEntryTag : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid TimeEntryId { get; set; }

    public Guid TagId { get; set; }
}
