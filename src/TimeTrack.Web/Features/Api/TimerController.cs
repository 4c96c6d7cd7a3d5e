using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Api;

/// <summary>The person's running timer: at most one at a time.</summary>
[ShowsNoOneElsesData("The token owner's own timer.")]
public sealed class TimerController(TimeEntryService entries) : ApiControllerBase
{
    [HttpGet("timer", Name = "getTimer")]
    [EndpointSummary("Your running timer")]
    [EndpointDescription("The running entry, or 204 No Content when no timer runs.")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult<EntryResponse>> Get(CancellationToken cancellationToken)
    {
        var running = await entries.RunningAsync(CurrentUserId, cancellationToken);
        if (running is null)
        {
            return NoContent();
        }

        SetETag(running.Version);
        return EntriesController.ToResponse(running);
    }

    [HttpPost("timer/start", Name = "startTimer")]
    [EndpointSummary("Start a timer")]
    [EndpointDescription("Starts a timer now. Fails with 422 when one is already running: stop it first.")]
    [Consumes("application/json")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<EntryResponse>> Start(TimerStartRequest request, CancellationToken cancellationToken)
    {
        var details = new EntryDetails(request.ProjectId ?? Guid.Empty, request.TaskId, request.OutcomeId, request.TagIds, request.Billable, request.Description);
        var result = await entries.StartTimerAsync(CurrentUserId, details, cancellationToken);
        if (!result.Succeeded || result.Value is not { } entry)
        {
            return TrackingProblem(result);
        }

        SetETag(entry.Version);
        return CreatedAtRoute("getEntry", new { id = entry.Id }, EntriesController.ToResponse(entry));
    }

    [HttpPost("timer/stop", Name = "stopTimer")]
    [EndpointSummary("Stop the running timer")]
    [EndpointDescription("Stops the running timer now and returns the finished entry. Fails with 422 when no timer runs.")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<EntryResponse>> Stop(CancellationToken cancellationToken)
    {
        var result = await entries.StopTimerAsync(CurrentUserId, cancellationToken: cancellationToken);
        if (!result.Succeeded || result.Value is not { } entry)
        {
            return TrackingProblem(result);
        }

        SetETag(entry.Version);
        return EntriesController.ToResponse(entry);
    }
}
