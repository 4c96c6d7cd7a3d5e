using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tracking;

/// <summary>How the tracking services (entries, timesheet, approval) run a command.</summary>
public static class TrackingTransactions
{
    /// <summary>
    /// Runs a command in one transaction under the retry strategy; a result that is not a success
    /// rolls back whatever the command wrote. Inside a caller's transaction (the timesheet saves many
    /// cells as one change) it joins that transaction and leaves commit or rollback to the caller.
    /// </summary>
    public static Task<TrackingResult<T>> InTransactionAsync<T>(this TimeTrackDbContext db, Func<CancellationToken, Task<TrackingResult<T>>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(command);
        if (db.Database.CurrentTransaction is not null)
        {
            return command(cancellationToken);
        }

        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await command(ct);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }

            return result;
        }, cancellationToken);
    }
}
