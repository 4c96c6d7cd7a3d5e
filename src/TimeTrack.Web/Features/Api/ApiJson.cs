using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// The API's JSON: snake_case names, unknown properties rejected (so a client can never believe it set
/// a field the API ignores, such as a user or tenant id). Only endpoints marked with
/// <see cref="ApiV1Attribute"/> use it; MVC pages and their form binding are untouched.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        return options;
    }

    internal static bool IsApiRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ApiV1Attribute>() is not null;
}

/// <summary>Marks the controllers of <c>/api/v1</c>: their bodies are read and written with <see cref="ApiJson"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ApiV1Attribute : Attribute;

internal sealed class ApiJsonInputFormatter(ILogger<SystemTextJsonInputFormatter> logger)
    : SystemTextJsonInputFormatter(new JsonOptions { AllowInputFormatterExceptionMessages = false }.Apply(), logger)
{
    public override bool CanRead(InputFormatterContext context) =>
        ApiJson.IsApiRequest(context.HttpContext) && base.CanRead(context);
}

internal sealed class ApiJsonOutputFormatter() : SystemTextJsonOutputFormatter(ApiJson.Options)
{
    public override bool CanWriteResult(OutputFormatterCanWriteContext context) =>
        ApiJson.IsApiRequest(context.HttpContext) && base.CanWriteResult(context);
}

internal static class JsonOptionsExtensions
{
    public static JsonOptions Apply(this JsonOptions options)
    {
        ApiJson.Configure(options.JsonSerializerOptions);
        return options;
    }
}
