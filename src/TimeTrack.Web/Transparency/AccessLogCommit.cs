using Microsoft.AspNetCore.Mvc.Filters;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// Where a response's access-log rows are committed: before an MVC result runs (so a failure still
/// becomes a proper error page), and, for anything that writes the body itself, when the response
/// starts. Rows recorded by a request that then fails are discarded: nothing was shown.
/// </summary>
public static partial class AccessLogCommit
{
    /// <summary>Commits before every MVC result; registered as a global filter.</summary>
    public sealed class BeforeResult(AccessRecorder recorder) : IAsyncAlwaysRunResultFilter
    {
        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            await recorder.SaveAsync(context.HttpContext.RequestAborted);
            await next();
        }
    }

    /// <summary>
    /// The safety net: rows still pending when the response starts are committed first; if that fails
    /// the server aborts the response instead of sending it. Rows recorded after the response started
    /// (no read path does that) are written as soon as the request ends and the lapse is logged.
    /// </summary>
    public static IApplicationBuilder UseTimeTrackAccessLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var recorder = context.RequestServices.GetRequiredService<AccessRecorder>();
        context.Response.OnStarting(() => recorder.SaveAsync(CancellationToken.None));
        try
        {
            await next();
        }
        catch
        {
            if (!context.Response.HasStarted)
            {
                recorder.Discard();
            }

            throw;
        }

        if (context.Response.HasStarted && recorder.Pending > 0)
        {
            LogLate(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessLogCommit)), recorder.Pending, context.Request.Path);
            await recorder.SaveAsync(CancellationToken.None);
        }
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} access-log rows were recorded after the response to {Path} started; writing them now")]
    private static partial void LogLate(ILogger logger, int count, string path);
}
