using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

/// <summary>How the person looking stands to Sam, the person whose data is looked at.</summary>
public enum Relationship
{
    Self,
    OwnManager,
    OtherManager,
    Admin,
    Owner,
    Teammate,
    ProjectManagerOfTheProject,
    ProjectManagerOfAnotherProject,
    Colleague,
    OtherOrganization,
    SameUserInOtherOrganization,
}

/// <summary>
/// A small organization around Sam, one person per <see cref="Relationship"/>, plus policies built
/// for the tests. Sam works on <see cref="TheProject"/>; every question is about Sam in <see cref="Home"/>.
/// </summary>
internal static class Policies
{
    public static readonly Guid Home = new("00000000-0000-0000-0000-0000000000f1");
    public static readonly Guid Elsewhere = new("00000000-0000-0000-0000-0000000000f2");

    public static readonly Guid Sam = new("00000000-0000-0000-0000-00000000000a");
    public static readonly Guid Mia = new("00000000-0000-0000-0000-0000000000b1");
    public static readonly Guid Omar = new("00000000-0000-0000-0000-0000000000b2");
    public static readonly Guid Ada = new("00000000-0000-0000-0000-0000000000c1");
    public static readonly Guid Olga = new("00000000-0000-0000-0000-0000000000c2");
    public static readonly Guid Tom = new("00000000-0000-0000-0000-0000000000d1");
    public static readonly Guid Pia = new("00000000-0000-0000-0000-0000000000e1");
    public static readonly Guid Quinn = new("00000000-0000-0000-0000-0000000000e2");
    public static readonly Guid Cleo = new("00000000-0000-0000-0000-0000000000e3");
    public static readonly Guid Zoe = new("00000000-0000-0000-0000-0000000000e4");

    /// <summary>Someone in Omar's team, nobody else's.</summary>
    public static readonly Guid Xavier = new("00000000-0000-0000-0000-0000000000e5");

    public static readonly Guid TheProject = new("00000000-0000-0000-0000-0000000001a1");
    public static readonly Guid AnotherProject = new("00000000-0000-0000-0000-0000000001a2");

    public static readonly Guid Support = new("00000000-0000-0000-0000-0000000002a1");
    public static readonly Guid Sales = new("00000000-0000-0000-0000-0000000002a2");

    public static readonly Subject SamAtHome = new(Home, Sam);

    /// <summary>Everyone who appears in the tests, for building rows.</summary>
    public static readonly Guid[] Everyone = [Sam, Mia, Omar, Ada, Olga, Tom, Pia, Quinn, Cleo, Zoe, Xavier];

    /// <summary>The audience a relationship puts the viewer in for Sam's time on <see cref="TheProject"/>; null for none.</summary>
    public static Audience? AudienceOf(Relationship relationship) => relationship switch
    {
        Relationship.OwnManager => Audience.TeamManager,
        Relationship.Admin or Relationship.Owner => Audience.OrganizationAdmins,
        Relationship.Teammate => Audience.Teammates,
        Relationship.ProjectManagerOfTheProject => Audience.ProjectManagers,
        _ => null,
    };

    public static Viewer ViewerFor(Relationship relationship) => relationship switch
    {
        Relationship.Self => new(Home, Sam, OrgRole.Employee, Set(), Set(Tom), Set(), NoTeams()),
        Relationship.OwnManager => new(Home, Mia, OrgRole.Manager, Set(Sam, Tom), Set(), Set(), NoTeams()),
        Relationship.OtherManager => new(Home, Omar, OrgRole.Manager, Set(Xavier), Set(), Set(), NoTeams()),
        Relationship.Admin => Viewer.Alone(Home, Ada, OrgRole.Admin),
        Relationship.Owner => Viewer.Alone(Home, Olga, OrgRole.Owner),
        Relationship.Teammate => new(Home, Tom, OrgRole.Employee, Set(), Set(Sam), Set(), NoTeams()),
        Relationship.ProjectManagerOfTheProject => new(Home, Pia, OrgRole.Employee, Set(), Set(), Set(TheProject), NoTeams()),
        Relationship.ProjectManagerOfAnotherProject => new(Home, Quinn, OrgRole.Manager, Set(), Set(), Set(AnotherProject), NoTeams()),
        Relationship.Colleague => Viewer.Alone(Home, Cleo, OrgRole.Employee),

        // Every relationship to Sam, and the highest role, but in another organization.
        Relationship.OtherOrganization => new(Elsewhere, Zoe, OrgRole.Owner, Set(Sam), Set(Sam), Set(TheProject), NoTeams()),
        Relationship.SameUserInOtherOrganization => new(Elsewhere, Sam, OrgRole.Owner, Set(), Set(), Set(TheProject), NoTeams()),
        _ => throw new ArgumentOutOfRangeException(nameof(relationship), relationship, null),
    };

    /// <summary>Every category tracked with a purpose, nothing granted to anyone, no exceptions.</summary>
    public static TransparencyPolicy Closed(int minimumGroupSize = 5) => new(
        Enum.GetValues<DataCategory>().Select(c => Category(c)),
        [],
        PolicySettings.Default with { MinimumGroupSize = minimumGroupSize });

    /// <summary>Closed, except that <paramref name="category"/> is granted to one audience (and tracked or not).</summary>
    public static TransparencyPolicy OnlyGrant(DataCategory category, Audience audience, Granularity granularity, bool tracked = true) =>
        Closed().With(Category(category, tracked, (audience, granularity)));

    public static CategoryPolicy Category(DataCategory category, bool tracked = true, params (Audience Audience, Granularity Granularity)[] grants) =>
        new(category, tracked, "To test the policy.", 365, grants.ToDictionary(g => g.Audience, g => g.Granularity));

    public static PolicyException Exception(
        Guid viewer, DataCategory category, Granularity granularity, Guid? team = null, string reason = "Auditing the Q3 invoices.") =>
        new(viewer, "Cleo Brandt", category, granularity, team, team is null ? "" : "Support", reason);

    public static IReadOnlySet<Guid> Set(params Guid[] ids) => new HashSet<Guid>(ids);

    public static Dictionary<Guid, IReadOnlySet<Guid>> NoTeams() => [];

    public static TheoryData<DataCategory> AllCategories() => [.. Enum.GetValues<DataCategory>()];

    public static TheoryData<Relationship> AllRelationships() => [.. Enum.GetValues<Relationship>()];
}
