using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>A project people log time to. The full work structure (clients, tasks, outcomes) comes later.</summary>
public sealed class Project : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A CSS hex colour such as <c>#2f6f4f</c>.</summary>
    public string Color { get; set; } = "#3b6ea5";

    public bool IsBillableByDefault { get; set; }

    public bool IsArchived { get; set; }
}
