using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// The reports page as data: the same query and the same <see cref="Report.Build"/> decide what the
/// token's owner sees, so the API can never show a figure the page withholds. Reads of other people's
/// individual figures are in their access logs.
/// </summary>
[Tags("Reports")]
public sealed class ReportsApiController(TimeTrackDbContext db, PersonDataDoor door, ReportRunner runner) : ApiControllerBase
{
    /// <summary>Days in a period, both ends included, as on the reports page.</summary>
    public const int LongestPeriodDays = ReportRunner.LongestPeriodDays;

    public const string TotalWithheldReason = "Withheld while any row is withheld: the total minus the rows shown would reveal it.";

    [ReadsPersonData("json")]
    [HttpGet("reports", Name = "getReport")]
    [EndpointSummary("Time by client, project, outcome, task or person")]
    [EndpointDescription("Time grouped by group_by (project when omitted), narrowed by the optional filters, in one of three scopes. "
        + "scope=people (the default): finished time of the people the policy shows you one by one, "
        + "that counts on the days [from, to] in each person's own calendar (time across a person's midnight counts on each day for its part), both included, at most 366 days, by client, project, outcome, task or person; each of them sees this read in their access log; "
        + "amounts only where you see everyone's rates one by one. scope=groups: group figures of the organization or a team (filter team) by client, project or outcome, "
        + "from whole calendar months once released: the period is widened to the months it touches, months not released yet are left out (see notes), and a figure is "
        + "withheld (hours null, withheld true) when fewer than k people you do not see one by one contributed or when it would let a withheld figure or one person's time "
        + "be worked out from the others. scope=billing: billable hours and amounts per client or project, exact, from whole released calendar months, never per person.")]
    [ProducesResponseType<ReportResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<ReportResponse>> Get(
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery(Name = "group_by")] string? groupBy,
        [FromQuery] Guid? client,
        [FromQuery] Guid? project,
        [FromQuery] Guid? outcome,
        [FromQuery] Guid? task,
        [FromQuery] Guid? person,
        [FromQuery] Guid? team,
        [FromQuery] string? scope,
        CancellationToken cancellationToken)
    {
        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("The token handler sets the person.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(from))
        {
            errors["from"] = ["Enter the first day of the period (yyyy-MM-dd)."];
        }

        if (string.IsNullOrEmpty(to))
        {
            errors["to"] = ["Enter the last day of the period (yyyy-MM-dd)."];
        }

        var request = await runner.ReadAsync(looker, new ReportInput(From: from, To: to, GroupBy: groupBy, Client: client, Project: project, Outcome: outcome, Task: task, Person: person, Team: team, Scope: scope), ReportScope.People, cancellationToken);
        foreach (var problem in request.Problems)
        {
            errors.TryAdd(Field(problem.Field), [problem.Message]);
        }

        if (errors.Count > 0 || request.Filter is not { } filter)
        {
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid", errors: errors);
        }

        var report = await runner.RunAsync(
            looker,
            filter,
            request.Scope,
            [],
            new AccessRead(AccessChannel.Api, $"API: report › time by {Report.GroupLabel(filter.GroupBy).ToLowerInvariant()}, {request.Period.Label}"),
            cancellationToken);

        var anyRowWithheld = report.Rows.Any(r => r.IsSuppressed);
        return new ReportResponse(
            new ReportPeriodResponse(ReportPeriod.Iso(report.Period.From), ReportPeriod.Iso(report.Period.To)),
            report.GroupBy.ToString().ToLowerInvariant(),
            [.. report.Rows.Select(r => ToResponse(r, Report.SuppressedText))],
            ToResponse(report.Total, anyRowWithheld && report.Scope == ReportScope.People ? TotalWithheldReason : Report.SuppressedText),
            report.MinimumGroupSize,
            report.Currency,
            report.Scope.ToString().ToLowerInvariant(),
            report.Notes);
    }

    [HttpGet("reports/saved", Name = "listSavedReports")]
    [ShowsNoOneElsesData("The token owner's own saved report definitions: filters, never figures.")]
    [EndpointSummary("Your saved reports")]
    [EndpointDescription("The report definitions you saved on the reports page, by name: their filters as the page's query string, never figures. Nobody else's are listed.")]
    [ProducesResponseType<IReadOnlyList<SavedReportResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<SavedReportResponse>>> Saved(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        return await db.SavedReports.AsNoTracking()
            .Where(r => r.OwnerUserId == userId)
            .OrderBy(r => r.Name)
            .Select(r => new SavedReportResponse(r.Id, r.Name, r.Query))
            .ToListAsync(cancellationToken);
    }

    private static string Field(ReportField field) => field switch
    {
        ReportField.From => "from",
        ReportField.To => "to",
        ReportField.GroupBy => "group_by",
        ReportField.Scope => "scope",
        ReportField.Filters => "filters",
        _ => "preset",
    };

    private static ReportRowResponse ToResponse(ReportLineView line, string reason)
    {
        if (line.IsSuppressed)
        {
            return new ReportRowResponse(line.Key, line.Label, null, true, reason, null, null, true, reason, null);
        }

        var amountShown = line.Amount is not null && !line.AmountWithheld;
        return new ReportRowResponse(
            line.Key,
            line.Label,
            ReportRunner.Hours(line.Time),
            false,
            null,
            ReportRunner.Hours(line.Billable),
            amountShown ? line.Amount : null,
            !amountShown,
            amountShown ? null : Report.AmountWithheldText,
            amountShown ? ReportRunner.Hours(line.Unpriced) : null);
    }
}
