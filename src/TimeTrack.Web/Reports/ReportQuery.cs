using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Reports;

/// <summary>What a report's rows are.</summary>
public enum ReportGrouping
{
    Client,
    Project,
    Outcome,
    Task,
    Person,
}

/// <summary>
/// Which time a report covers: the time that counts on each person's own local days
/// [<paramref name="From"/>, <paramref name="To"/>], both days included (entries split at the person's
/// midnights, ADR 014), narrowed by optional filters. <paramref name="TeamId"/> keeps the members of one team.
/// </summary>
public sealed record ReportFilter(
    LocalDate From,
    LocalDate To,
    ReportGrouping GroupBy,
    Guid? ClientId = null,
    Guid? ProjectId = null,
    Guid? OutcomeId = null,
    Guid? TaskId = null,
    Guid? PersonId = null,
    Guid? TeamId = null)
{
    /// <summary>Rows or filters tell one person's figures apart: only entries seen one by one may count.</summary>
    public bool IsPerPerson => GroupBy == ReportGrouping.Person || PersonId is not null;
}

/// <summary>
/// One group of a report before any suppression: <paramref name="People"/> distinct people contributed,
/// <paramref name="HiddenPeople"/> of whom the viewer may not see one by one. The billable part of the
/// time is priced at the rate that applies to each person, project and day (<see cref="RateCard"/>):
/// <paramref name="Amount"/> sums the priced part, <paramref name="UnpricedSeconds"/> is billable time
/// no rate covers. Of the people whose rates make up the amount, <paramref name="RatesUncountablePeople"/>
/// may not be counted by the viewer even in aggregate and <paramref name="RatesHiddenPeople"/> may not be
/// seen one by one (<see cref="DataCategory.Rates"/>).
/// </summary>
public sealed record ReportRow(
    Guid? Key,
    string Label,
    long Seconds,
    int People,
    int HiddenPeople,
    long BillableSeconds = 0,
    decimal Amount = 0,
    long UnpricedSeconds = 0,
    int RatesHiddenPeople = 0,
    int RatesUncountablePeople = 0)
{
    /// <summary>Everyone whose time the row adds up, and whether the viewer sees them one by one (for the access log).</summary>
    public IReadOnlyList<ReportContributor> Contributors { get; init; } = [];
}

/// <summary>A person whose time a report row adds up: seen one by one by the viewer, or only counted in aggregate.</summary>
public sealed record ReportContributor(Guid UserId, bool OneByOne);

/// <summary>
/// An entry of a detail export: entry details, shown only to viewers the policy shows them to. An entry
/// that reaches across the period's first or last midnight is there with its part on the period's days
/// (ADR 014), so the lines add up to the report's total.
/// </summary>
/// <summary>One entry of a detail export; a <paramref name="DurationOnly"/> one has a day and a length but no clock times (ADR 023).</summary>
public sealed record ReportLine(Instant Start, Instant End, Guid UserId, Guid ProjectId, Guid? ClientId, Guid? OutcomeId, Guid? TaskId, string Description, bool DurationOnly = false);

/// <summary>
/// Time per client, project, outcome, task or person over a period, as the policy lets a viewer see it.
/// Summaries read <see cref="TimeRollup"/>s (one row per person, day, project, outcome and task, kept by
/// a trigger in the same transaction as every entry write), so their cost follows the people and days
/// shown, not the number of entries. They are bounded by day (the (tenant_id, day) index answers that),
/// limited in SQL with <see cref="Visibility.VisibleEntries{T}"/> and summed and priced by PostgreSQL;
/// running timers are never in a rollup. The detail export streams the entries themselves. Whether a
/// row or its amount may be shown is the caller's decision (<see cref="Report.Build"/>); this class only
/// counts.
/// </summary>
public sealed class ReportQuery(TimeTrackDbContext db)
{
    private const decimal MillisecondsPerHour = 3_600_000m;

    /// <summary>The grouped rows (by label) and the grand total, from one pass over the rollups.</summary>
    public async Task<(IReadOnlyList<ReportRow> Rows, ReportRow Total)> RunAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        ReportFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(policy);
        var facts = Facts(policy, viewer, filter);

