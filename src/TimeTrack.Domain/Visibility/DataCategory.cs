namespace TimeTrack.Domain.Visibility;

/// <summary>The kinds of a person's data that the transparency policy governs separately.</summary>
public enum DataCategory
{
    /// <summary>Descriptions, tags and exact start and end times of entries.</summary>
    EntryDetails,

    /// <summary>Daily and weekly totals.</summary>
    Totals,

    /// <summary>Time per project and outcome.</summary>
    ProjectTotals,

    /// <summary>Whether a timer is running right now.</summary>
    LiveTimer,

    /// <summary>Entries outside the person's working hours.</summary>
    OutsideHours,

    /// <summary>The weekly self-review digest.</summary>
    Digests,

    /// <summary>Reflections written on a digest.</summary>
    Reflections,

    /// <summary>Rates and billable amounts.</summary>
    Rates,

    /// <summary>
    /// Billable hours and amounts per client and project, by calendar month; never per person. Only
    /// <see cref="Granularity.None"/> and <see cref="Granularity.Aggregate"/> apply to it, and its
    /// aggregates have no minimum group size: they are about clients and projects, not people.
    /// </summary>
    Billing,

    /// <summary>Signals such as sustained long weeks, framed as support needs.</summary>
    WorkloadSignals,
}

/// <summary>How much of a category a viewer may see. Ordered: a higher value includes the lower ones.</summary>
public enum Granularity
{
    None = 0,

    /// <summary>Only aggregates over at least k people.</summary>
    Aggregate = 1,

    /// <summary>Per-person totals, no details.</summary>
    IndividualTotals = 2,

    /// <summary>Everything, including details.</summary>
    IndividualDetail = 3,
}

/// <summary>Who, besides the person themself, a rule grants visibility to.</summary>
public enum Audience
{
    /// <summary>The manager of a team the person belongs to.</summary>
    TeamManager,

    /// <summary>Project managers, for the person's time on their project only.</summary>
    ProjectManagers,

    /// <summary>Admins and owners of the organization.</summary>
    OrganizationAdmins,

    /// <summary>People in a team with the person.</summary>
    Teammates,
}
