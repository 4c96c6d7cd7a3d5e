using System.Collections.Frozen;
using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// What the policy says about one kind of data: whether it is tracked at all, why, how long its
/// detail is kept, and who besides the person may see it at which granularity.
/// </summary>
/// <param name="RetentionDays">Days after which detail is removed; null keeps it as long as the person is a member.</param>
public sealed record CategoryPolicy(
    DataCategory Category,
    bool Tracked,
    string Purpose,
    int? RetentionDays,
    IReadOnlyDictionary<Audience, Granularity> Grants)
{
    /// <summary>What an audience is granted; nothing when the category is not tracked.</summary>
    public Granularity GrantFor(Audience audience) =>
        Tracked && Grants.TryGetValue(audience, out var granularity) ? granularity : Granularity.None;
}

/// <summary>
/// A named exception: one person may see a category of the members of one team (or of everyone
/// when <paramref name="SubjectTeamId"/> is null) at a granularity, for a stated reason. Exceptions
/// are part of the published policy like any rule.
/// </summary>
public sealed record PolicyException(
    Guid ViewerUserId,
    string ViewerName,
    DataCategory Category,
    Granularity Granularity,
    Guid? SubjectTeamId,
    string SubjectGroupName,
    string Reason);

/// <summary>The tracking rules a policy version puts in force, read by the tracking, digest and dashboard features.</summary>
public sealed record PolicySettings(
    bool TimerEnabled,
    bool ManualEntriesEnabled,
    bool ManualEditsNeedReason,
    OverlapRule Overlaps,
    int WorkingDays,
    LocalTime WorkdayStart,
    LocalTime WorkdayEnd,
    int MaximumDaysInPast,
    int DigestEmbargoHours,
    int MinimumGroupSize)
{
    public static PolicySettings Default { get; } = new(
        TimerEnabled: true,
        ManualEntriesEnabled: true,
        ManualEditsNeedReason: false,
        Overlaps: OverlapRule.Rejected,
        WorkingDays: 31,
        WorkdayStart: new LocalTime(8, 0),
        WorkdayEnd: new LocalTime(18, 0),
        MaximumDaysInPast: 366,
        DigestEmbargoHours: 48,
        MinimumGroupSize: 5);

    /// <summary>How many days ahead people may add entries (planned time off, a booked trip); 0 is up to today.</summary>
    public int MaximumDaysInFuture { get; init; }

    /// <summary>The same rules as an organization's stored tracking settings.</summary>
    public TrackingSettings ToTrackingSettings() => new()
    {
        Overlaps = Overlaps,
        WorkingDays = WorkingDays,
        WorkdayStart = WorkdayStart,
        WorkdayEnd = WorkdayEnd,
        MaximumDaysInPast = MaximumDaysInPast,
        MaximumDaysInFuture = MaximumDaysInFuture,
    };
}

/// <summary>
/// An organization's transparency policy: one <see cref="CategoryPolicy"/> per <see cref="DataCategory"/>,
/// the named exceptions and the tracking settings. It applies to every role alike: there is no
/// implicit exception for owners, admins or managers.
/// </summary>
public sealed class TransparencyPolicy
{
    /// <summary>Categories without which TimeTrack is not a time tracker; they cannot be switched off.</summary>
    public static readonly IReadOnlySet<DataCategory> AlwaysTracked =
        new[] { DataCategory.EntryDetails, DataCategory.Totals, DataCategory.ProjectTotals }.ToFrozenSet();

    private readonly FrozenDictionary<DataCategory, CategoryPolicy> _byCategory;

