using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Timesheet;

/// <summary>The weekly timesheet grid: rows of project, task and outcome; a column per day of the person's week.</summary>
[ShowsNoOneElsesData("The person's own timesheet.")]
public sealed class TimesheetController(
    TimesheetService timesheets,
    PersonTrackingProvider people,
    TimeTrackDbContext db,
    IClock clock,
    ApprovalService approvals,
    IStringLocalizer<SharedResource> text) : OrgController
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    [HttpGet("time/timesheet")]
    public async Task<IActionResult> Index([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var (userId, theWeek) = await ResolveAsync(week, cancellationToken);
        var sheet = await timesheets.LoadAsync(userId, theWeek, cancellationToken);
        var form = new TimesheetForm
        {
            Week = IsoDate.Format(theWeek.Start),
            Rows = [.. sheet.Rows.Select(row => RowForm.From(row, theWeek.Days.Select(d => TimesheetGrid.FormatCell(sheet.Cells.GetValueOrDefault((row, d))))))],
        };
        return View(await BuildAsync(userId, theWeek, form, sheet, cancellationToken));
    }

    [HttpPost("time/timesheet")]
    public async Task<IActionResult> Save(TimesheetForm form, CancellationToken cancellationToken)
    {
        var (userId, theWeek) = await ResolveAsync(form.Week, cancellationToken);
        form.Week = IsoDate.Format(theWeek.Start);
        form.Rows ??= [];
        foreach (var row in form.Rows)
        {
            row.Days = [.. Enumerable.Range(0, 7).Select(i => i < row.Days.Count ? row.Days[i] : null)];
        }

        if (form.Action == "copy-rows")
        {
            // Last week's rows, empty: what a person works on rarely changes from one week to the next.
            var last = await timesheets.LoadAsync(userId, theWeek.Previous, cancellationToken);
            var added = 0;
            foreach (var row in last.Rows.Where(row => form.Rows.All(r => r.Key != row)))
            {
                form.Rows.Add(RowForm.From(row, Enumerable.Repeat<string?>(null, 7)));
                added++;
            }

            ViewData["Notice"] = added switch
            {
                0 when last.Rows.Count == 0 => text["Last week has no rows to copy."].Value,
                0 => text["This week already has every row of last week."].Value,
                1 => text["Added 1 row from last week. Nothing is saved until you press Save timesheet."].Value,
                _ => text["Added {0} rows from last week. Nothing is saved until you press Save timesheet.", added].Value,
            };
            ModelState.Remove(nameof(form.Action));
            return View(nameof(Index), await BuildAsync(userId, theWeek, form, null, cancellationToken));
        }

        if (form.Action == "add-row")
        {
            if (form.NewProjectId is { } projectId)
            {
                var row = new TimesheetRow(projectId, form.NewTaskId, form.NewOutcomeId);
                if (!form.Rows.Any(r => r.Key == row))
                {
                    form.Rows.Add(RowForm.From(row, Enumerable.Repeat<string?>(null, 7)));
                }
            }
            else
            {
                ModelState.AddModelError(nameof(form.NewProjectId), text["Choose a project for the new row."]);
            }

            ModelState.Remove(nameof(form.Action));
            return View(nameof(Index), await BuildAsync(userId, theWeek, form, null, cancellationToken));
        }

        if (!ModelState.IsValid)
        {
            // A week outside the supported dates, or a row that names no project: nothing is saved.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await BuildAsync(userId, theWeek, form, null, cancellationToken));
        }

        var rows = form.Rows.Select(r => r.Key).ToList();
        var days = theWeek.Days.ToList();
        var typed = new Dictionary<(int, LocalDate), string?>();
        for (var i = 0; i < form.Rows.Count; i++)
        {
            for (var d = 0; d < 7; d++)
            {
                typed[(i, days[d])] = form.Rows[i].Days[d];
            }
        }

        var result = await timesheets.SaveAsync(userId, theWeek, rows, typed, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Notice"] = result.Value switch
            {
                0 => text["Nothing changed."].Value,
                1 => text["Timesheet saved (1 cell changed)."].Value,
                var changed => text["Timesheet saved ({0} cells changed).", changed].Value,
            };
            return Redirect($"/{OrgSlug}/time/timesheet?week={IsoDate.Format(theWeek.Start)}");
        }

        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError(FieldFor(problem.Field, days), text[problem.Message]);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await BuildAsync(userId, theWeek, form, null, cancellationToken));
    }

    /// <summary>Submits the week for approval; a refusal comes back on the timesheet with status 422.</summary>
    [HttpPost("time/timesheet/submit")]
    public async Task<IActionResult> Submit([SupportedDate] string? week, CancellationToken cancellationToken)
    {
        var (userId, theWeek) = await ResolveAsync(week, cancellationToken);
        var result = await approvals.SubmitAsync(userId, theWeek.Start, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Notice"] = text["Week submitted for approval."].Value;
            return Redirect($"/{OrgSlug}/time/timesheet?week={IsoDate.Format(theWeek.Start)}");
        }

        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError("", problem.Message);
        }

        var sheet = await timesheets.LoadAsync(userId, theWeek, cancellationToken);
        var form = new TimesheetForm
        {
            Week = IsoDate.Format(theWeek.Start),
            Rows = [.. sheet.Rows.Select(row => RowForm.From(row, theWeek.Days.Select(d => TimesheetGrid.FormatCell(sheet.Cells.GetValueOrDefault((row, d))))))],
        };
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await BuildAsync(userId, theWeek, form, sheet, cancellationToken));
    }

    private static string FieldFor(string field, List<LocalDate> days)
    {
        var parts = field.Split(':');
        if (parts is ["cell", var row, var date] && IsoDate.Parse(date) is { Success: true } parsed)
        {
            return $"Rows[{row}].Days[{days.IndexOf(parsed.Value)}]";
        }

        return "";
    }

    private async Task<(Guid UserId, Week Week)> ResolveAsync(string? week, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var tracking = await people.ForAsync(userId, cancellationToken);
        var date = SupportedDates.Parse(week) ?? clock.GetCurrentInstant().InZone(tracking.Zone).Date;
        return (userId, tracking.WeekOf(date));
    }

    private async Task<TimesheetModel> BuildAsync(Guid userId, Week week, TimesheetForm form, TimeTrack.Web.Tracking.Timesheet? saved, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.Members.Any(m => m.UserId == userId))
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.IsArchived })
            .ToListAsync(cancellationToken);
        var projectIds = projects.Select(p => p.Id).ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => projectIds.Contains(t.ProjectId))
            .OrderBy(t => t.Name).Select(t => new { t.Id, t.ProjectId, t.Name, t.IsArchived }).ToListAsync(cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => projectIds.Contains(o.ProjectId))
            .OrderBy(o => o.Name).Select(o => new { o.Id, o.ProjectId, o.Name }).ToListAsync(cancellationToken);

        string Label(RowForm row)
        {
            var parts = new List<string> { projects.FirstOrDefault(p => p.Id == row.ProjectId)?.Name ?? "(a project you no longer belong to)" };
            if (row.TaskId is { } taskId && tasks.FirstOrDefault(t => t.Id == taskId) is { } task)
            {
                parts.Add(task.Name);
            }

            if (row.OutcomeId is { } outcomeId && outcomes.FirstOrDefault(o => o.Id == outcomeId) is { } outcome)
            {
                parts.Add("→ " + outcome.Name);
            }

            return string.Join(" · ", parts);
        }

        var active = projects.Where(p => !p.IsArchived).ToList();
        var tracking = await people.ForAsync(userId, cancellationToken);
        var locked = await db.LockedPeriods.AsNoTracking()
            .AnyAsync(l => l.UserId == userId && l.Start < week.EndInstant && week.StartInstant < l.End, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(tracking.Zone).Date;
        var (earliest, latest) = (today.PlusDays(-tracking.Limits.MaximumDaysInPast), today.PlusDays(tracking.Limits.MaximumDaysInFuture));
        string? DayClosed(LocalDate date) =>
            date > latest ? (tracking.Limits.MaximumDaysInFuture == 0 ? text["Time can be added up to today."].Value : text["Time can be added up to {0}.", TimeFormat.DayAndMonth(latest)].Value)
            : date < earliest ? text["Your organization's policy allows changes up to {0} days back.", tracking.Limits.MaximumDaysInPast].Value
            : null;
        return new TimesheetModel(
            form,
            [.. week.Days],
            [.. form.Rows.Select(Label)],
            saved,
            [.. active.Select(p => new Choice(p.Id, p.Name, null))],
            [.. tasks.Where(t => !t.IsArchived && active.Any(p => p.Id == t.ProjectId)).Select(t => new Choice(t.Id, t.Name, active.First(p => p.Id == t.ProjectId).Name))],
            [.. outcomes.Where(o => active.Any(p => p.Id == o.ProjectId)).Select(o => new Choice(o.Id, o.Name, active.First(p => p.Id == o.ProjectId).Name))],
            IsoDate.Format(week.Previous.Start),
            IsoDate.Format(week.Next.Start),
            await approvals.StateAsync(userId, week.Start, cancellationToken),
            week.Zone,
            locked ? text["This week is approved and locked: its time cannot change. An admin can unlock it."].Value : null,
            [.. week.Days.Select(DayClosed)]);
    }
}

