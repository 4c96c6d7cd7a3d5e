using System.ComponentModel.DataAnnotations;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Time;

/// <summary>
/// What a person types about an entry apart from its times. Deliberately not the entity: tenant, person,
/// version, source and the computed flags cannot be posted.
/// </summary>
public class EntryDetailsForm
{
    [Required(ErrorMessage = "Choose a project.")]
    [Display(Name = "Project")]
    public Guid? ProjectId { get; set; }

    [Display(Name = "Task")]
    public Guid? TaskId { get; set; }

    [Display(Name = "Outcome")]
    public Guid? OutcomeId { get; set; }

    [Display(Name = "Tags")]
    public List<Guid> TagIds { get; set; } = [];

    /// <summary>Null: the project's default.</summary>
    [Display(Name = "Billable")]
    public bool? IsBillable { get; set; }

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    /// <summary>Only called once validation has required a project.</summary>
    public EntryDetails ToDetails(Guid projectId) =>
        new(projectId, TaskId, OutcomeId, [.. TagIds.Distinct()], IsBillable, Description);

    public void CopyFrom(EntryDetails details)
    {
        ProjectId = details.ProjectId;
        TaskId = details.TaskId;
        OutcomeId = details.OutcomeId;
        TagIds = [.. details.TagIds ?? []];
        IsBillable = details.IsBillable;
        Description = details.Description;
    }
}

/// <summary>
/// An entry typed by hand: a date with a start and an end time (an end at or before the start is the next
/// day), or a date with a duration (starting at the start time, or 09:00). Kept as typed text so a
/// mistake comes back exactly as it was entered.
/// </summary>
public class ManualEntryForm : EntryDetailsForm
{
    [Display(Name = "Date")]
    public string? Date { get; set; }

    [Display(Name = "Start time")]
    public string? StartTime { get; set; }

    [Display(Name = "End time")]
    public string? EndTime { get; set; }

    [Display(Name = "Duration")]
    public string? Duration { get; set; }
}

public sealed class EditEntryForm : ManualEntryForm
{
    /// <summary>The version of the entry the form was read from; a different one means someone changed it meanwhile.</summary>
    public uint Version { get; set; }
}

public sealed record ProjectChoice(Guid Id, string Name, bool IsBillableByDefault);

/// <summary>A task or an outcome, offered under its project's name.</summary>
public sealed record ProjectItemChoice(Guid Id, Guid ProjectId, string Name);

public sealed record TagChoice(Guid Id, string Name);

/// <summary>What a person may pick for an entry: the projects they log to, with those projects' tasks and outcomes.</summary>
public sealed record EntryChoices(
    IReadOnlyList<ProjectChoice> Projects,
    IReadOnlyList<ProjectItemChoice> Tasks,
    IReadOnlyList<ProjectItemChoice> Outcomes,
    IReadOnlyList<TagChoice> Tags)
{
    public string ProjectName(Guid projectId) => Projects.FirstOrDefault(p => p.Id == projectId)?.Name ?? "";

    /// <summary>
    /// Every pick that belongs together, for the timer bar's one picker: each project alone, with one of
    /// its tasks, with one of its outcomes, and with both — never a task or an outcome of another project.
    /// </summary>
    public IReadOnlyList<PickerChoice> Picks()
    {
        var picks = new List<PickerChoice>();
        foreach (var project in Projects)
        {
            var tasks = Tasks.Where(t => t.ProjectId == project.Id).ToList();
            var outcomes = Outcomes.Where(o => o.ProjectId == project.Id).ToList();
            picks.Add(new PickerChoice(project.Id, null, null, project.Name));
            picks.AddRange(tasks.Select(t => new PickerChoice(project.Id, t.Id, null, $"{project.Name} · {t.Name}")));
            picks.AddRange(outcomes.Select(o => new PickerChoice(project.Id, null, o.Id, $"{project.Name} · {o.Name}")));
            picks.AddRange(tasks.SelectMany(t => outcomes.Select(o => new PickerChoice(project.Id, t.Id, o.Id, $"{project.Name} · {t.Name} · {o.Name}"))));
        }

        return picks;
    }
}

