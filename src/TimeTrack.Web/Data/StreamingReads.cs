using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Data;

/// <summary>
/// Contexts for responses that stream query results (the detail export, payroll). With a retrying
/// execution strategy EF Core reads a query's whole result into memory before handing out the first
/// row, so that a retry can start over; that defeats streaming a million-row export, and a download
/// that has begun cannot start over anyway. These contexts are configured like the request's own
/// (same tenant, same interceptors, same model) but without retries, so their queries stream.
/// </summary>
public sealed class StreamingReads
{
    private readonly DbContextOptions<TimeTrackDbContext> _options;

    public StreamingReads(IServiceProvider services, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<TimeTrackDbContext>().UseApplicationServiceProvider(services);
        PersistenceExtensions.ConfigureDbContext(builder, connectionString, services, retryOnFailure: false);
        _options = builder.Options;
    }

    /// <summary>A context acting for <paramref name="tenant"/>; the caller disposes it.</summary>
    public TimeTrackDbContext Open(TenantContext tenant) => new(_options, tenant);
}
