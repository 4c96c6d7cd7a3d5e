using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// Other people's weeks, as the policy in force lets the person looking see them: the team page, one
/// person's week, and a download of week totals. Any member may open these; what they show, and what
/// the access log records, is decided by the readers through <see cref="PersonDataDoor"/>.
/// </summary>
public sealed class TeamController(PersonDataDoor door, TeamWeekReader team, PersonWeekReader weeks) : OrgController
{
    [HttpGet("team")]
    [ReadsPersonData]
    public async Task<IActionResult> Index([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        return View(await team.ReadAsync(looker, TimeFormat.ParseDate(week), cancellationToken));
    }

    [HttpGet("team/people/{userId:guid}")]
    [ReadsPersonData]
    public async Task<IActionResult> Person(Guid userId, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var personWeek = await weeks.ReadAsync(
            looker,
            userId,
            TimeFormat.ParseDate(week),
            w => new AccessRead(AccessChannel.Page, "Team › person page, week of " + PersonWeek.WeekLabel(w.Start), w.Dates),
            cancellationToken);
        if (personWeek is not { ShowsAnything: true })
        {
            // Indistinguishable from someone who is not a member: the page does not say whether they exist.
            return NotFound();
        }

        return View(new PersonPageModel(personWeek, personWeek.Week.Previous.Start, personWeek.Week.Next.Start, userId == looker.UserId));
    }

    [HttpGet("team/export")]
    [ReadsPersonData("csv")]
    public async Task<IActionResult> Export([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var (weekStart, rows) = await team.ExportAsync(looker, TimeFormat.ParseDate(week), cancellationToken);
        return File(TeamExport.Write(weekStart, rows), "text/csv; charset=utf-8", TeamExport.FileName(weekStart));
    }
}
