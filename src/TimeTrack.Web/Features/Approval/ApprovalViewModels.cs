using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Approval;

/// <summary>A submitted week waiting for the viewer's decision, with its per-day totals.</summary>
public sealed record PendingWeek(Guid SubmissionId, Guid UserId, string Person, LocalDate WeekStart, string SubmittedAt, [property: PersonData(DataCategory.Totals)] WeekTotals? Totals);

/// <summary>An approved (locked) week an admin may unlock; no figures, only that it is approved.</summary>
public sealed record ApprovedWeek(Guid SubmissionId, string Person, LocalDate WeekStart, string ApprovedAt);

/// <summary>The return and unlock forms; one field each, kept on a 422.</summary>
public sealed class DecisionForm
{
    public string? Comment { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The approvals page. <see cref="FailedSubmissionId"/> is the form whose typed text and errors are shown again.</summary>
public sealed record ApprovalsPageModel(
    IReadOnlyList<PendingWeek> Pending,
    IReadOnlyList<ApprovedWeek>? Approved,
    bool ManagesAnyone,
    Guid? FailedSubmissionId,
    DecisionForm Form)
{
    public static string Day(LocalDate date) => Time.TimeFormat.IsEnglish ? date.ToString("ddd d MMM", CultureInfo.InvariantCulture) : Time.TimeFormat.ShortDay(date);
}

/// <summary>The payroll export's form: a period of week starts, typed values kept on a 422.</summary>
public sealed class PayrollForm
{
    public string? From { get; set; }

    public string? To { get; set; }
}

public sealed record PayrollPageModel(PayrollForm Form, bool ShowsIndividuals);

/// <summary>How a week's approval state reads to the person on their timesheet.</summary>
public static class ApprovalText
{
    private static readonly InstantPattern Moment = InstantPattern.CreateWithInvariantCulture("d MMM uuuu HH:mm 'UTC'");

    public static string When(Instant instant) => Moment.Format(instant);

    public static string When(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("d MMM uuuu HH:mm", CultureInfo.InvariantCulture);

    public static string Status(WeekApproval? approval, DateTimeZone zone)
    {
        if (approval is null)
        {
            return "Draft — not submitted for approval.";
        }

        var submission = approval.Submission;
        var last = approval.History.Count > 0 ? approval.History[^1] : null;
        return submission.Status switch
        {
            WeekSubmissionStatus.Submitted => $"Submitted on {When(submission.SubmittedAt, zone)}; waiting for approval.",
            WeekSubmissionStatus.Approved => $"Approved by {last?.Actor} on {When(submission.DecidedAt ?? submission.SubmittedAt, zone)} (locked).",
            WeekSubmissionStatus.Returned => $"Returned by {last?.Actor} on {When(submission.DecidedAt ?? submission.SubmittedAt, zone)} with the comment “{submission.Comment}”.",
            _ => $"Unlocked by {last?.Actor} on {When(submission.DecidedAt ?? submission.SubmittedAt, zone)} because “{submission.Comment}”.",
        };
    }

    public static string Step(WeekSubmissionStep step, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(step);
        var when = When(step.OccurredAt, zone);
        return step.Kind switch
        {
            WeekSubmissionEventKind.Submitted => $"{when}: submitted by {step.Actor}",
            WeekSubmissionEventKind.Approved => $"{when}: approved by {step.Actor}",
            WeekSubmissionEventKind.Returned => $"{when}: returned by {step.Actor} with the comment “{step.Text}”",
            _ => $"{when}: unlocked by {step.Actor} because “{step.Text}”",
        };
    }

    public static bool MaySubmit(WeekApproval? approval) =>
        approval is null or { Submission.Status: WeekSubmissionStatus.Returned or WeekSubmissionStatus.Unlocked };

    public static string Hours(Duration duration) =>
        Math.Round(duration.TotalHours, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
