using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// The fan-out every recurring job starts with: one small job per organization, its tenant id the
/// only argument, so each runs in its own tenant scope under row-level security.
/// </summary>
public static class TenantFanOut
{
    /// <summary>Enqueues <paramref name="perTenant"/> once for every organization, with that organization's id.</summary>
    public static async Task EnqueueForEachOrganizationAsync<TJob>(
        TimeTrackDbContext db,
        IBackgroundJobClient jobs,
        Expression<Func<TJob, Guid, Task>> perTenant,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(perTenant);
        var tenantIds = await db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var tenantId in tenantIds)
        {
            // Hangfire stores the call with its arguments evaluated: the tenant id becomes a constant.
            var body = new Substitute(perTenant.Parameters[1], Expression.Constant(tenantId)).Visit(perTenant.Body);
            jobs.Enqueue(Expression.Lambda<Func<TJob, Task>>(body, perTenant.Parameters[0]));
        }
    }

    private sealed class Substitute(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : base.VisitParameter(node);
    }
}
