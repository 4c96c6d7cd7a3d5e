using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Localization;
using TimeTrack.Web.Features.Errors;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Extensions;

/// <summary>How every request's input is limited, bound and validated (ADR 013).</summary>
public static class InputExtensions
{
    public static IHostApplicationBuilder AddTimeTrackInput(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = InputLimits.RequestBodyBytes);
        builder.Services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((options, localizers) =>
        {
            options.ModelBinderProviders.Insert(0, new BooleanModelBinderProvider());
            options.ModelMetadataDetailsProviders.Add(new InputValidationMetadataProvider());
            options.Filters.Add<InvalidParametersFilter>();

            // Never repeat the value back: it may be 100,000 characters, or not printable.
            // In the request's language (ADR 026); the field's display name is already localized.
            var text = localizers.Create(typeof(SharedResource));
            var messages = options.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((_, field) => text["The value of {0} is not valid.", field]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => text["The value is not valid."]);
            messages.SetUnknownValueIsInvalidAccessor(field => text["The value of {0} is not valid.", field]);
            messages.SetValueMustNotBeNullAccessor(field => text["Enter a value for {0}.", field]);
            messages.SetValueMustBeANumberAccessor(field => text["{0} must be a number.", field]);
        });
        return builder;
    }

    /// <summary>The body limit and form reading of <see cref="RequestLimitsMiddleware"/>; after routing, so an endpoint's own limit applies.</summary>
    public static IApplicationBuilder UseTimeTrackInputLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLimitsMiddleware>();
}
