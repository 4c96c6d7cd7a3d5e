using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>A client the organization bills; projects may belong to one.</summary>
public sealed class Client : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public bool IsArchived { get; set; }
}
