using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace TimeTrack.Web.Data;

/// <summary>A person's account. Global: one account may belong to several organizations.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The person's IANA time zone; null means the organization's default.</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>How the person wants lengths of time written (1h 30m, 1:30 or 1.50).</summary>
    public TimeTrack.Domain.Time.DurationStyle DurationStyle { get; set; }

    /// <summary>The person's language and formats (en, de, fr or es); null follows the browser.</summary>
    public string? Culture { get; set; }

    /// <summary>The language the person's browser asked for at their last sign-in; emails use it when <see cref="Culture"/> is null.</summary>
    public string? BrowserCulture { get; set; }

    public Instant CreatedAt { get; set; }
}
