using TimeTrack.Web.Infrastructure.Outages;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Extensions;

public static class PipelineExtensions
{
    public static WebApplication UseTimeTrackPipeline(this WebApplication app)
    {
        app.UseTimeTrackForwardedHeaders();
        var role = app.Configuration.GetProcessRole();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/errors/500");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseTimeTrackSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseTimeTrackRequestLogging();
        // Inside the request log, so that an outage is logged as the 503 it is answered with.
        app.UseTimeTrackDatabaseOutage();
        app.MapTimeTrackHealth();
        app.RegisterTimeTrackRecurringJobs();
        if (role == ProcessRole.Worker)
        {
            // A worker process serves health checks only; its job server runs in the background.
            return app;
        }

        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = CacheStaticFile });
        app.UseRouting();
        app.UseTimeTrackInputLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<TimeTrack.Web.Infrastructure.Display.DurationDisplayMiddleware>();
        // After the sign-in check, which reads the person's chosen language with their security stamp.
        app.UseRequestLocalization(TimeTrack.Web.Localization.Cultures.Options());
        app.UseTimeTrackTenancy();
        app.UseTimeTrackAccessLog();
        app.UseAuthorization();
        app.UseTimeTrackJobsDashboard();
        app.MapControllers();
        app.MapTimeTrackApi();
        return app;
    }

    /// <summary>What <c>UseResponseCompression</c> compresses: the static files' types and nothing else.</summary>
    public static readonly string[] CompressedStaticTypes =
        ["text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/manifest+json"];

    /// <summary>
    /// A static file addressed with its version (<c>asp-append-version</c> adds <c>?v=</c> and a hash of its
    /// content) never changes, so browsers keep it a year without asking; anything else is checked each time.
    /// </summary>
    private static void CacheStaticFile(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext context)
    {
        context.Context.Response.Headers.CacheControl = context.Context.Request.Query.ContainsKey("v")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
