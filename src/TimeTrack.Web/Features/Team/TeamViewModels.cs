using NodaTime;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// Dates as the team pages write them: English keeps its fixed patterns ("2 Mar 2026"), other
/// languages use the culture's names ("2. März 2026").
/// </summary>
public static class TeamText
{
    public static string MonthLabel(LocalDate month)
    {
        var culture = Time.TimeFormat.IsEnglish ? System.Globalization.CultureInfo.InvariantCulture : System.Globalization.CultureInfo.CurrentCulture;
        var name = month.ToString("MMMM yyyy", culture);
        return char.ToUpper(name[0], culture) + name[1..];
    }
}

/// <summary>The team page: the viewer's groups of people for one week, as the policy lets them see it.</summary>
public sealed record TeamPageModel(
    LocalDate WeekStart,
    LocalDate PreviousWeek,
    LocalDate NextWeek,
    IReadOnlyList<TeamGroupView> Groups,
    int ExportablePeople,
    int MinimumGroupSize);

/// <summary>A team (or the people in no team) with a row per member, by name.</summary>
public sealed record TeamGroupView(Guid? TeamId, string Name, string? Relation, IReadOnlyList<TeamMemberRow> Rows, TeamAggregateView? Aggregate)
{
    /// <summary>For ids of headings and anchors: stable and unique on the page.</summary>
    public string Key => TeamId?.ToString("N") ?? "no-team";
}

/// <summary>
/// One member: their week total when the viewer may see it individually (<see cref="Total"/>), else
/// whether they count in the group's aggregate.
/// </summary>
public sealed record TeamMemberRow(Guid UserId, string Name, bool IsYou, Granularity Totals, [property: PersonData(DataCategory.Totals)] Duration? Total, bool CanOpen);

/// <summary>
/// The team's group figure for the last released month (<paramref name="Month"/>), over its
/// <paramref name="People"/> members: <see cref="Sum"/> is null when it is withheld (too few people, or
/// it would let one person's time be worked out), or when the group is not a team.
/// </summary>
public sealed record TeamAggregateView(int People, Duration? Sum, Duration? Average, string? Month = null)
{
    public const string SuppressedText = "Not enough people to show without identifying someone.";

    public bool IsSuppressed => Sum is null;
}

/// <summary>A person's week as the team pages show it to someone else.</summary>
public sealed record PersonPageModel(PersonWeek Week, LocalDate PreviousWeek, LocalDate NextWeek, bool IsYou);

/// <summary>
/// The model of the shared partial that renders a <see cref="PersonWeek"/>: to a viewer on the team
/// pages, or to the person themself as someone else sees it (<paramref name="SeenBy"/> names who).
/// </summary>
/// <param name="IsYou">The viewer is looking at their own week on the team pages.</param>
public sealed record PersonWeekView(PersonWeek Week, string? SeenBy, bool IsYou = false)
{
    public bool ForSubject => SeenBy is not null;

    /// <summary>
    /// The name of a category: the policy's own label when the person reads about their data, the
    /// neutral short label when someone else reads it (the long labels say "your").
    /// </summary>
    public string Heading(DataCategory category) => ForSubject || IsYou
        ? PolicyText.Label(category)
        : category switch
        {
            DataCategory.OutsideHours => "Time outside working hours",
            DataCategory.LiveTimer => "Timer",
            _ => PolicyText.ShortLabel(category),
        };

    public IReadOnlyList<DataCategory> NotShown => [.. PersonWeek.Categories.Where(c => !Week.Included.Contains(c))];
}
