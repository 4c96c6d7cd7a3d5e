using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TimeTrack.Web.Localization;

/// <summary>
/// The form value provider with the invariant culture: numbers posted by forms (a number input always
/// sends "19.5") bind the same in every language the pages are shown in.
/// </summary>
public sealed class InvariantFormValueProviderFactory : IValueProviderFactory
{
    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var request = context.ActionContext.HttpContext.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.ActionContext.HttpContext.RequestAborted);
            context.ValueProviders.Add(new FormValueProvider(BindingSource.Form, form, CultureInfo.InvariantCulture));
        }
    }
}
