using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// Other people's weeks, as the policy in force lets the person looking see them: the team page, one
/// person's week, and a download of week totals. Any member may open these; what they show depends
/// only on <see cref="Visibility"/>. Every individual figure shown is written to the access log.
/// </summary>
[ReadsPersonData]
public sealed class TeamController(
    PersonWeekReader reader,
    ViewerDirectory viewers,
    PolicyStore policies,
    AccessRecorder access,
    TimeTrackDbContext db) : OrgController
{
    [HttpGet("team")]
    public async Task<IActionResult> Index(string? week, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var theWeek = await reader.WeekOfAsync(viewer.UserId, TimeFormat.ParseDate(week), cancellationToken);
        var groups = await reader.GroupsForAsync(policy, viewer, cancellationToken);
        var people = groups.SelectMany(g => g.Members).Select(m => m.UserId).Distinct().ToList();

        var granularity = people.ToDictionary(id => id, id => Visibility.Decide(policy, viewer, Subject(viewer, id), DataCategory.Totals));
        var counted = people.Where(id => granularity[id] >= Granularity.Aggregate).ToList();
        var totals = await reader.WeekTotalsAsync(counted, theWeek.Start, RunningCountsFor(policy, viewer, counted), cancellationToken);
        var model = new TeamPageModel(
            theWeek.Start,
            theWeek.Previous.Start,
            theWeek.Next.Start,
            TeamPage.Build(policy, viewer, groups, id => granularity[id], id => MaySeeSomething(policy, viewer, id), totals),
            await Exportable(policy, viewer).CountAsync(cancellationToken),
            policy.MinimumGroupSize);

        var resource = "Team › week of " + PersonWeek.WeekLabel(theWeek.Start);
        foreach (var id in people.Where(id => granularity[id] >= Granularity.IndividualTotals))
        {
            access.Record(id, [DataCategory.Totals], AccessChannel.Page, resource);
        }

        return View(model);
    }

    [HttpGet("team/people/{userId:guid}")]
    public async Task<IActionResult> Person(Guid userId, string? week, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var personWeek = await reader.ReadAsync(policy, viewer, userId, TimeFormat.ParseDate(week), cancellationToken);
        if (personWeek is not { ShowsAnything: true })
        {
            // Indistinguishable from someone who is not a member: the page does not say whether they exist.
            return NotFound();
        }

        access.Record(userId, personWeek.Included, AccessChannel.Page, "Team › person page, week of " + PersonWeek.WeekLabel(personWeek.Week.Start));
        return View(new PersonPageModel(personWeek, personWeek.Week.Previous.Start, personWeek.Week.Next.Start, userId == viewer.UserId));
    }

    [HttpGet("team/export")]
    public async Task<IActionResult> Export(string? week, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var theWeek = await reader.WeekOfAsync(viewer.UserId, TimeFormat.ParseDate(week), cancellationToken);
        var ids = await Exportable(policy, viewer).ToListAsync(cancellationToken);
        var people = await reader.PeopleAsync(ids, cancellationToken);
        var totals = await reader.WeekTotalsAsync(ids, theWeek.Start, RunningCountsFor(policy, viewer, ids), cancellationToken);
        var rows = people.Where(p => totals.ContainsKey(p.UserId)).Select(p => (p, totals[p.UserId])).ToList();

        access.RecordExport(
            "Export: team week totals " + PersonWeek.WeekLabel(theWeek.Start),
            [.. rows.Select(r => (r.p.UserId, (IReadOnlyCollection<DataCategory>)[DataCategory.Totals]))]);
        return File(TeamExport.Write(theWeek.Start, rows), "text/csv; charset=utf-8", TeamExport.FileName(theWeek.Start));
    }

    /// <summary>Members whose totals the viewer may see one by one, found in SQL with the policy's predicate.</summary>
    private IQueryable<Guid> Exportable(TransparencyPolicy policy, Viewer viewer) =>
        db.Memberships.AsNoTracking()
            .Where(Visibility.VisibleSubjects<Membership>(policy, viewer, DataCategory.Totals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId);

    /// <summary>Whose running timer may count in their totals: only theirs whose timer the viewer may see.</summary>
    private static HashSet<Guid> RunningCountsFor(TransparencyPolicy policy, Viewer viewer, IEnumerable<Guid> people) =>
        [.. people.Where(id => Visibility.Allows(policy, viewer, Subject(viewer, id), DataCategory.LiveTimer, Granularity.IndividualTotals))];

    private static bool MaySeeSomething(TransparencyPolicy policy, Viewer viewer, Guid userId) =>
        PersonWeek.Categories.Any(category => Visibility.Allows(
            policy,
            viewer,
            Subject(viewer, userId),
            category,
            category == DataCategory.EntryDetails ? Granularity.IndividualDetail : Granularity.IndividualTotals));

    private static Subject Subject(Viewer viewer, Guid userId) => new(viewer.TenantId, userId);
}