/// <summary>One option of the timer bar's picker: a project, optionally with a task and an outcome of that same project.</summary>
public sealed record PickerChoice(
    [property: System.Text.Json.Serialization.JsonPropertyName("p")] Guid ProjectId,
    [property: System.Text.Json.Serialization.JsonPropertyName("t")] Guid? TaskId,
    [property: System.Text.Json.Serialization.JsonPropertyName("o")] Guid? OutcomeId,
    [property: System.Text.Json.Serialization.JsonPropertyName("l")] string Label)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The picks as JSON for the picker's <c>data-</c> attribute (Razor encodes it as an attribute value).</summary>
    public static string ToJson(IReadOnlyList<PickerChoice> picks) => System.Text.Json.JsonSerializer.Serialize(picks, Json);
}

/// <summary>
/// The timer bar's in-place updates: a post with this header gets the changed parts of the page (the timer
/// bar, the status line and the week) instead of a redirect; without it the same endpoints post, redirect
/// and get as every form does.
/// </summary>
public static class TimerFragment
{
    public const string Header = "X-TimeTrack-Fragment";

    public const string Value = "timer";

    /// <summary>ViewData key of the sentence the status line shows after an in-place change.</summary>
    public const string NoticeKey = "TimerNotice";

    public static bool IsRequested(Microsoft.AspNetCore.Http.HttpRequest request) =>
        string.Equals(request.Headers[Header], Value, StringComparison.Ordinal);
}

/// <summary>
/// Part of a form on a page that has several: the prefix keeps field names, element ids and model-state
/// keys of each form apart ("Timer.ProjectId", id "Timer_ProjectId", errors in "Timer_ProjectId-error").
/// </summary>
public abstract record FormPart(string Prefix)
{
    public string Name(string field) => $"{Prefix}.{field}";

    public string Id(string field) => $"{Prefix}_{field}";

    public string ErrorId(string field) => $"{Prefix}_{field}-error";
}

/// <summary>The detail fields of one form.</summary>
public sealed record DetailFieldsView(string Prefix, EntryDetailsForm Values, EntryChoices Choices) : FormPart(Prefix);

/// <summary>
/// The timer bar's fields on one line: what the person works on, one picker of project · task · outcome,
/// tags, billable. <paramref name="PicksJson"/> holds the picks that belong together (<see cref="EntryChoices.Picks"/>).
/// </summary>
public sealed record TimerFieldsView(string Prefix, EntryDetailsForm Values, EntryChoices Choices, string PicksJson, string Prompt) : FormPart(Prefix);

/// <summary>The time fields of one form; <paramref name="AllowOpenEnd"/> for a running entry being edited.</summary>
public sealed record TimeFieldsView(string Prefix, ManualEntryForm Values, bool AllowOpenEnd) : FormPart(Prefix);

/// <summary>One entry in the week, in the person's zone.</summary>
public sealed record EntryView(
    Guid Id,
    uint Version,
    LocalDate Date,
    LocalDateTime Start,
    LocalDateTime? End,
    Duration Length,
    string Project,
    string? Task,
    string? Outcome,
    IReadOnlyList<string> Tags,
    string Description,
    bool IsBillable,
    bool IsOutsideHours,
    bool IsDurationOnly = false)
{
    public bool IsRunning => End is null;
}

public sealed record DayView(LocalDate Date, IReadOnlyList<EntryView> Entries, Duration Total);

public sealed record RunningTimerView(EntryView Entry, Instant Start);

public sealed record TimePageModel(
    Week Week,
    bool IsThisWeek,
    RunningTimerView? Running,
    EntryDetailsForm Timer,
    EntryDetailsForm Switch,
    ManualEntryForm Entry,
    EntryChoices Choices,
    IReadOnlyList<DayView> Days,
    Duration WeekTotal)
{
    public const string TimerPrefix = "Timer";
    public const string SwitchPrefix = "Switch";
    public const string EntryPrefix = "Entry";
}

public sealed record EditPageModel(Guid Id, bool IsRunning, LocalDate WeekStart, EditEntryForm Entry, EntryChoices Choices)
{
    public const string EntryPrefix = "Entry";
}
