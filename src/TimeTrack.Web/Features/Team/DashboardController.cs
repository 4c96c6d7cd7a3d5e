using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// What the viewer's teams delivered and where they may need support. Outcomes are not about people
/// and are shown as they are; hours come from <see cref="ReportQuery"/>, so they follow the same
/// visibility and suppression rules as reports. Workload signals name a person only where the policy
/// grants <see cref="DataCategory.WorkloadSignals"/> one by one, and every such name is written to
/// that person's access log. People are listed by name, never by hours.
/// </summary>
[ReadsPersonData]
public sealed class DashboardController(
    TimeTrackDbContext db,
    ViewerDirectory viewers,
    PolicyStore policies,
    AccessRecorder access,
    PersonWeekReader reader,
    PersonTrackingProvider tracking,
    IClock clock) : OrgController
{
    public const int TrendWeeks = 8;

    /// <summary>A week longer than this counts as long.</summary>
    public static readonly Duration LongWeek = Duration.FromHours(45);

    public const string LongWeeksNeed = "may need support: several long weeks";

    public const string SupportRequestNeed = "has asked for support";

    public const string OutsideHoursNeed = "may need support: more work outside working hours lately";

    [HttpGet("team/dashboard")]
    public async Task<IActionResult> Index(string? period, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var zone = (await tracking.ForAsync(viewer.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        var thisWeek = await reader.WeekOfAsync(viewer.UserId, null, cancellationToken);
        var chosen = DashboardModel.Parse(period);
        var today = now.InZone(zone).Date;
        var (first, afterLast) = chosen switch
        {
            DashboardPeriod.FourWeeks => (thisWeek.Start.PlusWeeks(-3), thisWeek.End),
            DashboardPeriod.Month => (new LocalDate(today.Year, today.Month, 1), new LocalDate(today.Year, today.Month, 1).PlusMonths(1)),
            _ => (thisWeek.Start, thisWeek.End),
        };
        var reportPeriod = new ReportPeriod(first, afterLast.PlusDays(-1), zone);

        var groups = await reader.GroupsForAsync(policy, viewer, cancellationToken);
        var people = groups.SelectMany(g => g.Members).Select(m => m.UserId).Distinct().ToList();

        var projects = await ProjectsAsync(policy, viewer, reportPeriod, [.. people, viewer.UserId], cancellationToken);
        var trend = await TrendAsync(policy, viewer, thisWeek, zone, cancellationToken);
        var (signals, counts) = await SignalsAsync(policy, viewer, people.Where(id => id != viewer.UserId).ToList(), thisWeek, now, cancellationToken);

        foreach (var signal in signals)
        {
            IReadOnlyCollection<DataCategory> shown = signal.Needs.Contains(OutsideHoursNeed)
                ? [DataCategory.OutsideHours, DataCategory.WorkloadSignals]
                : [DataCategory.WorkloadSignals];
            access.Record(signal.UserId, shown, AccessChannel.Page, "Team dashboard › support needs, weeks up to " + PersonWeek.WeekLabel(thisWeek.Previous.Start));
        }

        return View("~/Features/Team/Dashboard.cshtml", new DashboardModel(
            chosen,
            reportPeriod.Label,
            projects,
            trend,
            signals,
            counts,
            people.Count > 0,
            policy.MinimumGroupSize));
    }

    /// <summary>
    /// Projects the viewer or their teams' people work on: outcome counts by status, cycle times of the
    /// outcomes completed in the period, and hours as the report rules let the viewer see them.
    /// </summary>
    private async Task<IReadOnlyList<DashboardProject>> ProjectsAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        ReportPeriod period,
        List<Guid> people,
        CancellationToken cancellationToken)
    {
        var projectIds = await db.ProjectMembers.AsNoTracking()
            .Where(m => people.Contains(m.UserId))
            .Select(m => m.ProjectId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking()
            .Where(p => projectIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name })
            .ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => projectIds.Contains(o.ProjectId))
            .ToListAsync(cancellationToken);
        var outcomeIds = outcomes.Select(o => o.Id).ToList();

        // Cycle time starts at the first time logged to an outcome, by anyone: a fact about the outcome.
        var firstLogged = await db.TimeEntries.AsNoTracking()
            .Where(e => e.OutcomeId != null && outcomeIds.Contains(e.OutcomeId.Value))
            .GroupBy(e => e.OutcomeId!.Value)
            .Select(g => new { g.Key, First = g.Min(e => e.Start) })
            .ToDictionaryAsync(x => x.Key, x => x.First, cancellationToken);

        var query = new ReportQuery(db);
        var byProject = await HoursAsync(query, policy, viewer, period, ReportGrouping.Project, cancellationToken);
        var byOutcome = await HoursAsync(query, policy, viewer, period, ReportGrouping.Outcome, cancellationToken);

        double? Cycle(Outcome o) =>
            o.CompletedAt is { } done && firstLogged.TryGetValue(o.Id, out var start) && done >= start
                ? Math.Round((done - start).TotalDays, 1)
                : null;
        bool CompletedInPeriod(Outcome o) =>
            o.Status == OutcomeStatus.Done && o.CompletedAt is { } done && done >= period.Start && done < period.End;

        return [.. projects
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .ThenBy(p => p.Id)
            .Select(p =>
            {
                var own = outcomes.Where(o => o.ProjectId == p.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
                var hours = byProject.GetValueOrDefault(p.Id);
                return new DashboardProject(
                    p.Id,
                    p.Name,
                    own.Count(o => o.Status == OutcomeStatus.Planned),
                    own.Count(o => o.Status == OutcomeStatus.InProgress),
                    own.Count(o => o.Status == OutcomeStatus.Done),
                    own.Count(o => o.Status == OutcomeStatus.Blocked),
                    own.Count(CompletedInPeriod),
                    Median([.. own.Where(CompletedInPeriod).Select(Cycle).OfType<double>()]),
                    hours?.Hours,
                    hours?.IsSuppressed ?? false,
                    [.. own.Select(o =>
                    {
                        var time = byOutcome.GetValueOrDefault(o.Id);
                        return new DashboardOutcome(o.Id, o.Name, WorkRules.Label(o.Status), o.DueDate, time?.Hours, time?.IsSuppressed ?? false, CompletedInPeriod(o) ? Cycle(o) : null);
                    })]);
            })];
    }

    private static async Task<IReadOnlyDictionary<Guid, ReportLineView>> HoursAsync(
        ReportQuery query,
        TransparencyPolicy policy,
        Viewer viewer,
        ReportPeriod period,
        ReportGrouping grouping,
        CancellationToken cancellationToken)
    {
        var filter = new ReportFilter(period.From, period.To, grouping);
        var (rows, total) = await query.RunAsync(policy, viewer, filter, cancellationToken);
        var report = Report.Build("", period, filter, [], policy, rows, total);
        return report.Rows.Where(r => r.Key is not null).ToDictionary(r => r.Key!.Value);
    }

    /// <summary>The viewer's countable hours per week, each week's total shown or withheld by the report rules.</summary>
    private async Task<IReadOnlyList<DashboardWeek>> TrendAsync(TransparencyPolicy policy, Viewer viewer, Week thisWeek, DateTimeZone zone, CancellationToken cancellationToken)
    {
        var query = new ReportQuery(db);
        var weeks = new List<DashboardWeek>();
        for (var i = TrendWeeks - 1; i >= 0; i--)
        {
            var start = thisWeek.Start.PlusWeeks(-i);
            var period = new ReportPeriod(start, start.PlusDays(6), zone);
            var filter = new ReportFilter(period.From, period.To, ReportGrouping.Project);
            var (rows, total) = await query.RunAsync(policy, viewer, filter, cancellationToken);
            var report = Report.Build("", period, filter, [], policy, rows, total);
            weeks.Add(new DashboardWeek(start, report.Total.IsSuppressed ? null : report.Total.Hours));
        }

        return weeks;
    }

    /// <summary>
    /// Long weeks over the four weeks before this one, and open support requests of released digests.
    /// Named where the policy grants workload signals one by one (by name, in the caller's order:
    /// nobody is ranked); counted where it grants only aggregates and the group has at least k people.
    /// </summary>
    private async Task<(IReadOnlyList<DashboardSignal> Named, IReadOnlyList<DashboardSignalCount> Counts)> SignalsAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        List<Guid> people,
        Week thisWeek,
        Instant now,
        CancellationToken cancellationToken)
    {
        var granularity = people.ToDictionary(id => id, id => Visibility.Decide(policy, viewer, new Subject(viewer.TenantId, id), DataCategory.WorkloadSignals));
        var individual = people.Where(id => granularity[id] >= Granularity.IndividualTotals).ToList();
        var aggregate = people.Where(id => granularity[id] == Granularity.Aggregate).ToList();
        var counted = individual.Concat(aggregate).ToList();

        var longWeeks = counted.ToDictionary(id => id, _ => 0);
        var week = thisWeek;
        for (var i = 0; i < 4 && counted.Count > 0; i++)
        {
            week = week.Previous;
            var totals = await reader.WeekTotalsAsync(counted, week.Start, new HashSet<Guid>(), cancellationToken);
            foreach (var (id, total) in totals)
            {
                if (total.Total > LongWeek)
                {
                    longWeeks[id]++;
                }
            }
        }

        var sustained = counted.Where(id => longWeeks[id] >= 3).ToHashSet();
        var rising = await RisingOutsideHoursAsync(policy, viewer, individual, thisWeek, cancellationToken);

        var digestReaders = people
            .Where(id => Visibility.Allows(policy, viewer, new Subject(viewer.TenantId, id), DataCategory.Digests, Granularity.IndividualTotals))
            .Where(individual.Contains)
            .ToList();
        var requests = (await db.Digests.AsNoTracking()
            .Where(d => digestReaders.Contains(d.UserId) && d.SupportRequest != null && d.SupportAcknowledgedAt == null)
            .ToListAsync(cancellationToken))
            .Where(d => d.ReleaseAt(now) != DigestReleaseKind.UnderSelfReview)
            .Select(d => d.UserId)
            .ToHashSet();

        var names = (await reader.PeopleAsync(individual, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName);
        var named = individual
            .Where(id => names.ContainsKey(id) && (sustained.Contains(id) || rising.Contains(id) || requests.Contains(id)))
            .Select(id => new DashboardSignal(
                id,
                names[id],
                [.. new[] { sustained.Contains(id) ? LongWeeksNeed : null, rising.Contains(id) ? OutsideHoursNeed : null, requests.Contains(id) ? SupportRequestNeed : null }.OfType<string>()]))
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)
            .ThenBy(s => s.UserId)
            .ToList();

        var counts = aggregate.Count == 0
            ? []
            : new List<DashboardSignalCount>
            {
                new(
                    "People who may need support after several long weeks",
                    Visibility.AggregateIsShown(policy, aggregate.Count) ? aggregate.Count(sustained.Contains) : null),
            };
        return (named, counts);
    }

    /// <summary>
    /// People whose share of time outside working hours rose over the last two weeks against the two
    /// before: at least a fifth of their time, and ten points more than before. Only where outside hours
    /// are tracked and the viewer may see them one by one.
    /// </summary>
    private async Task<HashSet<Guid>> RisingOutsideHoursAsync(TransparencyPolicy policy, Viewer viewer, List<Guid> individual, Week thisWeek, CancellationToken cancellationToken)
    {
        var people = policy.For(DataCategory.OutsideHours).Tracked
            ? individual.Where(id => Visibility.Allows(policy, viewer, new Subject(viewer.TenantId, id), DataCategory.OutsideHours, Granularity.IndividualTotals)).ToList()
            : [];
        if (people.Count == 0)
        {
            return [];
        }

        var from = thisWeek.Start.PlusWeeks(-4);
        var middle = Weeks.StartOfDay(thisWeek.Start.PlusWeeks(-2), thisWeek.Zone);
        var (start, end) = (Weeks.StartOfDay(from, thisWeek.Zone), thisWeek.StartInstant);
        var entries = await db.TimeEntries.AsNoTracking()
            .Where(e => people.Contains(e.UserId) && e.Start >= start && e.Start < end && e.End != null)
            .Select(e => new { e.UserId, e.Start, End = e.End!.Value, e.IsOutsideHours })
            .ToListAsync(cancellationToken);

        double Share(IEnumerable<(Duration Length, bool Outside)> spans)
        {
            var list = spans.ToList();
            var total = list.Sum(s => s.Length.TotalSeconds);
            return total <= 0 ? 0 : list.Where(s => s.Outside).Sum(s => s.Length.TotalSeconds) / total;
        }

        return [.. entries
            .GroupBy(e => e.UserId)
            .Where(g =>
            {
                var before = Share(g.Where(e => e.Start < middle).Select(e => (e.End - e.Start, e.IsOutsideHours)));
                var recent = Share(g.Where(e => e.Start >= middle).Select(e => (e.End - e.Start, e.IsOutsideHours)));
                return recent >= 0.2 && recent >= before + 0.1;
            })
            .Select(g => g.Key)];
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : Math.Round((values[middle - 1] + values[middle]) / 2, 1);
    }
}
