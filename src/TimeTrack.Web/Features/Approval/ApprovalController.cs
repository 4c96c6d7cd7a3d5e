using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Approval;

/// <summary>
/// Managers approve or return the weeks their people submit; admins unlock approved weeks with a
/// reason; the payroll export lists approved hours. Who may approve is <see cref="ApprovalService.MayApprove"/>;
/// who appears in the payroll export is the policy's IndividualTotals for Totals. Every figure shown of
/// someone else is written to the access log.
/// </summary>
public sealed class ApprovalController(
    ApprovalService approvals,
    PersonWeekReader reader,
    ViewerDirectory viewers,
    PolicyStore policies,
    AccessRecorder access,
    TimeTrackDbContext db) : OrgController
{
    private const int ApprovedWeeksShown = 100;

    private static readonly InstantPattern CsvInstant = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss'Z'");

    [HttpGet("team/approvals")]
    [ReadsPersonData]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        return View(await BuildAsync(viewer, null, new DecisionForm(), cancellationToken));
    }

    [HttpPost("team/approvals/{submissionId:guid}/approve")]
    public async Task<IActionResult> Approve(Guid submissionId, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var result = await approvals.ApproveAsync(viewer, submissionId, OrgSlug, cancellationToken);
        return await DecidedAsync(viewer, submissionId, result, new DecisionForm(), "Week approved and locked.", cancellationToken);
    }

    [HttpPost("team/approvals/{submissionId:guid}/return")]
    public async Task<IActionResult> Return(Guid submissionId, DecisionForm form, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var result = await approvals.ReturnAsync(viewer, submissionId, form.Comment, OrgSlug, cancellationToken);
        return await DecidedAsync(viewer, submissionId, result, form, "Week returned with your comment.", cancellationToken);
    }

    [HttpPost("team/approvals/{submissionId:guid}/unlock")]
    public async Task<IActionResult> Unlock(Guid submissionId, DecisionForm form, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var result = await approvals.UnlockAsync(viewer, submissionId, form.Reason, OrgSlug, cancellationToken);
        return await DecidedAsync(viewer, submissionId, result, form, "Week unlocked; the person has been told why.", cancellationToken);
    }

    /// <summary>
    /// Without a period: the export's form. With one: a CSV of approved hours per person and week for
    /// the weeks starting in the period, written row by row as the database returns them.
    /// </summary>
    [HttpGet("team/payroll")]
    [ReadsPersonData]
    public async Task<IActionResult> Payroll(PayrollForm form, CancellationToken cancellationToken)
    {
        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return NotFound();
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var visible = await db.Memberships.AsNoTracking()
            .Where(Visibility.VisibleSubjects<Membership>(policy, viewer, DataCategory.Totals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        var page = new PayrollPageModel(form, visible.Any(id => id != viewer.UserId));
        if (form.From is null && form.To is null)
        {
            return View(page);
        }

        var from = ParseDate(form.From, nameof(form.From));
        var to = ParseDate(form.To, nameof(form.To));
        if (from is { } start && to is { } end && end < start)
        {
            ModelState.AddModelError(nameof(form.To), "The end of the period must not be before its start.");
        }

        if (!ModelState.IsValid || from is null || to is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(page);
        }

        var tenantId = viewer.TenantId;
        var ids = visible.ToArray();
        var fromDate = from.Value;
        var toDate = to.Value;
        var included = await db.WeekSubmissions.AsNoTracking()
            .Where(s => s.Status == WeekSubmissionStatus.Approved && ids.Contains(s.UserId) && s.WeekStart >= fromDate && s.WeekStart <= toDate)
            .Select(s => s.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var period = $"{LocalDatePattern.Iso.Format(fromDate)} to {LocalDatePattern.Iso.Format(toDate)}";
        access.RecordExport(
            "Export: payroll, approved weeks starting " + period,
            [.. included.Select(id => (id, (IReadOnlyCollection<DataCategory>)[DataCategory.Totals]))]);

        var rows = db.Database.SqlQuery<PayrollRow>(
            $"""
            SELECT u.display_name AS person, s.user_id AS user_id, u.email AS email, s.week_start AS week_start, s.approved_at AS approved_at,
                   COALESCE((
                       SELECT SUM(EXTRACT(EPOCH FROM LEAST(e.end_at, l.end_at) - GREATEST(e.start_at, l.start_at)))
                       FROM time_entries e
                       WHERE e.tenant_id = s.tenant_id AND e.user_id = s.user_id AND e.end_at IS NOT NULL
                         AND e.start_at < l.end_at AND e.end_at > l.start_at), 0)::double precision AS seconds
            FROM week_submissions s
            JOIN locked_periods l ON l.tenant_id = s.tenant_id AND l.user_id = s.user_id AND l.week_start = s.week_start
            JOIN users u ON u.id = s.user_id
            WHERE s.tenant_id = {tenantId} AND s.status = 'Approved' AND s.user_id = ANY({ids})
              AND s.week_start >= {fromDate} AND s.week_start <= {toDate}
            ORDER BY u.display_name, s.user_id, s.week_start
            """).AsAsyncEnumerable();

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition =
            $"attachment; filename=\"payroll-{LocalDatePattern.Iso.Format(fromDate)}-to-{LocalDatePattern.Iso.Format(toDate)}.csv\"";
        await using (var csv = CsvWriter.Create(Response.Body, SafeCsv.Options, leaveOpen: true))
        {
            await csv.WriteRecordAsync(["Person", "Person id", "Email", "Week starting", "Approved at", "Approved hours"], cancellationToken);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(
                    [
                        row.Person,
                        row.UserId.ToString(),
                        row.Email ?? "",
                        LocalDatePattern.Iso.Format(row.WeekStart),
                        row.ApprovedAt is { } approvedAt ? CsvInstant.Format(approvedAt) : "",
                        ApprovalText.Hours(Duration.FromSeconds(row.Seconds)),
                    ],
                    cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }

        return new EmptyResult();
    }

    private LocalDate? ParseDate(string? text, string field)
    {
        if (text is not null && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        ModelState.AddModelError(field, "Enter a date as YYYY-MM-DD.");
        return null;
    }

    private async Task<IActionResult> DecidedAsync(Viewer viewer, Guid submissionId, TrackingResult<WeekSubmission> result, DecisionForm form, string notice, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            TempData["Notice"] = notice;
            return Redirect($"/{OrgSlug}/team/approvals");
        }

        if (result.Failure == TrackingFailure.NotFound)
        {
            return NotFound();
        }

        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError(problem.Field, problem.Message);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await BuildAsync(viewer, submissionId, form, cancellationToken));
    }

    private async Task<ApprovalsPageModel> BuildAsync(Viewer viewer, Guid? failed, DecisionForm form, CancellationToken cancellationToken)
    {
        var policy = await policies.ActiveAsync(cancellationToken);
        var approvable = viewer.ManagedUserIds.Where(id => ApprovalService.MayApprove(policy, viewer, id)).ToList();
        var submitted = await db.WeekSubmissions.AsNoTracking()
            .Where(s => s.Status == WeekSubmissionStatus.Submitted && approvable.Contains(s.UserId))
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, s.UserId, u.DisplayName, s.WeekStart, s.SubmittedAt })
            .OrderBy(s => s.WeekStart).ThenBy(s => s.DisplayName)
            .ToListAsync(cancellationToken);

        var pending = new List<PendingWeek>();
        foreach (var week in submitted.GroupBy(s => s.WeekStart))
        {
            var totals = await reader.WeekTotalsAsync([.. week.Select(s => s.UserId)], week.Key, new HashSet<Guid>(), cancellationToken);
            foreach (var s in week)
            {
                pending.Add(new PendingWeek(s.Id, s.UserId, s.DisplayName, s.WeekStart, ApprovalText.When(s.SubmittedAt), totals.GetValueOrDefault(s.UserId)));
                access.Record(s.UserId, [DataCategory.Totals], AccessChannel.Page, "Approvals › week of " + PersonWeek.WeekLabel(s.WeekStart));
            }
        }

        IReadOnlyList<ApprovedWeek>? approved = null;
        if (ApprovalService.MayUnlock(viewer))
        {
            var rows = await db.WeekSubmissions.AsNoTracking()
                .Where(s => s.Status == WeekSubmissionStatus.Approved && s.UserId != viewer.UserId)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, u.DisplayName, s.WeekStart, s.ApprovedAt, s.DecidedAt })
                .OrderByDescending(s => s.WeekStart).ThenBy(s => s.DisplayName)
                .Take(ApprovedWeeksShown)
                .ToListAsync(cancellationToken);
            approved = [.. rows.Select(r => new ApprovedWeek(r.Id, r.DisplayName, r.WeekStart, ApprovalText.When(r.ApprovedAt ?? r.DecidedAt ?? default)))];
        }

        return new ApprovalsPageModel(pending, approved, approvable.Count > 0, failed, form);
    }

    /// <summary>One line of the payroll export as the database returns it.</summary>
    private sealed record PayrollRow(string Person, Guid UserId, string? Email, LocalDate WeekStart, Instant? ApprovedAt, double Seconds);
}
