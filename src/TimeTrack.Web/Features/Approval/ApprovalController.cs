using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Disclosure;
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
    PersonDataDoor door,
    ApprovalReader payroll) : OrgController
{
    private const int ApprovedWeeksShown = 100;

    private static readonly InstantPattern CsvInstant = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss'Z'");

    [HttpGet("team/approvals")]
    [ReadsPersonData]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if ((await door.LookerAsync(cancellationToken))?.Viewer is not { } viewer)
        {
            return NotFound();
        }

        return View(await BuildAsync(viewer, null, new DecisionForm(), cancellationToken));
    }

    [HttpPost("team/approvals/{submissionId:guid}/approve")]
    public async Task<IActionResult> Approve(Guid submissionId, CancellationToken cancellationToken)
    {
        if ((await door.LookerAsync(cancellationToken))?.Viewer is not { } viewer)
        {
            return NotFound();
        }

        var result = await approvals.ApproveAsync(viewer, submissionId, OrgSlug, cancellationToken);
        return await DecidedAsync(viewer, submissionId, result, new DecisionForm(), "Week approved and locked.", cancellationToken);
    }

    [HttpPost("team/approvals/{submissionId:guid}/return")]
    public async Task<IActionResult> Return(Guid submissionId, DecisionForm form, CancellationToken cancellationToken)
    {
        if ((await door.LookerAsync(cancellationToken))?.Viewer is not { } viewer)
        {
            return NotFound();
        }

        var result = await approvals.ReturnAsync(viewer, submissionId, form.Comment, OrgSlug, cancellationToken);
        return await DecidedAsync(viewer, submissionId, result, form, "Week returned with your comment.", cancellationToken);
    }

    [HttpPost("team/approvals/{submissionId:guid}/unlock")]
    public async Task<IActionResult> Unlock(Guid submissionId, DecisionForm form, CancellationToken cancellationToken)
    {
        if ((await door.LookerAsync(cancellationToken))?.Viewer is not { } viewer)
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
    [ReadsPersonData("csv")]
    public async Task<IActionResult> Payroll(PayrollForm form, CancellationToken cancellationToken)
    {
        if ((await door.LookerAsync(cancellationToken))?.Viewer is not { } viewer)
        {
            return NotFound();
        }

        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("A signed-in member is required.");
        var page = new PayrollPageModel(form, await payroll.ShowsIndividualsAsync(looker, cancellationToken));
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

        if (!ModelState.IsValid || from is not { } fromDate || to is not { } toDate)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(page);
        }

        var rows = await payroll.RowsAsync(looker, fromDate, toDate, cancellationToken);
        await door.CommitAsync(cancellationToken);
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
        var date = SupportedDates.Read(text);
        if (date.IsValid)
        {
            return date.Date;
        }

        ModelState.AddModelError(field, date.Reading == DateReading.OutOfRange ? SupportedDates.OutOfRangeMessage : "Enter a date as YYYY-MM-DD.");
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
        var looker = await door.LookerAsync(cancellationToken) ?? throw new InvalidOperationException("A signed-in member is required.");
        return await payroll.PageAsync(looker, failed, form, cancellationToken);
    }
}
