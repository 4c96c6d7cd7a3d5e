using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Extensions;

public static class TransparencyExtensions
{
    /// <summary>The policy store and publisher, and the access log's queue, recorder and writer.</summary>
    public static IHostApplicationBuilder AddTimeTrackTransparency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PolicyStore>();
        builder.Services.AddScoped<PolicyPublisher>();
        builder.Services.AddSingleton<AccessLogQueue>();
        builder.Services.AddScoped<AccessRecorder>();
        builder.Services.AddScoped<PersonWeekReader>();
        builder.Services.AddHostedService<AccessLogWriter>();
        builder.Services.AddScoped<PulseSurveys>();
        return builder;
    }
}
