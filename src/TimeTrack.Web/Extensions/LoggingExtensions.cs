using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Extensions;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog: readable console in development, compact JSON otherwise. The static logger is left
    /// alone so several hosts can run in one process (tests run two hosts on one database).
    /// Logs carry ids, never personal content such as entry descriptions or reflections.
    /// </summary>
    public static IHostApplicationBuilder AddTimeTrackLogging(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                logger
                    .MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                    .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
                    .ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services) // extra sinks registered in DI (tests use one)
                    .Enrich.FromLogContext();
                if (development)
                {
                    logger.WriteTo.Console(
                        outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                        formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    logger.WriteTo.Console(new RenderedCompactJsonFormatter());
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    public static IApplicationBuilder UseTimeTrackRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The static logger is left alone (see above), so hand the middleware this host's logger.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            // Paths and status only: query strings can carry personal content.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (http, _, exception) =>
                exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : IsStaticAsset(http.Request.Path) ? LogEventLevel.Verbose
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                var tenant = http.RequestServices.GetService<TenantContext>();
                diagnostics.Set("TenantId", tenant?.TenantId);
                diagnostics.Set("UserId", OrganizationRouteMiddleware.GetUserId(http.User));
                diagnostics.Set("TraceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
            };
        });

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/lib")
        || path.StartsWithSegments("/favicon.ico");
}
