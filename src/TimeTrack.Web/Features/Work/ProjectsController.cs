using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Work;

/// <summary>Projects, who may log to them, and their tasks and outcomes. Views live with the rest of Work.</summary>
[ShowsNoOneElsesData("Projects, their members and outcomes: the organization's work structure.")]
[Authorize(Policy = Policies.Manager)]
public sealed class ProjectsController(
    TimeTrackDbContext db,
    IClock clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    private const string DuplicateProject = "A project with this name already exists.";
    private const string DuplicateTask = "This project already has a task with this name.";

    [HttpGet("work/projects/new")]
    public async Task<IActionResult> New(CancellationToken cancellationToken) =>
        Page("EditProject", new ProjectEditModel(null, new ProjectForm(), await ClientOptionsAsync(null, cancellationToken)));

    [HttpPost("work/projects")]
    public async Task<IActionResult> Create([Bind(Prefix = "Project")] ProjectForm form, CancellationToken cancellationToken)
    {
        await ValidateProjectAsync(form, null, cancellationToken);
        if (ModelState.IsValid)
        {
            var project = new Project { Id = Guid.CreateVersion7() };
            Apply(project, form);
            // Whoever creates a project can log time to it: a member, not a project manager, which
            // would let them see more of other people's time than the policy gives them today.
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = OrganizationRouteMiddleware.GetUserId(User)!.Value });
            db.Projects.Add(project);
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Project “{0}” created, with you as a member. Add the other people who may log time to it.", project.Name].Value;
                return LocalRedirect(ProjectPath(project.Id));
            }

            ModelState.AddModelError("Project.Name", DuplicateProject);
        }

        return Unprocessable("EditProject", new ProjectEditModel(null, form, await ClientOptionsAsync(null, cancellationToken)));
    }

    [HttpGet("work/projects/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        await BuildPageAsync(id, new MemberForm(), new TaskForm(), new OutcomeForm(), cancellationToken) is { } model
            ? Page("Project", model)
            : NotFound();

    [HttpGet("work/projects/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        var form = new ProjectForm
        {
            Name = project.Name,
            ClientId = project.ClientId,
            Color = WorkRules.SafeColor(project.Color),
            IsBillableByDefault = project.IsBillableByDefault,
        };
        return Page("EditProject", new ProjectEditModel(id, form, await ClientOptionsAsync(project.ClientId, cancellationToken)));
    }

    [HttpPost("work/projects/{id:guid}")]
    public async Task<IActionResult> Update(Guid id, [Bind(Prefix = "Project")] ProjectForm form, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        await ValidateProjectAsync(form, project, cancellationToken);
        if (ModelState.IsValid)
        {
            Apply(project, form);
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Project “{0}” saved.", project.Name].Value;
                return LocalRedirect(ProjectPath(id));
            }

            ModelState.AddModelError("Project.Name", DuplicateProject);
        }

        return Unprocessable("EditProject", new ProjectEditModel(id, form, await ClientOptionsAsync(project.ClientId, cancellationToken)));
    }

    [HttpPost("work/projects/{id:guid}/archive")]
    public Task<IActionResult> Archive(Guid id, CancellationToken cancellationToken) => SetArchivedAsync(id, true, cancellationToken);

    [HttpPost("work/projects/{id:guid}/unarchive")]
    public Task<IActionResult> Unarchive(Guid id, CancellationToken cancellationToken) => SetArchivedAsync(id, false, cancellationToken);

    [HttpPost("work/projects/{id:guid}/members")]
    public async Task<IActionResult> AddMember(Guid id, [Bind(Prefix = "NewMember")] MemberForm form, CancellationToken cancellationToken)
    {
        var project = await db.Projects.Include(p => p.Members).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        if (form.UserId is { } userId)
        {
            if (!await db.Memberships.AnyAsync(m => m.UserId == userId, cancellationToken))
            {
                ModelState.AddModelError("NewMember.UserId", "Choose a member of this organization.");
            }
            else if (project.Members.Any(m => m.UserId == userId))
            {
                ModelState.AddModelError("NewMember.UserId", "This person is already a member of the project.");
            }
        }

        if (!ModelState.IsValid || form.UserId is not { } newUserId)
        {
            return await InvalidPageAsync(id, form, new TaskForm(), new OutcomeForm(), cancellationToken);
        }

        project.Members.Add(new ProjectMember { ProjectId = id, UserId = newUserId, IsProjectManager = form.IsProjectManager });
        if (!await TrySaveAsync(cancellationToken))
        {
            ModelState.AddModelError("NewMember.UserId", "This person is already a member of the project.");
            return await InvalidPageAsync(id, form, new TaskForm(), new OutcomeForm(), cancellationToken);
        }

        TempData["Notice"] = text["{0} can now log time to this project.", await DisplayNameAsync(newUserId, cancellationToken)].Value;
        return LocalRedirect(ProjectPath(id));
    }

    [HttpPost("work/projects/{id:guid}/members/{userId:guid}/manager")]
    public async Task<IActionResult> SetProjectManager(Guid id, Guid userId, [FromForm] bool isProjectManager, CancellationToken cancellationToken)
    {
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == id && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        member.IsProjectManager = isProjectManager;
        await db.SaveChangesAsync(cancellationToken);
        var name = await DisplayNameAsync(userId, cancellationToken);
        TempData["Notice"] = isProjectManager ? text["{0} is now a project manager.", name].Value : text["{0} is no longer a project manager.", name].Value;
        return LocalRedirect(ProjectPath(id));
    }

    /// <summary>Without the membership row the person can no longer log to the project, by any path.</summary>
    [HttpPost("work/projects/{id:guid}/members/{userId:guid}/remove")]
    public async Task<IActionResult> RemoveMember(Guid id, Guid userId, CancellationToken cancellationToken)
    {
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == id && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        db.ProjectMembers.Remove(member);
        await WorkRules.SaveRemovalAsync(db, cancellationToken);
        TempData["Notice"] = text["{0} was removed from the project.", await DisplayNameAsync(userId, cancellationToken)].Value;
        return LocalRedirect(ProjectPath(id));
    }

    [HttpPost("work/projects/{id:guid}/tasks")]
    public async Task<IActionResult> AddTask(Guid id, [Bind(Prefix = "NewTask")] TaskForm form, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Tasks.AnyAsync(t => t.ProjectId == id && t.Name == name, cancellationToken))
        {
            ModelState.AddModelError("NewTask.Name", DuplicateTask);
        }

        if (!ModelState.IsValid || name is null)
        {
            return await InvalidPageAsync(id, new MemberForm(), form, new OutcomeForm(), cancellationToken);
        }

        db.Tasks.Add(new WorkTask { Id = Guid.CreateVersion7(), ProjectId = id, Name = name });
        if (!await TrySaveAsync(cancellationToken))
        {
            ModelState.AddModelError("NewTask.Name", DuplicateTask);
            return await InvalidPageAsync(id, new MemberForm(), form, new OutcomeForm(), cancellationToken);
        }

        TempData["Notice"] = text["Task “{0}” added.", name].Value;
        return LocalRedirect(ProjectPath(id));
    }

    [HttpGet("work/projects/{id:guid}/tasks/{taskId:guid}")]
    public async Task<IActionResult> EditTask(Guid id, Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.ProjectId == id && t.Id == taskId, cancellationToken);
        var projectName = await ProjectNameAsync(id, cancellationToken);
        return task is null || projectName is null
            ? NotFound()
            : Page("EditTask", new TaskEditModel(id, projectName, taskId, new TaskForm { Name = task.Name }));
    }

    [HttpPost("work/projects/{id:guid}/tasks/{taskId:guid}")]
    public async Task<IActionResult> RenameTask(Guid id, Guid taskId, [Bind(Prefix = "Task")] TaskForm form, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProjectId == id && t.Id == taskId, cancellationToken);
        var projectName = await ProjectNameAsync(id, cancellationToken);
        if (task is null || projectName is null)
        {
            return NotFound();
        }

        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Tasks.AnyAsync(t => t.ProjectId == id && t.Name == name && t.Id != taskId, cancellationToken))
        {
            ModelState.AddModelError("Task.Name", DuplicateTask);
        }

        if (ModelState.IsValid && name is not null)
        {
            task.Name = name;
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Task renamed to “{0}”.", name].Value;
                return LocalRedirect(ProjectPath(id));
            }

            ModelState.AddModelError("Task.Name", DuplicateTask);
        }

        return Unprocessable("EditTask", new TaskEditModel(id, projectName, taskId, form));
    }

    [HttpPost("work/projects/{id:guid}/tasks/{taskId:guid}/archive")]
    public Task<IActionResult> ArchiveTask(Guid id, Guid taskId, CancellationToken cancellationToken) => SetTaskArchivedAsync(id, taskId, true, cancellationToken);

    [HttpPost("work/projects/{id:guid}/tasks/{taskId:guid}/unarchive")]
    public Task<IActionResult> UnarchiveTask(Guid id, Guid taskId, CancellationToken cancellationToken) => SetTaskArchivedAsync(id, taskId, false, cancellationToken);

    [HttpPost("work/projects/{id:guid}/outcomes")]
    public async Task<IActionResult> AddOutcome(Guid id, [Bind(Prefix = "NewOutcome")] OutcomeForm form, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return NotFound();
        }

        await ValidateOwnerAsync(id, form, "NewOutcome", cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidPageAsync(id, new MemberForm(), new TaskForm(), form, cancellationToken);
        }

        var outcome = new Outcome { Id = Guid.CreateVersion7(), ProjectId = id };
        Apply(outcome, form);
        db.Outcomes.Add(outcome);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = text["Outcome “{0}” added.", outcome.Name].Value;
        return LocalRedirect(ProjectPath(id));
    }

    [HttpGet("work/projects/{id:guid}/outcomes/{outcomeId:guid}")]
    public async Task<IActionResult> EditOutcome(Guid id, Guid outcomeId, CancellationToken cancellationToken)
    {
        var outcome = await db.Outcomes.AsNoTracking().FirstOrDefaultAsync(o => o.ProjectId == id && o.Id == outcomeId, cancellationToken);
        var projectName = await ProjectNameAsync(id, cancellationToken);
        if (outcome is null || projectName is null)
        {
            return NotFound();
        }

        var form = new OutcomeForm
        {
            Name = outcome.Name,
            Status = outcome.Status,
            DueDate = outcome.DueDate?.ToDateOnly(),
            OwnerUserId = outcome.OwnerUserId,
            PlannedHours = OutcomeForm.FormatPlannedHours(outcome.PlannedHours),
        };
        return Page("EditOutcome", new OutcomeEditModel(id, projectName, outcomeId, await MemberOptionsAsync(id, cancellationToken), form));
    }

    [HttpPost("work/projects/{id:guid}/outcomes/{outcomeId:guid}")]
    public async Task<IActionResult> UpdateOutcome(Guid id, Guid outcomeId, [Bind(Prefix = "Outcome")] OutcomeForm form, CancellationToken cancellationToken)
    {
        var outcome = await db.Outcomes.FirstOrDefaultAsync(o => o.ProjectId == id && o.Id == outcomeId, cancellationToken);
        var projectName = await ProjectNameAsync(id, cancellationToken);
        if (outcome is null || projectName is null)
        {
            return NotFound();
        }

        await ValidateOwnerAsync(id, form, "Outcome", cancellationToken);
        if (!ModelState.IsValid)
        {
            return Unprocessable("EditOutcome", new OutcomeEditModel(id, projectName, outcomeId, await MemberOptionsAsync(id, cancellationToken), form));
        }

        Apply(outcome, form);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = text["Outcome “{0}” saved.", outcome.Name].Value;
        return LocalRedirect(ProjectPath(id));
    }

    private static void Apply(Project project, ProjectForm form)
    {
        project.Name = form.Name!.Trim();
        project.ClientId = form.ClientId;
        project.Color = form.Color!.ToLowerInvariant();
        project.IsBillableByDefault = form.IsBillableByDefault;
    }

    /// <summary>Becoming Done stamps when; staying Done keeps the first stamp; reopening clears it.</summary>
    private void Apply(Outcome outcome, OutcomeForm form)
    {
        outcome.Name = form.Name!.Trim();
        outcome.DueDate = form.DueDate is { } due ? LocalDate.FromDateOnly(due) : null;
        outcome.OwnerUserId = form.OwnerUserId;
        outcome.PlannedHours = form.PlannedHoursValue;
        if (form.Status == OutcomeStatus.Done)
        {
            outcome.CompletedAt = outcome.Status == OutcomeStatus.Done && outcome.CompletedAt is { } done ? done : clock.GetCurrentInstant();
        }
        else
        {
            outcome.CompletedAt = null;
        }

        outcome.Status = form.Status;
    }

    private async Task ValidateProjectAsync(ProjectForm form, Project? existing, CancellationToken cancellationToken)
    {
        var name = form.Name?.Trim();
        var existingId = existing?.Id;
        var existingClientId = existing?.ClientId;
        if (!ModelState.HasErrors("Project.Name") && name is not null
            && await db.Projects.AnyAsync(p => p.Name == name && p.Id != existingId, cancellationToken))
        {
            ModelState.AddModelError("Project.Name", DuplicateProject);
        }

        // An archived client stays valid for the projects that already have it, but new ones cannot choose it.
        if (form.ClientId is { } clientId
            && !await db.Clients.AnyAsync(c => c.Id == clientId && (!c.IsArchived || c.Id == existingClientId), cancellationToken))
        {
            ModelState.AddModelError("Project.ClientId", "Choose a client from the list.");
        }
    }

    private async Task ValidateOwnerAsync(Guid projectId, OutcomeForm form, string prefix, CancellationToken cancellationToken)
    {
        if (form.OwnerUserId is { } ownerId && !await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == ownerId, cancellationToken))
        {
            ModelState.AddModelError(prefix + ".OwnerUserId", "The owner must be a member of the project.");
        }
    }

    private async Task<IActionResult> SetArchivedAsync(Guid id, bool archived, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        project.IsArchived = archived;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = archived ? text["Project “{0}” archived.", project.Name].Value : text["Project “{0}” restored.", project.Name].Value;
        return LocalRedirect(ProjectPath(id));
    }

    private async Task<IActionResult> SetTaskArchivedAsync(Guid id, Guid taskId, bool archived, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProjectId == id && t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return NotFound();
        }

        task.IsArchived = archived;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = archived ? text["Task “{0}” archived.", task.Name].Value : text["Task “{0}” restored.", task.Name].Value;
        return LocalRedirect(ProjectPath(id));
    }

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

    private async Task<IActionResult> InvalidPageAsync(Guid id, MemberForm member, TaskForm task, OutcomeForm outcome, CancellationToken cancellationToken) =>
        await BuildPageAsync(id, member, task, outcome, cancellationToken) is { } model
            ? Unprocessable("Project", model)
            : NotFound();

    private async Task<ProjectPageModel?> BuildPageAsync(Guid id, MemberForm member, TaskForm task, OutcomeForm outcome, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new
            {
                p.Name,
                ClientName = db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault(),
                p.Color,
                p.IsBillableByDefault,
                p.IsArchived,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return null;
        }

        var members = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, m.IsProjectManager })
            .OrderBy(m => m.DisplayName)
            .Select(m => new ProjectMemberRow(m.UserId, m.DisplayName, m.IsProjectManager))
            .ToListAsync(cancellationToken);
        var candidates = await db.Memberships.AsNoTracking()
            .Where(m => !db.ProjectMembers.Any(pm => pm.ProjectId == id && pm.UserId == m.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName })
            .OrderBy(p => p.DisplayName)
            .Select(p => new PersonOption(p.UserId, p.DisplayName))
            .ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.ProjectId == id)
            .OrderBy(t => t.IsArchived).ThenBy(t => t.Name)
            .Select(t => new TaskRow(t.Id, t.Name, t.IsArchived))
            .ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => o.ProjectId == id)
            .OrderBy(o => o.Status == OutcomeStatus.Done).ThenBy(o => o.DueDate).ThenBy(o => o.Name)
            .Select(o => new
            {
                o.Id,
                o.Name,
                o.Status,
                o.DueDate,
                OwnerName = db.Users.Where(u => u.Id == o.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                o.CompletedAt,
            })
            .ToListAsync(cancellationToken);
        return new ProjectPageModel(
            id,
            project.Name,
            project.ClientName,
            WorkRules.SafeColor(project.Color),
            project.IsBillableByDefault,
            project.IsArchived,
            members,
            candidates,
            tasks,
            [.. outcomes.Select(o => new OutcomeRow(o.Id, o.Name, o.Status, o.DueDate?.ToDateOnly(), o.OwnerName, o.CompletedAt))],
            member,
            task,
            outcome);
    }

    private async Task<IReadOnlyList<ClientOption>> ClientOptionsAsync(Guid? current, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking()
            .Where(c => !c.IsArchived || c.Id == current)
            .OrderBy(c => c.Name)
            .Select(c => new ClientOption(c.Id, c.Name))
            .ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<PersonOption>> MemberOptionsAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName })
            .OrderBy(p => p.DisplayName)
            .Select(p => new PersonOption(p.UserId, p.DisplayName))
            .ToListAsync(cancellationToken);

    private Task<string?> ProjectNameAsync(Guid id, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);

    private async Task<string> DisplayNameAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "The person";

    private string ProjectPath(Guid id) => $"/{OrgSlug}/work/projects/{id}";

    private ViewResult Page(string view, object model) => View($"~/Features/Work/{view}.cshtml", model);

    private ViewResult Unprocessable(string view, object model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page(view, model);
    }
}
