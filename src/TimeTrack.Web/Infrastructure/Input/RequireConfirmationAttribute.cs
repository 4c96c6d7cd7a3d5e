using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace TimeTrack.Web.Infrastructure.Input;

/// <summary>
/// An action that cannot be undone runs only when its form says so: a ticked <c>confirm</c> box (see
/// <c>Features/Shared/_Confirm.cshtml</c>). The box is <c>required</c>, so a browser will not send the
/// form without it; a post that arrives unticked anyway (a stale page, a script) changes nothing and
/// goes back where it came from with <paramref name="message"/> shown at the top.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequireConfirmationAttribute(string message) : ActionFilterAttribute
{
    public const string Field = "confirm";

    /// <summary>Where the layout finds the refusal to show.</summary>
    public const string RefusalKey = "Refusal";

    public string Message { get; } = message;

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        if (request.HasFormContentType && string.Equals(request.Form[Field], "true", StringComparison.Ordinal))
        {
            return;
        }

        var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
        tempData[RefusalKey] = Message;
        context.Result = new RedirectResult(Back(context), permanent: false, preserveMethod: false);
    }

    /// <summary>The page the form was on when it is one of ours, else the organization's start page.</summary>
    private static string Back(ActionExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && referer.Port == (request.Host.Port ?? referer.Port)
            && referer.PathAndQuery.StartsWith('/') && !referer.PathAndQuery.StartsWith("//", StringComparison.Ordinal))
        {
            return referer.PathAndQuery;
        }

        return context.RouteData.Values["org"] is string org ? $"/{Uri.EscapeDataString(org)}" : "/";
    }
}
