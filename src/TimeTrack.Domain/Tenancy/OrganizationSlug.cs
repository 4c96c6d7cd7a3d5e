using System.Text.RegularExpressions;

namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// Rules for the URL segment that names an organization. Slugs share the first path segment with
/// the app's own top-level routes, so those words are reserved.
/// </summary>
public static partial class OrganizationSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    /// <summary>Top-level paths the app uses or may use; an organization can never take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "account", "admin", "api", "app", "assets", "css", "docs", "error", "errors", "favicon.ico",
        "health", "help", "home", "img", "images", "invitations", "js", "lib", "login", "logout", "new",
        "openapi", "ops", "organizations", "privacy", "register", "robots.txt", "settings", "signin",
        "signout", "static", "status", "support", "www",
    };

    // \z, not $: "$" also matches before a trailing newline, which would let "acme\n" through.
    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Returns null when <paramref name="slug"/> is valid, otherwise a message for the person.</summary>
    public static string? Validate(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return "Choose a short address for your organization.";
        }

        if (slug.Length is < MinLength or > MaxLength)
        {
            return $"Use {MinLength} to {MaxLength} characters.";
        }

        if (!Pattern().IsMatch(slug) || slug.Contains("--", StringComparison.Ordinal))
        {
            return "Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
        }

        return Reserved.Contains(slug) ? "That address is reserved. Please choose another." : null;
    }

    /// <summary>Suggests a slug from an organization name ("Acme Corp." becomes "acme-corp").</summary>
    public static string Suggest(string name)
    {
        var chars = new List<char>(name.Length);
        var lastWasHyphen = true;
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                chars.Add(c);
                lastWasHyphen = false;
            }
            else if (!lastWasHyphen)
            {
                chars.Add('-');
                lastWasHyphen = true;
            }
        }

        var slug = new string([.. chars]).Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].Trim('-');
        }

        return slug;
    }
}
