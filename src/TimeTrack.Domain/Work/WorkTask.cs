using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>A task within a project (named to avoid <see cref="System.Threading.Tasks.Task"/>).</summary>
public sealed class WorkTask : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public string Name { get; set; } = "";

    public bool IsArchived { get; set; }
}
