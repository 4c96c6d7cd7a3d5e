using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
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
/// Which entries a report covers: those whose <see cref="TimeEntry.Day"/> (the person's own date of
/// the start) lies in [<paramref name="From"/>, <paramref name="To"/>], both days included, narrowed by
/// optional filters. <paramref name="TeamId"/> keeps the members of one team.
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
/// <paramref name="HiddenPeople"/> of whom the viewer may not see one by one.
/// </summary>
public sealed record ReportRow(Guid? Key, string Label, long Seconds, int People, int HiddenPeople);

/// <summary>An entry of a detail export. <see cref="Description"/> is null where the viewer may not see it.</summary>
public sealed record ReportLine(Instant Start, Instant End, Guid UserId, Guid ProjectId, Guid? ClientId, Guid? OutcomeId, Guid? TaskId, string? Description);

/// <summary>
/// Time per client, project, outcome, task or person over a period, as the policy lets a viewer see it.
/// Entries are bounded by their day (the (tenant_id, day) index answers that), limited in SQL with <see cref="Visibility.VisibleEntries{T}"/>
/// and summed by PostgreSQL; running timers never count. Whether a row may be shown is the caller's
/// decision (<see cref="ReportResult"/>); this class only counts. Its SQL is the one place to point at
/// a rollup table.
/// </summary>
public sealed class ReportQuery(TimeTrackDbContext db)
{
    /// <summary>The grouped rows (by label) and the grand total, in one pass each.</summary>
    public async Task<(IReadOnlyList<ReportRow> Rows, ReportRow Total)> RunAsync(
        TransparencyPolicy policy,
        Viewer viewer,
        ReportFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var facts = Facts(policy, viewer, filter);
        var grouped = await facts
            .GroupBy(KeyOf(filter.GroupBy))
            .Select(g => new
            {
                g.Key,
                Seconds = g.Sum(f => f.Seconds),
                People = g.Select(f => f.UserId).Distinct().Count(),
                Hidden = g.Where(f => !f.SeenOneByOne).Select(f => f.UserId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        var total = await facts
            .GroupBy(f => 1)
            .Select(g => new
            {
                Seconds = g.Sum(f => f.Seconds),
                People = g.Select(f => f.UserId).Distinct().Count(),
                Hidden = g.Where(f => !f.SeenOneByOne).Select(f => f.UserId).Distinct().Count(),
            })
            .SingleOrDefaultAsync(cancellationToken);

        var labels = await LabelsAsync(filter.GroupBy, [.. grouped.Select(g => g.Key).OfType<Guid>()], cancellationToken);
        var rows = grouped
            .Select(g => new ReportRow(g.Key, g.Key is { } key ? labels.GetValueOrDefault(key, "") : NoneLabel(filter.GroupBy), (long)Math.Round(g.Seconds), g.People, g.Hidden))
            .OrderBy(r => r.Key is null)
            .ThenBy(r => r.Label, StringComparer.CurrentCulture)
            .ThenBy(r => r.Key)
            .ToList();
        return (rows, new ReportRow(null, "Total", (long)Math.Round(total?.Seconds ?? 0), total?.People ?? 0, total?.Hidden ?? 0));
    }

    /// <summary>
    /// The entries of a per-person report, one by one, streamed in start order. Descriptions are read
    /// only where the policy shows the viewer a person's entry details.
    /// </summary>
    public IAsyncEnumerable<ReportLine> LinesAsync(TransparencyPolicy policy, Viewer viewer, ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var details = Visibility.VisibleEntries<TimeEntry>(policy, viewer, DataCategory.EntryDetails, Granularity.IndividualDetail, e => e.UserId, e => e.ProjectId);
        Expression<Func<TimeEntry, Guid?, bool, ReportLine>> template = (e, clientId, showsDescription) =>
            new ReportLine(e.Start, e.End ?? e.Start, e.UserId, e.ProjectId, clientId, e.OutcomeId, e.TaskId, showsDescription ? e.Description : null);
        return Filtered(Entries(policy, viewer, filter, perPerson: true), filter)
            .OrderBy(x => x.Entry.Start).ThenBy(x => x.Entry.Id)
            .Select(Inline(template, details))
            .AsAsyncEnumerable();
    }

    /// <summary>Who a per-person report includes, and whose entry details a detail export of it shows.</summary>
    public async Task<IReadOnlyList<(Guid UserId, bool Details)>> PeopleInAsync(TransparencyPolicy policy, Viewer viewer, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        var details = Visibility.VisibleEntries<TimeEntry>(policy, viewer, DataCategory.EntryDetails, Granularity.IndividualDetail, e => e.UserId, e => e.ProjectId);
        Expression<Func<TimeEntry, Guid?, bool, PersonFact>> template = (e, _, showsDetails) => new PersonFact { UserId = e.UserId, Details = showsDetails };
        var rows = await Filtered(Entries(policy, viewer, filter, perPerson: true), filter)
            .Select(Inline(template, details))
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.UserId).Select(g => (g.Key, g.Any(r => r.Details)))];
    }

    private IQueryable<Fact> Facts(TransparencyPolicy policy, Viewer viewer, ReportFilter filter)
    {
        var oneByOne = Visibility.VisibleEntries<TimeEntry>(policy, viewer, DataCategory.ProjectTotals, Granularity.IndividualTotals, e => e.UserId, e => e.ProjectId);
        Expression<Func<TimeEntry, Guid?, bool, Fact>> template = (e, clientId, seen) => new Fact
        {
            UserId = e.UserId,
            ProjectId = e.ProjectId,
            ClientId = clientId,
            OutcomeId = e.OutcomeId,
            TaskId = e.TaskId,
            Seconds = ((e.End ?? e.Start) - e.Start).TotalSeconds,
            SeenOneByOne = seen,
        };
        return Filtered(Entries(policy, viewer, filter, filter.IsPerPerson), filter).Select(Inline(template, oneByOne));
    }

    /// <summary>Finished entries started in the period that the viewer may count: one by one, or in aggregate.</summary>
    private IQueryable<TimeEntry> Entries(TransparencyPolicy policy, Viewer viewer, ReportFilter filter, bool perPerson)
    {
        var (from, to) = (filter.From, filter.To);
        var visible = Visibility.VisibleEntries<TimeEntry>(
            policy,
            viewer,
            DataCategory.ProjectTotals,
            perPerson ? Granularity.IndividualTotals : Granularity.Aggregate,
            e => e.UserId,
            e => e.ProjectId);
        var entries = db.TimeEntries.AsNoTracking()
            .Where(e => e.Day >= from && e.Day <= to && e.End != null)
            .Where(visible);
        if (filter.TeamId is { } team)
        {
            entries = entries.Where(e => db.TeamMembers.Any(m => m.TeamId == team && m.UserId == e.UserId));
        }

        if (filter.PersonId is { } person)
        {
            entries = entries.Where(e => e.UserId == person);
        }

        if (filter.ProjectId is { } project)
        {
            entries = entries.Where(e => e.ProjectId == project);
        }

        if (filter.OutcomeId is { } outcome)
        {
            entries = entries.Where(e => e.OutcomeId == outcome);
        }

        if (filter.TaskId is { } task)
        {
            entries = entries.Where(e => e.TaskId == task);
        }

        return entries;
    }

    private IQueryable<EntryWithClient> Filtered(IQueryable<TimeEntry> entries, ReportFilter filter)
    {
        var joined = entries.Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new EntryWithClient { Entry = e, ClientId = p.ClientId });
        if (filter.ClientId is { } client)
        {
            joined = joined.Where(x => x.ClientId == client);
        }

        return joined;
    }

