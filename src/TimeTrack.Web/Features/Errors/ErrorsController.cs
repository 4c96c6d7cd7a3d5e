using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Infrastructure.Input;

namespace TimeTrack.Web.Features.Errors;

/// <summary>
/// Friendly pages for error status codes and unhandled exceptions (re-executed by the status code page
/// and exception handler middleware); problem details instead for anything under <c>/api/</c>.
/// </summary>
[ShowsNoOneElsesData("Error pages.")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    // The code comes from the route only: the re-executed request still carries the original request's
    // form and query, which must not be bound (nor even read) here.
    [Route("/errors/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show([FromRoute] int code)
    {
        code = code is >= 400 and < 600 ? code : 500;
        Response.StatusCode = code;
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        var model = ErrorModel.For(code);
        if (originalPath?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true)
        {
            // API clients get problem details, never an HTML page.
            return Problem(statusCode: code, title: model.ApiTitle, detail: model.ApiDetail);
        }

        return View(model);
    }
}

/// <summary>One field a request got wrong, by the name it was sent under.</summary>
public sealed record FieldError(string Field, string Message);

public sealed record ErrorModel(int Code, string Title, string Message)
{
    /// <summary>The inputs that were wrong, when the page is about a request's input.</summary>
    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    public string ApiTitle { get; init; } = Title;

    public string? ApiDetail { get; init; }

    public static ErrorModel For(int code) => code switch
    {
        404 => new(404, "Page not found", "There is nothing at this address, or you do not have access to it.")
        {
            ApiTitle = "Not found",
            ApiDetail = "There is no such resource, or you do not have access to it.",
        },
        403 => new(403, "Not allowed", "Your role in this organization does not include this page.") { ApiTitle = "Forbidden" },
        405 => new(405, "Page not found", "There is nothing at this address for what was sent.")
        {
            ApiTitle = "Method not allowed",
            ApiDetail = "This resource does not accept this method.",
        },
        413 => new(413, "That was too much to send", $"A request can carry at most {InputLimits.RequestBodyBytes / 1024:N0} KB. Please send less and try again.")
        {
            ApiTitle = "Request body too large",
            ApiDetail = $"The request body may be at most {InputLimits.RequestBodyBytes:N0} bytes.",
        },
        415 => new(415, "Something was wrong with that request", "The request was not sent as a form.")
        {
            ApiTitle = "Unsupported media type",
            ApiDetail = "Send the request body as JSON (Content-Type: application/json).",
        },
        429 => new(429, "Too many attempts", "You have tried this too many times in a short while. Please wait a minute and try again.") { ApiTitle = "Too many requests" },
        400 => new(400, "Something was wrong with that request", "Please go back, reload the page and try again.") { ApiTitle = "Bad request" },
        >= 500 => new(code, "Something went wrong", "We could not complete that. Please try again in a moment.") { ApiTitle = "Server error" },
        _ => new(code, "Something went wrong", "We could not complete that. Please try again in a moment."),
    };
}
