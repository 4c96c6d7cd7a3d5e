using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Web.Infrastructure.Display;

/// <summary>
/// The way lengths of time are written for the person being served (their <see cref="DurationStyle"/>),
/// like the request's culture: set once per request by <see cref="DurationDisplayMiddleware"/> from what
/// the sign-in check read (<see cref="Sessions.CurrentStampValidator"/>), and by a job for the person it
/// writes to. Pages and the PDF write every length through <see cref="Format"/>; numeric export columns
/// (CSV, XLSX) stay decimal hours so that spreadsheets can add them up.
/// </summary>
public static class DurationDisplay
{
    /// <summary>Where the sign-in check leaves the person's style for the request.</summary>
    public const string ItemKey = "timetrack.duration-style";

    private static readonly AsyncLocal<DurationStyle?> Style = new();

    public static DurationStyle Current => Style.Value ?? DurationStyle.HoursMinutes;

    /// <summary>A length in the current person's style; <paramref name="roundDown"/> as a running timer counts.</summary>
    public static string Format(Duration length, bool roundDown = false) => DurationText.Format(length, Current, roundDown);

    /// <summary>Writes lengths in <paramref name="style"/> until the returned scope is disposed (for jobs and tests).</summary>
    public static IDisposable Use(DurationStyle style)
    {
        var before = Style.Value;
        Style.Value = style;
        return new Restore(before);
    }

    private sealed class Restore(DurationStyle? before) : IDisposable
    {
        public void Dispose() => Style.Value = before;
    }
}

/// <summary>Applies the signed-in person's <see cref="DurationStyle"/> to the rest of the request.</summary>
public sealed class DurationDisplayMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(DurationDisplay.ItemKey, out var value) && value is DurationStyle style)
        {
            using (DurationDisplay.Use(style))
            {
                await next(context);
            }

            return;
        }

        await next(context);
    }
}
