using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace TimeTrack.Web.Features.Errors;

/// <summary>
/// A page's own parameters (<c>week</c> in the query, <c>weekStart</c> in the path, a hidden
/// <c>version</c>) that fail binding or validation answer 400 with a page naming each of them and
/// what is wrong, before the action runs. Forms (complex view models) are left to their actions,
/// which show the form again with the errors next to its fields; the API has its own problem details.
/// </summary>
public sealed class InvalidParametersFilter(IModelMetadataProvider metadata) : IActionFilter, IOrderedFilter
{
    public const string View = "~/Features/Errors/Show.cshtml";

    // Before the controllers' own action filters, after model binding.
    public int Order => -1000;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ModelState.IsValid || context.Controller is not Controller
            || context.ActionDescriptor.EndpointMetadata.OfType<ApiControllerAttribute>().Any())
        {
            return;
        }

        var errors = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource != BindingSource.Body && !metadata.GetMetadataForType(p.ParameterType).IsComplexType)
            .Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
            .SelectMany(name => context.ModelState.TryGetValue(name, out var entry)
                ? entry.Errors.Select(e => new FieldError(name, string.IsNullOrEmpty(e.ErrorMessage) ? "The value is not valid." : e.ErrorMessage))
                : [])
            .ToList();
        if (errors.Count == 0)
        {
            return;
        }

        context.Result = new ViewResult
        {
            ViewName = View,
            StatusCode = StatusCodes.Status400BadRequest,
            ViewData = new ViewDataDictionary<ErrorModel>(metadata, context.ModelState)
            {
                Model = ErrorModel.For(StatusCodes.Status400BadRequest) with
                {
                    Message = "Part of the address or of what was sent is not valid:",
                    Fields = errors,
                },
            },
        };
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
