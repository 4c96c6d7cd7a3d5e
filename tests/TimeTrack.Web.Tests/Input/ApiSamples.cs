using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Input;

/// <summary>
/// What the API's own list endpoints answer a signed-in person, so that routes with ids in their path
/// can be called with ids that exist: <c>{id}</c> of <c>/api/v1/entries/{id}</c> from the entries list,
/// <c>{userId}</c> from any <c>user_id</c>, <c>{weekStart}</c> from any <c>week_start</c>.
/// </summary>
public sealed class ApiSamples
{
    private readonly Dictionary<string, JsonNode> _answers = new(StringComparer.Ordinal);

    public static async Task<ApiSamples> ReadAsync(HttpClient api, IEnumerable<AppRoute> routes)
    {
        var samples = new ApiSamples();
        foreach (var route in routes.Where(r => r.Method == "GET" && r.Template.StartsWith("/api/", StringComparison.Ordinal) && r.Pattern.Parameters.Count == 0))
        {
            using var response = await api.GetAsync(route.Template);
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/json"
                && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } answer)
            {
                samples._answers[route.Template] = answer;
            }
        }

        return samples;
    }

    public RouteValueDictionary? Sample(AppRoute route)
    {
        var values = new RouteValueDictionary();
        foreach (var parameter in route.Pattern.Parameters)
        {
            var value = parameter.Name == "id"
                ? _answers.GetValueOrDefault(route.Template[..route.Template.IndexOf("/{id", StringComparison.Ordinal)]) is { } list ? First(list, "id") : null
                : _answers.Values.Select(a => First(a, JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name))).FirstOrDefault(v => v is not null);
            if (value is null)
            {
                return null;
            }

            values[parameter.Name] = value;
        }

        return values;
    }

    private static string? First(JsonNode? node, string property) => node switch
    {
        JsonObject item when item[property] is JsonValue value && value.TryGetValue<string>(out var text) => text,
        JsonObject item => item.Select(p => First(p.Value, property)).FirstOrDefault(v => v is not null),
        JsonArray items => items.Select(i => First(i, property)).FirstOrDefault(v => v is not null),
        _ => null,
    };
}
