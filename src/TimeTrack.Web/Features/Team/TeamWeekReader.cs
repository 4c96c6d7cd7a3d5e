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
public sealed class TeamWeekReader(PersonWeekReader weeks, TimeTrackDbContext db, GroupFigures groupFigures, IClock clock)
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
        var inGroups = new ShownFigures();

        // People seen only together are shown as their team's group figure of the last released month.
        MonthFigures? lastMonth = null;
        if (granularity.Values.Any(g => g == Granularity.Aggregate))
        {
            var today = clock.GetCurrentInstant().InZone(week.Zone).Date;
            var previous = new LocalDate(today.Year, today.Month, 1).PlusMonths(-1);
            var released = (await groupFigures.ForAsync(looker, previous, previous, cancellationToken)).Released;
            lastMonth = released.Count > 0 ? released[0] : null;
        }
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

            TeamAggregateView? aggregate = null;
            if (rows.Any(r => r.Totals == Granularity.Aggregate))
            {
                var figure = group.TeamId is { } teamId ? lastMonth?.Figure(teamId, WorkItem.All) : null;
                if (figure?.Milliseconds is { } ms && lastMonth is not null)
                {
                    var sum = Duration.FromMilliseconds(ms);
                    aggregate = new TeamAggregateView(rows.Count, sum, sum / rows.Count, TeamText.MonthLabel(lastMonth.Month));
                    foreach (var person in figure.People)
                    {
                        inGroups.InGroup(person, DataCategory.Totals);
                    }
                }
                else
                {
                    aggregate = new TeamAggregateView(rows.Count, null, null);
                }
            }

            var relation = group.ManagerUserIds.Contains(looker.UserId) ? "You manage this team."
                : group.Members.Any(m => m.UserId == looker.UserId) ? "You are in this team."
                : null;
            views.Add(new TeamGroupView(group.TeamId, group.Name, relation, rows, aggregate));
        }

        inGroups.RecordTo(looker, read with { Period = lastMonth is null ? null : new DateInterval(lastMonth.Month, lastMonth.Month.PlusMonths(1).PlusDays(-1)) });
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