    public TransparencyPolicy(IEnumerable<CategoryPolicy> categories, IEnumerable<PolicyException> exceptions, PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinimumGroupSize, 1);
        var byCategory = categories.ToDictionary(c => c.Category);
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            if (!byCategory.ContainsKey(category))
            {
                throw new ArgumentException($"The policy says nothing about {category}.", nameof(categories));
            }
        }

        _byCategory = byCategory.ToFrozenDictionary();
        Categories = [.. Enum.GetValues<DataCategory>().Select(c => _byCategory[c])];
        Exceptions = [.. exceptions];
        Settings = settings;
    }

    /// <summary>One entry per category, in the order of <see cref="DataCategory"/>.</summary>
    public IReadOnlyList<CategoryPolicy> Categories { get; }

    public IReadOnlyList<PolicyException> Exceptions { get; }

    public PolicySettings Settings { get; }

    /// <summary>k: aggregates over fewer people than this are suppressed.</summary>
    public int MinimumGroupSize => Settings.MinimumGroupSize;

    public CategoryPolicy For(DataCategory category) => _byCategory[category];

    public bool Tracks(DataCategory category) => _byCategory[category].Tracked;

    public Granularity GrantFor(DataCategory category, Audience audience) => _byCategory[category].GrantFor(audience);

    public TransparencyPolicy With(CategoryPolicy category) =>
        new(Categories.Select(c => c.Category == category.Category ? category : c), Exceptions, Settings);

    public TransparencyPolicy With(PolicySettings settings) => new(Categories, Exceptions, settings);

    public TransparencyPolicy WithExceptions(IEnumerable<PolicyException> exceptions) => new(Categories, exceptions, Settings);

    /// <summary>
    /// The defaults a careful company would choose: managers see totals and outcomes, not
    /// descriptions; project managers see time on their projects; outside-hours entries and
    /// reflections stay with the person; digests reach the team manager after the embargo; admins
    /// see aggregates, and billing per client and project to invoice clients; teammates see nothing
    /// individual.
    /// </summary>
    public static TransparencyPolicy Default { get; } = new(
        [
            Rule(DataCategory.EntryDetails, "So that you can remember what you worked on and correct your own entries.", 730),
            Rule(
                DataCategory.Totals,
                "So that your manager can see whether your workload is sustainable and approve timesheets.",
                null,
                (Audience.TeamManager, Granularity.IndividualTotals),
                (Audience.OrganizationAdmins, Granularity.Aggregate)),
            Rule(
                DataCategory.ProjectTotals,
                "To plan projects, report to clients and bill them accurately.",
                null,
                (Audience.TeamManager, Granularity.IndividualTotals),
                (Audience.ProjectManagers, Granularity.IndividualTotals),
                (Audience.OrganizationAdmins, Granularity.Aggregate)),
            Rule(DataCategory.LiveTimer, "So that you can see your own running timer; nobody else is shown it.", null),
            Rule(DataCategory.OutsideHours, "So that you notice when work spills outside your working hours.", 365),
            Rule(
                DataCategory.Digests,
                "So that you can review your week first, and your manager can offer support after you have.",
                365,
                (Audience.TeamManager, Granularity.IndividualTotals)),
            Rule(DataCategory.Reflections, "For your own reflection; shared only when you choose to.", 365),
            Rule(
                DataCategory.Rates,
                "To bill clients accurately and pay people correctly.",
                null,
                (Audience.OrganizationAdmins, Granularity.Aggregate)),
            Rule(
                DataCategory.Billing,
                "To invoice clients: billable hours and amounts per client and project, by calendar month, never per person.",
                null,
                (Audience.OrganizationAdmins, Granularity.Aggregate)),
            Rule(
                DataCategory.WorkloadSignals,
                "So that managers can offer support before long weeks become a pattern.",
                365,
                (Audience.TeamManager, Granularity.IndividualTotals),
                (Audience.OrganizationAdmins, Granularity.Aggregate)),
        ],
        [],
        PolicySettings.Default);

    private static CategoryPolicy Rule(DataCategory category, string purpose, int? retentionDays, params (Audience Audience, Granularity Granularity)[] grants) =>
        new(category, true, purpose, retentionDays, grants.ToFrozenDictionary(g => g.Audience, g => g.Granularity));
}
