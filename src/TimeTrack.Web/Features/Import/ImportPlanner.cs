using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Imports;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// Gathers the names an export uses (one pass, memory in proportion to the distinct names) and decides
/// what each becomes: an existing member, project, task or tag (matched case-insensitively by default),
/// or — for an admin importing the organization's time — a new one, created when the import is confirmed.
/// </summary>
public sealed class ImportPlanner(TimeTrackDbContext db)
{
    /// <summary>The choice that creates a new project.</summary>
    public const string CreateNew = "new";

    public static ImportPlan Collect(TrackerExport export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        var plan = new ImportPlan();
        var people = new Dictionary<string, PersonName>(StringComparer.OrdinalIgnoreCase);
        var projects = new Dictionary<string, ProjectName>(StringComparer.OrdinalIgnoreCase);
        var tasks = new Dictionary<(string, string), TaskName>(CaseInsensitivePair.Instance);
        var tags = new Dictionary<string, TagName>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in export.ReadRows())
        {
            if (plan.Rows % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            plan.Rows++;
            if (row is not ImportedEntry entry)
            {
                plan.UnreadableRows++;
                continue;
            }

            if (PersonKey(entry) is { } key)
            {
                if (!people.TryGetValue(key, out var person))
                {
                    people[key] = person = new PersonName { Key = key, DisplayName = entry.UserName };
                }

                person.Rows++;
            }

            if (entry.Project is { } projectName)
            {
                if (!projects.TryGetValue(projectName, out var project))
                {
                    projects[projectName] = project = new ProjectName { Name = projectName, Client = entry.Client };
                }

                project.Rows++;
                if (entry.Task is { } taskName && !tasks.ContainsKey((projectName, taskName)))
                {
                    tasks[(projectName, taskName)] = new TaskName { Project = project.Name, Name = taskName };
                }
            }

            foreach (var tag in entry.Tags)
            {
                tags.TryAdd(tag, new TagName { Name = tag });
            }
        }

        plan.People = [.. people.Values.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)];
        plan.Projects = [.. projects.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
        plan.Tasks = [.. tasks.Values.OrderBy(t => t.Project, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        plan.Tags = [.. tags.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        return plan;
    }

    /// <summary>Who a row is by the export: the email (lowercase), else the name.</summary>
    public static string? PersonKey(ImportedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.UserEmail?.ToLowerInvariant() ?? entry.UserName;
    }

    /// <summary>The members an import may record time for, by id, with their email and name.</summary>
    public async Task<List<MemberOption>> MembersAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.DisplayName })
            .OrderBy(x => x.Email)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new MemberOption(x.Id, x.Email ?? "", x.DisplayName))];
    }

    /// <summary>The projects rows may go to: all of the organization's for an admin, the importer's own for a member.</summary>
    public async Task<List<ProjectOption>> ProjectsAsync(ImportScope scope, Guid importerId, CancellationToken cancellationToken)
    {
        var projects = db.Projects.AsNoTracking().Where(p => !p.IsArchived);
        if (scope == ImportScope.Own)
        {
            projects = projects.Where(p => p.Members.Any(m => m.UserId == importerId));
        }

        return await projects.OrderBy(p => p.Name).Select(p => new ProjectOption(p.Id, p.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Settles every name of <paramref name="plan"/>: people and projects by the importer's choices
    /// (null: the default match), tasks, tags and clients by name. Nothing is created here.
    /// </summary>
    public async Task ResolveAsync(ImportPlan plan, ImportScope scope, Guid importerId, IReadOnlyList<string?>? peopleChoices, IReadOnlyList<string?>? projectChoices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var mayCreate = scope == ImportScope.Organization;
        var members = await MembersAsync(cancellationToken);
        for (var i = 0; i < plan.People.Count; i++)
        {
            var person = plan.People[i];
            var choice = peopleChoices is not null && i < peopleChoices.Count ? peopleChoices[i] : null;
            person.UserId = choice is null
                ? members.FirstOrDefault(m => string.Equals(m.Email, person.Key, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(m.Name, person.Key, StringComparison.OrdinalIgnoreCase))?.UserId
                : Guid.TryParse(choice, out var id) && members.Any(m => m.UserId == id) ? id : null;
        }

        var allowed = await ProjectsAsync(scope, importerId, cancellationToken);
        var existing = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        plan.NewClients = [];
        for (var i = 0; i < plan.Projects.Count; i++)
        {
            var project = plan.Projects[i];
            var choice = projectChoices is not null && i < projectChoices.Count ? projectChoices[i] : null;
            project.ExistingId = null;
            project.NewId = null;
            project.NewProjectClientId = null;
            project.Refusal = null;
            var match = allowed.FirstOrDefault(p => string.Equals(p.Name, project.Name, StringComparison.OrdinalIgnoreCase));
            var taken = existing.Any(p => string.Equals(p.Name, project.Name, StringComparison.OrdinalIgnoreCase));
            if (choice is null ? match is not null : Guid.TryParse(choice, out _))
            {
                project.ExistingId = choice is null ? match!.Id : allowed.FirstOrDefault(p => p.Id == Guid.Parse(choice))?.Id;
            }
            else if (mayCreate && (choice is null or CreateNew) && !taken)
            {
                project.NewId = Guid.CreateVersion7();
                project.NewProjectClientId = project.Client is { } clientName ? ClientId(plan, clients.FirstOrDefault(c => string.Equals(c.Name, clientName, StringComparison.OrdinalIgnoreCase))?.Id, clientName) : null;
            }

            if (project.TargetId is null)
            {
                project.Refusal = mayCreate
                    ? taken
                        ? $"the project “{project.Name}” is archived or was not chosen; choose where its rows go"
                        : $"the project “{project.Name}” was not chosen; choose a project or create it"
                    : $"you are not a member of a project called “{project.Name}”; choose one of your projects for it";
            }
        }

        var targets = plan.Projects.Where(p => p.ExistingId is not null).Select(p => p.ExistingId!.Value).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => targets.Contains(t.ProjectId) && !t.IsArchived)
            .Select(t => new { t.Id, t.ProjectId, t.Name }).ToListAsync(cancellationToken);
        foreach (var task in plan.Tasks)
        {
            var project = plan.Projects.First(p => string.Equals(p.Name, task.Project, StringComparison.OrdinalIgnoreCase));
            task.ProjectId = project.TargetId;
            task.ExistingId = null;
            task.NewId = null;
            task.Refusal = null;
            if (task.ProjectId is not { } projectId)
            {
                continue;
            }

            task.ExistingId = tasks.FirstOrDefault(t => t.ProjectId == projectId && string.Equals(t.Name, task.Name, StringComparison.OrdinalIgnoreCase))?.Id;
            if (task.ExistingId is null && mayCreate)
            {
                task.NewId = Guid.CreateVersion7();
            }
            else if (task.ExistingId is null)
            {
                task.Refusal = $"the project has no task “{task.Name}”";
            }
        }

        var tags = await db.Tags.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        foreach (var tag in plan.Tags)
        {
            tag.ExistingId = tags.FirstOrDefault(t => string.Equals(t.Name, tag.Name, StringComparison.OrdinalIgnoreCase))?.Id;
            tag.NewId = tag.ExistingId is null && mayCreate ? Guid.CreateVersion7() : null;
            tag.Refusal = tag.TargetId is null ? $"there is no tag “{tag.Name}” here" : null;
        }
    }

    private static Guid ClientId(ImportPlan plan, Guid? existing, string name)
    {
        if (existing is { } id)
        {
            return id;
        }

        var known = plan.NewClients.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            known = new NewClient { Id = Guid.CreateVersion7(), Name = name };
            plan.NewClients.Add(known);
        }

        return known.Id;
    }

    private sealed class CaseInsensitivePair : IEqualityComparer<(string, string)>
    {
        public static readonly CaseInsensitivePair Instance = new();

        public bool Equals((string, string) x, (string, string) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Item1, y.Item1) && StringComparer.OrdinalIgnoreCase.Equals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item2));
    }
}

public sealed record MemberOption(Guid UserId, string Email, string Name);

public sealed record ProjectOption(Guid Id, string Name);
