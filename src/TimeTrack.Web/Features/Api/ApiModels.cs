using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

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

[Description("A member of the organization whose daily and weekly totals the token's owner may see.")]
public sealed record PersonResponse(Guid UserId, string DisplayName);

[Description("What the token's owner may see of one person's week under the organization's transparency policy. Parts the policy does not show are left out.")]
public sealed record PersonWeekResponse(
    Guid UserId,
    string DisplayName,
    [property: Description("First day of the week, ISO-8601 date (yyyy-MM-dd), in the person's calendar.")] string WeekStart,
    [property: Description("IANA time zone the person's days are counted in.")] string TimeZone,
    [property: Description("The kinds of data this answer includes: totals, project_totals, entry_details, outside_hours, live_timer.")] IReadOnlyList<string> Categories,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Daily and weekly totals.")] PersonWeekTotalsResponse? Totals,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Time per project and outcome.")] IReadOnlyList<ProjectTimeResponse>? Projects,
    [property: Description("True when projects and entries are limited to the projects the token's owner manages.")] bool OnlyProjectsYouManage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Entries with descriptions, tags and exact times.")] IReadOnlyList<PersonEntryResponse>? Entries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Time outside the person's working hours.")] OutsideHoursResponse? OutsideHours,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Whether the person's timer is running now.")] bool? TimerRunning);

public sealed record PersonWeekTotalsResponse(IReadOnlyList<DayTotalResponse> Days, long TotalSeconds);

public sealed record DayTotalResponse(
    [property: Description("ISO-8601 date (yyyy-MM-dd) in the person's calendar.")] string Date,
    long Seconds);

public sealed record ProjectTimeResponse(Guid ProjectId, string ProjectName, Guid? OutcomeId, string? OutcomeName, long Seconds);

public sealed record PersonEntryResponse(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string? TaskName,
    string? OutcomeName,
    string Description,
    IReadOnlyList<string> Tags,
    [property: Description("UTC instant, ISO-8601.")] DateTime Start,
    [property: Description("UTC instant, ISO-8601; null while the timer runs.")] DateTime? End,
    bool Running,
    long Seconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Whether part of the entry was outside working hours; left out when the policy does not show it.")] bool? OutsideHours);

public sealed record OutsideHoursResponse(long Seconds, int Entries);
