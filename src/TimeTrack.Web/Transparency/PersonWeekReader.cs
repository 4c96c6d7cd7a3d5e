using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Transparency;

/// <summary>A member of the organization, by name.</summary>
public sealed record PersonName(Guid UserId, string DisplayName);

/// <summary>A group of people shown together (a team, or the members in no team).</summary>
/// <param name="TeamId">Null for the members who belong to no team.</param>
/// <param name="ManagerUserIds">The team's managers; none for the members in no team.</param>
public sealed record PeopleGroup(Guid? TeamId, string Name, IReadOnlyList<Guid> ManagerUserIds, IReadOnlyList<PersonName> Members);

/// <summary>Time on one project (and outcome, when the time was logged towards one) in the week.</summary>
public sealed record ProjectTime(Guid ProjectId, string Project, Guid? OutcomeId, string? Outcome, Duration Duration) : IOnProject;

/// <summary>
/// One entry as the subject's calendar shows it. <see cref="IsOutsideHours"/> is null when the viewer
/// may not learn whether it was outside the subject's working hours.
/// </summary>
public sealed record PersonEntry(
    Guid Id,
    Guid ProjectId,
    Instant Start,
    Instant? End,
    LocalDateTime LocalStart,
    LocalDateTime? LocalEnd,
    Duration Length,
    string Project,
    string? Task,
    string? Outcome,
    string Description,
    IReadOnlyList<string> Tags,
    [property: PersonData(DataCategory.OutsideHours)] bool? IsOutsideHours,
    bool DurationOnly = false) : IOnProject
{
    public bool IsRunning => End is null;
}

/// <summary>Time outside the subject's working hours in the week, and how many entries had some.</summary>
public sealed record OutsideHoursSummary(Duration Duration, int Entries);

