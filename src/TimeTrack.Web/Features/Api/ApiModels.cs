using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace TimeTrack.Web.Features.Api;

// What the API reads and writes. Never entities: a request type has exactly the fields a client may
// set (no tenant, user, version or computed flags), and unknown JSON properties are rejected.

[Description("The person the token belongs to, in the token's organization.")]
public sealed record MeResponse(
    Guid UserId,
    string DisplayName,
    string Email,
    string OrganizationSlug,
    string OrganizationName,
    [property: Description("employee, manager, admin or owner")] string Role,
    [property: Description("IANA time zone the person's days are counted in.")] string TimeZone,
    [property: Description("First day of the person's week: monday … sunday.")] string WeekStart);

public sealed record ProjectResponse(Guid Id, string Name, string Color, bool BillableByDefault, string? ClientName);

public sealed record TaskResponse(Guid Id, Guid ProjectId, string Name);

public sealed record OutcomeResponse(
    Guid Id,
    Guid ProjectId,
    string Name,
    [property: Description("planned, in_progress, done or blocked")] string Status,
    [property: Description("ISO-8601 date (yyyy-MM-dd) in the organization's calendar.")] string? DueDate);

public sealed record TagResponse(Guid Id, string Name);

public sealed record EntryResponse(
    Guid Id,
    Guid ProjectId,
    Guid? TaskId,
    Guid? OutcomeId,
    IReadOnlyList<Guid> TagIds,
    bool Billable,
    string Description,
    [property: Description("UTC instant, ISO-8601.")] DateTime Start,
    [property: Description("UTC instant, ISO-8601; null while the timer runs.")] DateTime? End,
    bool Running,
    [property: Description("timer, manual, timesheet, api or import")] string Source);

public sealed record EntryPage(
    IReadOnlyList<EntryResponse> Items,
    [property: Description("Pass as cursor to get the next (older) page; null on the last page.")] string? NextCursor);

/// <summary>A new or changed entry. Start and end are instants with an offset (for example <c>2026-01-05T09:00:00Z</c>).</summary>
public sealed record EntryRequest
{
    [Required(ErrorMessage = "Choose a project.")]
    public Guid? ProjectId { get; init; }

    public Guid? TaskId { get; init; }

    public Guid? OutcomeId { get; init; }

    public IReadOnlyList<Guid>? TagIds { get; init; }

    [Description("Omit to use the project's default.")]
    public bool? Billable { get; init; }

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    public string? Description { get; init; }

    [Required(ErrorMessage = "Enter when the entry started.")]
    public DateTimeOffset? Start { get; init; }

    [Required(ErrorMessage = "Enter when the entry ended.")]
    public DateTimeOffset? End { get; init; }
}

/// <summary>What a new timer is for; it starts now.</summary>
public sealed record TimerStartRequest
{
    [Required(ErrorMessage = "Choose a project.")]
    public Guid? ProjectId { get; init; }

    public Guid? TaskId { get; init; }

    public Guid? OutcomeId { get; init; }

    public IReadOnlyList<Guid>? TagIds { get; init; }

    [Description("Omit to use the project's default.")]
    public bool? Billable { get; init; }

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    public string? Description { get; init; }
}
