using System.Collections.Frozen;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// The part of an organization's transparency policy that says who sees what. Rules apply to every
/// role alike: there is no implicit exception for owners or admins.
/// </summary>
public sealed class VisibilityRules
{
    private readonly FrozenDictionary<(DataCategory, Audience), Granularity> _grants;

    public VisibilityRules(IEnumerable<KeyValuePair<(DataCategory Category, Audience Audience), Granularity>> grants, int minimumGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGroupSize, 1);
        _grants = grants.ToFrozenDictionary();
        MinimumGroupSize = minimumGroupSize;
    }

    /// <summary>k: aggregates over fewer people than this are suppressed.</summary>
    public int MinimumGroupSize { get; }

    public Granularity GrantFor(DataCategory category, Audience audience) =>
        _grants.TryGetValue((category, audience), out var granularity) ? granularity : Granularity.None;

    /// <summary>
    /// The defaults a careful company would choose: managers see totals and outcomes, not
    /// descriptions; outside-hours entries and reflections stay with the person; admins see
    /// aggregates; teammates see nothing individual.
    /// </summary>
    public static VisibilityRules Default { get; } = new(
        new Dictionary<(DataCategory, Audience), Granularity>
        {
            [(DataCategory.Totals, Audience.TeamManager)] = Granularity.IndividualTotals,
            [(DataCategory.ProjectTotals, Audience.TeamManager)] = Granularity.IndividualTotals,
            [(DataCategory.Digests, Audience.TeamManager)] = Granularity.IndividualTotals,
            [(DataCategory.WorkloadSignals, Audience.TeamManager)] = Granularity.IndividualTotals,
            [(DataCategory.Totals, Audience.OrganizationAdmins)] = Granularity.Aggregate,
            [(DataCategory.ProjectTotals, Audience.OrganizationAdmins)] = Granularity.Aggregate,
            [(DataCategory.Rates, Audience.OrganizationAdmins)] = Granularity.Aggregate,
            [(DataCategory.WorkloadSignals, Audience.OrganizationAdmins)] = Granularity.Aggregate,
        },
        minimumGroupSize: 5);
}
