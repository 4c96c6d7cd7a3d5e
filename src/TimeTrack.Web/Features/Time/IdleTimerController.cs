using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Time;

/// <summary>
/// The answer to the idle-time question on the time page (<c>idle.js</c>): discard the running timer's
/// idle time and stop it, or discard it and continue from now. A plain form post; keeping the time
/// needs no request at all.
/// </summary>
[ShowsNoOneElsesData("The person's own running timer.")]
public sealed class IdleTimerController(IdleTime idleTime, PersonTrackingProvider people, IClock clock) : OrgController
{
    public const string StopChoice = "stop";

    public const string ContinueChoice = "continue";

    private const string ViewPath = "~/Features/Time/IdleTimer.cshtml";

    private Guid UserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    [HttpPost("time/timer/idle")]
    public async Task<IActionResult> Discard(IdleTimerForm form, CancellationToken cancellationToken)
    {
        var choice = form.Choice switch
        {
            StopChoice => IdleChoice.DiscardAndStop,
            ContinueChoice => IdleChoice.DiscardAndContinue,
            _ => (IdleChoice?)null,
        };
        if (choice is null)
        {
            ModelState.AddModelError("", "Choose to discard the idle time and stop the timer, or to discard it and continue. Nothing was changed.");
        }

        var idleStart = InstantPattern.ExtendedIso.Parse(form.IdleStart?.Trim() ?? "");
        if (!idleStart.Success)
        {
            ModelState.AddModelError("", "The moment you went idle was not sent as a date and time, so nothing was changed.");
        }

        if (ModelState.IsValid && choice is { } chosen)
        {
            var result = await idleTime.DiscardAsync(UserId, idleStart.Value, chosen, cancellationToken);
            if (result is { Succeeded: true, Value: { } discarded })
            {
                var tracking = await people.ForAsync(UserId, cancellationToken);
                var stoppedAt = TimeFormat.Clock(idleStart.Value.InZone(tracking.Zone).LocalDateTime);
                var recorded = TimeFormat.Length(discarded.Stopped.LengthAt(clock.GetCurrentInstant()));
                TempData["Notice"] = discarded.Continued is null
                    ? $"Idle time discarded: the timer stopped at {stoppedAt}, {recorded} recorded."
                    : $"Idle time discarded: the timer stopped at {stoppedAt} ({recorded} recorded) and started again now.";
                return LocalRedirect($"/{OrgSlug}/time");
            }

            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError("", problem.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ViewPath, form);
    }
}

/// <summary>What the idle-time question posts: when the person went idle (an ISO instant) and what to do with the time since.</summary>
public sealed class IdleTimerForm
{
    public string? IdleStart { get; set; }

    public string? Choice { get; set; }
}
