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

        app.UseStaticFiles();
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
}
