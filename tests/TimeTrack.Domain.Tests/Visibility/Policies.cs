using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

/// <summary>Named rule sets and people shared by the visibility tests, so tables can refer to them by name.</summary>
internal static class Policies
{
    public static readonly Guid Me = new("00000000-0000-0000-0000-00000000000a");
    public static readonly Guid ReportA = new("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid ReportB = new("00000000-0000-0000-0000-0000000000a2");
    public static readonly Guid Teammate = new("00000000-0000-0000-0000-0000000000b1");
    public static readonly Guid Stranger = new("00000000-0000-0000-0000-0000000000c1");

    /// <summary>Grants nothing to anyone.</summary>
    public static readonly VisibilityRules Nothing = new([], minimumGroupSize: 5);

    /// <summary>An open team: teammates see each other's live timer and entries; managers see totals.</summary>
    public static readonly VisibilityRules OpenTeam = new(
        new Dictionary<(DataCategory, Audience), Granularity>
        {
            [(DataCategory.LiveTimer, Audience.Teammates)] = Granularity.IndividualTotals,
            [(DataCategory.EntryDetails, Audience.Teammates)] = Granularity.IndividualDetail,
            [(DataCategory.Totals, Audience.TeamManager)] = Granularity.IndividualTotals,
        },
        minimumGroupSize: 3);

    public static VisibilityRules Named(string name) => name switch
    {
        "default" => VisibilityRules.Default,
        "nothing" => Nothing,
        "open-team" => OpenTeam,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown rule set."),
    };

    /// <summary>Me, with <paramref name="role"/>, managing A and B and in a team with Teammate.</summary>
    public static Viewer MeAs(OrgRole role) =>
        new(Me, role, new HashSet<Guid> { ReportA, ReportB }, new HashSet<Guid> { Teammate });

    public static Viewer Single(OrgRole role, IEnumerable<Guid>? manages = null, IEnumerable<Guid>? teammates = null) =>
        new(Me, role, new HashSet<Guid>(manages ?? []), new HashSet<Guid>(teammates ?? []));

    public static TheoryData<DataCategory> AllCategories() => [.. Enum.GetValues<DataCategory>()];
}
