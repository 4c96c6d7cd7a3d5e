using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Reports;

/// <summary>
/// Time by client, project, outcome, task or person over a period, and its downloads. Any member may
/// open it: what it shows, and what the access log records, is decided by <see cref="ReportRunner"/>.
/// </summary>
public sealed class ReportsController(
    TimeTrackDbContext db,
    PersonDataDoor door,
    ReportRunner runner,
    StreamingReads streamingReads,
    TenantContext tenant) : OrgController
{
    [HttpGet("reports")]
    [ReadsPersonData]
    public async Task<IActionResult> Index([FromQuery] ReportForm form, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var (model, request) = await PrepareAsync(looker, form, cancellationToken);
        if (request.Filter is not { } filter || !request.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(model);
        }

        var report = await runner.RunAsync(looker, filter, request.Scope, FilterLabels(model), new AccessRead(AccessChannel.Page, Resource("Reports", filter, request.Period)), cancellationToken);
        return View(model with { Report = report, From = report.Period.From, To = report.Period.To });
    }

    /// <summary>The report as CSV, XLSX or PDF; <c>detail=true</c> gives a CSV line per entry whose details the viewer may see.</summary>
    [HttpGet("reports/export")]
    [ReadsPersonData("csv", "xlsx", "pdf", "entries")]
    public async Task<IActionResult> Export([FromQuery] ReportForm form, string? format, bool detail, CancellationToken cancellationToken)
    {
        if (await door.LookerAsync(cancellationToken) is not { } looker)
        {
            return NotFound();
        }

        var (model, request) = await PrepareAsync(looker, form, cancellationToken, detail ? ReportScope.People : null);
        if (request.Filter is not { } filter || !request.IsValid || (format ?? "csv") is not ("csv" or "xlsx" or "pdf") || (detail && (format is not (null or "csv") || request.Scope != ReportScope.People)))
        {
            return BadRequest();
        }

        if (detail)
        {
            var (names, zone) = await runner.DetailAsync(looker, filter, cancellationToken);
            await door.CommitAsync(cancellationToken);
            Response.ContentType = "text/csv; charset=utf-8";
            Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileNameStar = $"report-entries-{ReportPeriod.Iso(filter.From)}-{ReportPeriod.Iso(filter.To)}.csv",
            }.ToString();
            await using var streaming = streamingReads.Open(tenant);
            await ReportExports.WriteDetailCsvAsync(Response.Body, ReportRunner.DetailLines(looker, streaming, filter), names, zone, cancellationToken);
            return new EmptyResult();
        }

        var report = await runner.RunAsync(looker, filter, request.Scope, FilterLabels(model), new AccessRead(AccessChannel.Export, Resource("Export: report", filter, request.Period)), cancellationToken);
        return format switch
        {
            "xlsx" => File(ReportExports.Xlsx(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ReportExports.FileName(report, "xlsx")),
            "pdf" => File(ReportExports.Pdf(report), "application/pdf", ReportExports.FileName(report, "pdf")),
            _ => File(await CsvAsync(report, cancellationToken), "text/csv; charset=utf-8", ReportExports.FileName(report, "csv")),
        };
    }

    /// <summary>Reads the form through the runner and loads the form's choices.</summary>
    private async Task<(ReportsPageModel Model, ReportRequest Request)> PrepareAsync(Looker looker, ReportForm form, CancellationToken cancellationToken, ReportScope? defaultScope = null)
    {
        var request = await runner.ReadAsync(looker, form.ToInput(), defaultScope ?? ReportRunner.ScopesFor(looker)[0], cancellationToken);
        var visiblePeople = db.Memberships.AsNoTracking()
            .Where(looker.SubjectsSeen<Membership>(DataCategory.ProjectTotals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId);
        var model = new ReportsPageModel(
            form,
            request.Period.From,
            request.Period.To,
            request.Filter?.GroupBy ?? ReportGrouping.Project,
            await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new ReportOption(c.Id, c.Name)).ToListAsync(cancellationToken),
            await db.Projects.AsNoTracking().OrderBy(p => p.Name).Select(p => new ReportOption(p.Id, p.Name)).ToListAsync(cancellationToken),
            await db.Outcomes.AsNoTracking()
                .Join(db.Projects, o => o.ProjectId, p => p.Id, (o, p) => new { o.Id, o.Name, Project = p.Name })
                .OrderBy(o => o.Project).ThenBy(o => o.Name)
                .Select(o => new ReportOption(o.Id, o.Project + " › " + o.Name))
                .ToListAsync(cancellationToken),
            await db.Tasks.AsNoTracking()
                .Join(db.Projects, t => t.ProjectId, p => p.Id, (t, p) => new { t.Id, t.Name, Project = p.Name })
                .OrderBy(t => t.Project).ThenBy(t => t.Name)
                .Select(t => new ReportOption(t.Id, t.Project + " › " + t.Name))
                .ToListAsync(cancellationToken),
            await db.Users.AsNoTracking()
                .Where(u => visiblePeople.Contains(u.Id))
                .OrderBy(u => u.DisplayName)
                .Select(u => new ReportOption(u.Id, u.DisplayName))
                .ToListAsync(cancellationToken),
            // Archived teams stay choosable here, marked: a report looks back at time the team's people logged.
            await db.Teams.AsNoTracking()
                .OrderBy(t => t.ArchivedAt != null).ThenBy(t => t.Name)
                .Select(t => new ReportOption(t.Id, t.ArchivedAt == null ? t.Name : t.Name + " (archived)"))
                .ToListAsync(cancellationToken),
            null,
            request.Problems.Count > 0 ? request.Problems[0].Message : null)
        {
            Scope = request.Scope,
            Scopes = request.Scopes,
        };
        return (model, request);
    }

    private static List<string> FilterLabels(ReportsPageModel model)
    {
        var labels = new List<string>();
        void Add(string label, Guid? id, IReadOnlyList<ReportOption> options)
        {
            if (id is { } value)
            {
                labels.Add($"{label}: {options.FirstOrDefault(o => o.Id == value)?.Name ?? "—"}");
            }
        }

        Add("Client", model.Form.Client, model.Clients);
        Add("Project", model.Form.Project, model.Projects);
        Add("Outcome", model.Form.Outcome, model.Outcomes);
        Add("Task", model.Form.Task, model.Tasks);
        Add("Person", model.Form.Person, model.People);
        Add("Team", model.Form.Team, model.Teams);
        return labels;
    }

    private static string Resource(string prefix, ReportFilter filter, ReportPeriod period) =>
        $"{prefix} › time by {Report.GroupLabel(filter.GroupBy).ToLowerInvariant()}, {period.Label}";

    private static async Task<byte[]> CsvAsync(Report report, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await ReportExports.WriteCsvAsync(stream, report, cancellationToken);
        return stream.ToArray();
    }
}
