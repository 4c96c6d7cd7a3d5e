using NodaTime;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

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
public sealed record TeamMemberRow(Guid UserId, string Name, bool IsYou, Granularity Totals, Duration? Total, bool CanOpen);

/// <summary>
/// The sum and average of the members the viewer may see only in aggregate; <see cref="Sum"/> is null
/// when there are fewer than k of them and the figures are suppressed.
/// </summary>
public sealed record TeamAggregateView(int People, Duration? Sum, Duration? Average)
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

/// <summary>Builds the team page from the groups, the one visibility decision per person, and the week totals.</summary>
public static class TeamPage
{
    /// <param name="totalsOf">The granularity at which the viewer may see a person's totals (from <see cref="Visibility.Decide"/>).</param>
    /// <param name="canOpen">Whether the viewer may see anything on the person's page.</param>
    public static IReadOnlyList<TeamGroupView> Build(
        TransparencyPolicy policy,
        Viewer viewer,
        IReadOnlyList<PeopleGroup> groups,
        Func<Guid, Granularity> totalsOf,
        Func<Guid, bool> canOpen,
        IReadOnlyDictionary<Guid, WeekTotals> totals)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(totalsOf);
        ArgumentNullException.ThrowIfNull(canOpen);
        ArgumentNullException.ThrowIfNull(totals);
        var views = new List<TeamGroupView>();
        foreach (var group in groups)
        {
            var rows = group.Members
                .Select(member =>
                {
                    var granularity = totalsOf(member.UserId);
                    Duration? total = granularity >= Granularity.IndividualTotals
                        ? totals.GetValueOrDefault(member.UserId)?.Total ?? Duration.Zero
                        : null;
                    return new TeamMemberRow(member.UserId, member.DisplayName, member.UserId == viewer.UserId, granularity, total, canOpen(member.UserId));
                })
                .ToList();

            // Only the people the viewer cannot see one by one are aggregated: adding people they do
            // see would let them subtract their way to an individual.
            var together = rows.Where(r => r.Totals == Granularity.Aggregate).ToList();
            TeamAggregateView? aggregate = null;
            if (together.Count > 0)
            {
                if (Visibility.AggregateIsShown(policy, together.Count))
                {
                    var sum = together.Aggregate(Duration.Zero, (s, r) => s + (totals.GetValueOrDefault(r.UserId)?.Total ?? Duration.Zero));
                    aggregate = new TeamAggregateView(together.Count, sum, sum / together.Count);
                }
                else
                {
                    aggregate = new TeamAggregateView(together.Count, null, null);
                }
            }

            var relation = group.ManagerUserId == viewer.UserId ? "You manage this team."
                : group.Members.Any(m => m.UserId == viewer.UserId) ? "You are in this team."
                : null;
            views.Add(new TeamGroupView(group.TeamId, group.Name, relation, rows, aggregate));
        }

        return views;
    }
}
