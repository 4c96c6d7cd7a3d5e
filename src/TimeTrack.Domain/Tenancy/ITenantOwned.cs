namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// Marks an entity that belongs to exactly one organization. The web layer filters, stamps and
/// verifies <see cref="TenantId"/>, and PostgreSQL row-level security enforces it a second time.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
