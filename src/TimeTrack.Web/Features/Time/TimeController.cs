using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Transparency;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Time;

/// <summary>
/// A person's own time: the timer, entries typed by hand, and the week they add up to. Every change goes
/// through <see cref="TimeEntryService"/>; this controller only turns forms into its arguments and its
/// problems back into messages next to the fields.
/// </summary>
[ShowsNoOneElsesData("The person's own time.")]
public sealed class TimeController(
    TimeTrackDbContext db,
    TimeEntryService entries,
    PersonTrackingProvider people,
    PolicyStore policies,
    TenantContext tenant,
    UndoDeleteTokens undoTokens,
    IClock clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    private const string TimerPrefix = TimePageModel.TimerPrefix;
    private const string SwitchPrefix = TimePageModel.SwitchPrefix;
    private const string EntryPrefix = TimePageModel.EntryPrefix;

    /// <summary>The TempData key of the token the page offers to undo a delete with.</summary>
    public const string UndoDeleteKey = "UndoDelete";

    private Guid UserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    [HttpGet("")]
    public IActionResult OrgHome() => RedirectToAction(nameof(Index), new { org = OrgSlug });

    [HttpGet("time")]
    public async Task<IActionResult> Index([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        return View(await BuildPageAsync(tracking, WeekFrom(week, tracking), cancellationToken: cancellationToken));
    }

    [HttpPost("time/timer/start")]
    public async Task<IActionResult> Start([Bind(Prefix = TimerPrefix)] EntryDetailsForm form, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        if (ModelState.IsValid && form.ProjectId is { } projectId)
        {
            var result = await entries.StartTimerAsync(UserId, form.ToDetails(projectId), cancellationToken);
            if (result.Succeeded)
            {
                return await TimerChangedAsync(tracking, week, text["Timer started."].Value, tracking.WeekContaining(clock.GetCurrentInstant()), cancellationToken);
            }

            AddProblems(result.Problems, TimerPrefix, TimeMode.None);
        }

        return await TimerRefusedAsync(tracking, week, timer: form, cancellationToken: cancellationToken);
    }

    [HttpPost("time/timer/stop")]
    public async Task<IActionResult> Stop([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var result = await entries.StopTimerAsync(UserId, cancellationToken: cancellationToken);
        if (result is { Succeeded: true, Value: { } stopped })
        {
            var notice = text["Timer stopped: {0} recorded.", TimeFormat.Length(stopped.LengthAt(clock.GetCurrentInstant()))].Value;
            return await TimerChangedAsync(tracking, week, notice, tracking.WeekContaining(stopped.Start), cancellationToken);
        }

        AddProblems(result.Problems, TimerPrefix, TimeMode.None);
        return await TimerRefusedAsync(tracking, week, cancellationToken: cancellationToken);
    }

    [HttpPost("time/timer/switch")]
    public async Task<IActionResult> Switch([Bind(Prefix = SwitchPrefix)] EntryDetailsForm form, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        if (ModelState.IsValid && form.ProjectId is { } projectId)
        {
            var result = await entries.SwitchAsync(UserId, form.ToDetails(projectId), cancellationToken);
            if (result.Succeeded)
            {
                const string Switched = "Switched: the previous timer stopped and a new one started.";
                return await TimerChangedAsync(tracking, week, text[Switched].Value, tracking.WeekContaining(clock.GetCurrentInstant()), cancellationToken);
            }

            AddProblems(result.Problems, SwitchPrefix, TimeMode.None);
        }

        return await TimerRefusedAsync(tracking, week, switchTo: form, cancellationToken: cancellationToken);
    }

    [HttpPost("time/entries")]
    public async Task<IActionResult> Create([Bind(Prefix = EntryPrefix)] ManualEntryForm form, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var times = ReadTimes(form, EntryPrefix, tracking.Zone, allowOpenEnd: false);
        if (ModelState.IsValid && times is { End: { } end } && form.ProjectId is { } projectId)
        {
            var result = times is { Mode: TimeMode.DurationOnly, Date: { } date }
                ? await entries.CreateDurationAsync(UserId, form.ToDetails(projectId), date, end - times.Start, EntrySource.Manual, cancellationToken)
                : await entries.CreateAsync(UserId, form.ToDetails(projectId), times.Start, end, EntrySource.Manual, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Notice"] = text["Entry added: {0}.", TimeFormat.Length(end - times.Start)].Value;
                return RedirectToWeek(tracking.WeekContaining(times.Start));
            }

            AddProblems(result.Problems, EntryPrefix, times.Mode, form);
        }

        return await PageWithErrorsAsync(tracking, week, StatusCodes.Status422UnprocessableEntity, entry: form, cancellationToken: cancellationToken);
    }

    [HttpGet("time/entries/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var entry = await OwnEntryAsync(id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }

        var tracking = await people.ForAsync(UserId, cancellationToken);
        var form = new EditEntryForm { Version = entry.Version };
        form.CopyFrom(TimeEntryService.DetailsOf(entry));
        var start = entry.Start.InZone(tracking.Zone).LocalDateTime;
        form.Date = TimeFormat.Iso(start.Date);
        if (entry is { IsDurationOnly: true, End: { } last })
        {
            // Time without clock times is edited as what it is: a date and a duration.
            form.Duration = TimeTrack.Domain.Tracking.TimesheetGrid.FormatCell(last - entry.Start);
        }
        else
        {
            form.StartTime = TimeFormat.Input(start.TimeOfDay);
            form.EndTime = entry.End is { } end ? TimeFormat.Input(end.InZone(tracking.Zone).TimeOfDay) : null;
        }
        return View(await BuildEditAsync(tracking, entry, form, cancellationToken));
    }

    [HttpPost("time/entries/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, [Bind(Prefix = EntryPrefix)] EditEntryForm form, CancellationToken cancellationToken)
    {
        var entry = await OwnEntryAsync(id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }

        var tracking = await people.ForAsync(UserId, cancellationToken);
        var times = ReadTimes(form, EntryPrefix, tracking.Zone, allowOpenEnd: true);
        var status = StatusCodes.Status422UnprocessableEntity;
        if (ModelState.IsValid && times is not null && form.ProjectId is { } projectId)
        {
            var (start, end) = times.Mode == TimeMode.DurationOnly ? (times.Start, times.End) : KeepUnchanged(times, entry, tracking.Zone);
            var result = times is { Mode: TimeMode.DurationOnly, Date: { } date, End: { } last }
                ? await entries.UpdateDurationAsync(UserId, id, form.Version, form.ToDetails(projectId), date, last - times.Start, cancellationToken)
                : await entries.UpdateAsync(UserId, id, form.Version, form.ToDetails(projectId), start, end, cancellationToken);
            switch (result.Failure)
            {
                case TrackingFailure.None:
                    TempData["Notice"] = "Entry saved.";
                    return RedirectToWeek(tracking.WeekContaining(start));
                case TrackingFailure.NotFound:
                    return NotFound();
                case TrackingFailure.Conflict:
                    status = StatusCodes.Status409Conflict;
                    ViewData["Conflict"] = true;
                    break;
                case TrackingFailure.Invalid:
                default:
                    break;
            }

            AddProblems(result.Problems, EntryPrefix, times.Mode, form);
        }

        Response.StatusCode = status;
        return View(await BuildEditAsync(tracking, entry, form, cancellationToken));
    }

    [HttpPost("time/entries/{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, uint version, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        // Read first: the delete succeeds only at this version, so what is read is exactly what goes.
        var entry = await OwnEntryAsync(id, cancellationToken);
        var result = await entries.DeleteAsync(UserId, id, version, cancellationToken);
        if (result.Failure == TrackingFailure.None && entry is not null)
        {
            TempData[UndoDeleteKey] = undoTokens.Issue(tenant.RequiredTenantId, UserId, entry);
            return RedirectToWeek(WeekFrom(week, tracking));
        }

        return result.Failure switch
        {
            TrackingFailure.None => Done("Entry deleted.", WeekFrom(week, tracking)),
            TrackingFailure.NotFound => NotFound(),
            TrackingFailure.Conflict => await ListActionFailedAsync(tracking, week, result.Problems, StatusCodes.Status409Conflict, cancellationToken),
            _ => await ListActionFailedAsync(tracking, week, result.Problems, StatusCodes.Status422UnprocessableEntity, cancellationToken),
        };
    }

    /// <summary>Puts back the entry an undo token describes, through the same rules as any new entry.</summary>
    [HttpPost("time/entries/undo")]
    public async Task<IActionResult> Undo(string? token, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var reading = undoTokens.Read(token, tenant.RequiredTenantId, UserId);
        if (reading.Entry is not { } deleted)
        {
            return await ListActionFailedAsync(tracking, week, [new TrackingProblem("", reading.Refusal ?? UndoDeleteTokens.NotYours)], StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        var result = await entries.RestoreAsync(UserId, deleted.EntryId, deleted.Details, deleted.Start, deleted.End, deleted.Source, deleted.DurationOnly, cancellationToken);
        if (result.Succeeded)
        {
            return Done("Entry restored.", tracking.WeekContaining(deleted.Start));
        }

        IReadOnlyList<TrackingProblem> problems = result.Problems.Count > 0 ? result.Problems : [new TrackingProblem("", "Someone changed your entries meanwhile; reload the page and try again.")];
        return await ListActionFailedAsync(
            tracking,
            week,
            [.. problems.Select(p => p with { Message = "The entry could not be restored. " + p.Message })],
            result.Failure == TrackingFailure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            cancellationToken);
    }

    [HttpPost("time/entries/{id:guid}/duplicate")]
    public async Task<IActionResult> Duplicate(Guid id, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var result = await entries.DuplicateAsync(UserId, id, cancellationToken);
        return result switch
        {
            { Value: { } copy } => Done("Entry duplicated onto today.", tracking.WeekContaining(copy.Start)),
            { Failure: TrackingFailure.NotFound } => NotFound(),
            _ => await ListActionFailedAsync(tracking, week, result.Problems, StatusCodes.Status422UnprocessableEntity, cancellationToken),
        };
    }

    [HttpPost("time/entries/{id:guid}/continue")]
    public async Task<IActionResult> Continue(Guid id, [SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var tracking = await people.ForAsync(UserId, cancellationToken);
        var result = await entries.ContinueAsync(UserId, id, cancellationToken);
        return result switch
        {
            { Value: { } timer } => Done("Timer started with the same details.", tracking.WeekContaining(timer.Start)),
            { Failure: TrackingFailure.NotFound } => NotFound(),
            _ => await ListActionFailedAsync(tracking, week, result.Problems, StatusCodes.Status422UnprocessableEntity, cancellationToken),
        };
    }

    /// <summary>
    /// After the timer started, stopped or switched: for the timer bar's in-place post, the changed parts of
    /// the week on screen; for a plain form post, the week the change is in, with the notice.
    /// </summary>
    private async Task<IActionResult> TimerChangedAsync(PersonTracking tracking, string? week, string notice, Week changed, CancellationToken cancellationToken)
    {
        if (!TimerFragment.IsRequested(Request))
        {
            return Done(notice, changed);
        }

        ViewData[TimerFragment.NoticeKey] = notice;
        return PartialView("_TimerFragment", await BuildPageAsync(tracking, WeekFrom(week, tracking), cancellationToken: cancellationToken));
    }

    /// <summary>A refused timer change: the errors next to the timer's fields, in place or on the whole page.</summary>
    private async Task<IActionResult> TimerRefusedAsync(
        PersonTracking tracking,
        string? week,
        EntryDetailsForm? timer = null,
        EntryDetailsForm? switchTo = null,
        CancellationToken cancellationToken = default)
    {
        if (!TimerFragment.IsRequested(Request))
        {
            return await PageWithErrorsAsync(tracking, week, StatusCodes.Status422UnprocessableEntity, timer, switchTo, cancellationToken: cancellationToken);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return PartialView("_TimerFragment", await BuildPageAsync(tracking, WeekFrom(week, tracking), timer, switchTo, cancellationToken: cancellationToken));
    }

    private RedirectToActionResult Done(string notice, Week week)
    {
        TempData["Notice"] = notice;
        return RedirectToWeek(week);
    }

    private RedirectToActionResult RedirectToWeek(Week week) =>
        RedirectToAction(nameof(Index), new { org = OrgSlug, week = TimeFormat.Iso(week.Start) });

    private async Task<IActionResult> ListActionFailedAsync(PersonTracking tracking, string? week, IReadOnlyList<TrackingProblem> problems, int status, CancellationToken cancellationToken)
    {
        foreach (var problem in problems)
        {
            ModelState.AddModelError("", problem.Message);
        }

        return await PageWithErrorsAsync(tracking, week, status, cancellationToken: cancellationToken);
    }

    private async Task<IActionResult> PageWithErrorsAsync(
        PersonTracking tracking,
        string? week,
        int status,
        EntryDetailsForm? timer = null,
        EntryDetailsForm? switchTo = null,
        ManualEntryForm? entry = null,
        CancellationToken cancellationToken = default)
    {
        Response.StatusCode = status;
        var model = await BuildPageAsync(tracking, WeekFrom(week, tracking), timer, switchTo, entry, cancellationToken);
        return View(nameof(Index), model);
    }

    private Week WeekFrom(string? week, PersonTracking tracking) =>
        TimeFormat.ParseDate(week) is { } date
            ? tracking.WeekOf(date)
            : tracking.WeekContaining(clock.GetCurrentInstant());

    private Task<TimeEntry?> OwnEntryAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = UserId;
        return db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .SingleOrDefaultAsync(e => e.Id == id && e.UserId == userId, cancellationToken);
    }

    private enum TimeMode
    {
        None,
        StartAndEnd,
        Duration,
        DurationOnly,
        Open,
    }

    /// <summary>
    /// The instants typed, and the wall-clock times they were typed as (when typed as such); for a date and
    /// a duration without a start time, the date (the entry is duration-only, ADR 023).
    /// </summary>
    private sealed record TypedTimes(Instant Start, Instant? End, TimeMode Mode, LocalDateTime? TypedStart = null, LocalDateTime? TypedEnd = null, LocalDate? Date = null);

    /// <summary>
    /// The instants a manual form describes, in the person's zone; null (with the reasons in ModelState)
    /// when the typed text cannot be read. Whether the times are allowed is the service's call.
    /// </summary>
    private TypedTimes? ReadTimes(ManualEntryForm form, string prefix, DateTimeZone zone, bool allowOpenEnd)
    {
        var date = TimeFormat.ParseDate(form.Date);
        if (date is null)
        {
            ModelState.AddModelError($"{prefix}.{nameof(form.Date)}", string.IsNullOrWhiteSpace(form.Date)
                ? "Enter the date of the entry."
                : TimeFormat.DateProblem(form.Date, "Enter a date like 2026-03-02."));
        }

        var startTime = TimeFormat.ParseTime(form.StartTime);
        if (startTime is null && !string.IsNullOrWhiteSpace(form.StartTime))
        {
            ModelState.AddModelError($"{prefix}.{nameof(form.StartTime)}", "Enter a time like 09:30.");
        }

        var hasEnd = !string.IsNullOrWhiteSpace(form.EndTime);
        var hasDuration = !string.IsNullOrWhiteSpace(form.Duration);
        if (hasEnd && hasDuration)
        {
            ModelState.AddModelError($"{prefix}.{nameof(form.Duration)}", "Enter an end time or a duration, not both.");
            return null;
        }

        if (hasEnd)
        {
            var endTime = TimeFormat.ParseTime(form.EndTime);
            if (endTime is null)
            {
                ModelState.AddModelError($"{prefix}.{nameof(form.EndTime)}", "Enter a time like 17:30.");
            }

            if (string.IsNullOrWhiteSpace(form.StartTime))
            {
                ModelState.AddModelError($"{prefix}.{nameof(form.StartTime)}", "Enter when the entry started.");
            }

            if (date is not { } day || startTime is not { } from || endTime is not { } to)
            {
                return null;
            }

            var interval = EntryRules.FromLocal(day, from, to, zone);
            var endDate = to <= from ? day.PlusDays(1) : day;
            return new TypedTimes(interval.Start, interval.End, TimeMode.StartAndEnd, day + from, endDate + to);
        }

        if (hasDuration)
        {
            if (!TimesheetGrid.TryParseCell(form.Duration, out var length, out var problem) || length <= Duration.Zero)
            {
                ModelState.AddModelError($"{prefix}.{nameof(form.Duration)}", problem ?? "Enter a duration longer than zero, like 1:30, 1h 30m or 90m.");
                return null;
            }

            if (date is not { } day || (startTime is null && !string.IsNullOrWhiteSpace(form.StartTime)))
            {
                return null;
            }

            if (startTime is not { } typed)
            {
                var span = EntryRules.DurationOnly(day, length, zone);
                return new TypedTimes(span.Start, span.End, TimeMode.DurationOnly, Date: day);
            }

            var interval = EntryRules.FromDateAndDuration(day, length, zone, typed);
            return new TypedTimes(interval.Start, interval.End, TimeMode.Duration, day + typed);
        }

        if (allowOpenEnd)
        {
            if (string.IsNullOrWhiteSpace(form.StartTime))
            {
                ModelState.AddModelError($"{prefix}.{nameof(form.StartTime)}", "Enter when the entry started.");
            }

            return date is { } day && startTime is { } from
                ? new TypedTimes(EntryRules.FromDateAndDuration(day, Duration.Zero, zone, from).Start, null, TimeMode.Open, day + from)
                : null;
        }

        ModelState.AddModelError($"{prefix}.{nameof(form.EndTime)}", "Enter an end time, or a duration instead.");
        return null;
    }

    /// <summary>
    /// Times come back from the form to the second, while a timer's instants have fractions of one; a
    /// time sent back as it was shown keeps its exact instant, so saving only a new description cannot
    /// nudge the entry into the one just before it.
    /// </summary>
    private static (Instant Start, Instant? End) KeepUnchanged(TypedTimes times, TimeEntry entry, DateTimeZone zone)
    {
        // Compared as wall-clock times, so an entry in the hour a clock repeats keeps its own instant.
        static LocalDateTime Shown(Instant instant, DateTimeZone zone)
        {
            var local = instant.InZone(zone).LocalDateTime;
            return local.Date + new LocalTime(local.Hour, local.Minute, local.Second);
        }

        var start = times.TypedStart == Shown(entry.Start, zone) ? entry.Start : times.Start;
        var end = times.End is not null && entry.End is { } oldEnd && times.TypedEnd == Shown(oldEnd, zone) ? oldEnd : times.End;
        return (start, end);
    }

    /// <summary>Puts the service's problems next to the field of the form that can fix them.</summary>
    private void AddProblems(IReadOnlyList<TrackingProblem> problems, string prefix, TimeMode mode, ManualEntryForm? form = null)
    {
        foreach (var problem in problems)
        {
            string? field = problem.Field switch
            {
                "" => null,
                "Start" or "End" or "Duration" when mode == TimeMode.None => null,
                "Start" when mode == TimeMode.DurationOnly => nameof(ManualEntryForm.Date),
                "Start" => nameof(ManualEntryForm.StartTime),
                "End" or "Duration" when mode is TimeMode.Duration or TimeMode.DurationOnly => nameof(ManualEntryForm.Duration),
                "End" or "Duration" => nameof(ManualEntryForm.EndTime),
                var other => other,
            };
            ModelState.AddModelError(field is null ? prefix : $"{prefix}.{field}", problem.Message);
        }
    }

    private async Task<TimePageModel> BuildPageAsync(
        PersonTracking tracking,
        Week week,
        EntryDetailsForm? timer = null,
        EntryDetailsForm? switchTo = null,
        ManualEntryForm? entry = null,
        CancellationToken cancellationToken = default)
    {
        var userId = UserId;
        var now = clock.GetCurrentInstant();

        // The entries that count on the week's days (ADR 014), on the (tenant_id, user_id, day) index.
        var rows = (await db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .Where(e => e.UserId == userId)
            .CountingOn(week.Dates)
            .OrderBy(e => e.Start)
            .ToListAsync(cancellationToken))
            .Where(e => e.IsRunning || e.PartsAt(now, tracking.Zone).On(week.Dates).Any())
            .ToList();
        var running = rows.FirstOrDefault(e => e.IsRunning)
            ?? await db.TimeEntries.AsNoTracking().Include(e => e.Tags)
                .SingleOrDefaultAsync(e => e.UserId == userId && e.End == null, cancellationToken);

        var choices = await ChoicesAsync(cancellationToken);
        var shown = running is null || rows.Contains(running) ? rows : [.. rows, running];
        var names = await NamesAsync(shown, choices, cancellationToken);
        var views = rows.Select(e => ToView(e, tracking.Zone, now, names)).ToList();

        var totals = DailyTotals.ForWeek(week, rows.SelectMany(e => e.PartsAt(now, tracking.Zone)));
        var days = week.Days
            .Select(date => new DayView(
                date,
                [.. views.Where(v => v.Date == date || (date == week.Start && v.Date < week.Start))],
                totals.On(date)))
            .ToList();

        // The timer asks first: a new policy in force is read before more time is tracked.
        if (await policies.AwaitingAcknowledgementAsync(userId, cancellationToken) is { } awaiting)
        {
            ViewData[AcknowledgePolicyModel.ViewDataKey] = AcknowledgePolicyModel.For(awaiting, OrgSlug, $"/{OrgSlug}/time", tracking.Zone);
        }

        var today = now.InZone(tracking.Zone).Date;
        var isThisWeek = week.Contains(now);
        entry ??= new ManualEntryForm { Date = TimeFormat.Iso(isThisWeek ? today : week.Start) };
        return new TimePageModel(
            week,
            isThisWeek,
            running is null ? null : new RunningTimerView(ToView(running, tracking.Zone, now, names), running.Start),
            timer ?? new EntryDetailsForm(),
            switchTo ?? new EntryDetailsForm(),
            entry,
            choices,
            days,
            totals.Total);
    }

    private async Task<EditPageModel> BuildEditAsync(PersonTracking tracking, TimeEntry entry, EditEntryForm form, CancellationToken cancellationToken)
    {
        var choices = await ChoicesAsync(cancellationToken);
        if (choices.Projects.All(p => p.Id != entry.ProjectId))
        {
            // Shown so the select does not quietly change the project; the service decides whether it may stay.
            var name = await db.Projects.AsNoTracking().Where(p => p.Id == entry.ProjectId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
            choices = choices with { Projects = [new ProjectChoice(entry.ProjectId, $"{name} (no longer open to you)", false), .. choices.Projects] };
        }

        return new EditPageModel(entry.Id, entry.IsRunning, tracking.WeekContaining(entry.Start).Start, form, choices);
    }

    private async Task<EntryChoices> ChoicesAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        var projects = await db.Projects.AsNoTracking()
            .Where(p => !p.IsArchived && p.Members.Any(m => m.UserId == userId))
            .OrderBy(p => p.Name)
            .Select(p => new ProjectChoice(p.Id, p.Name, p.IsBillableByDefault))
            .ToListAsync(cancellationToken);
        var projectIds = projects.Select(p => p.Id).ToList();
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => !t.IsArchived && projectIds.Contains(t.ProjectId))
            .OrderBy(t => t.Name)
            .Select(t => new ProjectItemChoice(t.Id, t.ProjectId, t.Name))
            .ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => projectIds.Contains(o.ProjectId))
            .OrderBy(o => o.Name)
            .Select(o => new ProjectItemChoice(o.Id, o.ProjectId, o.Name))
            .ToListAsync(cancellationToken);
        var tags = await db.Tags.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TagChoice(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        return new EntryChoices(projects, tasks, outcomes, tags);
    }

    private sealed record Names(
        IReadOnlyDictionary<Guid, string> Projects,
        IReadOnlyDictionary<Guid, string> Tasks,
        IReadOnlyDictionary<Guid, string> Outcomes,
        IReadOnlyDictionary<Guid, string> Tags);

    /// <summary>Names for what the entries refer to, including projects and tasks archived since.</summary>
    private async Task<Names> NamesAsync(IReadOnlyList<TimeEntry> shown, EntryChoices choices, CancellationToken cancellationToken)
    {
        var projectIds = shown.Select(e => e.ProjectId).Distinct().ToList();
        var taskIds = shown.Where(e => e.TaskId is not null).Select(e => e.TaskId!.Value).Distinct().ToList();
        var outcomeIds = shown.Where(e => e.OutcomeId is not null).Select(e => e.OutcomeId!.Value).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => outcomeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return new Names(projects, tasks, outcomes, choices.Tags.ToDictionary(t => t.Id, t => t.Name));
    }

    private static EntryView ToView(TimeEntry entry, DateTimeZone zone, Instant now, Names names)
    {
        var start = entry.Start.InZone(zone).LocalDateTime;
        return new EntryView(
            entry.Id,
            entry.Version,
            start.Date,
            start,
            entry.End?.InZone(zone).LocalDateTime,
            entry.End is null && now < entry.Start ? Duration.Zero : entry.LengthAt(now),
            names.Projects.GetValueOrDefault(entry.ProjectId, ""),
            entry.TaskId is { } task ? names.Tasks.GetValueOrDefault(task) : null,
            entry.OutcomeId is { } outcome ? names.Outcomes.GetValueOrDefault(outcome) : null,
            [.. entry.Tags.Select(t => names.Tags.GetValueOrDefault(t.TagId, "")).Where(n => n.Length > 0).Order(StringComparer.Ordinal)],
            entry.Description,
            entry.IsBillable,
            entry.IsOutsideHours,
            entry.IsDurationOnly);
    }
}
