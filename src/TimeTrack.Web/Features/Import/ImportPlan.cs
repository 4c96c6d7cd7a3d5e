using System.Text.Json;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// The names an export uses and what each becomes here, kept on the batch as JSON between the steps.
/// It grows with the distinct names of the file (people, projects, tasks, tags), never with its rows.
/// </summary>
public sealed class ImportPlan
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>People by email (lowercase), or by name where the export has no email (Harvest).</summary>
    public List<PersonName> People { get; set; } = [];

    public List<ProjectName> Projects { get; set; } = [];

    /// <summary>Tasks (or activities) by project name and task name.</summary>
    public List<TaskName> Tasks { get; set; } = [];

    public List<TagName> Tags { get; set; } = [];

    /// <summary>Clients the import creates, for the projects it creates.</summary>
    public List<NewClient> NewClients { get; set; } = [];

    public int Rows { get; set; }

    public int UnreadableRows { get; set; }

    public static ImportPlan Parse(string json) => JsonSerializer.Deserialize<ImportPlan>(json, Json) ?? new ImportPlan();

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed class PersonName
{
    public string Key { get; set; } = "";

    public string? DisplayName { get; set; }

    public int Rows { get; set; }

    /// <summary>The member the rows are recorded for; null leaves the rows rejected.</summary>
    public Guid? UserId { get; set; }
}

public sealed class ProjectName
{
    public string Name { get; set; } = "";

    public string? Client { get; set; }

    public int Rows { get; set; }

    /// <summary>The existing project the rows go to, if any.</summary>
    public Guid? ExistingId { get; set; }

    /// <summary>Set when the import creates the project (with this id, when confirmed).</summary>
    public Guid? NewId { get; set; }

    public Guid? NewProjectClientId { get; set; }

    /// <summary>Why rows of this project cannot be imported, when neither an existing project nor a new one is possible.</summary>
    public string? Refusal { get; set; }

    public Guid? TargetId => ExistingId ?? NewId;
}

public sealed class TaskName
{
    public string Project { get; set; } = "";

    public string Name { get; set; } = "";

    public Guid? ExistingId { get; set; }

    public Guid? NewId { get; set; }

    /// <summary>The project the task belongs to here (the project's target).</summary>
    public Guid? ProjectId { get; set; }

    public string? Refusal { get; set; }

    public Guid? TargetId => ExistingId ?? NewId;
}

public sealed class TagName
{
    public string Name { get; set; } = "";

    public Guid? ExistingId { get; set; }

    public Guid? NewId { get; set; }

    public string? Refusal { get; set; }

    public Guid? TargetId => ExistingId ?? NewId;
}

public sealed class NewClient
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
