using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Features.Errors;

/// <summary>Friendly pages for error status codes (re-executed by the status code page middleware).</summary>
[ShowsNoOneElsesData("Error pages.")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/errors/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        // API clients get problem details, not an HTML page, for addresses that match nothing.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        if (original?.OriginalPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Problem(
                statusCode: Response.StatusCode,
                title: code == 404 ? "Not found" : null,
                detail: code == 404 ? "There is no such resource, or you do not have access to it." : null);
        }

        var model = code switch
        {
            404 => new ErrorModel(404, "Page not found", "There is nothing at this address, or you do not have access to it."),
            403 => new ErrorModel(403, "Not allowed", "Your role in this organization does not include this page."),
            429 => new ErrorModel(429, "Too many attempts", "You have tried this too many times in a short while. Please wait a minute and try again."),
            400 => new ErrorModel(400, "Something was wrong with that request", "Please go back, reload the page and try again."),
            _ => new ErrorModel(code, "Something went wrong", "We could not complete that. Please try again in a moment."),
        };
        return View(model);
    }
}

public sealed record ErrorModel(int Code, string Title, string Message);
