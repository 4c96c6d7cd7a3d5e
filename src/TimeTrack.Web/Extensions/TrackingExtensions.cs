using TimeTrack.Web.Features.Import;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Extensions;

public static class TrackingExtensions
{
    public static IHostApplicationBuilder AddTimeTrackTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PersonTrackingProvider>();
        builder.Services.AddScoped<TimeEntryService>();
        builder.Services.AddScoped<IdleTime>();
        builder.Services.AddScoped<TimesheetService>();
        builder.Services.AddSingleton<UndoDeleteTokens>();
        builder.Services.AddScoped<QueuedTimerActions>();
        builder.Services.AddScoped<ApprovalService>();
        builder.Services.AddScoped<ImportPlanner>();
        builder.Services.AddScoped<ImportFiles>();
        builder.Services.AddScoped<ImportRunner>();
        builder.Services.AddScoped<ImportJobs>();
        return builder;
    }
}
