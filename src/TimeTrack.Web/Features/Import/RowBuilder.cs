using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Import;

/// <summary>One row of the staging table, as the dry run copies it.</summary>
internal sealed record StagedRow(int Line)
{
    public Guid EntryId { get; init; } = Guid.CreateVersion7();

    public Guid? UserId { get; init; }

    public Guid? ProjectId { get; init; }

    public bool ProjectIsNew { get; init; }

    public Guid? TaskId { get; init; }

    public string? Description { get; init; }

    public bool? IsBillable { get; init; }

    public Instant? Start { get; init; }

    public Instant? End { get; init; }

    public LocalDate? Day { get; init; }

    public long[]? DayMilliseconds { get; init; }

    public bool IsOutsideHours { get; init; }

    public bool NoOverlap { get; init; }

    /// <summary>A day and hours without clock times (ADR 023).</summary>
    public bool IsDurationOnly { get; init; }

    public string? Fingerprint { get; init; }

    public Guid[]? TagIds { get; init; }

    public string? Problem { get; init; }

    /// <summary>The person's zone, for messages about the row (an overlap says its times in it).</summary>
    public string? TimeZone { get; init; }
}

/// <summary>How long the policy keeps entry details: entries ending before the cutoff are refused.</summary>
internal sealed record ImportRetention(Instant Cutoff, int Days);

/// <summary>
/// Turns a row of the export into a staged entry: its person and names resolved by the plan, its local
/// times placed in the person's zone (a time that does not exist or exists twice as everywhere else in
/// the app: leniently), the entry rules of <see cref="EntryRules"/> applied and the day split kept
/// exactly as the write path keeps it (<see cref="TimeEntry.CountDaysIn"/>).
/// </summary>
internal sealed class RowBuilder
{
    private readonly ImportBatch _batch;
    private readonly string? _importerRefusal;
    private readonly Dictionary<Guid, PersonTracking> _tracking;
    private readonly Instant _now;
    private readonly ImportRetention? _retention;
    private readonly Dictionary<string, PersonName> _persons;
    private readonly Dictionary<string, ProjectName> _projects;
    private readonly Dictionary<(string, string), TaskName> _tasks;
    private readonly Dictionary<string, TagName> _tags;

    private RowBuilder(ImportPlan plan, ImportBatch batch, string? importerRefusal, Dictionary<Guid, PersonTracking> tracking, Instant now, ImportRetention? retention)
    {
        _retention = retention;
        _batch = batch;
        _importerRefusal = importerRefusal;
        _tracking = tracking;
        _now = now;
        _persons = plan.People.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);
        _projects = plan.Projects.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _tasks = plan.Tasks.ToDictionary(t => (t.Project.ToUpperInvariant(), t.Name.ToUpperInvariant()));
        _tags = plan.Tags.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A builder with every mapped person's tracking settings loaded, so that building rows needs no
    /// database (the dry run builds the next chunk while the last one is being copied).
    /// </summary>
    public static async Task<RowBuilder> CreateAsync(
        ImportPlan plan, ImportBatch batch, string? importerRefusal, PersonTrackingProvider people, Instant now, ImportRetention? retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(people);
        var userIds = batch.Scope == ImportScope.Own
            ? [batch.UserId]
            : plan.People.Select(p => p.UserId).OfType<Guid>().Distinct().ToList();
        var tracking = new Dictionary<Guid, PersonTracking>();
        foreach (var userId in userIds)
        {
            tracking[userId] = await people.ForAsync(userId, cancellationToken);
        }

        return new RowBuilder(plan, batch, importerRefusal, tracking, now, retention);
    }

