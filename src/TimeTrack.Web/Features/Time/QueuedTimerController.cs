using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Time;

/// <summary>
/// Receives the timer actions a device queued while it was offline (wwwroot/js/offline-timer.js), one per
/// request and in the order they were made, and answers each with what became of it: JSON for one that
/// was applied (or had been already), problem details for one that was refused.
/// </summary>
public sealed class QueuedTimerController(QueuedTimerActions actions, IStringLocalizer<SharedResource> text) : OrgController
{
    [HttpPost("time/timer/queued")]
    public async Task<IActionResult> Apply(
        QueuedTimerActionForm queued,
        [Bind(Prefix = QueuedTimerActionForm.DetailsPrefix)] EntryDetailsForm details,
        CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)
            ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");
        if (queued.Kind is { } stopOrNot && stopOrNot == QueuedTimerKind.Stop)
        {
            // A stop has no details; the form's other fields are not validated.
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith(QueuedTimerActionForm.DetailsPrefix + ".", StringComparison.Ordinal) || k == QueuedTimerActionForm.DetailsPrefix).ToList())
            {
                ModelState.Remove(key);
            }
        }

        if (queued.Kind is { } kind && !Enum.IsDefined(kind))
        {
            ModelState.AddModelError(nameof(queued.Kind), "Say whether the queued action starts, stops or switches the timer.");
        }

        var at = queued.At is { } typed ? InstantPattern.ExtendedIso.Parse(typed.Trim()) : null;
        if (at is { Success: false })
        {
            ModelState.AddModelError(nameof(queued.At), "Give the time as an ISO 8601 instant, such as 2026-12-07T10:02:00Z.");
        }
        else if (at is { Success: true, Value: var instant } && !SupportedDates.Contains(instant))
        {
            ModelState.AddModelError(nameof(queued.At), SupportedDates.OutOfRangeMessage);
        }

        if (!ModelState.IsValid || queued is not { Id: { } id, Kind: { } what } || at is not { Success: true })
        {
            return ValidationProblem(
                title: text["The queued timer action is incomplete"],
                statusCode: StatusCodes.Status400BadRequest,
                modelStateDictionary: ModelState);
        }

        var outcome = await actions.ApplyAsync(
            userId,
            id,
            what,
            at.Value,
            what == QueuedTimerKind.Stop || details.ProjectId is not { } projectId ? null : details.ToDetails(projectId),
            cancellationToken);
        if (outcome.Status is QueuedTimerStatus.Applied or QueuedTimerStatus.AlreadyApplied)
        {
            return Json(new QueuedTimerResponse(id, Name(what), outcome.Status == QueuedTimerStatus.Applied ? "applied" : "already-applied", outcome.Message));
        }

        var problems = new ModelStateDictionary();
        foreach (var problem in outcome.Problems)
        {
            problems.AddModelError(problem.Field.Length == 0 ? "" : FieldName(problem.Field), text[problem.Message]);
        }

        return ValidationProblem(
            title: what switch
            {
                QueuedTimerKind.Start => text["The timer start made offline was not applied"],
                QueuedTimerKind.Stop => text["The timer stop made offline was not applied"],
                _ => text["The timer switch made offline was not applied"],
            },
            detail: outcome.Message,
            statusCode: outcome.Status == QueuedTimerStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            modelStateDictionary: problems);
    }

    private static string Name(QueuedTimerKind kind) => kind switch
    {
        QueuedTimerKind.Start => "start",
        QueuedTimerKind.Stop => "stop",
        _ => "switch",
    };

    /// <summary>Problems about the entry's details are named as the form named them; its times as the action's instant.</summary>
    private static string FieldName(string field) =>
        field is "Start" or "End" or "Duration" or "At" ? nameof(QueuedTimerActionForm.At) : QueuedTimerActionForm.DetailsPrefix + "." + field;
}

/// <summary>What became of a queued timer action that was applied, now or by an earlier copy.</summary>
public sealed record QueuedTimerResponse(Guid Id, string Kind, string Status, string Message);
