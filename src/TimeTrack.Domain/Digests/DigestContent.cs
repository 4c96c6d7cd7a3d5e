using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;

namespace TimeTrack.Domain.Digests;

/// <summary>
/// One of the person's entries as the digest needs it. With <paramref name="Day"/> it is one part of an
/// entry that counts on that local day (an entry's kept split, ADR 014); without, an interval the builder
/// splits at the week zone's midnights. Entries may reach outside the week; only parts on its days count.
/// A <paramref name="DurationOnly"/> entry was typed as an amount of time on its day, without clock times:
/// it is never time outside working hours, nor part of a focus block or a switch.
/// </summary>
public sealed record DigestEntry(Interval Interval, Guid ProjectId, string ProjectName, Guid? OutcomeId, string? OutcomeName, LocalDate? Day = null, bool DurationOnly = false);

/// <summary>
/// An outcome the person worked on in the week or owns and completed in the week, with its status
/// now and when it was completed (if it was).
/// </summary>
public sealed record DigestOutcome(Guid OutcomeId, string Name, string ProjectName, OutcomeStatus Status, Instant? CompletedAt);

/// <summary>
/// Everything the digest of one person-week is computed from. <see cref="Entries"/> are the
/// person's entries overlapping the week; <see cref="PreviousEntries"/> those overlapping the four
/// weeks before it (for the comparison); <see cref="Tracked"/> the categories the policy in force
/// tracks — a digest shows only those (outside-hours time only when OutsideHours is tracked, and so on).
/// </summary>
public sealed record DigestInput(
    Week Week,
    WorkingHours Hours,
    IReadOnlyList<DigestEntry> Entries,
    IReadOnlyList<DigestEntry> PreviousEntries,
    IReadOnlyList<DigestOutcome> Outcomes,
    IReadOnlySet<DataCategory> Tracked);

/// <summary>Time on one project in the week, with its share of the week's total.</summary>
public sealed record ProjectHours(Guid ProjectId, string Name, int Minutes);

/// <summary>Time towards one outcome in the week.</summary>
public sealed record OutcomeHours(Guid OutcomeId, string Name, string ProjectName, int Minutes);

/// <summary>An outcome that moved in the week: worked on (with its status now) or completed.</summary>
public sealed record OutcomeMove(Guid OutcomeId, string Name, string ProjectName, OutcomeStatus Status, bool CompletedThisWeek);

/// <summary>One day's number of switches between projects (fragmentation).</summary>
public sealed record DaySwitches(LocalDate Date, int Switches);

/// <summary>The longest uninterrupted block of the week, in the person's own zone.</summary>
public sealed record LongestFocus(LocalDateTime Start, int Minutes, string ProjectName);

/// <summary>This week against the average of the four before it (weeks with no time count as zero).</summary>
public sealed record WeekComparison(int PreviousWeeks, int AverageMinutes, int DifferenceMinutes);

/// <summary>
/// The digest of one person's week. Durations are whole minutes; everything is plain data so it can
/// be stored as a document and rendered later exactly as built. Parts for categories the policy
/// does not track are left out: the outside-hours numbers are null without OutsideHours; without
/// WorkloadSignals, <see cref="SwitchesPerDay"/> is empty and <see cref="Comparison"/> has
/// <see cref="WeekComparison.PreviousWeeks"/> 0 (not compared).
/// </summary>
/// <remarks>
/// Shown to someone else, the digest as a whole is <see cref="DataCategory.Digests"/>, and its parts that
/// are other kinds of data declare them: the longest focus block's start is an exact time (entry
/// details), outside-hours time is its own category. The stored highlights may mention either, so they
/// are entry details too; readers who withhold them write new ones from the numbers shown.
/// </remarks>
public sealed record DigestContent(
    LocalDate WeekStart,
    int TotalMinutes,
    IReadOnlyList<ProjectHours> ByProject,
    IReadOnlyList<OutcomeHours> ByOutcome,
    IReadOnlyList<OutcomeMove> Outcomes,
    int FocusMinutes,
    [property: PersonData(DataCategory.EntryDetails, Granularity.IndividualDetail)] LongestFocus? LongestFocus,
    IReadOnlyList<DaySwitches> SwitchesPerDay,
    [property: PersonData(DataCategory.OutsideHours)] int? OutsideHoursMinutes,
    [property: PersonData(DataCategory.OutsideHours)] int? WeekendMinutes,
    WeekComparison Comparison,
    [property: PersonData(DataCategory.EntryDetails, Granularity.IndividualDetail)] IReadOnlyList<string>? Highlights);
