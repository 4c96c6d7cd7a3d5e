using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Reports;

/// <summary>
/// Time by client, project, outcome, task or person over a period, and its downloads. Any member may
/// open it: what it shows depends only on <see cref="Visibility"/>. Rows that tell people apart come
/// only from entries the viewer may see one by one, and are written to those people's access logs.
/// </summary>
[ReadsPersonData]
public sealed class ReportsController(
    TimeTrackDbContext db,
    ViewerDirectory viewers,
    PolicyStore policies,
    PersonTrackingProvider tracking,
    AccessRecorder access,
    StreamingReads streamingReads,
    TenantContext tenant,
    IClock clock) : OrgController
{
    private const long LongestPeriodDays = 366;

    private readonly ReportQuery _query = new(db);

    [HttpGet("reports")]
    public async Task<IActionResult> Index([FromQuery] ReportForm form, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var (model, filter) = await PrepareAsync(form, policy, viewer, cancellationToken);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(model);
        }

        var report = await RunAsync(policy, viewer, model, filter, cancellationToken);
        foreach (var (person, categories) in report.ShownIndividually())
        {
            access.Record(person, categories, AccessChannel.Page, Resource("Reports", report));
        }

        return View(model with { Report = report });
    }

    /// <summary>The report as CSV, XLSX or PDF; <c>detail=true</c> gives a CSV line per entry instead.</summary>
    [HttpGet("reports/export")]
    public async Task<IActionResult> Export([FromQuery] ReportForm form, string? format, bool detail, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var (model, filter) = await PrepareAsync(form, policy, viewer, cancellationToken);
        if (filter is null || (format ?? "csv") is not ("csv" or "xlsx" or "pdf") || (detail && format is not (null or "csv")))
        {
            return BadRequest();
        }

        if (detail)
        {
            return await DetailAsync(policy, viewer, model, filter, cancellationToken);
        }

        var report = await RunAsync(policy, viewer, model, filter, cancellationToken);
        access.RecordExport(
            Resource("Export: report", report),
            report.ShownIndividually());
        return format switch
        {
            "xlsx" => File(await ReportExports.XlsxAsync(report, cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ReportExports.FileName(report, "xlsx")),
            "pdf" => File(ReportExports.Pdf(report), "application/pdf", ReportExports.FileName(report, "pdf")),
            _ => File(await CsvAsync(report, cancellationToken), "text/csv; charset=utf-8", ReportExports.FileName(report, "csv")),
        };
    }

    private async Task<IActionResult> DetailAsync(TransparencyPolicy policy, Viewer viewer, ReportsPageModel model, ReportFilter filter, CancellationToken cancellationToken)
    {
        var people = await _query.PeopleInAsync(policy, viewer, filter with { GroupBy = ReportGrouping.Person }, cancellationToken);
        var period = new ReportPeriod(model.From, model.To, (await tracking.ForAsync(viewer.UserId, cancellationToken)).Zone);
        var withDescriptions = filter.PersonId is not { } person || person == viewer.UserId
            || Visibility.Allows(policy, viewer, new Subject(viewer.TenantId, person), DataCategory.EntryDetails, Granularity.IndividualDetail);
        access.RecordExport(
            $"Export: report entries {period.Label}",
            [.. people.Select(p => (p.UserId, (IReadOnlyCollection<DataCategory>)(p.Details && withDescriptions ? [DataCategory.EntryDetails, DataCategory.ProjectTotals] : [DataCategory.ProjectTotals])))]);

        var ids = people.Select(p => p.UserId).ToList();
        var names = new ReportNames(
            await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken),
            await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
            await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken),
            await db.Outcomes.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken),
            await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken));

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = $"report-entries-{ReportPeriod.Iso(model.From)}-{ReportPeriod.Iso(model.To)}.csv",
        }.ToString();
        await using var streaming = streamingReads.Open(tenant);
        await ReportExports.WriteDetailCsvAsync(Response.Body, new ReportQuery(streaming).LinesAsync(policy, viewer, filter), names, period.Zone, withDescriptions, cancellationToken);
        return new EmptyResult();
    }

    private async Task<Report> RunAsync(TransparencyPolicy policy, Viewer viewer, ReportsPageModel model, ReportFilter filter, CancellationToken cancellationToken)
    {
        var (rows, total) = await _query.RunAsync(policy, viewer, filter, cancellationToken);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == viewer.TenantId).Select(o => new { o.Name, o.Currency }).SingleAsync(cancellationToken);
        var zone = (await tracking.ForAsync(viewer.UserId, cancellationToken)).Zone;
        var client = filter.ClientId is { } clientId ? model.Clients.FirstOrDefault(c => c.Id == clientId)?.Name : null;
        return Report.Build(organization.Name, new ReportPeriod(model.From, model.To, zone), filter, FilterLabels(model), policy, rows, total, client, organization.Currency);
    }

    /// <summary>Reads the form: the period in the viewer's zone (a preset, or from/to), the grouping and the filters.</summary>
    private async Task<(ReportsPageModel Model, ReportFilter? Filter)> PrepareAsync(ReportForm form, TransparencyPolicy policy, Viewer viewer, CancellationToken cancellationToken)
    {
        var person = await tracking.ForAsync(viewer.UserId, cancellationToken);
        var today = clock.GetCurrentInstant().InZone(person.Zone).Date;
        var week = person.WeekOf(today);
        var month = new LocalDate(today.Year, today.Month, 1);
        (LocalDate From, LocalDate To) preset = form.Preset switch
        {
            "last-week" => (week.Start.PlusDays(-7), week.Start.PlusDays(-1)),
            "this-month" => (month, month.PlusMonths(1).PlusDays(-1)),
            "last-month" => (month.PlusMonths(-1), month.PlusDays(-1)),
            _ => (week.Start, week.End.PlusDays(-1)),
        };

        string? error = null;
        var from = preset.From;
        var to = preset.To;
        if (form.Preset is null && (form.From is not null || form.To is not null))
        {
            if (TimeFormat.ParseDate(form.From) is { } f && TimeFormat.ParseDate(form.To) is { } t)
            {
                (from, to) = (f, t);
                if (to < from)
                {
                    error = "The period must end on or after the day it starts.";
                }
                else if (Period.Between(from, to, PeriodUnits.Days).Days >= LongestPeriodDays)
                {
                    error = "Choose a period of at most a year.";
                }
            }
            else
            {
                error = "Enter both dates as yyyy-mm-dd.";
            }
        }

        var grouping = Enum.TryParse<ReportGrouping>(form.GroupBy, ignoreCase: true, out var g) && Enum.IsDefined(g) ? g : ReportGrouping.Project;
        var visiblePeople = db.Memberships.AsNoTracking()
            .Where(Visibility.VisibleSubjects<Membership>(policy, viewer, DataCategory.ProjectTotals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId);
        var model = new ReportsPageModel(
            form,
            from,
            to,
            grouping,
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
            await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new ReportOption(t.Id, t.Name)).ToListAsync(cancellationToken),
            null,
            error);
        if (error is not null)
        {
            return (model, null);
        }

        var period = new ReportPeriod(from, to, person.Zone);
        return (model, new ReportFilter(period.From, period.To, grouping, form.Client, form.Project, form.Outcome, form.Task, form.Person, form.Team));
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

    private static string Resource(string prefix, Report report) =>
        $"{prefix} › time by {Report.GroupLabel(report.GroupBy).ToLowerInvariant()}, {report.Period.Label}";

    private static async Task<byte[]> CsvAsync(Report report, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await ReportExports.WriteCsvAsync(stream, report, cancellationToken);
        return stream.ToArray();
    }
}
