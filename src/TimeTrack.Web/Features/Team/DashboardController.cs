using Microsoft.AspNetCore.Mvc;
using NodaTime;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Team;

/// <summary>
/// What one team delivered over a period and where its people may need support: reads the team and the
/// period (the same period rules and messages as reports) and renders what <see cref="DashboardReader"/>
/// hands out.
/// </summary>
public sealed class DashboardController(PersonDataDoor door, DashboardReader dashboards, PersonTrackingProvider tracking, IClock clock) : OrgController
{
    /// <summary>The longest custom period, as for reports.</summary>
    public const int LongestPeriodDays = ReportRunner.LongestPeriodDays;

    [HttpGet("team/dashboard")]
    [ReadsPersonData]
    public async Task<IActionResult> Index([FromQuery] DashboardForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var mine = await tracking.ForAsync(looker.UserId, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(mine.Zone).Date;
        var thisWeek = mine.WeekOf(today);
        var teams = await dashboards.TeamsAsync(looker, cancellationToken);
        var teamId = ChooseTeam(form, teams);
        var typedDates = !string.IsNullOrWhiteSpace(form.From) || !string.IsNullOrWhiteSpace(form.To);
        var chosen = string.IsNullOrWhiteSpace(form.Period)
            ? typedDates ? DashboardPeriod.Custom : DashboardPeriod.FourWeeks
            : DashboardModel.Parse(form.Period.Trim());
        if (chosen is null)
        {
            ModelState.AddModelError("period", "Choose a period from the list.");
        }

        var period = chosen ?? DashboardPeriod.FourWeeks;
        var request = ReportRunner.Read(
            new ReportInput(Preset: DashboardModel.Preset(period), From: form.From, To: form.To),
            today,
            thisWeek.Start,
            mine.Zone);
        foreach (var problem in request.Problems)
        {
            ModelState.AddModelError(problem.Field == ReportField.From ? "from" : problem.Field == ReportField.To ? "to" : "period", problem.Message);
        }

        if (!ModelState.IsValid || request.Filter is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page(new DashboardModel(form, teams, teamId, period, request.Period.From, request.Period.To, "", [], [], [], "", [], [], false, looker.MinimumGroupSize));
        }

        return Page(await dashboards.ReadAsync(looker, form, teams, new DashboardRequest(teamId, period, filter.From, filter.To), thisWeek, cancellationToken));
    }

    private ViewResult Page(DashboardModel model) => View("~/Features/Team/Dashboard.cshtml", model);

    private Guid? ChooseTeam(DashboardForm form, IReadOnlyList<DashboardTeamOption> teams)
    {
        if (teams.Count == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(form.Team))
        {
            return teams[0].Id;
        }

        if (Guid.TryParse(form.Team.Trim(), out var id) && teams.Any(t => t.Id == id))
        {
            return id;
        }

        ModelState.AddModelError("team", "Choose one of your teams from the list.");
        return null;
    }
}