    public StagedRow Build(ImportedRow row)
    {
        if (row is RejectedRow rejected)
        {
            return new StagedRow(rejected.Line) { Problem = rejected.Reason };
        }

        var entry = (ImportedEntry)row;
        var line = entry.Line;
        if (_importerRefusal is not null)
        {
            return new StagedRow(line) { Problem = _importerRefusal };
        }

        Guid userId;
        if (_batch.Scope == ImportScope.Own)
        {
            userId = _batch.UserId;
        }
        else if (ImportPlanner.PersonKey(entry) is not { } key)
        {
            return new StagedRow(line) { Problem = "the row does not say whose time it is (no email or name)" };
        }
        else if (_persons.GetValueOrDefault(key)?.UserId is { } mapped)
        {
            userId = mapped;
        }
        else
        {
            return new StagedRow(line) { Problem = $"{key} is not a member of this organization; choose a member for them" };
        }

        if (entry.Project is not { } projectName || _projects.GetValueOrDefault(projectName) is not { } project)
        {
            return new StagedRow(line) { UserId = userId, Problem = "the row has no project; every entry here belongs to a project" };
        }

        if (project.Refusal is { } refusal)
        {
            return new StagedRow(line) { UserId = userId, Problem = refusal };
        }

        Guid? taskId = null;
        if (entry.Task is { } taskName)
        {
            var task = _tasks.GetValueOrDefault((projectName.ToUpperInvariant(), taskName.ToUpperInvariant()));
            if (task?.Refusal is { } taskRefusal)
            {
                return new StagedRow(line) { UserId = userId, Problem = taskRefusal };
            }

            taskId = task?.TargetId;
        }

        var tagIds = new List<Guid>(entry.Tags.Count);
        foreach (var tagName in entry.Tags)
        {
            var tag = _tags.GetValueOrDefault(tagName);
            if (tag?.Refusal is { } tagRefusal)
            {
                return new StagedRow(line) { UserId = userId, Problem = tagRefusal };
            }

            if (tag?.TargetId is { } tagId && !tagIds.Contains(tagId))
            {
                tagIds.Add(tagId);
            }
        }

        if (entry.Description is { Length: > 2000 })
        {
            return new StagedRow(line) { UserId = userId, Problem = "the description is longer than 2,000 characters" };
        }

        var tracking = _tracking[userId];
        var zone = tracking.Zone;
        Instant start;
        Instant end;
        var durationOnly = false;
        if (entry.Start is { } localStart && entry.End is { } localEnd)
        {
            start = zone.AtLeniently(localStart).ToInstant();
            end = zone.AtLeniently(localEnd).ToInstant();
        }
        else if (entry.Duration is { } duration)
        {
            // Harvest writes a day and hours: time on that day without clock times, as the timesheet keeps it.
            var span = EntryRules.DurationOnly(entry.Date, duration, zone);
            (start, end, durationOnly) = (span.Start, span.End, true);
        }
        else
        {
            return new StagedRow(line) { UserId = userId, Problem = "the row has neither start and end times nor a duration" };
        }

        // The retention job would clear the detail of such an entry at once (RetentionJob): refused instead.
        if (_retention is { } retention && end < retention.Cutoff)
        {
            var date = start.InZone(zone).Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            return new StagedRow(line) { UserId = userId, Problem = $"{date} is older than the {retention.Days:N0} days this organization keeps entries" };
        }

        var problems = EntryRules.Validate(start, end, _now, zone, tracking.Limits);
        if (problems.Count > 0)
        {
            return new StagedRow(line) { UserId = userId, Problem = string.Join(" ", problems.Select(p => LowerFirst(p.Message))) };
        }

        var split = new TimeEntry { Start = start, End = end };
        split.CountDaysIn(zone);
        return new StagedRow(line)
        {
            UserId = userId,
            ProjectId = project.TargetId,
            ProjectIsNew = project.NewId is not null,
            TaskId = taskId,
            Description = entry.Description ?? "",
            IsBillable = entry.Billable,
            Start = start,
            End = end,
            Day = split.Day,
            DayMilliseconds = split.DayMilliseconds,
            IsOutsideHours = !durationOnly && tracking.WorkingHours.IsOutsideHours(new Interval(start, end), zone),
            NoOverlap = !durationOnly && tracking.Overlaps == OverlapRule.Rejected,
            IsDurationOnly = durationOnly,
            TimeZone = zone.Id,
            Fingerprint = entry.Fingerprint,
            TagIds = [.. tagIds],
        };
    }

    private static string LowerFirst(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
}
