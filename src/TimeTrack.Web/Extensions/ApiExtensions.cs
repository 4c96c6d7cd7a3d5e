using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Features.Api;
using TimeTrack.Web.Features.Tokens;

namespace TimeTrack.Web.Extensions;

public static class ApiExtensions
{
    /// <summary>Personal access tokens, the bearer scheme, the <c>/api/v1</c> JSON conventions and its OpenAPI document.</summary>
    public static IHostApplicationBuilder AddTimeTrackApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PersonalAccessTokens>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null);

        // Scoped to endpoints marked [ApiV1]: the pages keep MVC's defaults.
        builder.Services.AddOptions<MvcOptions>().Configure<ILoggerFactory>((options, loggers) =>
        {
            options.InputFormatters.Insert(0, new ApiJsonInputFormatter(loggers.CreateLogger<Microsoft.AspNetCore.Mvc.Formatters.SystemTextJsonInputFormatter>()));
            options.OutputFormatters.Insert(0, new ApiJsonOutputFormatter());
        });
        // Problem details for errors no controller answers (the developer exception page uses them too).
        builder.Services.AddProblemDetails();
        builder.Services.Configure<ApiBehaviorOptions>(options => options.InvalidModelStateResponseFactory = ApiControllerBase.InvalidRequest);

        // The OpenAPI generator reads these options for schema names; only /api/v1 is described.
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddOpenApi(ApiDocumentTransformer.DocumentName, options =>
        {
            options.ShouldInclude = ApiDocumentTransformer.Includes;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
        });
        return builder;
    }

    /// <summary>Maps <c>/openapi/v1.json</c>; the controllers come with MapControllers.</summary>
    public static WebApplication MapTimeTrackApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
