using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
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
/// What one team delivered over a period and where its people may need support. Outcomes are not
/// about people and are shown as they are. Hours come from the rollups: per project and outcome
/// through <see cref="ReportQuery"/>, per week and against plan through rollup queries whose rows go
/// through <see cref="Report.Build"/>, so every figure follows the same visibility and suppression
/// rules as reports (ADR 008). Workload signals name a person only where the policy grants
/// <see cref="DataCategory.WorkloadSignals"/> one by one, and every such name is written to that
/// person's access log. People are listed by name, never by hours. Every query is set-based, bounded
/// by the team's people and the days shown.
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
    /// <summary>The trend shows at least this many weeks, ending with the period's last week.</summary>
    public const int TrendWeeks = 8;

    /// <summary>The longest custom period, as for reports.</summary>
    public const int LongestPeriodDays = 366;

    /// <summary>A week longer than this counts as long.</summary>
    public static readonly Duration LongWeek = Duration.FromHours(45);

    /// <summary>
    /// Entries per worked day, on average over the last two weeks, from which switching counts as
    /// frequent: ten blocks in an eight-hour day leave under an hour for each.
    /// </summary>
    public const int FragmentedEntriesPerDay = 10;

    /// <summary>Fewer worked days than this in the last two weeks say too little about a pattern.</summary>
    public const int FragmentedMinimumDays = 3;

    public const string LongWeeksNeed = "may need support: several long weeks";

    public const string SupportRequestNeed = "has asked for support";

    public const string OutsideHoursNeed = "may need support: more work outside working hours lately";

    public const string FragmentationNeed = "Lots of switching between tasks — could focus time be protected?";

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    [HttpGet("team/dashboard")]
    public async Task<IActionResult> Index([FromQuery] DashboardForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var mine = await tracking.ForAsync(viewer.UserId, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(mine.Zone).Date;
        var thisWeek = mine.WeekOf(today);

        var teams = await TeamsAsync(viewer, cancellationToken);
        var teamId = ChooseTeam(form, teams);
        var (chosen, first, last) = ChoosePeriod(form, today, thisWeek);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page(new DashboardModel(form, teams, teamId, chosen, first, last, "", [], [], [], "", [], [], false, policy.MinimumGroupSize));
        }

        var period = new ReportPeriod(first, last, mine.Zone);

        // Someone who manages no team (and is no admin) sees the groups they belong to, as before teams could be chosen.
        List<Guid> people;
        List<Guid> projectPeople;
        if (teamId is { } team)
        {
            people = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team).Select(m => m.UserId).Distinct().ToListAsync(cancellationToken);
            projectPeople = people;
        }
        else
        {
            var groups = await reader.GroupsForAsync(policy, viewer, cancellationToken);
            people = [.. groups.SelectMany(g => g.Members).Select(m => m.UserId).Distinct()];
            projectPeople = [.. people, viewer.UserId];
        }

        var projects = await ProjectsAsync(policy, viewer, period, teamId, projectPeople, cancellationToken);
        var plans = await PlansAsync(policy, viewer, projects, today, mine.Zone, cancellationToken);
        var trend = await TrendAsync(policy, viewer, period, thisWeek, teamId is null ? null : people, cancellationToken);

        // Signals look at the four whole weeks up to the end of the period, never at the unfinished current week.
        var signalEnd = mine.WeekOf(LocalDate.Min(last.PlusDays(1), thisWeek.Start)).Start;

        var signalWeeks = Enumerable.Range(0, 4).Select(i => signalEnd.PlusWeeks(i - 4)).ToList();
        var others = people.Where(id => id != viewer.UserId).ToList();
        var (signals, counts) = await SignalsAsync(policy, viewer, others, signalWeeks, cancellationToken);
        var weeksLabel = $"{PersonWeek.WeekLabel(signalWeeks[0])} – {PersonWeek.WeekLabel(signalEnd.PlusDays(-1))}";
        foreach (var signal in signals)
        {
            IReadOnlyCollection<DataCategory> shown = signal.Needs.Contains(OutsideHoursNeed)
                ? [DataCategory.OutsideHours, DataCategory.WorkloadSignals]
                : [DataCategory.WorkloadSignals];
            access.Record(signal.UserId, shown, AccessChannel.Page, "Team dashboard › support needs, weeks up to " + PersonWeek.WeekLabel(signalWeeks[^1]));
        }

        return Page(new DashboardModel(
            form,
            teams,
            teamId,
            chosen,
            first,
            last,
            period.Label,
            projects,
            plans,
            trend,
            weeksLabel,
            signals,
            counts,
            people.Count > 0,
            policy.MinimumGroupSize));
    }

    private ViewResult Page(DashboardModel model) => View("~/Features/Team/Dashboard.cshtml", model);

    /// <summary>The teams the viewer manages; an admin may look at every team.</summary>
    private async Task<IReadOnlyList<DashboardTeamOption>> TeamsAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var teams = db.Teams.AsNoTracking();
        if (!viewer.Role.IsAdmin())
        {
            teams = teams.Where(t => t.ManagerUserId == viewer.UserId);
        }

        var rows = await teams.Select(t => new DashboardTeamOption(t.Id, t.Name)).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(t => t.Name, StringComparer.CurrentCulture).ThenBy(t => t.Id)];
    }

    private Guid? ChooseTeam(DashboardForm form, IReadOnlyList<DashboardTeamOption> teams)
    {
        if (teams.Count == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(form.Team))
        {
            return teams[0].Id;
        }

        if (Guid.TryParse(form.Team.Trim(), out var id) && teams.Any(t => t.Id == id))
        {
            return id;
        }

        ModelState.AddModelError("team", "Choose one of your teams from the list.");
        return null;
    }

    /// <summary>The chosen period's first and last day (both included); errors go to the model state under the field's name.</summary>
    private (DashboardPeriod Period, LocalDate First, LocalDate Last) ChoosePeriod(DashboardForm form, LocalDate today, Week thisWeek)
    {
        var typedDates = !string.IsNullOrWhiteSpace(form.From) || !string.IsNullOrWhiteSpace(form.To);
        var chosen = string.IsNullOrWhiteSpace(form.Period)
            ? typedDates ? DashboardPeriod.Custom : DashboardPeriod.FourWeeks
            : DashboardModel.Parse(form.Period.Trim());
        if (chosen is null)
        {
            ModelState.AddModelError("period", "Choose a period from the list.");
            return (DashboardPeriod.FourWeeks, thisWeek.Start.PlusWeeks(-3), thisWeek.End.PlusDays(-1));
        }

        var month = new LocalDate(today.Year, today.Month, 1);
        switch (chosen.Value)
        {
            case DashboardPeriod.Week:
                return (chosen.Value, thisWeek.Start, thisWeek.End.PlusDays(-1));
            case DashboardPeriod.Month:
                return (chosen.Value, month, month.PlusMonths(1).PlusDays(-1));
            case DashboardPeriod.LastMonth:
                return (chosen.Value, month.PlusMonths(-1), month.PlusDays(-1));
            case DashboardPeriod.Custom:
                break;
            default:
                return (chosen.Value, thisWeek.Start.PlusWeeks(-3), thisWeek.End.PlusDays(-1));
        }

        var from = Date(form.From, "from", "Enter the first day as a date, for example 2026-11-02.");
        var to = Date(form.To, "to", "Enter the last day as a date, for example 2026-11-29.");
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                ModelState.AddModelError("to", "The last day cannot be before the first day.");
            }
            else if (Period.Between(f, t, PeriodUnits.Days).Days >= LongestPeriodDays)
            {
                ModelState.AddModelError("to", $"Choose at most {LongestPeriodDays} days.");
            }

            return (DashboardPeriod.Custom, f, t);
        }

        return (DashboardPeriod.Custom, from ?? today, to ?? today);
    }

    private LocalDate? Date(string? text, string key, string message)
    {
        var parsed = IsoDate.Parse(text?.Trim() ?? "");
        if (parsed.Success)
        {
            return parsed.Value;
        }

        ModelState.AddModelError(key, message);
        return null;
    }

    /// <summary>
    /// Projects the team's people are members of or logged time to in the period: outcome counts by
    /// status, cycle times of the outcomes completed in the period, and the team's hours as the report
    /// rules let the viewer see them.
    /// </summary>
    private async Task<IReadOnlyList<DashboardProject>> ProjectsAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        ReportPeriod period,
        Guid? teamId,
        List<Guid> people,
        CancellationToken cancellationToken)
    {
        var query = new ReportQuery(db);
        var byProject = await HoursAsync(query, policy, viewer, period, teamId, ReportGrouping.Project, cancellationToken);

        // Each project's hours are the total of its own report by outcome, so a project is withheld
        // whenever one of its outcome rows (or its time without an outcome) is: otherwise the project
        // minus its shown outcomes would give the withheld part away (ADR 008).
        var perProject = new Dictionary<Guid, Report>();
        foreach (var projectId in byProject.Keys)
        {
            var filter = new ReportFilter(period.From, period.To, ReportGrouping.Outcome, ProjectId: projectId, TeamId: teamId);
            var (rows, total) = await query.RunAsync(policy, viewer, filter, cancellationToken);
            perProject[projectId] = Report.Build("", period, filter, [], policy, rows, total);
        }

        var memberOf = await db.ProjectMembers.AsNoTracking()
            .Where(m => people.Contains(m.UserId))
            .Select(m => m.ProjectId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var projectIds = memberOf.Union(byProject.Keys).ToList();
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

    private static async Task<IReadOnlyDictionary<Guid, ReportLineView>> HoursAsync(
        ReportQuery query,
        TransparencyPolicy policy,
        Viewer viewer,
        ReportPeriod period,
        Guid? teamId,
        ReportGrouping grouping,
        CancellationToken cancellationToken)
    {
        var filter = new ReportFilter(period.From, period.To, grouping, TeamId: teamId);
        var (rows, total) = await query.RunAsync(policy, viewer, filter, cancellationToken);
        var report = Report.Build("", period, filter, [], policy, rows, total);
        return report.Rows.Where(r => r.Key is not null).ToDictionary(r => r.Key!.Value);
    }

    /// <summary>
    /// Planned outcomes of the projects shown, against all the time the viewer may count on them up to
    /// today (whoever logged it: a plan is about the outcome). Each project is a report of its planned
    /// outcomes, so an outcome is withheld as a report row would be, and the project's sum with it.
    /// </summary>
    private async Task<IReadOnlyList<DashboardProjectPlan>> PlansAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        IReadOnlyList<DashboardProject> projects,
        LocalDate today,
        DateTimeZone zone,
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
        var facts = Facts(
            policy,
            viewer,
            db.TimeRollups.AsNoTracking().Where(r => withPlans.Contains(r.ProjectId) && r.OutcomeId != null && ids.Contains(r.OutcomeId.Value) && r.Day <= today),
            []);
        var byOutcome = (await facts
            .GroupBy(f => f.OutcomeId)
            .Select(g => new Counted(g.Key, g.Sum(f => f.Ms), g.Select(f => f.UserId).Distinct().Count(), g.Where(f => !f.Seen).Select(f => f.UserId).Distinct().Count()))
            .ToListAsync(cancellationToken))
            .Where(c => c.Key is not null)
            .ToDictionary(c => c.Key!.Value);
        var byProject = (await facts
            .GroupBy(f => f.ProjectId)
            .Select(g => new Counted(g.Key, g.Sum(f => f.Ms), g.Select(f => f.UserId).Distinct().Count(), g.Where(f => !f.Seen).Select(f => f.UserId).Distinct().Count()))
            .ToListAsync(cancellationToken))
            .ToDictionary(c => c.Key!.Value);

        var period = new ReportPeriod(today, today, zone);
        var plans = new List<DashboardProjectPlan>();
        foreach (var project in projects.Where(p => withPlans.Contains(p.Id)))
        {
            var own = planned.Where(o => o.ProjectId == project.Id).OrderBy(o => o.Name, StringComparer.CurrentCulture).ThenBy(o => o.Id).ToList();
            var rows = own.Select(o => byOutcome.TryGetValue(o.Id, out var c) ? c.Row(o.Name) : new ReportRow(o.Id, o.Name, 0, 0, 0)).ToList();
            var total = byProject.TryGetValue(project.Id, out var sum) ? sum.Row("Total") : new ReportRow(null, "Total", 0, 0, 0);
            var filter = new ReportFilter(period.From, period.To, ReportGrouping.Outcome, ProjectId: project.Id);
            var report = Report.Build("", period, filter, [], policy, rows, total);
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
    /// project would show its total: one rollup query by week and project, one by week.
    /// <paramref name="people"/> limits the hours to a team's members; null counts everyone the viewer may.
    /// </summary>
    private async Task<IReadOnlyList<DashboardWeek>> TrendAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        ReportPeriod period,
        Week thisWeek,
        List<Guid>? people,
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
        if (people is not null)
        {
            rollups = rollups.Where(r => people.Contains(r.UserId));
        }

        var facts = Facts(policy, viewer, rollups, weeks);
        var byProject = await facts
            .GroupBy(f => new { f.Week, f.ProjectId })
            .Select(g => new { g.Key.Week, g.Key.ProjectId, Ms = g.Sum(f => f.Ms), People = g.Select(f => f.UserId).Distinct().Count(), Hidden = g.Where(f => !f.Seen).Select(f => f.UserId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        var byWeek = await facts
            .GroupBy(f => f.Week)
            .Select(g => new { Week = g.Key, Ms = g.Sum(f => f.Ms), People = g.Select(f => f.UserId).Distinct().Count(), Hidden = g.Where(f => !f.Seen).Select(f => f.UserId).Distinct().Count() })
            .ToDictionaryAsync(w => w.Week, cancellationToken);

        return [.. weeks.Select((start, index) =>
        {
            var weekPeriod = new ReportPeriod(start, start.PlusDays(6), period.Zone);
            var filter = new ReportFilter(weekPeriod.From, weekPeriod.To, ReportGrouping.Project);
            var rows = byProject.Where(r => r.Week == index).Select(r => new ReportRow(r.ProjectId, "", Seconds(r.Ms), r.People, r.Hidden)).ToList();
            var total = byWeek.TryGetValue(index, out var w) ? new ReportRow(null, "Total", Seconds(w.Ms), w.People, w.Hidden) : new ReportRow(null, "Total", 0, 0, 0);
            var report = Report.Build("", weekPeriod, filter, [], policy, rows, total);
            return new DashboardWeek(start, report.Total.IsSuppressed ? null : report.Total.Hours);
        })];
    }

    /// <summary>
    /// Support needs over <paramref name="weeks"/> (four whole weeks, oldest first), read in one rollup
    /// query for everyone: long weeks, a rising share outside working hours, and frequent switching,
    /// plus open support requests of released digests. Named where the policy grants workload signals
    /// one by one (by name: nobody is ranked); counted where it grants only aggregates and the group has
    /// at least k people.
    /// </summary>
    private async Task<(IReadOnlyList<DashboardSignal> Named, IReadOnlyList<DashboardSignalCount> Counts)> SignalsAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        List<Guid> people,
        List<LocalDate> weeks,
        CancellationToken cancellationToken)
    {
        Granularity Of(Guid id, DataCategory category) => Visibility.Decide(policy, viewer, new Subject(viewer.TenantId, id), category);
        var individual = people.Where(id => Of(id, DataCategory.WorkloadSignals) >= Granularity.IndividualTotals).ToList();
        var aggregate = people.Where(id => Of(id, DataCategory.WorkloadSignals) == Granularity.Aggregate).ToList();
        var counted = individual.Concat(aggregate).ToList();

        var weekly = await WeeklyAsync(counted, weeks, cancellationToken);
        var sustained = counted.Where(id => weekly.Count(w => w.UserId == id && w.DurationMs > LongWeek.TotalMilliseconds) >= 3).ToHashSet();
        var fragmented = counted.Where(id => IsFragmented(weekly.Where(w => w.UserId == id && w.Week >= 2))).ToHashSet();
        var outsideTracked = policy.For(DataCategory.OutsideHours).Tracked;
        var rising = outsideTracked
            ? counted.Where(id => IsRising([.. weekly.Where(w => w.UserId == id)])).ToHashSet()
            : [];
        var outsideNamed = individual.Where(id => outsideTracked && Of(id, DataCategory.OutsideHours) >= Granularity.IndividualTotals).ToHashSet();
        var outsideCounted = aggregate.Where(id => outsideTracked && Of(id, DataCategory.OutsideHours) >= Granularity.Aggregate).ToList();

        var digestReaders = individual
            .Where(id => Of(id, DataCategory.Digests) >= Granularity.IndividualTotals)
            .ToList();
        var now = clock.GetCurrentInstant();
        var requests = (await db.Digests.AsNoTracking()
            .Where(d => digestReaders.Contains(d.UserId) && d.SupportRequest != null && d.SupportAcknowledgedAt == null)
            .ToListAsync(cancellationToken))
            .Where(d => d.ReleaseAt(now) != DigestReleaseKind.UnderSelfReview)
            .Select(d => d.UserId)
            .ToHashSet();

        var names = (await reader.PeopleAsync(individual, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName);
        var named = individual
            .Where(names.ContainsKey)
            .Select(id => new DashboardSignal(
                id,
                names[id],
                [.. new[]
                {
                    sustained.Contains(id) ? LongWeeksNeed : null,
                    outsideNamed.Contains(id) && rising.Contains(id) ? OutsideHoursNeed : null,
                    fragmented.Contains(id) ? FragmentationNeed : null,
                    requests.Contains(id) ? SupportRequestNeed : null,
                }.OfType<string>()]))
            .Where(s => s.Needs.Count > 0)
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)
            .ThenBy(s => s.UserId)
            .ToList();

        var counts = new List<DashboardSignalCount>();
        if (aggregate.Count > 0)
        {
            int? Count(List<Guid> group, HashSet<Guid> with) => Visibility.AggregateIsShown(policy, group.Count) ? group.Count(with.Contains) : null;
            counts.Add(new("People who may need support after several long weeks", Count(aggregate, sustained)));
            counts.Add(new("People switching between tasks a lot, who may need focus time protected", Count(aggregate, fragmented)));
            if (outsideCounted.Count > 0)
            {
                counts.Add(new("People working more outside working hours lately", Count(outsideCounted, rising)));
            }
        }

        return (named, counts);
    }

    /// <summary>Per person and week (0 = oldest): time, time outside working hours, entries and days worked.</summary>
    private async Task<List<PersonWeekFacts>> WeeklyAsync(List<Guid> people, List<LocalDate> weeks, CancellationToken cancellationToken)
    {
        if (people.Count == 0)
        {
            return [];
        }

        var (from, until) = (weeks[0], weeks[^1].PlusWeeks(1));
        var rows = db.TimeRollups.AsNoTracking().Where(r => people.Contains(r.UserId) && r.Day >= from && r.Day < until);
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
        return await rows
            .Select(Expression.Lambda<Func<TimeRollup, SignalFact>>(init, parameter))
            .GroupBy(f => new { f.UserId, f.Week })
            .Select(g => new PersonWeekFacts(
                g.Key.UserId,
                g.Key.Week,
                g.Sum(f => f.DurationMs),
                g.Sum(f => f.OutsideHoursMs),
                g.Sum(f => f.Entries),
                g.Select(f => f.Day).Distinct().Count()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Many short blocks: on average at least <see cref="FragmentedEntriesPerDay"/> entries per worked day.</summary>
    private static bool IsFragmented(IEnumerable<PersonWeekFacts> recent)
    {
        var list = recent.ToList();
        var days = list.Sum(w => w.Days);
        return days >= FragmentedMinimumDays && list.Sum(w => (long)w.Entries) >= (long)FragmentedEntriesPerDay * days;
    }

    /// <summary>
    /// A share of time outside working hours that rose over the last two weeks against the two before:
    /// at least a fifth of the time, and ten points more than before.
    /// </summary>
    private static bool IsRising(List<PersonWeekFacts> weeks)
    {
        static double Share(IEnumerable<PersonWeekFacts> part)
        {
            var list = part.ToList();
            var total = list.Sum(w => w.DurationMs);
            return total <= 0 ? 0 : (double)list.Sum(w => w.OutsideHoursMs) / total;
        }

        var before = Share(weeks.Where(w => w.Week < 2));
        var recent = Share(weeks.Where(w => w.Week >= 2));
        return recent >= 0.2 && recent >= before + 0.1;
    }

    /// <summary>
    /// Rollup rows the viewer may count at least in aggregate, each marked with whether its person is
    /// seen one by one: the same <see cref="Visibility.VisibleEntries{T}"/> questions that
    /// <see cref="ReportQuery"/> asks, so the counts mean what its rows' counts mean.
    /// </summary>
    private static IQueryable<Fact> Facts(TransparencyPolicy policy, Viewer viewer, IQueryable<TimeRollup> rollups, IReadOnlyList<LocalDate> weeks)
    {
        var visible = Visibility.VisibleEntries<TimeRollup>(policy, viewer, DataCategory.ProjectTotals, Granularity.Aggregate, r => r.UserId, r => r.ProjectId);
        var oneByOne = Visibility.VisibleEntries<TimeRollup>(policy, viewer, DataCategory.ProjectTotals, Granularity.IndividualTotals, r => r.UserId, r => r.ProjectId);
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

    private static long Seconds(long milliseconds) => (long)Math.Round(milliseconds / 1000.0, MidpointRounding.AwayFromZero);

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

    private sealed record Counted(Guid? Key, long Ms, int People, int Hidden)
    {
        public ReportRow Row(string label) => new(Key, label, Seconds(Ms), People, Hidden);
    }

    private sealed record PersonWeekFacts(Guid UserId, int Week, long DurationMs, long OutsideHoursMs, int Entries, int Days);

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