        // One pass: sums per group and person. Rows and the grand total are both added up from these
        // (the people behind a group are distinct within it, so counting them needs the person).
        var perPerson = await facts
            .GroupBy(PersonKeyOf(filter.GroupBy))
            .Select(g => new PersonSums
            {
                Key = g.Key.Key,
                UserId = g.Key.UserId,
                DurationMs = g.Sum(f => f.DurationMs),
                BillableMs = g.Sum(f => f.BillableMs),
                Amount = g.Sum(f => f.Hourly == null ? 0m : Math.Round(f.BillableMs * f.Hourly.Value / MillisecondsPerHour, 2)),
                UnpricedMs = g.Sum(f => f.Hourly == null ? f.BillableMs : 0L),
                Hidden = g.Max(f => f.SeenOneByOne ? 0 : 1),
                RatesHidden = g.Max(f => f.RatesOneByOne ? 0 : 1),
                RatesUncountable = g.Max(f => f.RatesCountable ? 0 : 1),
            })
            .ToListAsync(cancellationToken);
        var grouped = perPerson.GroupBy(p => p.Key).Select(g => Sums.Of(g.Key, [.. g])).ToList();
        var total = Sums.Of(null, [.. perPerson]);

        var labels = await LabelsAsync(filter.GroupBy, [.. grouped.Select(g => g.Key).OfType<Guid>()], cancellationToken);
        var rows = grouped
            .Select(g => g.ToRow(g.Key is { } key ? labels.GetValueOrDefault(key, "") : NoneLabel(filter.GroupBy)))
            .OrderBy(r => r.Key is null)
            .ThenBy(r => r.Label, StringComparer.CurrentCulture)
            .ThenBy(r => r.Key)
            .ToList();
        return (rows, total.ToRow("Total"));
    }

    /// <summary>
    /// The entries of the report's period whose details (exact times, descriptions) the policy shows the
    /// viewer, one by one, streamed in start order. Entries of people the viewer sees only as totals are
    /// not here at all: an entry's start and end are entry details.
    /// </summary>
    public async IAsyncEnumerable<ReportLine> LinesAsync(TransparencyPolicy policy, Viewer viewer, ReportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var dates = new DateInterval(filter.From, filter.To);
        var rows = Filtered(Detailed(policy, viewer, filter), filter)
            .OrderBy(x => x.Row.Start).ThenBy(x => x.Row.Id)
            .Select(x => new { x.Row.Start, x.Row.Day, x.Row.DayMilliseconds, x.Row.UserId, x.Row.ProjectId, x.ClientId, x.Row.OutcomeId, x.Row.TaskId, x.Row.Description, x.Row.IsDurationOnly })
            .AsAsyncEnumerable();
        await foreach (var x in rows.WithCancellation(cancellationToken))
        {
            var parts = x.DayMilliseconds is { } ms ? DaySplit.Stored(x.Day, ms).Parts(x.Start).On(dates).ToList() : [];
            if (parts.Count > 0)
            {
                yield return new ReportLine(parts[0].Interval.Start, parts[^1].Interval.End, x.UserId, x.ProjectId, x.ClientId, x.OutcomeId, x.TaskId, x.Description, x.IsDurationOnly);
            }
        }
    }

    /// <summary>Whose entries a detail export of the report includes: those with time on the period's days.</summary>
    public async Task<IReadOnlyList<Guid>> PeopleInAsync(TransparencyPolicy policy, Viewer viewer, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = Filtered(Detailed(policy, viewer, filter), filter).Select(x => x.Row);
        var from = filter.From;
        var starting = await entries.Where(e => e.Day >= from).Select(e => e.UserId).Distinct().ToListAsync(cancellationToken);

        // Entries that began on the days just before the period count in it only if they reach into it.
        var dates = new DateInterval(filter.From, filter.To);
        var before = await entries.Where(e => e.Day < from).Select(e => new { e.UserId, e.Day, e.DayMilliseconds }).ToListAsync(cancellationToken);
        var reaching = before.Where(e => e.DayMilliseconds is { } ms && DaySplit.Stored(e.Day, ms).Days.Any(dates.Contains)).Select(e => e.UserId);
        return [.. starting.Union(reaching)];
    }

    /// <summary>Finished entries with time on the period's days (and a few that began before and may not reach it) whose details the viewer may see.</summary>
    private IQueryable<TimeEntry> Detailed(TransparencyPolicy policy, Viewer viewer, ReportFilter filter) =>
        Entries(policy, viewer, filter, perPerson: true)
            .Where(Visibility.VisibleEntries<TimeEntry>(policy, viewer, DataCategory.EntryDetails, Granularity.IndividualDetail, e => e.UserId, e => e.ProjectId));

    /// <summary>
    /// The rollup rows the viewer may count, each with its client, whether the viewer sees its person
    /// one by one, whether the person's rates may be counted (in aggregate, one by one), and the hourly
    /// rate in force for its person, project and day: the most specific scope first (the order of
    /// <see cref="RateCard.Specificity"/>), then the latest in force. Null when no rate covers it.
    /// </summary>
    private IQueryable<Fact> Facts(TransparencyPolicy policy, Viewer viewer, ReportFilter filter)
    {
        var oneByOne = Visibility.VisibleEntries<TimeRollup>(policy, viewer, DataCategory.ProjectTotals, Granularity.IndividualTotals, r => r.UserId, r => r.ProjectId);
        var ratesCountable = Visibility.VisibleEntries<TimeRollup>(policy, viewer, DataCategory.Rates, Granularity.Aggregate, r => r.UserId, r => r.ProjectId);
        var ratesOneByOne = Visibility.VisibleEntries<TimeRollup>(policy, viewer, DataCategory.Rates, Granularity.IndividualTotals, r => r.UserId, r => r.ProjectId);
        Expression<Func<TimeRollup, Guid?, bool, bool, bool, Fact>> template = (r, clientId, seen, countable, ratesSeen) => new Fact
        {
            UserId = r.UserId,
            ProjectId = r.ProjectId,
            ClientId = clientId,
            OutcomeId = r.OutcomeId,
            TaskId = r.TaskId,
            Day = r.Day,
            DurationMs = r.DurationMs,
            BillableMs = r.BillableMs,
            SeenOneByOne = seen,
            RatesCountable = countable,
            RatesOneByOne = ratesSeen,
        };
        var rows = Rollups(policy, viewer, filter)
            .Join(db.Projects, r => r.ProjectId, p => p.Id, (r, p) => new WithClient<TimeRollup> { Row = r, ClientId = p.ClientId });
        if (filter.ClientId is { } client)
        {
            rows = rows.Where(x => x.ClientId == client);
        }

        // A lateral join, so PostgreSQL looks the rate up once per rollup row and only for billable time.
        return rows
            .Select(Inline(template, oneByOne, ratesCountable, ratesOneByOne))
            .SelectMany(
                f => db.Rates
                    .Where(x => f.BillableMs > 0
                        && (x.ProjectId == null || x.ProjectId == f.ProjectId)
                        && (x.UserId == null || x.UserId == f.UserId)
                        && x.EffectiveFrom <= f.Day)
                    .OrderByDescending(x => (x.ProjectId == null ? 0 : 2) + (x.UserId == null ? 0 : 1))
                    .ThenByDescending(x => x.EffectiveFrom)
                    .Select(x => (decimal?)x.HourlyAmount)
                    .Take(1)
                    .DefaultIfEmpty(),
                (f, hourly) => new Fact
                {
                    UserId = f.UserId,
                    ProjectId = f.ProjectId,
                    ClientId = f.ClientId,
                    OutcomeId = f.OutcomeId,
                    TaskId = f.TaskId,
                    Day = f.Day,
                    DurationMs = f.DurationMs,
                    BillableMs = f.BillableMs,
                    Hourly = hourly,
                    SeenOneByOne = f.SeenOneByOne,
                    RatesCountable = f.RatesCountable,
                    RatesOneByOne = f.RatesOneByOne,
                });
    }

    /// <summary>Rollup rows of the period whose person the viewer sees one by one (group figures come from releases, never from here).</summary>
    private IQueryable<TimeRollup> Rollups(TransparencyPolicy policy, Viewer viewer, ReportFilter filter) =>
        Within(db.TimeRollups.AsNoTracking(), policy, viewer, filter, perPerson: true);

    /// <summary>
    /// Finished entries that may count on the period's days (an entry counts on at most
    /// <see cref="DaySplit.MostDays"/> days from its <see cref="TimeEntry.Day"/>) that the viewer may count.
    /// </summary>
    private IQueryable<TimeEntry> Entries(TransparencyPolicy policy, Viewer viewer, ReportFilter filter, bool perPerson) =>
        Within(db.TimeEntries.AsNoTracking().Where(e => e.End != null), policy, viewer, filter, perPerson, filter.From.PlusDays(1 - DaySplit.MostDays));

    /// <summary>
    /// The rows of the filter's days (from <paramref name="earliest"/> when given), people, project, outcome
    /// and task that the policy lets the viewer count.
    /// </summary>
    private IQueryable<T> Within<T>(IQueryable<T> rows, TransparencyPolicy policy, Viewer viewer, ReportFilter filter, bool perPerson, LocalDate? earliest = null)
        where T : class, IPersonDayWork
    {
        var (from, to) = (earliest ?? filter.From, filter.To);
        var visible = Visibility.VisibleEntries<T>(
            policy,
            viewer,
            DataCategory.ProjectTotals,
            perPerson ? Granularity.IndividualTotals : Granularity.Aggregate,
            r => r.UserId,
            r => r.ProjectId);
        rows = rows.Where(r => r.Day >= from && r.Day <= to).Where(visible);
        if (filter.TeamId is { } team)
        {
            rows = rows.Where(r => db.TeamMembers.Any(m => m.TeamId == team && m.UserId == r.UserId));
        }

        if (filter.PersonId is { } person)
        {
            rows = rows.Where(r => r.UserId == person);
        }

        if (filter.ProjectId is { } project)
        {
            rows = rows.Where(r => r.ProjectId == project);
        }

        if (filter.OutcomeId is { } outcome)
        {
            rows = rows.Where(r => r.OutcomeId == outcome);
        }

        if (filter.TaskId is { } task)
        {
            rows = rows.Where(r => r.TaskId == task);
        }

        return rows;
    }

    private IQueryable<WithClient<TimeEntry>> Filtered(IQueryable<TimeEntry> entries, ReportFilter filter)
    {
        var joined = entries.Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new WithClient<TimeEntry> { Row = e, ClientId = p.ClientId });
        if (filter.ClientId is { } client)
        {
            joined = joined.Where(x => x.ClientId == client);
        }

        return joined;
    }

    private static Expression<Func<WithClient<TimeRollup>, TResult>> Inline<TResult>(
        Expression<Func<TimeRollup, Guid?, bool, bool, bool, TResult>> template,
        Expression<Func<TimeRollup, bool>> first,
        Expression<Func<TimeRollup, bool>> second,
        Expression<Func<TimeRollup, bool>> third) => Inline<TimeRollup, TResult>(template, first, second, third);

    /// <summary>
    /// Turns a projection that takes the row, its client and flags into one over rows alone, each flag
    /// replaced by its predicate's body, so that a policy predicate becomes a column in SQL.
    /// </summary>
    private static Expression<Func<WithClient<TRow>, TResult>> Inline<TRow, TResult>(LambdaExpression template, params Expression<Func<TRow, bool>>[] flags)
    {
        var row = Expression.Parameter(typeof(WithClient<TRow>), "x");
        var inner = Expression.Property(row, nameof(WithClient<TRow>.Row));
        var client = Expression.Property(row, nameof(WithClient<TRow>.ClientId));
        var body = Substitute(template.Body, template.Parameters[0], inner);
        body = Substitute(body, template.Parameters[1], client);
        for (var i = 0; i < flags.Length; i++)
        {
            body = Substitute(body, template.Parameters[i + 2], Substitute(flags[i].Body, flags[i].Parameters[0], inner));
        }

        return Expression.Lambda<Func<WithClient<TRow>, TResult>>(body, row);
    }

    private static Expression Substitute(Expression body, Expression from, Expression to) => new Replace(from, to).Visit(body) ?? body;

    private static Expression<Func<Fact, PersonKey>> PersonKeyOf(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Client => f => new PersonKey { Key = f.ClientId, UserId = f.UserId },
        ReportGrouping.Project => f => new PersonKey { Key = f.ProjectId, UserId = f.UserId },
        ReportGrouping.Outcome => f => new PersonKey { Key = f.OutcomeId, UserId = f.UserId },
        ReportGrouping.Task => f => new PersonKey { Key = f.TaskId, UserId = f.UserId },
        ReportGrouping.Person => f => new PersonKey { Key = f.UserId, UserId = f.UserId },
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
    };

    private async Task<IReadOnlyDictionary<Guid, string>> LabelsAsync(ReportGrouping grouping, List<Guid> keys, CancellationToken cancellationToken) => grouping switch
    {
        ReportGrouping.Client => await db.Clients.AsNoTracking().Where(c => keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
        ReportGrouping.Project => await db.Projects.AsNoTracking().Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken),
        ReportGrouping.Outcome => await db.Outcomes.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken),
        ReportGrouping.Task => await db.Tasks.AsNoTracking().Where(t => keys.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken),
        ReportGrouping.Person => await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
    };

    public static string NoneLabel(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Client => "No client",
        ReportGrouping.Outcome => "No outcome",
        ReportGrouping.Task => "No task",
        _ => "—",
    };

    private sealed class WithClient<TRow>
    {
        public required TRow Row { get; init; }

        public Guid? ClientId { get; init; }
    }

    private sealed class Fact
    {
        public Guid UserId { get; init; }

        public Guid ProjectId { get; init; }

        public Guid? ClientId { get; init; }

        public Guid? OutcomeId { get; init; }

        public Guid? TaskId { get; init; }

        public LocalDate Day { get; init; }

        public long DurationMs { get; init; }

        public long BillableMs { get; init; }

        public decimal? Hourly { get; init; }

        public bool SeenOneByOne { get; init; }

        public bool RatesCountable { get; init; }

        public bool RatesOneByOne { get; init; }
    }

    private sealed class PersonKey
    {
        public Guid? Key { get; init; }

        public Guid UserId { get; init; }
    }

    /// <summary>One person's part of one group; the flags are 1 when any of their rows has it.</summary>
    private sealed class PersonSums
    {
        public Guid? Key { get; init; }

        public Guid UserId { get; init; }

        public long DurationMs { get; init; }

        public long BillableMs { get; init; }

        public decimal Amount { get; init; }

        public long UnpricedMs { get; init; }

        public int Hidden { get; init; }

        public int RatesHidden { get; init; }

        public int RatesUncountable { get; init; }
    }

    private sealed class Sums
    {
        public Guid? Key { get; init; }

        public long DurationMs { get; init; }

        public long BillableMs { get; init; }

        public decimal Amount { get; init; }

        public long UnpricedMs { get; init; }

        public int People { get; init; }

        public int Hidden { get; init; }

        public int RatesHidden { get; init; }

        public int RatesUncountable { get; init; }

        /// <summary>Adds up people's parts; a person counts once even when several parts are theirs (the total).</summary>
        public static Sums Of(Guid? key, List<PersonSums> parts)
        {
            var people = parts.GroupBy(p => p.UserId).ToList();
            return new Sums
            {
                Key = key,
                DurationMs = parts.Sum(p => p.DurationMs),
                BillableMs = parts.Sum(p => p.BillableMs),
                Amount = parts.Sum(p => p.Amount),
                UnpricedMs = parts.Sum(p => p.UnpricedMs),
                People = people.Count,
                Hidden = people.Count(g => g.Any(p => p.Hidden > 0)),
                RatesHidden = people.Count(g => g.Any(p => p.RatesHidden > 0)),
                RatesUncountable = people.Count(g => g.Any(p => p.RatesUncountable > 0)),
                Contributors = [.. people.Select(g => new ReportContributor(g.Key, g.All(p => p.Hidden == 0)))],
            };
        }

        public IReadOnlyList<ReportContributor> Contributors { get; init; } = [];

        public ReportRow ToRow(string label) =>
            new(Key, label, Seconds(DurationMs), People, Hidden, Seconds(BillableMs), Amount, Seconds(UnpricedMs), RatesHidden, RatesUncountable)
            {
                Contributors = Contributors,
            };

        private static long Seconds(long milliseconds) => (long)Math.Round(milliseconds / 1000m, MidpointRounding.AwayFromZero);
    }

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
