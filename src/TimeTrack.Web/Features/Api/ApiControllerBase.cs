using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// Base of the <c>/api/v1</c> controllers: bearer tokens only (never the sign-in cookie, which is why
/// antiforgery does not apply), JSON in snake_case, errors as RFC 9457 problem details.
/// </summary>
[ApiController]
[ApiV1]
[Route("api/v1")]
[Authorize(AuthenticationSchemes = PersonalAccessTokenHandler.SchemeName)]
[IgnoreAntiforgeryToken]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public abstract class ApiControllerBase : ControllerBase
{
    protected Guid CurrentUserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The token handler sets the person.");

    protected ObjectResult Problem(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 }
            ? ProblemDetailsFactory.CreateValidationProblemDetails(HttpContext, ToModelState(errors), status, title, detail: detail)
            : ProblemDetailsFactory.CreateProblemDetails(HttpContext, status, title, detail: detail);
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    /// <summary>What is wrong with a date parameter: the range when it is outside it, else the format.</summary>
    protected static string DateProblem(DateInput date) =>
        date.Reading == DateReading.OutOfRange ? SupportedDates.OutOfRangeMessage : "Use an ISO-8601 date such as 2026-11-16.";

    protected ObjectResult EntryNotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "There is no such entry of yours.");

    /// <summary>Maps a failed tracking command to its problem: 422 with field errors, 404, or 412 for a stale version.</summary>
    protected ObjectResult TrackingProblem<T>(TrackingResult<T> result) => result.Failure switch
    {
        TrackingFailure.NotFound => EntryNotFound(),
        TrackingFailure.Conflict => Problem(
            StatusCodes.Status412PreconditionFailed,
            "The entry has changed",
            string.Join(" ", result.Problems.Select(p => p.Message))),
        _ => Problem(
            StatusCodes.Status422UnprocessableEntity,
            "The entry cannot be saved",
            string.Join(" ", result.Problems.Where(p => p.Field.Length == 0).Select(p => p.Message)) is { Length: > 0 } general ? general : null,
            result.Problems.Where(p => p.Field.Length > 0)
                .GroupBy(p => FieldName(p.Field))
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray())),
    };

    /// <summary>The entry's version as a strong ETag.</summary>
    protected void SetETag(uint version) => Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads <c>If-Match: "&lt;version&gt;"</c>: null when it names a version, else the problem (428 when missing, 412 otherwise).</summary>
    protected ObjectResult? ReadIfMatch(out uint version)
    {
        version = 0;
        var header = Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return Problem(StatusCodes.Status428PreconditionRequired, "If-Match required", "Send the entry's ETag in If-Match, so a change made elsewhere is never overwritten.");
        }

        return header.Length >= 3 && header[0] == '"' && header[^1] == '"'
            && uint.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            ? null
            : Problem(StatusCodes.Status412PreconditionFailed, "The entry has changed", "If-Match does not match the entry's current ETag.");
    }

    /// <summary>
    /// A C# member name or a JSON path ("ProjectId", "$.project_id", "TagIds[0]") as the request's JSON
    /// name ("project_id", "tag_ids"); "Duration" belongs to the end, the only duration a request has.
    /// </summary>
    public static string FieldName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            name = name[..bracket];
        }

        name = name.Split('.')[^1];
        return name switch
        {
            "" => "",
            "Duration" => "end",
            _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(name),
        };
    }

    /// <summary>Model state (binding and validation) as a 400 problem whose errors use the JSON names.</summary>
    public static IActionResult InvalidRequest(ActionContext context)
    {
        var errors = context.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 })
            .GroupBy(e => FieldName(e.Key))
            .ToDictionary(
                g => g.Key,
                g => g.SelectMany(e => e.Value?.Errors ?? [])
                    .Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? "The value is not valid." : e.ErrorMessage)
                    .Distinct()
                    .ToArray());
        var factory = context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.Infrastructure.ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(context.HttpContext, ToModelState(errors), StatusCodes.Status400BadRequest, "The request is not valid");
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    private static ModelStateDictionary ToModelState(IDictionary<string, string[]> errors)
    {
        var state = new ModelStateDictionary();
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }

        return state;
    }
}
