using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

public sealed class Tag : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
