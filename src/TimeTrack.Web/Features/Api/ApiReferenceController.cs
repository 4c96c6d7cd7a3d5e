using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Infrastructure.Links;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// <c>/api</c>: a readable reference of <c>/api/v1</c>, rendered on the server from the same API
/// description the OpenAPI document is built from, so the two cannot drift apart.
/// </summary>
[ShowsNoOneElsesData("The API's reference documentation.")]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ApiReferenceController(IApiDescriptionGroupCollectionProvider descriptions, PublicLinks links) : Controller
{
    [HttpGet("api")]
    public IActionResult Index()
    {
        var baseUrl = links.Root;
        var endpoints = descriptions.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(ApiDocumentTransformer.Includes)
            .Select(d => Describe(d, baseUrl))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => MethodOrder(e.Method))
            .ToList();
        return View("~/Features/Api/Reference.cshtml", new ApiReferenceModel(baseUrl, endpoints));
    }

    private static ApiEndpointModel Describe(ApiDescription description, string baseUrl)
    {
        var method = description.HttpMethod ?? "GET";
        var path = "/" + StripConstraints(description.RelativePath ?? "");
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var parameters = description.ParameterDescriptions
            .Where(p => p.Source == BindingSource.Path || p.Source == BindingSource.Query || p.Source == BindingSource.Header)
            .Select(p => new ApiParameterModel(
                p.Source == BindingSource.Header ? p.Name : JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name),
                p.Source.DisplayName.ToLowerInvariant(),
                TypeName(p.Type),
                p.Source == BindingSource.Path || (p.Source == BindingSource.Header && method is "PUT" or "DELETE")))
            .ToList();
        var body = description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        var exampleBody = body is null ? null : Example(body);
        var example = exampleBody is null ? null : JsonSerializer.Serialize(exampleBody, ApiExample.Indented);
        var statuses = description.SupportedResponseTypes.Select(r => r.StatusCode).Distinct().Order().ToList();

        var curl = new List<string> { $"curl -X {method} \"{baseUrl}{ExamplePath(path)}\"", "  -H \"Authorization: Bearer $TIMETRACK_TOKEN\"" };
        if (parameters.Any(p => p.Name == "If-Match"))
        {
            curl.Add("  -H 'If-Match: \"<etag>\"'");
        }

        if (exampleBody is not null)
        {
            curl.Add("  -H \"Content-Type: application/json\"");
            curl.Add($"  -d '{JsonSerializer.Serialize(exampleBody, ApiExample.Compact)}'");
        }

        return new ApiEndpointModel(
            method,
            path,
            metadata.OfType<IEndpointSummaryMetadata>().FirstOrDefault()?.Summary ?? "",
            metadata.OfType<IEndpointDescriptionMetadata>().FirstOrDefault()?.Description ?? "",
            parameters,
            example,
            statuses,
            string.Join(" \\\n", curl));
    }

    private static string StripConstraints(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]*)?\}", "{$1}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string ExamplePath(string path) => path.Replace("{id}", "0196b6d2-4c1e-7b3a-9f0e-2a4c6e8b1d3f", StringComparison.Ordinal);

    private static int MethodOrder(string method) => Array.IndexOf(["GET", "POST", "PUT", "DELETE"], method);

    private static string TypeName(Type? type)
    {
        var inner = Nullable.GetUnderlyingType(type ?? typeof(string)) ?? type ?? typeof(string);
        return inner == typeof(Guid) ? "uuid"
            : inner == typeof(DateTimeOffset) || inner == typeof(DateTime) ? "ISO-8601 instant"
            : inner == typeof(int) ? "integer"
            : inner == typeof(bool) ? "boolean"
            : "string";
    }

    /// <summary>A plausible body for a request type, property by property, in the API's JSON names.</summary>
    private static Dictionary<string, object?> Example(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p => ExampleValue(p));

    private static object? ExampleValue(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return property.Name switch
        {
            "Start" => "2026-01-05T09:00:00Z",
            "End" => "2026-01-05T10:30:00Z",
            "Description" => "Reviewed the release notes",
            _ when type == typeof(Guid) => "0196b6d2-4c1e-7b3a-9f0e-2a4c6e8b1d3f",
            _ when type == typeof(bool) => true,
            _ when typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) => new[] { "0196b6d2-5d2f-7c4b-8a1f-3b5d7f9c2e4a" },
            _ => "text",
        };
    }
}

internal static class ApiExample
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static readonly JsonSerializerOptions Compact = new();
}

public sealed record ApiReferenceModel(string BaseUrl, IReadOnlyList<ApiEndpointModel> Endpoints);

public sealed record ApiEndpointModel(
    string Method,
    string Path,
    string Summary,
    string Description,
    IReadOnlyList<ApiParameterModel> Parameters,
    string? ExampleBody,
    IReadOnlyList<int> Statuses,
    string Curl);

public sealed record ApiParameterModel(string Name, string In, string Type, bool Required);
