using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;

namespace TimeTrack.Web.Features.Account;

/// <summary>Small helpers the account views use to make their forms accessible.</summary>
public static class FormState
{
    /// <summary>"true" when the field has errors, else null so that Razor leaves out <c>aria-invalid</c>.</summary>
    public static string? InvalidFor(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>Errors that belong to the whole form rather than one field.</summary>
    public static IReadOnlyList<string> FormErrors(this ModelStateDictionary modelState) =>
        modelState.TryGetValue(string.Empty, out var entry)
            ? [.. entry.Errors.Select(e => e.ErrorMessage)]
            : [];

    /// <summary>Every IANA time zone a person can choose.</summary>
    public static IEnumerable<string> TimeZoneIds => DateTimeZoneProviders.Tzdb.Ids;
}
