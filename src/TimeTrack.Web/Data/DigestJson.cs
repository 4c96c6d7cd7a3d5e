using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using TimeTrack.Domain.Digests;

namespace TimeTrack.Web.Data;

/// <summary>How a digest's content is stored: a jsonb document, rendered later exactly as it was built.</summary>
public static class DigestJson
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public static string Serialize(DigestContent content) => JsonSerializer.Serialize(content, Options);

    public static DigestContent Deserialize(string json) =>
        JsonSerializer.Deserialize<DigestContent>(json, Options) ?? throw new JsonException("A digest document is empty.");
}
