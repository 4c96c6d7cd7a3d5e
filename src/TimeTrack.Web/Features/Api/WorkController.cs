using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime.Text;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Features.Api;

/// <summary>What a person can log time to: their projects, and each project's tasks and outcomes; the organization's tags.</summary>
[ShowsNoOneElsesData("Clients, projects, tasks, outcomes and tags: the organization's work structure.")]
public sealed class WorkController(TimeTrackDbContext db) : ApiControllerBase
{
    [HttpGet("projects", Name = "listProjects")]
    [EndpointSummary("Projects you may log time to")]
    [EndpointDescription("Active projects of the organization that you are a member of, by name.")]
    [ProducesResponseType<IReadOnlyList<ProjectResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<ProjectResponse>>> Projects(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        return Ok(await db.Projects.AsNoTracking()
            .Where(p => !p.IsArchived && p.Members.Any(m => m.UserId == userId))
            .OrderBy(p => p.Name)
            .Select(p => new ProjectResponse(
                p.Id,
                p.Name,
                p.Color,
                p.IsBillableByDefault,
                db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken));
    }

    [HttpGet("projects/{id:guid}/tasks", Name = "listProjectTasks")]
    [EndpointSummary("Tasks of a project")]
    [EndpointDescription("Active tasks of one of your projects, by name.")]
    [ProducesResponseType<IReadOnlyList<TaskResponse>>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<IReadOnlyList<TaskResponse>>> Tasks(Guid id, CancellationToken cancellationToken)
    {
        if (!await CanLogToAsync(id, cancellationToken))
        {
            return ProjectNotFound();
        }

        return Ok(await db.Tasks.AsNoTracking()
            .Where(t => t.ProjectId == id && !t.IsArchived)
            .OrderBy(t => t.Name)
            .Select(t => new TaskResponse(t.Id, t.ProjectId, t.Name))
            .ToListAsync(cancellationToken));
    }

    [HttpGet("projects/{id:guid}/outcomes", Name = "listProjectOutcomes")]
    [EndpointSummary("Outcomes of a project")]
    [EndpointDescription("The deliverables of one of your projects that entries can count towards, by name.")]
    [ProducesResponseType<IReadOnlyList<OutcomeResponse>>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<IReadOnlyList<OutcomeResponse>>> Outcomes(Guid id, CancellationToken cancellationToken)
    {
        if (!await CanLogToAsync(id, cancellationToken))
        {
            return ProjectNotFound();
        }

        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => o.ProjectId == id)
            .OrderBy(o => o.Name)
            .ToListAsync(cancellationToken);
        return Ok(outcomes
            .Select(o => new OutcomeResponse(o.Id, o.ProjectId, o.Name, MeController.Lower(o.Status), o.DueDate is { } due ? LocalDatePattern.Iso.Format(due) : null))
            .ToList());
    }

    [HttpGet("tags", Name = "listTags")]
    [EndpointSummary("Tags")]
    [EndpointDescription("The organization's tags, by name.")]
    [ProducesResponseType<IReadOnlyList<TagResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<TagResponse>>> Tags(CancellationToken cancellationToken) =>
        Ok(await db.Tags.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TagResponse(t.Id, t.Name))
            .ToListAsync(cancellationToken));

    private Task<bool> CanLogToAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        return db.Projects.AnyAsync(p => p.Id == projectId && !p.IsArchived && p.Members.Any(m => m.UserId == userId), cancellationToken);
    }

    private ObjectResult ProjectNotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "There is no such project you may log time to.");
}