public sealed record Choice(Guid Id, string Name, string? Group);

public sealed record TimesheetModel(
    TimesheetForm Form,
    IReadOnlyList<LocalDate> Days,
    IReadOnlyList<string> RowLabels,
    TimeTrack.Web.Tracking.Timesheet? Saved,
    IReadOnlyList<Choice> Projects,
    IReadOnlyList<Choice> Tasks,
    IReadOnlyList<Choice> Outcomes,
    string PreviousWeek,
    string NextWeek,
    WeekApproval? Approval,
    DateTimeZone Zone,
    string? LockedReason,
    IReadOnlyList<string?> ClosedDays)
{
    public bool IsLocked => LockedReason is not null;

    /// <summary>Why a day's cells cannot be changed (the week is locked, or the day is beyond the policy's limits), or null.</summary>
    public string? Closed(int day) => LockedReason ?? ClosedDays[day];

    /// <summary>"Mon 2 Mar", "Mo., 2. März": a column's heading in the request's language.</summary>
    public static string DayHeading(LocalDate date) => TimeFormat.ShortDay(date);

    /// <summary>"Monday 2 March", "Montag, 2. März": the day a cell is on, for its label.</summary>
    public static string DayName(LocalDate date) => TimeFormat.Day(date);
}

public sealed class TimesheetForm
{
    [SupportedDate]
    public string? Week { get; set; }

    public List<RowForm> Rows { get; set; } = [];

    public Guid? NewProjectId { get; set; }

    public Guid? NewTaskId { get; set; }

    public Guid? NewOutcomeId { get; set; }

    /// <summary>"save", "add-row" or "copy-rows" (which button was pressed).</summary>
    public string? Action { get; set; }
}

public sealed class RowForm
{
    public Guid ProjectId { get; set; }

    public Guid? TaskId { get; set; }

    public Guid? OutcomeId { get; set; }

    /// <summary>The seven cells as typed, in the order of the week's days.</summary>
    public List<string?> Days { get; set; } = [];

    public TimesheetRow Key => new(ProjectId, TaskId, OutcomeId);

    public static RowForm From(TimesheetRow row, IEnumerable<string?> days) => new()
    {
        ProjectId = row.ProjectId,
        TaskId = row.TaskId,
        OutcomeId = row.OutcomeId,
        Days = [.. days],
    };
}
