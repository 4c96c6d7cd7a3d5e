using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>
/// A report definition a person saved under a name: the report's filters as a query string. It stores
/// no figures; opening it runs the report again with the policy in force for whoever opens it.
/// </summary>
public sealed class SavedReport : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid OwnerUserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The report form's query string, without the leading '?'.</summary>
    public string Query { get; set; } = "";

    public Instant CreatedAt { get; set; }
}
