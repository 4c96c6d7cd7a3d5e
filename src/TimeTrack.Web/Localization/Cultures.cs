using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

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

    /// <summary>
    /// The language to write to a person in when they are not the one asking (an email from a job): their
    /// choice, else the language their browser asked for when they last signed in, else English.
    /// </summary>
    public static CultureInfo ForPerson(string? chosen, string? browser) =>
        CultureInfo.GetCultureInfo(IsSupported(chosen) ? chosen! : IsSupported(browser) ? browser! : Default);

    /// <summary>
    /// After a sign-in, keeps the language the browser asked for (<c>users.browser_culture</c>), so emails
    /// reach a person who follows their browser in that language. A person who chose a language is served
    /// in it whatever their browser says, so only requests served from Accept-Language are recorded.
    /// </summary>
    public static async Task RecordBrowserCultureAsync(CookieSignedInContext context)
    {
        var feature = context.HttpContext.Features.Get<IRequestCultureFeature>();
        if (feature is null || feature.Provider is PersonCultureProvider
            || context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id || !Guid.TryParse(id, out var userId))
        {
            return;
        }

        var name = feature.RequestCulture.UICulture.TwoLetterISOLanguageName;
        if (!IsSupported(name))
        {
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<TimeTrackDbContext>();
        await db.Users.Where(u => u.Id == userId && u.BrowserCulture != name)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.BrowserCulture, name), context.HttpContext.RequestAborted);
    }

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
