using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Pulse;

/// <summary>
/// Pulse surveys about the tracking itself. Every rule (once per person, anonymity, the minimum group
/// size for results) lives in <see cref="PulseSurveys"/>; this controller turns forms into its
/// arguments and its answers into pages.
/// </summary>
[ShowsNoOneElsesData("Anonymous pulse-survey answers, shown only over at least k respondents; no time data.")]
public sealed class PulseController(
    PulseSurveys surveys,
    PersonTrackingProvider people,
    IAuthorizationService authorization,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    private const string AddCommand = "add";
    private const string RemoveCommand = "remove-";

    private Guid UserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    [HttpGet("pulse")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var zone = (await people.ForAsync(UserId, cancellationToken)).Zone;
        var rows = (await surveys.ListAsync(UserId, cancellationToken))
            .Select(s => new PulseListRow(
                s.Id,
                s.Title,
                PulseDates.Day(s.OpenedAt, zone),
                s.ClosedAt is { } closed ? PulseDates.Day(closed, zone) : null,
                s.Respondents,
                s.AnsweredByMe))
            .ToList();
        return View(new PulseListModel(
            [.. rows.Where(r => r.Closed is null)],
            [.. rows.Where(r => r.Closed is not null)],
            await CanManageAsync()));
    }

    [Authorize(Policy = Policies.Admin)]
    [HttpGet("pulse/new")]
    public IActionResult New() => View(PulseSurveyForm.Suggested());

    /// <summary>
    /// Opens the survey, or, when <paramref name="command"/> is "add" or "remove-{index}", shows the
    /// form again with one question more or fewer and nothing saved.
    /// </summary>
    [Authorize(Policy = Policies.Admin)]
    [HttpPost("pulse/new")]
    public async Task<IActionResult> Create(PulseSurveyForm form, string? command, CancellationToken cancellationToken)
    {
        if (command == AddCommand || command?.StartsWith(RemoveCommand, StringComparison.Ordinal) == true)
        {
            // The questions' indexes move; values from the post must not stick to the wrong fields.
            ModelState.Clear();
            if (command == AddCommand && form.Questions.Count < PulseSurveys.MaximumQuestions)
            {
                form.Questions.Add(new PulseQuestionForm());
            }
            else if (int.TryParse(command.AsSpan(RemoveCommand.Length), out var index) && index >= 0 && index < form.Questions.Count)
            {
                form.Questions.RemoveAt(index);
            }

            return View(nameof(New), form);
        }

        if (ModelState.IsValid)
        {
            var (id, problems) = await surveys.CreateAsync(form.ToInput(), UserId, cancellationToken);
            if (id is not null)
            {
                TempData["Notice"] = text["Survey “{0}” is open. Every member can answer it now.", form.Title!.Trim()].Value;
                return LocalRedirect($"/{OrgSlug}/pulse");
            }

            foreach (var problem in problems)
            {
                ModelState.AddModelError(problem.Field, problem.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(New), form);
    }

    [HttpGet("pulse/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var survey = await surveys.FindAsync(id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        var state = await surveys.HasAnsweredAsync(id, UserId, cancellationToken) ? PulseAnswerState.Answered
            : survey.IsOpen ? PulseAnswerState.Open
            : PulseAnswerState.Closed;
        return View(new PulseAnswerPageModel(survey, PulseAnswerForm.For(survey), state, null));
    }

    [HttpPost("pulse/{id:guid}")]
    public async Task<IActionResult> Answer(Guid id, PulseAnswerForm form, CancellationToken cancellationToken)
    {
        var survey = await surveys.FindAsync(id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        var result = ModelState.IsValid
            ? await surveys.AnswerAsync(id, UserId, form.ToInput(), cancellationToken)
            : new PulseAnswerResult(PulseAnswerOutcome.Invalid, []);
        switch (result.Outcome)
        {
            case PulseAnswerOutcome.Answered:
                TempData["Notice"] = text["Thank you. Your answers to “{0}” are recorded, without your name.", survey.Title].Value;
                return LocalRedirect($"/{OrgSlug}/pulse");
            case PulseAnswerOutcome.NotFound:
                return NotFound();
            case PulseAnswerOutcome.AlreadyAnswered:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(nameof(Show), new PulseAnswerPageModel(survey, PulseAnswerForm.For(survey), PulseAnswerState.Answered,
                    "You have already answered this survey, and each person answers once. Nothing was changed."));
            case PulseAnswerOutcome.Closed:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(nameof(Show), new PulseAnswerPageModel(survey, PulseAnswerForm.For(survey), PulseAnswerState.Closed,
                    "This survey has closed, so it takes no more answers. Nothing was saved."));
            default:
                // Binding problems are keyed by the posted index; the form is shown again in the survey's order.
                var aligned = PulseAnswerForm.For(survey, form);
                if (!ModelState.IsValid)
                {
                    ModelState.Clear();
                    ModelState.AddModelError("", "Some answers could not be read. Please choose them again.");
                }

                foreach (var problem in result.Problems.Count > 0 ? result.Problems : PulseSurveys.Validate(survey.Questions, aligned.ToInput()))
                {
                    ModelState.AddModelError(problem.Field, problem.Message);
                }

                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(nameof(Show), new PulseAnswerPageModel(survey, aligned, PulseAnswerState.Open, null));
        }
    }

    [HttpGet("pulse/{id:guid}/results")]
    public async Task<IActionResult> Results(Guid id, CancellationToken cancellationToken)
    {
        var results = await surveys.ResultsAsync(id, cancellationToken);
        if (results is null)
        {
            return NotFound();
        }

        var zone = (await people.ForAsync(UserId, cancellationToken)).Zone;
        return View(new PulseResultsModel(
            results,
            PulseDates.Day(results.Survey.OpenedAt, zone),
            results.Survey.ClosedAt is { } closed ? PulseDates.Day(closed, zone) : null,
            await surveys.HasAnsweredAsync(id, UserId, cancellationToken),
            await CanManageAsync()));
    }

    [Authorize(Policy = Policies.Admin)]
    [HttpPost("pulse/{id:guid}/close")]
    public async Task<IActionResult> Close(Guid id, CancellationToken cancellationToken)
    {
        if (!await surveys.CloseAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = "The survey is closed. Its results stay readable by every member.";
        return LocalRedirect($"/{OrgSlug}/pulse");
    }

    private async Task<bool> CanManageAsync() => (await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded;
}
