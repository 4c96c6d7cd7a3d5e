using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Work;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// Teams: their names, members and managers, archived and restored. A change takes effect on the
/// next read of anyone's data (nothing about teams is kept between requests, and this request forgets
/// what it read); an archived team keeps its people and managers but grants nothing until restored.
/// </summary>
[ShowsNoOneElsesData("Teams, their members and managers: names, no figures.")]
[Authorize(Policy = Policies.Admin)]
public sealed class TeamsController(TimeTrackDbContext db, TeamsReader reader, PersonDataDoor door, IClock clock, IStringLocalizer<SharedResource> text) : OrgController
{
    public const string DuplicateName = "Another active team already has this name.";

    public const string ArchivedTeam = "This team is archived. Restore it to change its members or managers.";

    public const string NotAMember = "Choose a member of this organization.";

    public const string MayNotManage = "Only a manager, admin or owner of the organization can manage a team.";

    private const string ListView = "~/Features/Admin/Teams.cshtml";

    private const string TeamView = "~/Features/Admin/Team.cshtml";

    [HttpGet("admin/teams")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(ListView, await reader.ListAsync(new TeamNameForm(), cancellationToken));

    [HttpPost("admin/teams")]
    public async Task<IActionResult> Create([Bind(Prefix = "NewTeam")] TeamNameForm form, CancellationToken cancellationToken)
    {
        var name = Domain.Tenancy.Team.NormalizeName(form.Name);
        if (ModelState.IsValid && name is not null && await NameTakenAsync(name, null, cancellationToken))
        {
            ModelState.AddModelError(TeamFields.NewTeamName, DuplicateName);
        }

        if (ModelState.IsValid && name is not null)
        {
            var team = new Domain.Tenancy.Team { Id = Guid.CreateVersion7(), Name = name };
            db.Teams.Add(team);
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Team “{0}” created. Add its members and managers.", name].Value;
                return LocalRedirect(TeamPath(team.Id));
            }

            ModelState.AddModelError(TeamFields.NewTeamName, DuplicateName);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ListView, await reader.ListAsync(form, cancellationToken));
    }

