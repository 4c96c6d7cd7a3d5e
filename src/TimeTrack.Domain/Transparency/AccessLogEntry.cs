using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Transparency;

/// <summary>How someone's data was read.</summary>
public enum AccessChannel
{
    /// <summary>A page in the app.</summary>
    Page,

    /// <summary>The REST API, with a personal access token.</summary>
    Api,

    /// <summary>A file export (CSV, spreadsheet, PDF).</summary>
    Export,

    /// <summary>A background job that showed the data to someone (for example an email).</summary>
    Job,
}

/// <summary>
/// One read of one person's data by somebody else: who, which categories, when and through what.
/// Append-only: the app role may insert and read, never update or delete.
/// </summary>
public sealed class AccessLogEntry : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid SubjectUserId { get; set; }

    public Guid ViewerUserId { get; set; }

    public List<DataCategory> Categories { get; set; } = [];

    public AccessChannel Channel { get; set; }

    /// <summary>What was read, in words: "Team › week of 16 Nov 2026", "GET /api/v1/people/{id}/week".</summary>
    public string Resource { get; set; } = "";

    /// <summary>For an export, the export that included this person; it lists everyone it included.</summary>
    public Guid? ExportId { get; set; }

    /// <summary>
    /// Null when the person's figures were shown one by one; otherwise they were only counted in group
    /// figures that add up this many people ("included in a group of N").
    /// </summary>
    public int? GroupSize { get; set; }

    /// <summary>The first day of the person's data the read covered, when it covered a period.</summary>
    public LocalDate? PeriodStart { get; set; }

    /// <summary>The last day (included) of the person's data the read covered, when it covered a period.</summary>
    public LocalDate? PeriodEnd { get; set; }

    public Instant OccurredAt { get; set; }

    /// <summary>True when the person was only counted in group figures, never shown one by one.</summary>
    public bool IsGroupRead => GroupSize is not null;
}

/// <summary>A file someone exported that contained other people's data, with the people it included.</summary>
public sealed class DataExport : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid ViewerUserId { get; set; }

    public string Description { get; set; } = "";

    public List<Guid> IncludedUserIds { get; set; } = [];

    public Instant CreatedAt { get; set; }
}
