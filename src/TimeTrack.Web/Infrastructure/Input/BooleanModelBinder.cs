using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TimeTrack.Web.Infrastructure.Input;

/// <summary>
/// Binds <see cref="bool"/> and <see cref="Nullable{Boolean}"/> from "true" or "false" (any case; a
/// checkbox posts "true" with its hidden "false"). Anything else is a field error, and model state keeps
/// <c>false</c> as the value to show again: MVC's own binder keeps the text as typed, which the checkbox
/// tag helper then fails to convert (a <see cref="FormatException"/> on re-render) — a checkbox can only
/// show checked or not.
/// </summary>
public sealed class BooleanModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var key = bindingContext.ModelName;
        var result = bindingContext.ValueProvider.GetValue(key);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var text = result.FirstValue?.Trim();
        var nullable = Nullable.GetUnderlyingType(bindingContext.ModelType) is not null;
        if (string.IsNullOrEmpty(text) && nullable)
        {
            bindingContext.ModelState.SetModelValue(key, result);
            bindingContext.Result = ModelBindingResult.Success(null);
            return Task.CompletedTask;
        }

        if (bool.TryParse(text, out var value))
        {
            bindingContext.ModelState.SetModelValue(key, result);
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(key, rawValue: false, attemptedValue: "false");
        var name = bindingContext.ModelMetadata.DisplayName ?? bindingContext.ModelMetadata.Name ?? key;
        bindingContext.ModelState.TryAddModelError(key, $"{name} must be true or false.");
        bindingContext.Result = ModelBindingResult.Failed();
        return Task.CompletedTask;
    }
}

/// <summary>Uses <see cref="BooleanModelBinder"/> for every boolean MVC binds from forms, queries and routes.</summary>
public sealed class BooleanModelBinderProvider : IModelBinderProvider
{
    private static readonly BooleanModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = context.BindingInfo.BindingSource;
        var fromValues = source is null || source == BindingSource.ModelBinding || source == BindingSource.Form
            || source == BindingSource.Query || source == BindingSource.Path;
        return fromValues && context.Metadata.UnderlyingOrModelType == typeof(bool) ? Binder : null;
    }
}
