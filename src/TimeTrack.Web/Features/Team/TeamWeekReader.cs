using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// The team page and its download: the viewer's groups of people for one week, each person's week
/// total where the policy shows it one by one (handed out through <see cref="Looker.Disclose{T}"/>),
/// and the total of the people shown only as a group.
/// </summary>
public sealed class TeamWeekReader(PersonWeekReader weeks, TimeTrackDbContext db)
{
    public async Task<TeamPageModel> ReadAsync(Looker looker, LocalDate? date, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var week = await weeks.WeekOfAsync(looker.UserId, date, cancellationToken);
        var groups = await weeks.GroupsForAsync(looker, cancellationToken);
        var people = groups.SelectMany(g => g.Members).Select(m => m.UserId).Distinct().ToList();
        var granularity = people.ToDictionary(id => id, id => looker.Sees(id, DataCategory.Totals));
        var counted = people.Where(id => granularity[id] >= Granularity.Aggregate).ToList();
        var totals = await weeks.WeekTotalsAsync(counted, week.Start, RunningCountsFor(looker, counted), cancellationToken);
        var read = new AccessRead(AccessChannel.Page, "Team › week of " + PersonWeek.WeekLabel(week.Start), week.Dates);

        var views = new List<TeamGroupView>();
        var shownOneByOne = new HashSet<Guid>();
        foreach (var group in groups)
        {
            var rows = new List<TeamMemberRow>();
            foreach (var member in group.Members)
            {
                var row = new TeamMemberRow(
                    member.UserId,
                    member.DisplayName,
                    member.UserId == looker.UserId,
                    granularity[member.UserId],
                    granularity[member.UserId] >= Granularity.IndividualTotals ? totals.GetValueOrDefault(member.UserId)?.Total ?? Duration.Zero : null,
                    MaySeeSomething(looker, member.UserId));

                // A person listed in two groups is one read of their data.
                rows.Add(shownOneByOne.Add(member.UserId) ? looker.Disclose(member.UserId, row, read) : looker.Redact(member.UserId, row).Model);
            }

            // Only the people the viewer cannot see one by one are aggregated: adding people they do
            // see would let them subtract their way to an individual.
            var together = rows.Where(r => r.Totals == Granularity.Aggregate).ToList();
            TeamAggregateView? aggregate = null;
            if (together.Count > 0)
            {
                if (together.Count >= looker.MinimumGroupSize)
                {
                    var sum = together.Aggregate(Duration.Zero, (s, r) => s + (totals.GetValueOrDefault(r.UserId)?.Total ?? Duration.Zero));
                    aggregate = new TeamAggregateView(together.Count, sum, sum / together.Count);
                    looker.ShownInGroup([.. together.Select(r => r.UserId)], [DataCategory.Totals], read);
                }
                else
                {
                    aggregate = new TeamAggregateView(together.Count, null, null);
                }
            }

            var relation = group.ManagerUserId == looker.UserId ? "You manage this team."
                : group.Members.Any(m => m.UserId == looker.UserId) ? "You are in this team."
                : null;
            views.Add(new TeamGroupView(group.TeamId, group.Name, relation, rows, aggregate));
        }

        return new TeamPageModel(
            week.Start,
            week.Previous.Start,
            week.Next.Start,
            views,
            await Exportable(looker).CountAsync(cancellationToken),
            looker.MinimumGroupSize);
    }

    /// <summary>Everyone whose week totals the viewer may see one by one, with them, for the download; the download is recorded as an export.</summary>
    public async Task<(LocalDate WeekStart, IReadOnlyList<(PersonName Person, WeekTotals Totals)> Rows)> ExportAsync(Looker looker, LocalDate? date, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var week = await weeks.WeekOfAsync(looker.UserId, date, cancellationToken);
        var ids = await Exportable(looker).ToListAsync(cancellationToken);
        var people = await weeks.PeopleAsync(ids, cancellationToken);
        var totals = await weeks.WeekTotalsAsync(ids, week.Start, RunningCountsFor(looker, ids), cancellationToken);
        var rows = new List<(PersonName, WeekTotals)>();
        var included = new List<(Guid, IReadOnlyCollection<DataCategory>)>();
        foreach (var person in people.Where(p => totals.ContainsKey(p.UserId)))
        {
            var (row, shown) = looker.Redact(person.UserId, new ExportedWeek(totals[person.UserId]));
            if (row.Totals is { } shownTotals)
            {
                rows.Add((person, shownTotals));
                included.Add((person.UserId, shown.ToList()));
            }
        }

        looker.Exported(
            new AccessRead(AccessChannel.Export, "Export: team week totals " + PersonWeek.WeekLabel(week.Start), week.Dates),
            included);
        return (week.Start, rows);
    }

    /// <summary>Members whose totals the viewer may see one by one, found in SQL with the policy's predicate.</summary>
    private IQueryable<Guid> Exportable(Looker looker) =>
        db.Memberships.AsNoTracking()
            .Where(looker.SubjectsSeen<Membership>(DataCategory.Totals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId);

    /// <summary>Whose running timer may count in their totals: only theirs whose timer the viewer may see.</summary>
    private static HashSet<Guid> RunningCountsFor(Looker looker, IEnumerable<Guid> people) =>
        [.. people.Where(id => looker.Sees(id, DataCategory.LiveTimer, Granularity.IndividualTotals))];

    private static bool MaySeeSomething(Looker looker, Guid userId) =>
        PersonWeek.Categories.Any(category => looker.Sees(
            userId,
            category,
            category == DataCategory.EntryDetails ? Granularity.IndividualDetail : Granularity.IndividualTotals));

    /// <summary>One row of the download, as a read model.</summary>
    private sealed record ExportedWeek([property: PersonData(DataCategory.Totals)] WeekTotals? Totals);
}
