using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Transparency;

/// <summary>
/// "See what my manager sees": the person's own week rendered exactly as the team's person page
/// renders it for their manager (or a project manager, or an organization admin). The person is
/// looking at their own data, so nothing is written to the access log.
/// </summary>
[ShowsNoOneElsesData("The person's own week as someone else would see it.")]
public sealed class ManagerViewController(PersonWeekReader reader, PersonDataDoor door, TimeTrackDbContext db, IStringLocalizer<SharedResource> text) : OrgController
{
    /// <summary>The <c>manager</c> value that picks a hypothetical organization admin.</summary>
    public const string Admin = "admin";

    [HttpGet("transparency/manager-view")]
    public async Task<IActionResult> Index(string? manager, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } me)
        {
            return NotFound();
        }

        var choices = await ChoicesAsync(me.UserId, cancellationToken);
        var selected = choices.FirstOrDefault(c => c.Value == manager)
            ?? choices.FirstOrDefault(c => c.ManagesTeam)
            ?? choices.Single(c => c.Value == Admin);

        // Their view of this person's own week: nothing is recorded, the person looking is its subject.
        var asSeen = await door.AsSeenByAsync(selected.UserId, cancellationToken);
        if (asSeen is null)
        {
            selected = choices.Single(c => c.Value == Admin);
            asSeen = await door.AsSeenByAsync(null, cancellationToken) ?? throw new InvalidOperationException("A hypothetical admin always exists.");
        }

        var personWeek = await reader.ReadAsync(asSeen, me.UserId, TimeFormat.ParseDate(week), w => new AccessRead(AccessChannel.Page, "", w.Dates), cancellationToken)
            ?? throw new InvalidOperationException("The person looking is a member of the organization.");
        return View("~/Features/Transparency/ManagerView.cshtml", new ManagerViewModel(
            choices,
            selected,
            choices.Any(c => c.ManagesTeam),
            new PersonWeekView(personWeek, selected.SeenBy),
            personWeek.Week.Previous.Start,
            personWeek.Week.Next.Start));
    }

    /// <summary>The managers of the person's teams, the managers of their projects, and an organization admin, in that order.</summary>
    private async Task<IReadOnlyList<ManagerChoice>> ChoicesAsync(Guid me, CancellationToken cancellationToken)
    {
        var teamManagers = await db.ActiveTeams.AsNoTracking()
            .Where(t => t.Members.Any(m => m.UserId == me))
            .SelectMany(t => t.Managers.Where(m => m.UserId != me).Select(m => new { m.UserId, t.Name }))
            .ToListAsync(cancellationToken);
        var projectManagers = await db.ProjectMembers.AsNoTracking()
            .Where(pm => pm.IsProjectManager && pm.UserId != me && db.ProjectMembers.Any(mine => mine.ProjectId == pm.ProjectId && mine.UserId == me))
            .Join(db.Projects, pm => pm.ProjectId, p => p.Id, (pm, p) => new { pm.UserId, p.Name })
            .ToListAsync(cancellationToken);
        var names = (await reader.PeopleAsync([.. teamManagers.Select(t => t.UserId), .. projectManagers.Select(p => p.UserId)], cancellationToken))
            .ToDictionary(p => p.UserId, p => p.DisplayName);

        var choices = new List<ManagerChoice>();
        foreach (var id in teamManagers.Select(t => t.UserId).Concat(projectManagers.Select(p => p.UserId)).Distinct().Where(names.ContainsKey))
        {
            var teams = teamManagers.Where(t => t.UserId == id).Select(t => t.Name).Order(StringComparer.CurrentCulture).ToList();
            var projects = projectManagers.Where(p => p.UserId == id).Select(p => p.Name).Order(StringComparer.CurrentCulture).ToList();
            var roles = new List<string>();
            if (teams.Count > 0)
            {
                roles.Add(teams.Count == 1 ? text["manages your team {0}", teams[0]] : text["manages your teams {0}", string.Join(", ", teams)]);
            }

            if (projects.Count > 0)
            {
                roles.Add(text["project manager of {0}", string.Join(", ", projects)]);
            }

            choices.Add(new ManagerChoice(id.ToString(), id, names[id], $"{names[id]} ({string.Join("; ", roles)})", teams.Count > 0));
        }

        choices.Add(new ManagerChoice(Admin, null, "an organization admin", text["An organization admin (by that role alone)"], false));
        return [.. choices.OrderByDescending(c => c.ManagesTeam).ThenBy(c => c.UserId is null).ThenBy(c => c.SeenBy, StringComparer.CurrentCulture)];
    }
}

/// <summary>Someone whose view of the person's data the page can show.</summary>
/// <param name="Value">The <c>manager</c> query value that selects them.</param>
/// <param name="UserId">Null for the hypothetical organization admin.</param>
/// <param name="SeenBy">How the page names them in "What … sees".</param>
public sealed record ManagerChoice(string Value, Guid? UserId, string SeenBy, string Label, bool ManagesTeam);

public sealed record ManagerViewModel(
    IReadOnlyList<ManagerChoice> Choices,
    ManagerChoice Selected,
    bool HasTeamManager,
    PersonWeekView View,
    LocalDate PreviousWeek,
    LocalDate NextWeek);
