using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Approval;

/// <summary>One line of the payroll export as the database returns it.</summary>
public sealed record PayrollRow(string Person, Guid UserId, string? Email, LocalDate WeekStart, Instant? ApprovedAt, double Seconds);

/// <summary>
/// What the approval pages show of other people: the weeks waiting for the viewer's decision with their
/// totals (each handed out through <see cref="Looker.Disclose{T}"/>), and the payroll export of approved
/// hours of everyone whose totals the policy shows the viewer one by one, recorded as an export.
/// </summary>
public sealed class ApprovalReader(TimeTrackDbContext db, PersonWeekReader weeks)
{
    private const int ApprovedWeeksShown = 100;

    public async Task<ApprovalsPageModel> PageAsync(Looker looker, Guid? failed, DecisionForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var viewer = looker.Viewer;
        var approvable = viewer.ManagedUserIds.Where(id => ApprovalService.MayApprove(looker.Policy, viewer, id)).ToList();
        var submitted = await db.WeekSubmissions.AsNoTracking()
            .Where(s => s.Status == WeekSubmissionStatus.Submitted && approvable.Contains(s.UserId))
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, s.UserId, u.DisplayName, s.WeekStart, s.SubmittedAt })
            .OrderBy(s => s.WeekStart).ThenBy(s => s.DisplayName)
            .ToListAsync(cancellationToken);

        var pending = new List<PendingWeek>();
        foreach (var week in submitted.GroupBy(s => s.WeekStart))
        {
            var totals = await weeks.WeekTotalsAsync([.. week.Select(s => s.UserId)], week.Key, new HashSet<Guid>(), cancellationToken);
            foreach (var s in week)
            {
                var read = new AccessRead(AccessChannel.Page, "Approvals › week of " + PersonWeek.WeekLabel(s.WeekStart), new DateInterval(s.WeekStart, s.WeekStart.PlusDays(6)));
                pending.Add(looker.Disclose(
                    s.UserId,
                    new PendingWeek(s.Id, s.UserId, s.DisplayName, s.WeekStart, ApprovalText.When(s.SubmittedAt), totals.GetValueOrDefault(s.UserId)),
                    read));
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

    /// <summary>Whether the payroll export would include anyone but the viewer.</summary>
    public async Task<bool> ShowsIndividualsAsync(Looker looker, CancellationToken cancellationToken = default) =>
        await Payable(looker).AnyAsync(id => id != looker.UserId, cancellationToken);

    /// <summary>
    /// Approved hours per person and week for the weeks starting in [<paramref name="from"/>, <paramref name="to"/>]:
    /// the time that counts on the week's seven days (the rollups, split at the person's local midnights as
    /// every other figure is, ADR 014; an approved week is locked, so it holds no running timer), streamed as
    /// the database returns them; the export is recorded, with everyone it includes, before the first row.
    /// </summary>
    public async Task<IAsyncEnumerable<PayrollRow>> RowsAsync(Looker looker, LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var ids = await Payable(looker).ToArrayAsync(cancellationToken);
        var included = await db.WeekSubmissions.AsNoTracking()
            .Where(s => s.Status == WeekSubmissionStatus.Approved && ids.Contains(s.UserId) && s.WeekStart >= from && s.WeekStart <= to)
            .Select(s => s.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var period = $"{LocalDatePattern.Iso.Format(from)} to {LocalDatePattern.Iso.Format(to)}";
        looker.Exported(
            new AccessRead(AccessChannel.Export, "Export: payroll, approved weeks starting " + period, new DateInterval(from, to.PlusDays(6))),
            [.. included.Select(id => (id, (IReadOnlyCollection<DataCategory>)[DataCategory.Totals]))]);

        var tenantId = looker.TenantId;
        return db.Database.SqlQuery<PayrollRow>(
            $"""
            SELECT u.display_name AS person, s.user_id AS user_id, u.email AS email, s.week_start AS week_start, s.approved_at AS approved_at,
                   COALESCE((
                       SELECT SUM(r.duration_ms)
                       FROM time_rollups r
                       WHERE r.tenant_id = s.tenant_id AND r.user_id = s.user_id
                         AND r.day >= s.week_start AND r.day <= s.week_start + 6), 0)::double precision / 1000 AS seconds
            FROM week_submissions s
            JOIN users u ON u.id = s.user_id
            WHERE s.tenant_id = {tenantId} AND s.status = 'Approved' AND s.user_id = ANY({ids})
              AND s.week_start >= {from} AND s.week_start <= {to}
            ORDER BY u.display_name, s.user_id, s.week_start
            """).AsAsyncEnumerable();
    }

    /// <summary>Members whose totals the viewer may see one by one, found in SQL with the policy's predicate.</summary>
    private IQueryable<Guid> Payable(Looker looker) =>
        db.Memberships.AsNoTracking()
            .Where(looker.SubjectsSeen<Membership>(DataCategory.Totals, Granularity.IndividualTotals, m => m.UserId))
            .Select(m => m.UserId);
}