/// <summary>
/// What one viewer may see of one person's week, category by category: a read model whose parts each
/// declare their <see cref="DataCategory"/>. A null part is one the viewer may not see;
/// <see cref="Included"/> lists the categories shown (what the access log records).
/// </summary>
public sealed record PersonWeek(
    PersonName Person,
    Week Week,
    [property: PersonData(DataCategory.Totals)] WeekTotals? Totals,
    [property: PersonData(DataCategory.ProjectTotals)] IReadOnlyList<ProjectTime>? Projects,
    bool ProjectsLimitedToManaged,
    [property: PersonData(DataCategory.EntryDetails, Granularity.IndividualDetail)] IReadOnlyList<PersonEntry>? Entries,
    bool EntriesLimitedToManaged,
    [property: PersonData(DataCategory.OutsideHours)] OutsideHoursSummary? OutsideHours,
    [property: PersonData(DataCategory.LiveTimer)] bool? TimerRunning)
{
    /// <summary>The categories a person-week view can include, in the order the views show them.</summary>
    public static IReadOnlyList<DataCategory> Categories { get; } =
        [DataCategory.Totals, DataCategory.ProjectTotals, DataCategory.EntryDetails, DataCategory.OutsideHours, DataCategory.LiveTimer];

    /// <summary>The categories this week shows, in the order of <see cref="Categories"/>.</summary>
    public IReadOnlyList<DataCategory> Included =>
        [.. Categories.Where(category => category switch
        {
            DataCategory.Totals => Totals is not null,
            DataCategory.ProjectTotals => Projects is not null,
            DataCategory.EntryDetails => Entries is not null,
            DataCategory.OutsideHours => OutsideHours is not null || Entries?.Any(e => e.IsOutsideHours is not null) == true,
            DataCategory.LiveTimer => TimerRunning is not null,
            _ => false,
        })];

    public bool ShowsAnything => Included.Count > 0;

    /// <summary>"16 Nov 2026": how access-log resources and page headings name the week.</summary>
    public static string WeekLabel(LocalDate start) => start.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads people's weeks for someone else to see: asks the <see cref="Looker"/> for every category,
/// filters rows in SQL with its predicates, and hands the week out through
/// <see cref="Looker.Disclose{T}"/>, which clears anything withheld and records the read. Works for any
/// looker, real or hypothetical (<see cref="PersonDataDoor.AsSeenByAsync"/> records nothing). Every
/// query is bounded by the week shown (the (tenant_id, user_id, start_at) index answers it).
/// </summary>
public sealed class PersonWeekReader(TimeTrackDbContext db, TenantContext tenant, PersonTrackingProvider people, IClock clock)
{
    /// <summary>
    /// What the looker may see of <paramref name="subjectUserId"/>'s week containing
    /// <paramref name="date"/> (today in the subject's zone when null), in the subject's calendar.
    /// Null when the subject is not a member of the organization; a week with nothing
    /// <see cref="PersonWeek.Included"/> when the viewer may see nothing of them (nothing is recorded then).
    /// </summary>
    public async Task<PersonWeek?> ReadAsync(Looker looker, Guid subjectUserId, LocalDate? date, Func<Week, AccessRead> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(read);
        if (looker.TenantId != tenant.RequiredTenantId)
        {
            return null;
        }

        var person = (await PeopleAsync([subjectUserId], cancellationToken)).SingleOrDefault();
        if (person is null)
        {
            return null;
        }

        var tracking = await people.ForAsync(subjectUserId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var week = tracking.WeekOf(date ?? now.InZone(tracking.Zone).Date);

        // Project managers' grants reach only the subject's time on projects the viewer manages.
        var managed = looker.Viewer.ManagedProjectIds.ToList();
        var managedProjectsOfSubject = managed.Count == 0
            ? []
            : await db.ProjectMembers.AsNoTracking()
                .Where(m => m.UserId == subjectUserId && managed.Contains(m.ProjectId))
                .Select(m => m.ProjectId)
                .ToListAsync(cancellationToken);
        bool Allows(DataCategory category, Granularity needed) => looker.Sees(subjectUserId, category, needed);
        bool OnManagedProjects(DataCategory category, Granularity needed) =>
            managedProjectsOfSubject.Any(project => looker.Sees(subjectUserId, category, needed, project));

        var showsTotals = Allows(DataCategory.Totals, Granularity.IndividualTotals);
        var showsTimer = Allows(DataCategory.LiveTimer, Granularity.IndividualTotals);
        var showsOutsideHours = Allows(DataCategory.OutsideHours, Granularity.IndividualTotals);
        var allProjects = Allows(DataCategory.ProjectTotals, Granularity.IndividualTotals);
        var showsProjects = allProjects || OnManagedProjects(DataCategory.ProjectTotals, Granularity.IndividualTotals);
        var allEntries = Allows(DataCategory.EntryDetails, Granularity.IndividualDetail);
        var showsEntries = allEntries || OnManagedProjects(DataCategory.EntryDetails, Granularity.IndividualDetail);

        var zone = tracking.Zone;
        var dates = week.Dates;
        var inWeek = db.TimeEntries.AsNoTracking().Where(e => e.UserId == subjectUserId).CountingOn(dates);

        // A running timer's time would show that it runs; it counts only for viewers who may see that.
        if (!showsTimer)
        {
            inWeek = inWeek.Where(e => e.End != null);
        }

        WeekTotals? totals = null;
        if (showsTotals)
        {
            var spans = await inWeek.Select(e => new { e.Start, e.End, e.Day, e.DayMilliseconds }).ToListAsync(cancellationToken);
            totals = DailyTotals.ForWeek(week, spans.SelectMany(s => DaySplit.PartsOf(s.Start, s.End, s.Day, s.DayMilliseconds, now, zone)));
        }

        List<ProjectTime>? projects = null;
        if (showsProjects)
        {
            var rows = await inWeek
                .Where(looker.RowsSeen<TimeEntry>(DataCategory.ProjectTotals, Granularity.IndividualTotals, e => e.UserId, e => e.ProjectId))
                .Select(e => new { e.ProjectId, e.OutcomeId, e.Start, e.End, e.Day, e.DayMilliseconds })
                .ToListAsync(cancellationToken);
            var grouped = rows
                .GroupBy(r => (r.ProjectId, r.OutcomeId))
                .Select(g => (g.Key.ProjectId, g.Key.OutcomeId, Duration: g.SelectMany(r => DaySplit.PartsOf(r.Start, r.End, r.Day, r.DayMilliseconds, now, zone)).On(dates).Sum()))
                .Where(g => g.Duration > Duration.Zero)
                .ToList();
            var names = await NamesAsync([.. grouped.Select(g => g.ProjectId)], [], [.. grouped.Where(g => g.OutcomeId is not null).Select(g => g.OutcomeId!.Value)], cancellationToken);
            projects =
            [
                .. grouped
                    .Select(g => new ProjectTime(
                        g.ProjectId,
                        names.Projects.GetValueOrDefault(g.ProjectId, ""),
                        g.OutcomeId,
                        g.OutcomeId is { } outcome ? names.Outcomes.GetValueOrDefault(outcome) : null,
                        g.Duration))
                    .OrderBy(p => p.Project, StringComparer.CurrentCulture)
                    .ThenBy(p => p.Outcome is not null)
                    .ThenBy(p => p.Outcome, StringComparer.CurrentCulture),
            ];
        }

        List<PersonEntry>? entries = null;
        if (showsEntries)
        {
            var rows = (await inWeek
                .Where(looker.RowsSeen<TimeEntry>(DataCategory.EntryDetails, Granularity.IndividualDetail, e => e.UserId, e => e.ProjectId))
                .Include(e => e.Tags)
                .OrderBy(e => e.Start)
                .ToListAsync(cancellationToken))
                .Where(e => e.IsRunning || e.PartsAt(now, zone).On(dates).Any())
                .ToList();
            var names = await NamesAsync(
                [.. rows.Select(e => e.ProjectId)],
                [.. rows.Where(e => e.TaskId is not null).Select(e => e.TaskId!.Value)],
                [.. rows.Where(e => e.OutcomeId is not null).Select(e => e.OutcomeId!.Value)],
                cancellationToken);
            var tagIds = rows.SelectMany(e => e.Tags).Select(t => t.TagId).Distinct().ToList();
            var tags = await db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
            entries =
            [
                .. rows.Select(e => new PersonEntry(
                    e.Id,
                    e.ProjectId,
                    e.Start,
                    e.End,
                    e.Start.InZone(tracking.Zone).LocalDateTime,
                    e.End?.InZone(tracking.Zone).LocalDateTime,
                    e.End is null && now < e.Start ? Duration.Zero : e.LengthAt(now),
                    names.Projects.GetValueOrDefault(e.ProjectId, ""),
                    e.TaskId is { } task ? names.Tasks.GetValueOrDefault(task) : null,
                    e.OutcomeId is { } outcome ? names.Outcomes.GetValueOrDefault(outcome) : null,
                    e.Description,
                    [.. e.Tags.Select(t => tags.GetValueOrDefault(t.TagId, "")).Where(n => n.Length > 0).Order(StringComparer.Ordinal)],
                    e.IsOutsideHours,
                    e.IsDurationOnly)),
            ];
        }

        OutsideHoursSummary? outside = null;
        if (showsOutsideHours)
        {
            var spans = await inWeek.Where(e => e.IsOutsideHours).Select(e => new { e.Start, e.End, e.Day, e.DayMilliseconds }).ToListAsync(cancellationToken);
            var parts = spans.Select(s => DaySplit.PartsOf(s.Start, s.End, s.Day, s.DayMilliseconds, now, zone).On(dates).ToList()).Where(p => p.Count > 0).ToList();
            var duration = parts.SelectMany(p => p).Aggregate(Duration.Zero, (sum, part) => sum + tracking.WorkingHours.OutsideHours(part.Interval, zone));
            outside = new OutsideHoursSummary(duration, parts.Count);
        }

        bool? timerRunning = showsTimer
            ? await db.TimeEntries.AsNoTracking().AnyAsync(e => e.UserId == subjectUserId && e.End == null, cancellationToken)
            : null;

        var built = new PersonWeek(person, week, totals, projects, showsProjects && !allProjects, entries, showsEntries && !allEntries, outside, timerRunning);
        return looker.Disclose(subjectUserId, built, read(week));
    }

    /// <summary>The week containing <paramref name="date"/> (today when null) in <paramref name="userId"/>'s calendar.</summary>
    public async Task<Week> WeekOfAsync(Guid userId, LocalDate? date, CancellationToken cancellationToken = default)
    {
        var tracking = await people.ForAsync(userId, cancellationToken);
        return tracking.WeekOf(date ?? clock.GetCurrentInstant().InZone(tracking.Zone).Date);
    }

    /// <summary>The members among <paramref name="userIds"/>, by name.</summary>
    public async Task<IReadOnlyList<PersonName>> PeopleAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new PersonName(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The groups whose people <paramref name="viewer"/> sees side by side: teams they manage or
    /// belong to, teams the policy's exceptions name for them, and — when the policy lets them see
    /// everyone at least in aggregate — every team and the members in no team. By name. Archived teams
    /// are no group: their people count as in no team unless an active team has them.
    /// </summary>
    public async Task<IReadOnlyList<PeopleGroup>> GroupsForAsync(Looker looker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var viewer = looker.Viewer;
        var everyone = looker.CountsEveryone(DataCategory.Totals);
        var exceptionTeams = viewer.TeamMembers.Keys.ToList();
        var teams = db.ActiveTeams.AsNoTracking();
        if (!everyone)
        {
            teams = teams.Where(t => t.Managers.Any(m => m.UserId == viewer.UserId) || t.Members.Any(m => m.UserId == viewer.UserId) || exceptionTeams.Contains(t.Id));
        }

        var rows = await teams
            .Select(t => new { t.Id, t.Name, Managers = t.Managers.Select(m => m.UserId).ToList(), Members = t.Members.Select(m => m.UserId).ToList() })
            .ToListAsync(cancellationToken);
        var groupedIds = rows.SelectMany(t => t.Members).ToHashSet();
        var unteamed = everyone
            ? await db.Memberships.AsNoTracking()
                .Where(m => !db.ActiveTeamMembers.Any(t => t.UserId == m.UserId))
                .Select(m => m.UserId)
                .ToListAsync(cancellationToken)
            : [];
        var names = (await PeopleAsync([.. groupedIds, .. unteamed], cancellationToken)).ToDictionary(p => p.UserId);

        IReadOnlyList<PersonName> Named(IEnumerable<Guid> ids) =>
            [.. ids.Where(names.ContainsKey).Select(id => names[id]).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ThenBy(p => p.UserId)];

        var groups = rows
            .OrderBy(t => t.Name, StringComparer.CurrentCulture)
            .Select(t => new PeopleGroup(t.Id, t.Name, t.Managers, Named(t.Members)))
            .ToList();
        if (unteamed.Count > 0)
        {
            groups.Add(new PeopleGroup(null, "Not in a team", [], Named(unteamed)));
        }

        return groups;
    }

    /// <summary>
    /// Week totals of <paramref name="userIds"/> for the week starting on <paramref name="weekStart"/>,
    /// each in their own zone. A running timer counts only for the people in <paramref name="countRunningOf"/>.
    /// One query, bounded by the week.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, WeekTotals>> WeekTotalsAsync(
        IReadOnlyCollection<Guid> userIds,
        LocalDate weekStart,
        IReadOnlySet<Guid> countRunningOf,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(countRunningOf);
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, WeekTotals>();
        }

        var tenantId = tenant.RequiredTenantId;
        var organizationZone = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == tenantId)
            .Select(o => o.DefaultTimeZoneId)
            .SingleAsync(cancellationToken);
        var zones = await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.TimeZoneId })
            .ToDictionaryAsync(u => u.Id, u => TimeZones.Resolve(u.TimeZoneId, organizationZone), cancellationToken);
        var weeks = zones.ToDictionary(z => z.Key, z => new Week(weekStart, z.Value));
        if (weeks.Count == 0)
        {
            return new Dictionary<Guid, WeekTotals>();
        }

        var running = countRunningOf.Where(weeks.ContainsKey).ToList();
        var members = weeks.Keys.ToList();
        var rows = await db.TimeEntries.AsNoTracking()
            .Where(e => members.Contains(e.UserId))
            .CountingOn(new DateInterval(weekStart, weekStart.PlusDays(6)))
            .Where(e => e.End != null || running.Contains(e.UserId))
            .Select(e => new { e.UserId, e.Start, e.End, e.Day, e.DayMilliseconds })
            .ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var byPerson = rows.ToLookup(r => r.UserId);
        return weeks.ToDictionary(
            w => w.Key,
            w => DailyTotals.ForWeek(w.Value, byPerson[w.Key].SelectMany(r => DaySplit.PartsOf(r.Start, r.End, r.Day, r.DayMilliseconds, now, w.Value.Zone))));
    }

    private sealed record Names(
        IReadOnlyDictionary<Guid, string> Projects,
        IReadOnlyDictionary<Guid, string> Tasks,
        IReadOnlyDictionary<Guid, string> Outcomes);

    private async Task<Names> NamesAsync(List<Guid> projectIds, List<Guid> taskIds, List<Guid> outcomeIds, CancellationToken cancellationToken)
    {
        var (projectList, taskList, outcomeList) = (projectIds.Distinct().ToList(), taskIds.Distinct().ToList(), outcomeIds.Distinct().ToList());
        var projects = await db.Projects.AsNoTracking()
            .Where(p => projectList.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var tasks = taskList.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Tasks.AsNoTracking().Where(t => taskList.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var outcomes = outcomeList.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Outcomes.AsNoTracking().Where(o => outcomeList.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return new Names(projects, tasks, outcomes);
    }
}
