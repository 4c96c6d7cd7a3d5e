using TimeTrack.Web.Digests;
using TimeTrack.Web.Jobs;

namespace TimeTrack.Web.Extensions;

public static class DigestExtensions
{
    /// <summary>Building weekly digests, the jobs that schedule them and the email outbox's sender.</summary>
    public static IHostApplicationBuilder AddTimeTrackDigests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DigestService>();
        builder.Services.AddScoped<DigestJobs>();
        builder.Services.AddScoped<OutgoingEmailJob>();
        return builder;
    }
}
