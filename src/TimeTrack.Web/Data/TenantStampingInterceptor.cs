using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Data;

/// <summary>
/// Before any save: stamps new tenant-owned rows with the current tenant and refuses to write a row
/// of another tenant, or any tenant-owned row when no tenant is set. A mismatch is a bug, so it throws.
/// </summary>
public sealed class TenantStampingInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Apply(DbContext? context)
    {
        if (context is not TimeTrackDbContext db)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var tenant = db.CurrentTenantId
                ?? throw new TenantMismatchException($"Cannot save {entry.Metadata.ClrType.Name}: no organization is set.");

            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = tenant;
            }
            else if (entry.Entity.TenantId != tenant)
            {
                throw new TenantMismatchException(
                    $"Cannot save {entry.Metadata.ClrType.Name} of another organization.");
            }

            if (entry.State == EntityState.Modified && entry.Property(e => e.TenantId).IsModified
                && entry.Property(e => e.TenantId).OriginalValue != tenant)
            {
                throw new TenantMismatchException($"Cannot move {entry.Metadata.ClrType.Name} between organizations.");
            }
        }
    }
}

public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
