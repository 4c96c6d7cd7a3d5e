using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace TimeTrack.Web.Infrastructure.Outages;

/// <summary>
/// What a request gets while the database is away: 503 with Retry-After (problem details under
/// <c>/api/</c>, a self-contained page otherwise, since the usual layout needs the database), never a
/// 500 and never a stopped process. The connection pools are cleared so that the first requests after
/// the database's return do not fail on connections it closed.
/// </summary>
public static partial class DatabaseOutage
{
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the database cannot be reached or is shutting down.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case RetryLimitExceededException:
                case SocketException:
                case TimeoutException:
                case PostgresException { SqlState: var state } when IsUnavailableState(state):
                case NpgsqlException { IsTransient: true } and not PostgresException:
                    return true;
            }
        }

        return false;
    }

    // Class 08: connection exceptions; 57P01-57P03: shutting down or starting up; 53300: too many connections.
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300";

    /// <summary>Answers 503 for requests that failed because the database is away; placed first in the pipeline.</summary>
    public static IApplicationBuilder UseTimeTrackDatabaseOutage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next();
        }
        catch (Exception exception) when (IsUnavailable(exception) && !context.Response.HasStarted)
        {
            LogUnavailable(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage)), exception, context.Request.Path);
            NpgsqlConnection.ClearAllPools();
            await WriteAsync(context);
        }
    });

    private static async Task WriteAsync(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Temporarily unavailable",
                detail: $"The database cannot be reached. Try again in {RetryAfterSeconds} seconds; a change sent just now may not have been saved.")
                .ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable · TimeTrack</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
            <main>
            <h1>Temporarily unavailable</h1>
            <p>TimeTrack cannot reach its database right now. Please try again in a few seconds.</p>
            <p>If you were saving a change, it may not have been saved: go back, check, and send it again.</p>
            </main>
            </body>
            </html>
            """);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable; answered 503 to {Path}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}
