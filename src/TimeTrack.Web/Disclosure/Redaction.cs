using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Web.Disclosure;

/// <summary>
/// Clears what the policy withholds from a read model, field by field, following the
/// <see cref="PersonDataAttribute"/>s of its properties, and reports the categories it left shown.
/// The model is copied, never changed. Nested read models and lists of them are redacted too; a list
/// of <see cref="IOnProject"/> parts keeps only the parts on projects the viewer is granted.
/// Builders may already leave withheld parts out (so as not to read them at all); this is the net
/// under them, the one place where "shown" is decided for every format that renders the model.
/// </summary>
public static class Redaction
{
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private static readonly MethodInfo MemberwiseCloneMethod =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("object.MemberwiseClone is missing.");

    /// <summary>The decision the redaction asks: may the viewer see this category at this level, about time on this project (or in general)?</summary>
    public delegate bool Grants(DataCategory category, Granularity needed, Guid? projectId);

    /// <summary>A copy of <paramref name="model"/> with every withheld property cleared, and the categories left in it.</summary>
    public static (T Model, IReadOnlySet<DataCategory> Shown) Redact<T>(T model, Grants grants)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(grants);
        var shown = new SortedSet<DataCategory>();
        var copy = (T)RedactObject(model, grants, shown, projectId: null);
        return (copy, shown);
    }

    /// <summary>True when <paramref name="type"/> declares person data anywhere inside it.</summary>
    public static bool IsReadModel(Type type) => ShapeOf(type).HasPersonData;

    /// <summary>
    /// Properties that carry <see cref="PersonDataAttribute"/> but could not hold "withheld" (not
    /// nullable), anywhere in <paramref name="type"/>: a read model that declares such a property is
    /// wrong, and a test checks every read model with this.
    /// </summary>
    public static IEnumerable<string> NonNullableDeclarations(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetCustomAttribute<PersonDataAttribute>() is null)
            {
                continue;
            }

            var nullable = property.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(property.PropertyType) is not null
                : nullability.Create(property).WriteState is NullabilityState.Nullable;
            if (!nullable)
            {
                yield return $"{type.Name}.{property.Name}";
            }
        }
    }

    private static object RedactObject(object model, Grants grants, ISet<DataCategory> shown, Guid? projectId)
    {
        var shape = ShapeOf(model.GetType());
        if (!shape.HasPersonData)
        {
            return model;
        }

        var copy = MemberwiseCloneMethod.Invoke(model, null) ?? throw new InvalidOperationException("A copy of a read model is null.");
        var scope = model is IOnProject onProject ? onProject.ProjectId : projectId;
        foreach (var field in shape.Fields)
        {
            var value = field.Property.GetValue(model);
            if (value is null)
            {
                continue;
            }

            if (field.Declared is { } declared)
            {
                if (field.Elements is not null && value is IEnumerable list)
                {
                    // A list of parts about projects: keep the parts on projects the viewer is granted.
                    var kept = KeepGranted(list, field.Elements, declared, grants, shown, scope);
                    field.Property.SetValue(copy, kept);
                    if (kept is not null)
                    {
                        shown.Add(declared.Category);
                    }

                    continue;
                }

                if (!grants(declared.Category, declared.Needed, scope))
                {
                    field.Property.SetValue(copy, null);
                    continue;
                }

                shown.Add(declared.Category);
            }

            if (field.Nested)
            {
                field.Property.SetValue(copy, RedactObject(value, grants, shown, scope));
            }
            else if (field.Elements is { } elementType && value is IEnumerable items)
            {
                field.Property.SetValue(copy, RedactList(items, elementType, grants, shown, scope));
            }
        }

        return copy;
    }

    private static object? KeepGranted(IEnumerable list, Type elementType, PersonDataAttribute declared, Grants grants, ISet<DataCategory> shown, Guid? scope)
    {
        var generalGrant = grants(declared.Category, declared.Needed, scope);
        var kept = NewList(elementType);
        foreach (var item in list)
        {
            if (item is null)
            {
                continue;
            }

            var itemProject = item is IOnProject onProject ? onProject.ProjectId : scope;
            if (generalGrant || (itemProject is { } project && grants(declared.Category, declared.Needed, project)))
            {
                kept.Add(ShapeOf(item.GetType()).HasPersonData ? RedactObject(item, grants, shown, itemProject) : item);
            }
        }

        // Withheld as a whole unless granted in general or for at least one project the person worked on.
        return generalGrant || kept.Count > 0 ? kept : null;
    }

    private static IList RedactList(IEnumerable items, Type elementType, Grants grants, ISet<DataCategory> shown, Guid? scope)
    {
        var copy = NewList(elementType);
        foreach (var item in items)
        {
            copy.Add(item is null ? null : RedactObject(item, grants, shown, scope));
        }

        return copy;
    }

    private static IList NewList(Type elementType) =>
        (IList)(Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType)) ?? throw new InvalidOperationException("A list could not be created."));

    private static Shape ShapeOf(Type type) => Shapes.GetOrAdd(type, static t => Shape.Of(t, []));

    private sealed record Field(PropertyInfo Property, PersonDataAttribute? Declared, bool Nested, Type? Elements);

    private sealed record Shape(IReadOnlyList<Field> Fields, bool HasPersonData)
    {
        public static Shape Of(Type type, HashSet<Type> visiting)
        {
            if (!IsCandidate(type) || !visiting.Add(type))
            {
                return new Shape([], false);
            }

            var fields = new List<Field>();
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (property.GetIndexParameters().Length > 0 || property.SetMethod is null)
                {
                    continue;
                }

                var declared = property.GetCustomAttribute<PersonDataAttribute>();
                var elements = ElementType(property.PropertyType);
                var nested = elements is null && IsCandidate(property.PropertyType) && Of(property.PropertyType, visiting).HasPersonData;
                var nestedElements = elements is not null && IsCandidate(elements) && Of(elements, visiting).HasPersonData;
                if (declared is not null || nested || nestedElements)
                {
                    fields.Add(new Field(property, declared, nested, elements is not null && (declared is not null || nestedElements) ? elements : null));
                }
            }

            visiting.Remove(type);
            return new Shape(fields, fields.Count > 0);
        }

        private static bool IsCandidate(Type type) =>
            type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("TimeTrack.", StringComparison.Ordinal) == true;

        private static Type? ElementType(Type type)
        {
            if (type == typeof(string) || !type.IsGenericType)
            {
                return null;
            }

            var definition = type.GetGenericTypeDefinition();
            return definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
                ? type.GetGenericArguments()[0]
                : null;
        }
    }
}
