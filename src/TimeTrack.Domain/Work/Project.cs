using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>A project people log time to, optionally for a client. Only its members may log to it.</summary>
public sealed class Project : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid? ClientId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A CSS hex colour such as <c>#2f6f4f</c>.</summary>
    public string Color { get; set; } = "#3b6ea5";

    public bool IsBillableByDefault { get; set; }

    public bool IsArchived { get; set; }

    public List<ProjectMember> Members { get; } = [];
}

/// <summary>A person who may log time to a project. Removing the row ends that, for every path.</summary>
public sealed class ProjectMember : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid ProjectId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>Project managers are an audience of the transparency policy.</summary>
    public bool IsProjectManager { get; set; }
}
