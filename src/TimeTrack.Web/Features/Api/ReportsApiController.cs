using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
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
public sealed class ReportsApiController(
    TimeTrackDbContext db,
    ViewerDirectory viewers,
    PolicyStore policies,
    PersonTrackingProvider tracking,
    AccessRecorder access) : ApiControllerBase
{
    /// <summary>Days in a period, both ends included, as on the reports page.</summary>
    public const int LongestPeriodDays = 366;

    public const string TotalWithheldReason = "Withheld while any row is withheld: the total minus the rows shown would reveal it.";

    [ReadsPersonData]
    [HttpGet("reports", Name = "getReport")]
    [EndpointSummary("Time by client, project, outcome, task or person")]
    [EndpointDescription("Finished time whose day (in each person's own calendar) lies in [from, to], both included, at most 366 days, grouped by group_by (project when omitted) "
        + "and narrowed by the optional filters. A row counts people you may see only in aggregate only when at least k of them contributed; otherwise its hours are null "
        + "and withheld is true. Grouping by person, or filtering by one, counts only people the policy shows you one by one; each of them sees this read in their access log. "
        + "Amounts (billable hours at the rates in force, in currency) are given only where the policy shows you the rates of everyone a row counts.")]
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
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var first = ReadDate(from, "from", "Enter the first day of the period", errors);
        var last = ReadDate(to, "to", "Enter the last day of the period", errors);
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                errors["to"] = ["The period must end on or after the day it starts."];
            }
            else if (Period.Between(f, l, PeriodUnits.Days).Days >= LongestPeriodDays)
            {
                errors["to"] = [$"Choose a period of at most {LongestPeriodDays} days."];
            }
        }

        var grouping = ReportGrouping.Project;
        if (!string.IsNullOrEmpty(groupBy))
        {
            // Names only: Enum.TryParse would also take numbers and comma-separated lists.
            ReportGrouping[] named = [.. Enum.GetValues<ReportGrouping>().Where(g => string.Equals(g.ToString(), groupBy, StringComparison.OrdinalIgnoreCase))];
            if (named is [var only])
            {
                grouping = only;
            }
            else
            {
                errors["group_by"] = ["Use " + string.Join(", ", Enum.GetNames<ReportGrouping>().Select(n => n.ToLowerInvariant())) + "."];
            }
        }

        if (errors.Count > 0 || first is not { } start || last is not { } end)
        {
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid", errors: errors);
        }

        var viewer = await viewers.CurrentAsync(cancellationToken) ?? throw new InvalidOperationException("The token handler sets the person.");
        var policy = await policies.ActiveAsync(cancellationToken);
        var filter = new ReportFilter(start, end, grouping, client, project, outcome, task, person, team);
        var (rows, total) = await new ReportQuery(db).RunAsync(policy, viewer, filter, cancellationToken);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == viewer.TenantId).Select(o => new { o.Name, o.Currency }).SingleAsync(cancellationToken);
        var zone = (await tracking.ForAsync(viewer.UserId, cancellationToken)).Zone;
        var report = Report.Build(organization.Name, new ReportPeriod(start, end, zone), filter, [], policy, rows, total, currency: organization.Currency);

        var resource = $"API: report › time by {Report.GroupLabel(report.GroupBy).ToLowerInvariant()}, {report.Period.Label}";
        foreach (var (individual, categories) in report.ShownIndividually())
        {
            access.Record(individual, categories, AccessChannel.Api, resource);
        }

        var anyRowWithheld = report.Rows.Any(r => r.IsSuppressed);
        return new ReportResponse(
            new ReportPeriodResponse(ReportPeriod.Iso(report.Period.From), ReportPeriod.Iso(report.Period.To)),
            report.GroupBy.ToString().ToLowerInvariant(),
            [.. report.Rows.Select(r => ToResponse(r, Report.SuppressedText))],
            ToResponse(report.Total, anyRowWithheld ? TotalWithheldReason : Report.SuppressedText),
            report.MinimumGroupSize,
            report.Currency);
    }

    [HttpGet("reports/saved", Name = "listSavedReports")]
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

    private static LocalDate? ReadDate(string? text, string field, string missing, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors[field] = [missing + " (yyyy-MM-dd)."];
            return null;
        }

        if (LocalDatePattern.Iso.Parse(text) is not { Success: true } parsed)
        {
            errors[field] = ["Use an ISO-8601 date such as 2026-11-16."];
            return null;
        }

        return parsed.Value;
    }

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
            Hours(line.Time),
            false,
            null,
            Hours(line.Billable),
            amountShown ? line.Amount : null,
            !amountShown,
            amountShown ? null : Report.AmountWithheldText,
            amountShown ? Hours(line.Unpriced) : null);
    }

    /// <summary>Hours as the page shows them (two decimals), so the API and the page never differ by a rounding.</summary>
    private static decimal? Hours(Duration? time) =>
        time is { } value ? decimal.Parse(Report.Hours(value), NumberStyles.Number, CultureInfo.InvariantCulture) : null;
}
