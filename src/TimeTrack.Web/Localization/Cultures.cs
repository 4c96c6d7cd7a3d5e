using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace TimeTrack.Web.Localization;

/// <summary>
/// The languages the pages are written in, and how a request's is chosen: the signed-in person's choice
/// (<c>users.culture</c>, read by <see cref="Infrastructure.Sessions.CurrentStampValidator"/> with the
/// sign-in check), else the browser's Accept-Language, else English.
/// </summary>
public static class Cultures
{
    /// <summary>Where the sign-in check leaves the person's chosen culture (null: follow the browser).</summary>
    public const string ItemKey = "timetrack.culture";

    public const string Default = "en";

    /// <summary>Each supported culture with its name written in itself, as a chooser shows it.</summary>
    public static readonly IReadOnlyList<(string Name, string Native)> Supported =
    [
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("es", "Español"),
    ];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Supported"/> (exactly, as stored).</summary>
    public static bool IsSupported(string? name) => name is not null && Supported.Any(c => c.Name == name);

    public static RequestLocalizationOptions Options()
    {
        var cultures = Supported.Select(c => new CultureInfo(c.Name)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // "de-AT" in Accept-Language is served in "de".
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
            ApplyCurrentCultureToResponseHeaders = true,
        };
        options.RequestCultureProviders.Clear();
        options.RequestCultureProviders.Add(new PersonCultureProvider());
        options.RequestCultureProviders.Add(new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 });
        return options;
    }

    /// <summary>The signed-in person's stored choice, found where the sign-in check left it; no query of its own.</summary>
    private sealed class PersonCultureProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult(httpContext.Items.TryGetValue(ItemKey, out var value) && value is string name && IsSupported(name)
                ? new ProviderCultureResult(name)
                : null);
    }
}
