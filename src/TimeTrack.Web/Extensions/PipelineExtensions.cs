namespace TimeTrack.Web.Extensions;

public static class PipelineExtensions
{
    public static WebApplication UseTimeTrackPipeline(this WebApplication app)
    {
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
        app.UseTimeTrackTenancy();
        app.UseAuthorization();
        app.UseTimeTrackJobsDashboard();
        app.MapControllers();
        app.MapTimeTrackApi();
        return app;
    }
}
