using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using NodaTime;

namespace TimeTrack.Web.Features.Shared;

/// <summary>Small helpers the account views use to make their forms accessible.</summary>
public static class FormState
{
    /// <summary>The value of a field's <c>aria-invalid</c> attribute.</summary>
    public static string InvalidFor(this ModelStateDictionary modelState, string key) =>
        HasErrors(modelState, key) ? "true" : "false";

    public static bool HasErrors(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>Errors that belong to the whole form rather than one field.</summary>
    public static IReadOnlyList<string> FormErrors(this ModelStateDictionary modelState) =>
        modelState.TryGetValue(string.Empty, out var entry)
            ? [.. entry.Errors.Select(e => e.ErrorMessage)]
            : [];

    /// <summary>
    /// Puts Identity's errors next to the field they are about: password rules next to the password,
    /// email and user-name problems next to the email, anything else at the top of the form.
    /// </summary>
    public static void AddIdentityErrors(this ModelStateDictionary modelState, IdentityResult result, string passwordKey, string? emailKey = null)
    {
        foreach (var error in result.Errors)
        {
            var key = error.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordKey
                : emailKey is not null && (error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal)) ? emailKey
                : string.Empty;
            modelState.AddModelError(key, error.Description);
        }
    }

    /// <summary>Every IANA time zone a person can choose, as options whose value is the zone id.</summary>
    public static IEnumerable<SelectListItem> TimeZoneOptions() =>
        DateTimeZoneProviders.Tzdb.Ids.Select(id => new SelectListItem(id, id));
}
