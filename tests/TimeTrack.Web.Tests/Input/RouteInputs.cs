using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Features.Api;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Input;

/// <summary>Where a request carries a bound value.</summary>
public enum InputLocation
{
    Route,
    Query,
    Form,
    Json,
    Header,
}

/// <summary>What a bound value is read as, which decides the hostile values worth sending it.</summary>
public enum InputKind
{
    Text,
    Boolean,
    Number,
    Identifier,
    Date,
    Choice,
}

/// <summary>One value a route binds: <c>NewEntry.Description</c> in a form, <c>week</c> in a query, <c>description</c> in a JSON body.</summary>
public sealed record InputField(string Name, InputLocation Location, InputKind Kind)
{
    /// <summary>The JSON path of a body property, outermost first.</summary>
    public IReadOnlyList<string> JsonPath { get; init; } = [];

    public override string ToString() => $"{Location} {Name} ({Kind})";
}

/// <summary>
/// Every value a route binds, read from its action descriptor the way MVC binds it: route values, the
/// query or form fields of simple parameters and of every property of complex ones (recursing into
/// nested view models and collections), headers, and the JSON properties of <c>[FromBody]</c> types.
/// </summary>
public static class RouteInputs
{
    private const int DeepestNesting = 4;

    public static IReadOnlyList<InputField> Of(AppRoute route, IServiceProvider services)
    {
        var fields = new List<InputField>();
        foreach (var parameter in route.Pattern.Parameters.Where(p => p.Name != OrganizationRouteMiddleware.RouteKey))
        {
            fields.Add(new(parameter.Name, InputLocation.Route, RouteKind(parameter)));
        }

        if (route.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
        {
            return fields;
        }

        var metadata = services.GetRequiredService<IModelMetadataProvider>();
        var readsBody = route.Method is not ("GET" or "HEAD");
        foreach (var parameter in action.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Special || source == BindingSource.Services || source == BindingSource.FormFile
                || parameter.ParameterType == typeof(CancellationToken)
                || route.Pattern.GetParameter(parameter.Name) is not null)
            {
                continue;
            }

            if (source == BindingSource.Body)
            {
                Json(ApiJson.Options.GetTypeInfo(parameter.ParameterType), [], fields, 0);
                continue;
            }

            var model = metadata.GetMetadataForType(parameter.ParameterType);
            var location = source == BindingSource.Header ? InputLocation.Header
                : source == BindingSource.Query || source == BindingSource.Path || !readsBody ? InputLocation.Query
                : InputLocation.Form;
            // A complex parameter without a prefix binds its properties by their own names.
            var prefix = parameter.BindingInfo?.BinderModelName ?? (model.IsComplexType ? "" : parameter.Name);
            Walk(model, prefix, location, fields, 0);
        }

        return [.. fields.DistinctBy(f => (f.Location, f.Name))];
    }

    private static void Walk(ModelMetadata model, string name, InputLocation location, List<InputField> fields, int depth)
    {
        if (depth > DeepestNesting)
        {
            return;
        }

        if (!model.IsComplexType || model.ModelType == typeof(string))
        {
            fields.Add(new(name, location, KindOf(model.UnderlyingOrModelType)));
            return;
        }

        if (model.IsEnumerableType && model.ElementMetadata is { } element)
        {
            Walk(element, name + "[0]", location, fields, depth + 1);
            return;
        }

        // A read-only property of a simple type is never bound; read-only collections and objects are bound into.
        foreach (var property in model.Properties.Where(p => p.IsBindingAllowed && p.BindingSource != BindingSource.Services && !(p.IsReadOnly && !p.IsComplexType)))
        {
            var propertyName = property.BinderModelName ?? property.PropertyName ?? "";
            Walk(property, name.Length == 0 ? propertyName : name + "." + propertyName, location, fields, depth + 1);
        }
    }

    private static void Json(JsonTypeInfo type, IReadOnlyList<string> path, List<InputField> fields, int depth)
    {
        foreach (var property in type.Properties)
        {
            IReadOnlyList<string> inner = [.. path, property.Name];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var kind = KindOf(propertyType);
            var nested = property.Options.GetTypeInfo(propertyType);
            if (nested.Kind == JsonTypeInfoKind.Object && depth < DeepestNesting)
            {
                Json(nested, inner, fields, depth + 1);
            }
            else
            {
                fields.Add(new(string.Join(".", inner), InputLocation.Json, nested.Kind == JsonTypeInfoKind.Enumerable ? InputKind.Text : kind) { JsonPath = inner });
            }
        }
    }

    private static InputKind KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(bool) => InputKind.Boolean,
            _ when type == typeof(Guid) => InputKind.Identifier,
            _ when type.IsEnum => InputKind.Choice,
            _ when type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(NodaTime.LocalDate) => InputKind.Date,
            _ when type.IsPrimitive || type == typeof(decimal) => InputKind.Number,
            _ => InputKind.Text,
        };
    }

    private static InputKind RouteKind(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        return constraints.Any(c => c.StartsWith("guid", StringComparison.OrdinalIgnoreCase)) ? InputKind.Identifier
            : constraints.Any(c => c.StartsWith("int", StringComparison.OrdinalIgnoreCase) || c.StartsWith("long", StringComparison.OrdinalIgnoreCase)) ? InputKind.Number
            : constraints.Any(c => c.StartsWith("bool", StringComparison.OrdinalIgnoreCase)) ? InputKind.Boolean
            : InputKind.Text;
    }
}
