using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TimeTrack.Web.Features.Errors;
using TimeTrack.Web.Infrastructure.Input;

namespace TimeTrack.Web.Extensions;

/// <summary>How every request's input is limited, bound and validated (ADR 013).</summary>
public static class InputExtensions
{
    public static IHostApplicationBuilder AddTimeTrackInput(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = InputLimits.RequestBodyBytes);
        builder.Services.Configure<MvcOptions>(options =>
        {
            options.ModelBinderProviders.Insert(0, new BooleanModelBinderProvider());
            options.ModelMetadataDetailsProviders.Add(new InputValidationMetadataProvider());
            options.Filters.Add<InvalidParametersFilter>();

            // Never repeat the value back: it may be 100,000 characters, or not printable.
            var messages = options.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"The value of {field} is not valid.");
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "The value is not valid.");
            messages.SetUnknownValueIsInvalidAccessor(field => $"The value of {field} is not valid.");
            messages.SetValueMustNotBeNullAccessor(field => $"Enter a value for {field}.");
            messages.SetValueMustBeANumberAccessor(field => $"{field} must be a number.");
        });
        return builder;
    }

    /// <summary>The body limit and form reading of <see cref="RequestLimitsMiddleware"/>; after routing, so an endpoint's own limit applies.</summary>
    public static IApplicationBuilder UseTimeTrackInputLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLimitsMiddleware>();
}
