using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TimeTrack.Web.Infrastructure.Links;

namespace TimeTrack.Web.Features.Api;

/// <summary>The OpenAPI description of <c>/api/v1</c>: title, the bearer scheme, and nothing of the MVC pages.</summary>
public sealed class ApiDocumentTransformer(PublicLinks links) : IOpenApiDocumentTransformer
{
    public const string DocumentName = "v1";

    public static bool Includes(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TimeTrack API",
            Version = "v1",
            Description = "Read and change your own time entries in one organization, and read other people's weeks where the organization's transparency policy allows it (every such read is in their access log). Authenticate with a personal access token "
                + "(Settings → API tokens) sent as `Authorization: Bearer tt_...`; the token decides the organization. "
                + "Instants are ISO-8601 UTC strings, ids are UUIDs, errors are RFC 9457 problem details.",
        };
        // The public address, not the scheme and Host of whichever request fetched the document.
        document.Servers = [new OpenApiServer { Url = links.Root }];

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description = tag.Name switch
            {
                "Me" => "Who the token acts as.",
                "Work" => "Projects, tasks, outcomes and tags to log time to.",
                "Entries" => "Your time entries.",
                "Timer" => "Your running timer.",
                "People" => "Other people's weeks, as far as the transparency policy shows them to you; each read is in their access log.",
                "Reports" => "Time by client, project, outcome, task or person, as the transparency policy shows it to you, and your saved report definitions.",
                _ => tag.Description,
            };
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[PersonalAccessTokenHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "tt_{organization}_{secret}",
            Description = "A personal access token, created on the organization's Settings → API tokens page.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(PersonalAccessTokenHandler.SchemeName, document)] = [],
            },
        ];
        return Task.CompletedTask;
    }
}
