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
    [property: Description("timer, manual, timesheet, api or import")] string Source,
    [property: Description("True for time typed as an amount on a day, without clock times: start is then the start of that day in the person's zone, not a time anybody worked at.")] bool DurationOnly);

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Whether part of the entry was outside working hours; left out when the policy does not show it.")] bool? OutsideHours,
    [property: Description("True for time typed as an amount on a day, without clock times: start is then the start of that day in the person's zone, not a time anybody worked at.")] bool DurationOnly);

public sealed record OutsideHoursResponse(long Seconds, int Entries);

[Description("One weekly digest. While it is under self-review, people other than its owner get only its state and when it will be released at the latest: no content.")]
public sealed record DigestResponse(
    Guid UserId,
    [property: Description("First day of the week, ISO-8601 date (yyyy-MM-dd), in the person's calendar.")] string WeekStart,
    [property: Description("under_self_review, released_early or embargo_ended")] string State,
    [property: Description("UTC instant from which people other than the owner may see the content: when it was released, or when the embargo ends at the latest.")] DateTime VisibleFrom,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The numbers of the week; left out while the digest is under self-review, unless you are its owner.")] DigestContentResponse? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The owner's reflection: for the owner, and for others only when the owner shared it.")] string? Reflection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Whether the owner shared the reflection; only in the owner's own answers.")] bool? ReflectionShared,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("\"I could use support with…\", in the owner's words.")] string? SupportRequest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("UTC instant the support request was acknowledged.")] DateTime? SupportAcknowledgedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("A manager's response to the support request.")] string? SupportResponse);

[Description("The numbers of one week. Durations are whole minutes; parts for data the policy does not track are left out.")]
public sealed record DigestContentResponse(
    int TotalMinutes,
    IReadOnlyList<DigestProjectResponse> Projects,
    IReadOnlyList<DigestOutcomeResponse> Outcomes,
    IReadOnlyList<DigestOutcomeMoveResponse> OutcomeMoves,
    int FocusMinutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DigestFocusBlockResponse? LongestFocusBlock,
    IReadOnlyList<DigestDaySwitchesResponse> SwitchesPerDay,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? OutsideHoursMinutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DaysOffMinutes,
    [property: Description("Against the average of earlier weeks; previous_weeks 0 means not compared.")] DigestComparisonResponse Comparison,
    IReadOnlyList<string> Highlights);

public sealed record DigestProjectResponse(Guid ProjectId, string Name, int Minutes);

public sealed record DigestOutcomeResponse(Guid OutcomeId, string Name, string ProjectName, int Minutes);

public sealed record DigestOutcomeMoveResponse(
    Guid OutcomeId,
    string Name,
    string ProjectName,
    [property: Description("planned, in_progress, done or blocked")] string Status,
    bool CompletedThisWeek);

public sealed record DigestFocusBlockResponse(
    [property: Description("Local date and time (yyyy-MM-ddTHH:mm:ss) in the person's zone.")] string Start,
    int Minutes,
    string ProjectName);

public sealed record DigestDaySwitchesResponse(
    [property: Description("ISO-8601 date (yyyy-MM-dd) in the person's calendar.")] string Date,
    int Switches);

public sealed record DigestComparisonResponse(int PreviousWeeks, int AverageMinutes, int DifferenceMinutes);
