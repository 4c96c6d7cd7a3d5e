using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Extensions;

public static class WebExtensions
{
    public static IHostApplicationBuilder AddTimeTrackWeb(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddControllersWithViews(options =>
            {
                // Every unsafe method (POST, PUT, PATCH, DELETE) must carry a valid antiforgery token.
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                // A response's access-log rows are committed before its result runs (ADR 012).
                options.Filters.Add<Transparency.AccessLogCommit.BeforeResult>();
                // Form values are read as machines write them ("19.5" from a number input), whatever the
                // person's language; lengths typed as text are read by their own parser (ADR 026).
                var form = options.ValueProviderFactories.OfType<FormValueProviderFactory>().FirstOrDefault();
                if (form is not null)
                {
                    options.ValueProviderFactories[options.ValueProviderFactories.IndexOf(form)] = new InvariantFormValueProviderFactory();
                }
            })
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddRazorOptions(options =>
            {
                // Features/<Area>/ keeps a feature's controller, view models and views together.
                options.ViewLocationFormats.Clear();
                options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });

        // Keys in PostgreSQL: a cookie issued by one web process is accepted by every other.
        builder.Services.AddDataProtection()
            .SetApplicationName("TimeTrack")
            .PersistKeysToDbContext<TimeTrackDbContext>();

        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddTimeTrackAuthorization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddResponseCompression(options =>
        {
            // Only the site's own static files: their bytes hold no secret, so compressing them over
            // HTTPS gives nothing away (pages and JSON, which carry tokens and people's data, stay as they are).
            options.EnableForHttps = true;
            options.MimeTypes = PipelineExtensions.CompressedStaticTypes;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        return builder;
    }
}
