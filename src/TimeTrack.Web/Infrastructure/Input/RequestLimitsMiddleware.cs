using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace TimeTrack.Web.Infrastructure.Input;

/// <summary>
/// Holds every request body to <see cref="InputLimits.RequestBodyBytes"/> (or the endpoint's own
/// <c>[RequestSizeLimit]</c>), answering 413 beyond it, and reads url-encoded forms itself.
/// <para>
/// ASP.NET Core's form reader refuses a percent-encoded NUL anywhere in a form ("The form value contains
/// invalid characters"), so the whole form is lost: antiforgery cannot find its token and the request ends
/// as a bare 400, without the form and without saying which field. Read here, the NUL reaches model binding
/// like any other character, and validation (<see cref="PlainTextAttribute"/>) reports it next to its field
/// while the page shows the form again with what was typed.
/// </para>
/// </summary>
public sealed partial class RequestLimitsMiddleware(RequestDelegate next, ILogger<RequestLimitsMiddleware> logger)
{
    private const string UrlEncodedForm = "application/x-www-form-urlencoded";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            // The error page for this very request: its body was refused (or never mattered) the first time.
            await next(context);
            return;
        }

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared
            ? declared.MaxRequestBodySize
            : InputLimits.RequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            if (IsUrlEncodedForm(context.Request) && !await TryReadFormAsync(context, limit))
            {
                return;
            }

            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // The server's own limit (a body without Content-Length) or a broken body, met while reading it.
            LogRefused(logger, exception.StatusCode, exception.Message);
            context.Response.Clear();
            context.Response.StatusCode = exception.StatusCode;
        }
    }

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(UrlEncodedForm, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the form into the request's form feature; false (with the status set) when it is too big or malformed.</summary>
    private static async Task<bool> TryReadFormAsync(HttpContext context, long? limit)
    {
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return false;
            }

            body.Write(buffer, 0, read);
        }

        using var reader = new FormReader(Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length))
        {
            ValueCountLimit = InputLimits.FormValueCount,
            KeyLengthLimit = InputLimits.FormKeyLength,
            ValueLengthLimit = (int)Math.Min(limit ?? int.MaxValue, int.MaxValue),
        };
        try
        {
            var fields = await reader.ReadFormAsync(context.RequestAborted);
            context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields)));
            context.Request.Body = new MemoryStream(body.ToArray(), writable: false);
            return true;
        }
        catch (InvalidDataException)
        {
            // More fields, or longer names, than any form of ours has.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request refused with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string reason);
}