    [HttpGet("admin/teams/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        await reader.PageAsync(id, null, null, null, cancellationToken) is { } model ? View(TeamView, model) : NotFound();

    [HttpPost("admin/teams/{id:guid}")]
    public async Task<IActionResult> Rename(Guid id, [Bind(Prefix = "Team")] TeamNameForm form, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        var name = Domain.Tenancy.Team.NormalizeName(form.Name);
        if (ModelState.IsValid && name is not null && !team.IsArchived && await NameTakenAsync(name, id, cancellationToken))
        {
            ModelState.AddModelError(TeamFields.TeamName, DuplicateName);
        }

        if (ModelState.IsValid && name is not null)
        {
            team.Name = name;
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Team renamed to “{0}”.", name].Value;
                return LocalRedirect(TeamPath(id));
            }

            ModelState.AddModelError(TeamFields.TeamName, DuplicateName);
        }

        return await InvalidPageAsync(id, form, null, null, cancellationToken);
    }

    [HttpPost("admin/teams/{id:guid}/archive")]
    public async Task<IActionResult> Archive(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        team.Archive(clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        return Changed(id, text["Team “{0}” archived. Its managers no longer see its people through it, and it is no longer shown on team pages.", team.Name]);
    }

    [HttpPost("admin/teams/{id:guid}/unarchive")]
    public async Task<IActionResult> Unarchive(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        var clash = text["Another active team is called “{0}”. Rename this team, then restore it.", team.Name];
        if (team.IsArchived && await NameTakenAsync(team.Name, id, cancellationToken))
        {
            ModelState.AddModelError(TeamFields.TeamName, clash);
            return await InvalidPageAsync(id, null, null, null, cancellationToken);
        }

        team.Restore();
        if (!await TrySaveAsync(cancellationToken))
        {
            ModelState.AddModelError(TeamFields.TeamName, clash);
            return await InvalidPageAsync(id, null, null, null, cancellationToken);
        }

        return Changed(id, text["Team “{0}” restored, with its members and managers.", team.Name]);
    }

    [HttpPost("admin/teams/{id:guid}/members")]
    public async Task<IActionResult> AddMember(Guid id, [Bind(Prefix = "NewMember")] TeamPersonForm form, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        var role = await ValidatePersonAsync(team, form, TeamFields.NewMember, cancellationToken);
        if (role is not null && form.UserId is { } userId && !team.AddMember(userId))
        {
            ModelState.AddModelError(TeamFields.NewMember, "This person is already in the team.");
        }

        if (!ModelState.IsValid || form.UserId is not { } added)
        {
            return await InvalidPageAsync(id, null, form, null, cancellationToken);
        }

        // A second click that got there first has done what this one asked.
        await TrySaveAsync(cancellationToken);
        return Changed(id, text["{0} is now in the team.", await reader.NameAsync(added, cancellationToken)]);
    }

    [HttpPost("admin/teams/{id:guid}/members/{userId:guid}/remove")]
    public Task<IActionResult> RemoveMember(Guid id, Guid userId, CancellationToken cancellationToken) =>
        RemoveAsync(id, db.TeamMembers.Where(m => m.TeamId == id && m.UserId == userId), userId, "{0} is no longer in the team.", cancellationToken);

    [HttpPost("admin/teams/{id:guid}/managers")]
    public async Task<IActionResult> AddManager(Guid id, [Bind(Prefix = "NewManager")] TeamPersonForm form, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Managers).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        var role = await ValidatePersonAsync(team, form, TeamFields.NewManager, cancellationToken);
        if (role is { } known && !Domain.Tenancy.Team.MayBeManagedBy(known))
        {
            ModelState.AddModelError(TeamFields.NewManager, MayNotManage);
        }
        else if (role is not null && form.UserId is { } userId && !team.AddManager(userId))
        {
            ModelState.AddModelError(TeamFields.NewManager, "This person already manages the team.");
        }

        if (!ModelState.IsValid || form.UserId is not { } added)
        {
            return await InvalidPageAsync(id, null, null, form, cancellationToken);
        }

        await TrySaveAsync(cancellationToken);
        return Changed(id, text["{0} now manages the team.", await reader.NameAsync(added, cancellationToken)]);
    }

    [HttpPost("admin/teams/{id:guid}/managers/{userId:guid}/remove")]
    public Task<IActionResult> RemoveManager(Guid id, Guid userId, CancellationToken cancellationToken) =>
        RemoveAsync(id, db.TeamManagers.Where(m => m.TeamId == id && m.UserId == userId), userId, "{0} no longer manages the team.", cancellationToken);

    /// <summary>The person's role when they may be added to <paramref name="team"/>; null with a problem in the model state otherwise.</summary>
    private async Task<OrgRole?> ValidatePersonAsync(Domain.Tenancy.Team team, TeamPersonForm form, string field, CancellationToken cancellationToken)
    {
        if (team.IsArchived)
        {
            ModelState.AddModelError(string.Empty, ArchivedTeam);
            return null;
        }

        if (!ModelState.IsValid || form.UserId is not { } userId)
        {
            return null;
        }

        var role = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => (OrgRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            ModelState.AddModelError(field, NotAMember);
        }

        return role;
    }

    private async Task<IActionResult> RemoveAsync<T>(Guid id, IQueryable<T> rows, Guid userId, string done, CancellationToken cancellationToken)
        where T : class
    {
        var team = await db.Teams.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.ArchivedAt }).FirstOrDefaultAsync(cancellationToken);
        var row = team is null ? null : await rows.FirstOrDefaultAsync(cancellationToken);
        if (team is null || row is null)
        {
            return NotFound();
        }

        if (team.ArchivedAt is not null)
        {
            ModelState.AddModelError(string.Empty, ArchivedTeam);
            return await InvalidPageAsync(id, null, null, null, cancellationToken);
        }

        db.Remove(row);
        await WorkRules.SaveRemovalAsync(db, cancellationToken);
        return Changed(id, text[done, await reader.NameAsync(userId, cancellationToken)]);
    }

    /// <summary>After a change to who is in or manages a team: nothing this request read about teams is used again.</summary>
    private LocalRedirectResult Changed(Guid id, string notice)
    {
        door.Forget();
        TempData["Notice"] = notice;
        return LocalRedirect(TeamPath(id));
    }

    private Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken) =>
        db.ActiveTeams.AnyAsync(t => t.Name == name && t.Id != except, cancellationToken);

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (WorkRules.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<IActionResult> InvalidPageAsync(Guid id, TeamNameForm? team, TeamPersonForm? member, TeamPersonForm? manager, CancellationToken cancellationToken)
    {
        if (await reader.PageAsync(id, team, member, manager, cancellationToken) is not { } model)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(TeamView, model);
    }

    private string TeamPath(Guid id) => $"/{OrgSlug}/admin/teams/{id}";
}
