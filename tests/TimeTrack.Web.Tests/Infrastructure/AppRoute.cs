using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>
/// A route of the app as its own endpoint data source lists it, so tests that enumerate routes cover
/// every controller the day it is added.
/// </summary>
public sealed record AppRoute(string Method, RoutePattern Pattern, Endpoint Endpoint)
{
    /// <summary>Every route the app maps, once per HTTP method it accepts.</summary>
    public static IReadOnlyList<AppRoute> All(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : ["GET"];
                return methods.Select(method => new AppRoute(method, e.RoutePattern, e));
            })];

    public string Template => "/" + (Pattern.RawText ?? "").TrimStart('/');

    /// <summary>The URL with <c>{org}</c> set to <paramref name="org"/> and every other parameter set to a plausible value.</summary>
    public string Fill(string org) =>
        "/" + string.Join("/", Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: OrganizationRouteMiddleware.RouteKey } => org,
            RoutePatternParameterPart parameter => PlausibleValue(parameter),
            _ => throw new InvalidOperationException($"Unexpected route part in {Template}."),
        }))));

    private static string PlausibleValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Any(c => c.StartsWith("guid", StringComparison.OrdinalIgnoreCase)))
        {
            return Guid.CreateVersion7().ToString();
        }

        if (constraints.Any(c => c.StartsWith("bool", StringComparison.OrdinalIgnoreCase)))
        {
            return "true";
        }

        if (constraints.Any(c => c.StartsWith("datetime", StringComparison.OrdinalIgnoreCase))
            || parameter.Name.Contains("date", StringComparison.OrdinalIgnoreCase)
            || parameter.Name.Contains("week", StringComparison.OrdinalIgnoreCase))
        {
            return "2026-01-05";
        }

        if (constraints.Any(c => c.StartsWith("alpha", StringComparison.OrdinalIgnoreCase)))
        {
            return "a";
        }

        return parameter.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) && constraints.Count == 0
            ? Guid.CreateVersion7().ToString()
            : "1";
    }
}
