using NodaTime;

namespace TimeTrack.Domain.Tenancy;

/// <summary>An organization is a tenant. Its <see cref="Id"/> is the tenant id of everything it owns.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }

    /// <summary>The URL segment that scopes every page of the organization: <c>/{slug}/...</c>.</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>IANA time zone used for people who have not chosen their own.</summary>
    public string DefaultTimeZoneId { get; set; } = "UTC";

    /// <summary>ISO 4217 code of the currency every rate of the organization is in.</summary>
    public string Currency { get; set; } = "EUR";

    public IsoDayOfWeek WeekStart { get; set; } = IsoDayOfWeek.Monday;

    public Instant CreatedAt { get; set; }

    public TrackingSettings Tracking { get; set; } = new();

    /// <summary>The getting-started steps an admin has confirmed (<see cref="OnboardingStep"/> keys); the others follow from the data.</summary>
    public List<string> OnboardingConfirmed { get; set; } = [];

    /// <summary>When every getting-started step was done; null while the checklist still shows.</summary>
    public Instant? OnboardedAt { get; set; }
}
