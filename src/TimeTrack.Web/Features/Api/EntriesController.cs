using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Api;

/// <summary>The person's own time entries. Every write goes through <see cref="TimeEntryService"/>.</summary>
[ShowsNoOneElsesData("The token owner's own entries.")]
public sealed class EntriesController(TimeTrackDbContext db, TimeEntryService entries) : ApiControllerBase
{
    public const int DefaultLimit = 50;
    public const int MaximumLimit = 200;

    [HttpGet("entries", Name = "listEntries")]
    [EndpointSummary("Your entries, newest first")]
    [EndpointDescription("Entries whose start is in [from, to), newest first, a page at a time. Follow next_cursor until it is null.")]
    [ProducesResponseType<EntryPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<EntryPage>> List(
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] string? cursor,
        [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaximumLimit)
        {
            errors["limit"] = [$"Use a limit from 1 to {MaximumLimit}."];
        }

        EntryCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (EntryCursor.TryDecode(cursor, out var decoded))
            {
                after = decoded;
            }
            else
            {
                errors["cursor"] = ["Use a next_cursor value from an earlier page."];
            }
        }

        if (errors.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid", errors: errors);
        }

        var userId = CurrentUserId;
        var query = db.TimeEntries.AsNoTracking().Include(e => e.Tags).Where(e => e.UserId == userId);
        if (from is { } fromValue)
        {
            var fromInstant = Instant.FromDateTimeOffset(fromValue);
            query = query.Where(e => e.Start >= fromInstant);
        }

        if (to is { } toValue)
        {
            var toInstant = Instant.FromDateTimeOffset(toValue);
            query = query.Where(e => e.Start < toInstant);
        }

        if (after is { } last)
        {
            query = query.Where(e => e.Start < last.Start || (e.Start == last.Start && e.Id.CompareTo(last.Id) < 0));
        }

        var rows = await query
            .OrderByDescending(e => e.Start).ThenByDescending(e => e.Id)
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? new EntryCursor(page[^1].Start, page[^1].Id).Encode() : null;
        return new EntryPage([.. page.Select(ToResponse)], next);
    }

    [HttpGet("entries/{id:guid}", Name = "getEntry")]
    [EndpointSummary("One of your entries")]
    [EndpointDescription("The entry, with its version in the ETag header (send it back in If-Match to change or delete the entry).")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<EntryResponse>> Get(Guid id, CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var entry = await db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .SingleOrDefaultAsync(e => e.Id == id && e.UserId == userId, cancellationToken);
        if (entry is null)
        {
            return EntryNotFound();
        }

        SetETag(entry.Version);
        return ToResponse(entry);
    }

    [HttpPost("entries", Name = "createEntry")]
    [EndpointSummary("Add an entry")]
    [EndpointDescription("Adds a finished entry. The same rules apply as in the app: your projects only, no overlaps, no locked weeks, at most a day long.")]
    [Consumes("application/json")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<EntryResponse>> Create(EntryRequest request, CancellationToken cancellationToken)
    {
        if (request is not { Start: { } start, End: { } end })
        {
            return MissingTimes();
        }

        var result = await entries.CreateAsync(
            CurrentUserId, DetailsOf(request), Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(end), EntrySource.Api, cancellationToken);
        if (!result.Succeeded || result.Value is not { } entry)
        {
            return TrackingProblem(result);
        }

        SetETag(entry.Version);
        return CreatedAtRoute("getEntry", new { id = entry.Id }, ToResponse(entry));
    }

    [HttpPut("entries/{id:guid}", Name = "updateEntry")]
    [EndpointSummary("Change an entry")]
    [EndpointDescription("Replaces the entry's details and times. Send the ETag you read in If-Match; if the entry changed since, nothing is saved and the answer is 412.")]
    [Consumes("application/json")]
    [ProducesResponseType<EntryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, "application/problem+json")]
    public async Task<ActionResult<EntryResponse>> Update(
        Guid id,
        EntryRequest request,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken)
    {
        _ = ifMatch; // Declared for the API description; ReadIfMatch reads the header itself.
        if (ReadIfMatch(out var version) is { } problem)
        {
            return problem;
        }

        if (request is not { Start: { } start, End: { } end })
        {
            return MissingTimes();
        }

        var result = await entries.UpdateAsync(
            CurrentUserId, id, version, DetailsOf(request), Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(end), cancellationToken);
        if (!result.Succeeded || result.Value is not { } entry)
        {
            return TrackingProblem(result);
        }

        SetETag(entry.Version);
        return ToResponse(entry);
    }

    [HttpDelete("entries/{id:guid}", Name = "deleteEntry")]
    [EndpointSummary("Delete an entry")]
    [EndpointDescription("Deletes the entry if it is still at the version in If-Match.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        _ = ifMatch;
        if (ReadIfMatch(out var version) is { } problem)
        {
            return problem;
        }

        var result = await entries.DeleteAsync(CurrentUserId, id, version, cancellationToken);
        return result.Succeeded ? NoContent() : TrackingProblem(result);
    }

    // Model validation requires both; this only satisfies the compiler's flow analysis.
    private ObjectResult MissingTimes() => Problem(
        StatusCodes.Status400BadRequest,
        "The request is not valid",
        errors: new Dictionary<string, string[]> { ["start"] = ["Enter when the entry started."], ["end"] = ["Enter when the entry ended."] });

    internal static EntryDetails DetailsOf(EntryRequest request) => new(
        request.ProjectId ?? Guid.Empty, request.TaskId, request.OutcomeId, request.TagIds, request.Billable, request.Description);

    internal static EntryResponse ToResponse(TimeEntry entry) => new(
        entry.Id,
        entry.ProjectId,
        entry.TaskId,
        entry.OutcomeId,
        [.. entry.Tags.Select(t => t.TagId).Order()],
        entry.IsBillable,
        entry.Description,
        entry.Start.ToDateTimeUtc(),
        entry.End?.ToDateTimeUtc(),
        entry.IsRunning,
        MeController.Lower(entry.Source),
        entry.IsDurationOnly);
}
