using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>The team and period a dashboard is asked for, once read.</summary>
public sealed record DashboardRequest(Guid? TeamId, DashboardPeriod Period, LocalDate First, LocalDate Last);

/// <summary>
/// What one team delivered over a period and where its people may need support. Outcomes are not about
/// people and are shown as they are. Hours come from <see cref="ReportRunner"/> (per project and
/// outcome) and from rollup queries whose rows go through the same <see cref="Report.Build"/> (per week,
/// against plan), so every figure follows the reports' rules. Workload signals (<see cref="WorkloadSignals"/>)
/// name a person only where the policy grants them one by one; people are listed by name, never ranked.
/// Everyone behind a figure shown is recorded once for the page, one by one or as counted in a group.
/// </summary>
public sealed class DashboardReader(TimeTrackDbContext db, PersonWeekReader people, ReportRunner reports, GroupFigures groupFigures, IClock clock)
{
    /// <summary>Months the trend shows in group figures.</summary>
    public const int TrendMonths = 6;

    /// <summary>The trend shows at least this many weeks, ending with the period's last week.</summary>
    public const int TrendWeeks = 8;

    /// <summary>The active teams the viewer manages; an admin may look at every active team.</summary>
    public async Task<IReadOnlyList<DashboardTeamOption>> TeamsAsync(Looker looker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var teams = db.ActiveTeams.AsNoTracking();
        if (!looker.Viewer.Role.IsAdmin())
        {
            teams = teams.Where(t => t.Managers.Any(m => m.UserId == looker.UserId));
        }

        var rows = await teams.Select(t => new DashboardTeamOption(t.Id, t.Name)).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(t => t.Name, StringComparer.CurrentCulture).ThenBy(t => t.Id)];
    }

    public async Task<DashboardModel> ReadAsync(
        Looker looker,
        DashboardForm form,
        IReadOnlyList<DashboardTeamOption> teams,
        DashboardRequest request,
        Week thisWeek,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(thisWeek);
        var period = new ReportPeriod(request.First, request.Last, thisWeek.Zone);
        var shown = new ShownFigures();

        // Someone who manages no team (and is no admin) sees the groups they belong to, as before teams could be chosen.
        List<Guid> members;
        List<Guid> projectPeople;
        if (request.TeamId is { } team)
        {
            members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team).Select(m => m.UserId).Distinct().ToListAsync(cancellationToken);
            projectPeople = members;
        }
        else
        {
            var groups = await people.GroupsForAsync(looker, cancellationToken);
            members = [.. groups.SelectMany(g => g.Members).Select(m => m.UserId).Distinct()];
            projectPeople = [.. members, looker.UserId];
        }

        var today = clock.GetCurrentInstant().InZone(thisWeek.Zone).Date;

        // A team whose members the viewer does not all see one by one, but may count together, is shown
        // in group figures: whole released months, decided by the planner like every group report.
        var inGroups = request.TeamId is { } chosenTeam
            && members.Any(m => !looker.Sees(m, DataCategory.ProjectTotals, Granularity.IndividualTotals))
            && GroupViewer.Of(looker).MayAskAbout(members.ToHashSet());
        IReadOnlyList<DashboardProject> projects;
        IReadOnlyList<DashboardProjectPlan> plans;
        IReadOnlyList<DashboardWeek> trend;
        var notes = new List<string>();
        if (inGroups && request.TeamId is { } groupTeam)
        {
            var (released, pending) = await groupFigures.ForAsync(looker, request.First, request.Last, cancellationToken);
            var (history, _) = await groupFigures.ForAsync(looker, today.PlusMonths(-TrendMonths), today, cancellationToken);
            period = released.Count > 0 ? new ReportPeriod(released[0].Month, released[^1].Month.PlusMonths(1).PlusDays(-1), thisWeek.Zone) : period;
            projects = await ProjectsAsync(looker, period, groupTeam, projectPeople, released, shown, cancellationToken);
            plans = await PlansAsync(projects, history, groupTeam, shown, cancellationToken);
            trend = [.. history.Select(m => MonthOfTrend(m, groupTeam, shown))];
            notes.Add(released.Count == 0
                ? "You see this team only as a group: its figures come from whole calendar months once they are released, and none of the period's months is released yet."
                : $"You see this team only as a group: its hours come from whole released calendar months ({string.Join(", ", released.Select(m => MonthName(m.Month)))}), and a figure is withheld when fewer than {looker.MinimumGroupSize} people contributed or when it would let one person's time be worked out.");
            notes.AddRange(pending.Select(m => $"{MonthName(m.Month)} is not released yet."));
        }
        else
        {
            projects = await ProjectsAsync(looker, period, request.TeamId, projectPeople, shown, cancellationToken);
            plans = await PlansAsync(looker, projects, today, thisWeek.Zone, shown, cancellationToken);
            trend = await TrendAsync(looker, period, thisWeek, request.TeamId is null ? null : members, shown, cancellationToken);
        }

        // Signals look at the four whole weeks up to the end of the period, never at the unfinished current week.
        var signalEnd = Weeks.StartOf(LocalDate.Min(request.Last.PlusDays(1), thisWeek.Start), thisWeek.Start.DayOfWeek);
        var signalWeeks = Enumerable.Range(0, WorkloadSignals.Weeks).Select(i => signalEnd.PlusWeeks(i - WorkloadSignals.Weeks)).ToList();
        var others = members.Where(id => id != looker.UserId).ToList();
        var (signals, counts) = await SignalsAsync(looker, others, signalWeeks, shown, cancellationToken);
        var weeksLabel = $"{Time.TimeFormat.WeekLabel(signalWeeks[0])} – {Time.TimeFormat.WeekLabel(signalEnd.PlusDays(-1))}";

        var first = LocalDate.Min(request.First, signalWeeks[0]);
        var last = LocalDate.Max(request.Last, signalEnd.PlusDays(-1));
        shown.RecordTo(looker, new AccessRead(AccessChannel.Page, "Team dashboard › " + period.Label, new DateInterval(first, last)));
        var shownPeople = await people.PeopleAsync([.. shown.Individuals.Where(id => id != looker.UserId)], cancellationToken);

        return new DashboardModel(
            form,
            teams,
            request.TeamId,
            request.Period,
            request.First,
            request.Last,
            period.Label,
            projects,
            plans,
            trend,
            weeksLabel,
            signals,
            counts,
            members.Count > 0,
            looker.MinimumGroupSize)
        {
            ShownPeople = shownPeople,
            InGroupFigures = inGroups,
            Notes = notes,
        };
    }

    private static string MonthName(LocalDate month) => month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One month of the trend in group figures: the team's whole month, or null when withheld.</summary>
    private static DashboardWeek MonthOfTrend(MonthFigures month, Guid team, ShownFigures shown)
    {
        var figure = month.Figure(team, WorkItem.All);
        foreach (var person in figure.People)
        {
            shown.InGroup(person, DataCategory.Totals, DataCategory.ProjectTotals);
        }

        return new DashboardWeek(month.Month, figure.Milliseconds is { } ms ? Report.Hours(Duration.FromMilliseconds(ms)) : null) { IsMonth = true };
    }

    /// <summary>The team's hours per project and outcome in group figures, summed over the released months.</summary>
    private async Task<IReadOnlyList<DashboardProject>> ProjectsAsync(
        Looker looker,
        ReportPeriod period,
        Guid team,
        List<Guid> projectPeople,
        IReadOnlyList<MonthFigures> released,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        string? Hours(WorkItem item)
        {
            long total = 0;
            var people = new HashSet<Guid>();
            foreach (var month in released)
            {
                var figure = month.Figure(team, item);
                if (figure.Milliseconds is not { } ms)
                {
                    return null;
                }

                total += ms;
                people.UnionWith(figure.People);
            }

            foreach (var person in people)
            {
                shown.InGroup(person, DataCategory.ProjectTotals);
            }

            return Report.Hours(Duration.FromMilliseconds(total));
        }

        var withTime = released.SelectMany(m => m.Items).Where(i => i.Level == WorkLevel.Project).Select(i => i.Id).OfType<Guid>().ToHashSet();
        var memberOf = await db.ProjectMembers.AsNoTracking().Where(m => projectPeople.Contains(m.UserId)).Select(m => m.ProjectId).Distinct().ToListAsync(cancellationToken);
        var projectIds = memberOf.Union(withTime).ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => projectIds.Contains(o.ProjectId)).ToListAsync(cancellationToken);
        bool CompletedInPeriod(Outcome o) =>
            o.Status == OutcomeStatus.Done && o.CompletedAt is { } done && done >= period.Start && done < period.End;
        var firstLogged = await FirstLoggedAsync([.. outcomes.Where(CompletedInPeriod)], cancellationToken);
        double? Cycle(Outcome o) =>
            o.CompletedAt is { } done && firstLogged.TryGetValue(o.Id, out var start) && done >= start
                ? Math.Round((done - start).TotalDays, 1)
                : null;

        return [.. projects
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .ThenBy(p => p.Id)
            .Select(p =>
            {
                var own = outcomes.Where(o => o.ProjectId == p.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
                var hours = Hours(WorkItem.Project(p.Id));
                return new DashboardProject(
                    p.Id,
                    p.Name,
                    own.Count(o => o.Status == OutcomeStatus.Planned),
                    own.Count(o => o.Status == OutcomeStatus.InProgress),
                    own.Count(o => o.Status == OutcomeStatus.Done),
                    own.Count(o => o.Status == OutcomeStatus.Blocked),
                    own.Count(CompletedInPeriod),
                    Median([.. own.Where(CompletedInPeriod).Select(Cycle).OfType<double>()]),
                    hours,
                    hours is null,
                    [.. own.Select(o =>
                    {
                        var time = Hours(WorkItem.Outcome(p.Id, o.Id));
                        return new DashboardOutcome(o.Id, o.Name, WorkRules.Label(o.Status), o.DueDate, time, time is null, CompletedInPeriod(o) ? Cycle(o) : null);
                    })]);
            })];
    }

    /// <summary>Planned outcomes against the team's time on them in the released months of the trend, in group figures.</summary>
    private async Task<IReadOnlyList<DashboardProjectPlan>> PlansAsync(
        IReadOnlyList<DashboardProject> projects,
        IReadOnlyList<MonthFigures> released,
        Guid team,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        var projectIds = projects.Select(p => p.Id).ToList();
        var planned = await db.Outcomes.AsNoTracking()
            .Where(o => projectIds.Contains(o.ProjectId) && o.PlannedHours != null)
            .Select(o => new { o.Id, o.ProjectId, o.Name, Planned = o.PlannedHours!.Value })
            .ToListAsync(cancellationToken);
        Duration? Spent(WorkItem item)
        {
            long total = 0;
            var people = new HashSet<Guid>();
            foreach (var month in released)
            {
                var figure = month.Figure(team, item);
                if (figure.Milliseconds is not { } ms)
                {
                    return null;
                }

                total += ms;
                people.UnionWith(figure.People);
            }

            foreach (var person in people)
            {
                shown.InGroup(person, DataCategory.ProjectTotals);
            }

            return Duration.FromMilliseconds(total);
        }

        return [.. projects
            .Where(p => planned.Any(o => o.ProjectId == p.Id))
            .Select(p =>
            {
                var own = planned.Where(o => o.ProjectId == p.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
                var lines = own.Select(o => new DashboardPlanLine(o.Id, o.Name, o.Planned, Spent(WorkItem.Outcome(p.Id, o.Id)))).ToList();
                Duration? sum = lines.All(l => l.Spent is not null) ? lines.Aggregate(Duration.Zero, (t, l) => t + (l.Spent ?? Duration.Zero)) : null;
                return new DashboardProjectPlan(p.Id, p.Name, lines, new DashboardPlanLine(p.Id, p.Name, own.Sum(o => o.Planned), sum));
            })];
    }

    /// <summary>
    /// Projects the team's people are members of or logged time to in the period: outcome counts by
    /// status, cycle times of the outcomes completed in the period, and the team's hours as the report
    /// rules let the viewer see them.
    /// </summary>
    private async Task<IReadOnlyList<DashboardProject>> ProjectsAsync(
        Looker looker,
        ReportPeriod period,
        Guid? teamId,
        List<Guid> projectPeople,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        var byProjectFilter = new ReportFilter(period.From, period.To, ReportGrouping.Project, TeamId: teamId);
        var (byProject, _, _) = await reports.RunUnrecordedAsync(looker, byProjectFilter, period, cancellationToken);

        // Each project's hours are the total of its own report by outcome, so a project is withheld
        // whenever one of its outcome rows (or its time without an outcome) is: otherwise the project
        // minus its shown outcomes would give the withheld part away (ADR 008).
        var perProject = new Dictionary<Guid, Report>();
        foreach (var projectId in byProject.Rows.Select(r => r.Key).OfType<Guid>())
        {
            var filter = new ReportFilter(period.From, period.To, ReportGrouping.Outcome, ProjectId: projectId, TeamId: teamId);
            var (report, rows, total) = await reports.RunUnrecordedAsync(looker, filter, period, cancellationToken);
            ReportRunner.Collect(shown, report, rows, total, amountsRendered: false);
            perProject[projectId] = report;
        }

        var memberOf = await db.ProjectMembers.AsNoTracking()
            .Where(m => projectPeople.Contains(m.UserId))
            .Select(m => m.ProjectId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var projectIds = memberOf.Union(perProject.Keys).ToList();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => projectIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name })
            .ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => projectIds.Contains(o.ProjectId))
            .ToListAsync(cancellationToken);

        bool CompletedInPeriod(Outcome o) =>
            o.Status == OutcomeStatus.Done && o.CompletedAt is { } done && done >= period.Start && done < period.End;
        var firstLogged = await FirstLoggedAsync([.. outcomes.Where(CompletedInPeriod)], cancellationToken);

        double? Cycle(Outcome o) =>
            o.CompletedAt is { } done && firstLogged.TryGetValue(o.Id, out var start) && done >= start
                ? Math.Round((done - start).TotalDays, 1)
                : null;

        return [.. projects
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .ThenBy(p => p.Id)
            .Select(p =>
            {
                var own = outcomes.Where(o => o.ProjectId == p.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
                var report = perProject.GetValueOrDefault(p.Id);
                var hours = report?.Total;
                var byOutcome = report?.Rows.Where(r => r.Key is not null).ToDictionary(r => r.Key!.Value) ?? [];
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

    /// <summary>
    /// When time was first logged to each outcome, by anyone (cycle time is a fact about the outcome):
    /// the rollups give the first day, and only that day's entries are read for the exact start.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, Instant>> FirstLoggedAsync(List<Outcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return new Dictionary<Guid, Instant>();
        }

        var ids = outcomes.Select(o => o.Id).ToList();
        var projectIds = outcomes.Select(o => o.ProjectId).Distinct().ToList();
        var firstDays = await db.TimeRollups.AsNoTracking()
            .Where(r => projectIds.Contains(r.ProjectId) && r.OutcomeId != null && ids.Contains(r.OutcomeId.Value))
            .GroupBy(r => r.OutcomeId!.Value)
            .Select(g => new { Outcome = g.Key, Day = g.Min(r => r.Day) })
            .ToListAsync(cancellationToken);
        var days = firstDays.Select(f => f.Day).Distinct().ToList();
        var starts = await db.TimeEntries.AsNoTracking()
            .Where(e => days.Contains(e.Day) && e.OutcomeId != null && ids.Contains(e.OutcomeId.Value) && e.End != null)
            .GroupBy(e => new { Outcome = e.OutcomeId!.Value, e.Day })
            .Select(g => new { g.Key.Outcome, g.Key.Day, First = g.Min(e => e.Start) })
            .ToListAsync(cancellationToken);
        var firstDay = firstDays.ToDictionary(f => f.Outcome, f => f.Day);
        return starts
            .Where(s => firstDay.TryGetValue(s.Outcome, out var day) && day == s.Day)
            .ToDictionary(s => s.Outcome, s => s.First);
    }

    /// <summary>
    /// Planned outcomes of the projects shown, against all the time the viewer may count on them up to
    /// today (whoever logged it: a plan is about the outcome). Each project is a report of its planned
    /// outcomes, so an outcome is withheld as a report row would be, and the project's sum with it.
    /// </summary>
    private async Task<IReadOnlyList<DashboardProjectPlan>> PlansAsync(
        Looker looker,
        IReadOnlyList<DashboardProject> projects,
        LocalDate today,
        DateTimeZone zone,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        var projectIds = projects.Select(p => p.Id).ToList();
        var planned = await db.Outcomes.AsNoTracking()
            .Where(o => projectIds.Contains(o.ProjectId) && o.PlannedHours != null)
            .Select(o => new { o.Id, o.ProjectId, o.Name, Planned = o.PlannedHours!.Value })
            .ToListAsync(cancellationToken);
        if (planned.Count == 0)
        {
            return [];
        }

        var ids = planned.Select(o => o.Id).ToList();
        var withPlans = planned.Select(o => o.ProjectId).Distinct().ToList();
        var facts = await Facts(
                looker,
                db.TimeRollups.AsNoTracking().Where(r => withPlans.Contains(r.ProjectId) && r.OutcomeId != null && ids.Contains(r.OutcomeId.Value) && r.Day <= today),
                [])
            .GroupBy(f => new { f.ProjectId, f.OutcomeId, f.UserId })
            .Select(g => new PersonPart(g.Key.ProjectId, g.Key.OutcomeId, 0, g.Key.UserId, g.Sum(f => f.Ms), g.Min(f => f.Seen ? 1 : 0) == 1))
            .ToListAsync(cancellationToken);

        var period = new ReportPeriod(today, today, zone);
        var plans = new List<DashboardProjectPlan>();
        foreach (var project in projects.Where(p => withPlans.Contains(p.Id)))
        {
            var own = planned.Where(o => o.ProjectId == project.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
            var rows = own.Select(o => PersonPart.Row(o.Id, o.Name, facts.Where(f => f.OutcomeId == o.Id))).ToList();
            var total = PersonPart.Row(null, "Total", facts.Where(f => f.ProjectId == project.Id));
            var filter = new ReportFilter(period.From, period.To, ReportGrouping.Outcome, ProjectId: project.Id);
            var report = Report.Build("", period, filter, [], looker.Policy, rows, total);
            ReportRunner.Collect(shown, report, rows, total, amountsRendered: false);
            var lines = own.Zip(report.Rows, (o, line) => new DashboardPlanLine(o.Id, o.Name, o.Planned, line.Time)).ToList();
            plans.Add(new DashboardProjectPlan(
                project.Id,
                project.Name,
                lines,
                new DashboardPlanLine(project.Id, project.Name, own.Sum(o => o.Planned), report.Total.Time)));
        }

        return plans;
    }

    /// <summary>
    /// Countable hours per week, each week's total shown or withheld exactly as a one-week report by
    /// project would show its total: one rollup query by week, project and person.
    /// <paramref name="members"/> limits the hours to a team's members; null counts everyone the viewer may.
    /// </summary>
    private async Task<IReadOnlyList<DashboardWeek>> TrendAsync(
        Looker looker,
        ReportPeriod period,
        Week thisWeek,
        List<Guid>? members,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        var weekStart = thisWeek.Start.DayOfWeek;
        var lastWeek = LocalDate.Min(Weeks.StartOf(period.To, weekStart), thisWeek.Start);
        var firstWeek = LocalDate.Min(Weeks.StartOf(period.From, weekStart), lastWeek.PlusWeeks(1 - TrendWeeks));
        var weeks = new List<LocalDate>();
        for (var start = firstWeek; start <= lastWeek; start = start.PlusWeeks(1))
        {
            weeks.Add(start);
        }

        var (from, until) = (weeks[0], lastWeek.PlusWeeks(1));
        var rollups = db.TimeRollups.AsNoTracking().Where(r => r.Day >= from && r.Day < until);
        if (members is not null)
        {
            rollups = rollups.Where(r => members.Contains(r.UserId));
        }

        var parts = await Facts(looker, rollups, weeks)
            .GroupBy(f => new { f.Week, f.ProjectId, f.UserId })
            .Select(g => new PersonPart(g.Key.ProjectId, null, g.Key.Week, g.Key.UserId, g.Sum(f => f.Ms), g.Min(f => f.Seen ? 1 : 0) == 1))
            .ToListAsync(cancellationToken);

        return [.. weeks.Select((start, index) =>
        {
            var weekPeriod = new ReportPeriod(start, start.PlusDays(6), period.Zone);
            var filter = new ReportFilter(weekPeriod.From, weekPeriod.To, ReportGrouping.Project);
            var week = parts.Where(p => p.Week == index).ToList();
            var rows = week.GroupBy(p => p.ProjectId).Select(g => PersonPart.Row(g.Key, "", g)).ToList();
            var total = PersonPart.Row(null, "Total", week);
            var report = Report.Build("", weekPeriod, filter, [], looker.Policy, rows, total);
            if (!report.Total.IsSuppressed)
            {
                ReportRunner.Collect(shown, report with { Rows = [] }, [], total, amountsRendered: false);
            }

            return new DashboardWeek(start, report.Total.IsSuppressed ? null : report.Total.Hours);
        })];
    }

    /// <summary>
    /// Support needs over <paramref name="weeks"/> (four whole weeks, oldest first), read in one rollup
    /// query for everyone, plus open support requests of released digests. Named where the policy grants
    /// workload signals one by one (by name: nobody is ranked); counted where it grants only aggregates
    /// and the group has at least k people.
    /// </summary>
    private async Task<(IReadOnlyList<DashboardSignal> Named, IReadOnlyList<DashboardSignalCount> Counts)> SignalsAsync(
        Looker looker,
        List<Guid> members,
        List<LocalDate> weeks,
        ShownFigures shown,
        CancellationToken cancellationToken)
    {
        Granularity Of(Guid id, DataCategory category) => looker.Sees(id, category);
        var individual = members.Where(id => Of(id, DataCategory.WorkloadSignals) >= Granularity.IndividualTotals).ToList();
        var aggregate = members.Where(id => Of(id, DataCategory.WorkloadSignals) == Granularity.Aggregate).ToList();
        var counted = individual.Concat(aggregate).ToList();

        var outsideTracked = looker.Policy.For(DataCategory.OutsideHours).Tracked;
        var weekly = await WeeklyAsync(counted, weeks, cancellationToken);
        var signals = counted.ToDictionary(id => id, id => WorkloadSignals.Of([.. weekly.Where(w => w.UserId == id).Select(w => w.Work)], outsideTracked));
        var outsideNamed = individual.Where(id => outsideTracked && Of(id, DataCategory.OutsideHours) >= Granularity.IndividualTotals).ToHashSet();
        var outsideCounted = aggregate.Where(id => outsideTracked && Of(id, DataCategory.OutsideHours) >= Granularity.Aggregate).ToList();

        var digestReaders = individual.Where(id => Of(id, DataCategory.Digests) >= Granularity.IndividualTotals).ToList();
        var now = clock.GetCurrentInstant();
        var requests = (await db.Digests.AsNoTracking()
            .Where(d => digestReaders.Contains(d.UserId) && d.SupportRequest != null && d.SupportAcknowledgedAt == null)
            .ToListAsync(cancellationToken))
            .Where(d => d.ReleaseAt(now) != DigestReleaseKind.UnderSelfReview)
            .Select(d => d.UserId)
            .ToHashSet();

        var names = (await people.PeopleAsync(individual, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName);
        var named = individual
            .Where(names.ContainsKey)
            .Select(id => new DashboardSignal(
                id,
                names[id],
                [.. new[]
                {
                    signals[id].SeveralLongWeeks ? DashboardModel.LongWeeksNeed : null,
                    outsideNamed.Contains(id) && signals[id].MoreOutsideHours ? DashboardModel.OutsideHoursNeed : null,
                    signals[id].FrequentSwitching ? DashboardModel.FragmentationNeed : null,
                    requests.Contains(id) ? DashboardModel.SupportRequestNeed : null,
                }.OfType<string>()]))
            .Where(s => s.Needs.Count > 0)
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)
            .ThenBy(s => s.UserId)
            .ToList();
        foreach (var signal in named)
        {
            shown.Individually(signal.UserId, signal.Needs.Contains(DashboardModel.OutsideHoursNeed) ? [DataCategory.OutsideHours, DataCategory.WorkloadSignals] : [DataCategory.WorkloadSignals]);
        }

        var counts = new List<DashboardSignalCount>();
        if (aggregate.Count > 0)
        {
            int? Count(List<Guid> group, Func<WorkloadSignal, bool> with, params DataCategory[] categories)
            {
                if (group.Count < looker.MinimumGroupSize)
                {
                    return null;
                }

                foreach (var person in group)
                {
                    shown.InGroup(person, categories);
                }

                return group.Count(id => with(signals[id]));
            }

            counts.Add(new("People who may need support after several long weeks", Count(aggregate, s => s.SeveralLongWeeks, DataCategory.WorkloadSignals)));
            counts.Add(new("People switching between tasks a lot, who may need focus time protected", Count(aggregate, s => s.FrequentSwitching, DataCategory.WorkloadSignals)));
            if (outsideCounted.Count > 0)
            {
                counts.Add(new("People working more outside working hours lately", Count(outsideCounted, s => s.MoreOutsideHours, DataCategory.WorkloadSignals, DataCategory.OutsideHours)));
            }
        }

        return (named, counts);
    }

    /// <summary>Per person and week (0 = oldest): time, time outside working hours, entries and days worked.</summary>
    private async Task<List<(Guid UserId, WeekOfWork Work)>> WeeklyAsync(List<Guid> members, List<LocalDate> weeks, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return [];
        }

        var (from, until) = (weeks[0], weeks[^1].PlusWeeks(1));
        var rows = db.TimeRollups.AsNoTracking().Where(r => members.Contains(r.UserId) && r.Day >= from && r.Day < until);
        var week = WeekOf(weeks);
        var parameter = week.Parameters[0];
        var init = Expression.MemberInit(
            Expression.New(typeof(SignalFact)),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.UserId))!, Expression.Property(parameter, nameof(TimeRollup.UserId))),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.Day))!, Expression.Property(parameter, nameof(TimeRollup.Day))),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.Week))!, week.Body),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.DurationMs))!, Expression.Property(parameter, nameof(TimeRollup.DurationMs))),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.OutsideHoursMs))!, Expression.Property(parameter, nameof(TimeRollup.OutsideHoursMs))),
            Expression.Bind(typeof(SignalFact).GetProperty(nameof(SignalFact.Entries))!, Expression.Property(parameter, nameof(TimeRollup.Entries))));
        var facts = await rows
            .Select(Expression.Lambda<Func<TimeRollup, SignalFact>>(init, parameter))
            .GroupBy(f => new { f.UserId, f.Week })
            .Select(g => new
            {
                g.Key.UserId,
                g.Key.Week,
                DurationMs = g.Sum(f => f.DurationMs),
                OutsideHoursMs = g.Sum(f => f.OutsideHoursMs),
                Entries = g.Sum(f => f.Entries),
                Days = g.Select(f => f.Day).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        return [.. facts.Select(f => (f.UserId, new WeekOfWork(f.Week, f.DurationMs, f.OutsideHoursMs, f.Entries, f.Days)))];
    }

    /// <summary>
    /// Rollup rows of people the viewer sees one by one, as <see cref="ReportQuery"/> counts them, each
    /// marked as seen so that the rows' counts mean what a report's mean.
    /// </summary>
    private static IQueryable<Fact> Facts(Looker looker, IQueryable<TimeRollup> rollups, IReadOnlyList<LocalDate> weeks)
    {
        // Live figures count only people seen one by one; people seen only together are in group figures.
        var oneByOne = looker.RowsSeen<TimeRollup>(DataCategory.ProjectTotals, Granularity.IndividualTotals, r => r.UserId, r => r.ProjectId);
        var visible = oneByOne;
        var week = WeekOf(weeks);
        var parameter = week.Parameters[0];
        var init = Expression.MemberInit(
            Expression.New(typeof(Fact)),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.UserId))!, Expression.Property(parameter, nameof(TimeRollup.UserId))),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.ProjectId))!, Expression.Property(parameter, nameof(TimeRollup.ProjectId))),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.OutcomeId))!, Expression.Property(parameter, nameof(TimeRollup.OutcomeId))),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.Week))!, week.Body),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.Ms))!, Expression.Property(parameter, nameof(TimeRollup.DurationMs))),
            Expression.Bind(typeof(Fact).GetProperty(nameof(Fact.Seen))!, new Replace(oneByOne.Parameters[0], parameter).Visit(oneByOne.Body)!));
        return rollups.Where(visible).Select(Expression.Lambda<Func<TimeRollup, Fact>>(init, parameter));
    }

    /// <summary>The index of the week (starts ascending) a rollup's day falls in, as a SQL CASE; 0 without weeks.</summary>
    private static Expression<Func<TimeRollup, int>> WeekOf(IReadOnlyList<LocalDate> weeks)
    {
        var parameter = Expression.Parameter(typeof(TimeRollup), "r");
        var day = Expression.Property(parameter, nameof(TimeRollup.Day));
        Expression index = Expression.Constant(0);
        for (var i = 1; i < weeks.Count; i++)
        {
            index = Expression.Condition(Expression.GreaterThanOrEqual(day, Expression.Constant(weeks[i])), Expression.Constant(i), index);
        }

        return Expression.Lambda<Func<TimeRollup, int>>(index, parameter);
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

    /// <summary>One person's time in one group (project or outcome, and week) of a dashboard figure.</summary>
    private sealed record PersonPart(Guid ProjectId, Guid? OutcomeId, int Week, Guid UserId, long Ms, bool OneByOne)
    {
        /// <summary>A report row adding up <paramref name="parts"/>, with the people behind it.</summary>
        public static ReportRow Row(Guid? key, string label, IEnumerable<PersonPart> parts)
        {
            var list = parts.ToList();
            var byPerson = list.GroupBy(p => p.UserId).Select(g => new ReportContributor(g.Key, g.All(p => p.OneByOne))).ToList();
            return new ReportRow(key, label, Seconds(list.Sum(p => p.Ms)), byPerson.Count, byPerson.Count(c => !c.OneByOne)) { Contributors = byPerson };
        }

        private static long Seconds(long milliseconds) => (long)Math.Round(milliseconds / 1000.0, MidpointRounding.AwayFromZero);
    }

    private sealed class Fact
    {
        public Guid UserId { get; init; }

        public Guid ProjectId { get; init; }

        public Guid? OutcomeId { get; init; }

        public int Week { get; init; }

        public long Ms { get; init; }

        public bool Seen { get; init; }
    }

    private sealed class SignalFact
    {
        public Guid UserId { get; init; }

        public LocalDate Day { get; init; }

        public int Week { get; init; }

        public long DurationMs { get; init; }

        public long OutsideHoursMs { get; init; }

        public int Entries { get; init; }
    }

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