    /// <summary>
    /// Turns a projection that takes the entry, its client and a flag into one over entries alone, the
    /// flag replaced by <paramref name="flag"/>'s body, so that a policy predicate becomes a column in SQL.
    /// </summary>
    private static Expression<Func<EntryWithClient, TResult>> Inline<TResult>(
        Expression<Func<TimeEntry, Guid?, bool, TResult>> template,
        Expression<Func<TimeEntry, bool>> flag)
    {
        var row = Expression.Parameter(typeof(EntryWithClient), "x");
        var entry = Expression.Property(row, nameof(EntryWithClient.Entry));
        var client = Expression.Property(row, nameof(EntryWithClient.ClientId));
        var flagBody = Substitute(flag.Body, flag.Parameters[0], entry);
        var body = Substitute(template.Body, template.Parameters[0], entry);
        body = Substitute(body, template.Parameters[1], client);
        body = Substitute(body, template.Parameters[2], flagBody);
        return Expression.Lambda<Func<EntryWithClient, TResult>>(body, row);
    }

    private static Expression Substitute(Expression body, Expression from, Expression to) => new Replace(from, to).Visit(body) ?? body;

    private static Expression<Func<Fact, Guid?>> KeyOf(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Client => f => f.ClientId,
        ReportGrouping.Project => f => f.ProjectId,
        ReportGrouping.Outcome => f => f.OutcomeId,
        ReportGrouping.Task => f => f.TaskId,
        ReportGrouping.Person => f => f.UserId,
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

    private sealed class EntryWithClient
    {
        public required TimeEntry Entry { get; init; }

        public Guid? ClientId { get; init; }
    }

    private sealed class Fact
    {
        public Guid UserId { get; init; }

        public Guid ProjectId { get; init; }

        public Guid? ClientId { get; init; }

        public Guid? OutcomeId { get; init; }

        public Guid? TaskId { get; init; }

        public double Seconds { get; init; }

        public bool SeenOneByOne { get; init; }
    }

    private sealed class PersonFact
    {
        public Guid UserId { get; init; }

        public bool Details { get; init; }
    }

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
