using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Features.Admin;

/// <summary>What the teams admin pages show: teams, their members and managers, by name. Tenant-filtered like every read.</summary>
public sealed class TeamsReader(TimeTrackDbContext db)
{
    /// <summary>Every team of the organization, active and archived, by name.</summary>
    public async Task<TeamsAdminModel> ListAsync(TeamNameForm form, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.ArchivedAt, Members = t.Members.Count, Managers = t.Managers.Select(m => m.UserId).ToList() })
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(cancellationToken);
        var rows = teams
            .Select(t => new TeamRow(t.Id, t.Name, t.Members, Sorted(t.Managers, names).Select(p => p.Name).ToList(), t.ArchivedAt))
            .OrderBy(t => t.Name, StringComparer.CurrentCulture).ThenBy(t => t.Id)
            .ToList();
        return new TeamsAdminModel([.. rows.Where(t => t.ArchivedAt is null)], [.. rows.Where(t => t.ArchivedAt is not null)], form);
    }

    /// <summary>One team with its people and whom it could add; null when the organization has no such team.</summary>
    public async Task<TeamAdminModel?> PageAsync(Guid id, TeamNameForm? team, TeamPersonForm? member, TeamPersonForm? manager, CancellationToken cancellationToken)
    {
        var found = await db.Teams.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new { t.Name, t.ArchivedAt, Members = t.Members.Select(m => m.UserId).ToList(), Managers = t.Managers.Select(m => m.UserId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var people = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, m.Role, Name = u.DisplayName == "" ? u.Email ?? "" : u.DisplayName })
            .ToListAsync(cancellationToken);
        var names = people.ToDictionary(p => p.UserId, p => p.Name);
        var mayManage = people.Where(p => Domain.Tenancy.Team.MayBeManagedBy(p.Role)).Select(p => p.UserId);
        return new TeamAdminModel(
            id,
            found.Name,
            found.ArchivedAt,
            Sorted(found.Members, names),
            Sorted(found.Managers, names),
            Sorted(names.Keys.Except(found.Members), names),
            Sorted(mayManage.Except(found.Managers), names),
            team ?? new TeamNameForm { Name = found.Name },
            member ?? new TeamPersonForm(),
            manager ?? new TeamPersonForm());
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(CancellationToken cancellationToken) =>
        await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.DisplayName == "" ? u.Email ?? "" : u.DisplayName })
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

    public async Task<string> NameAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName == "" ? u.Email : u.DisplayName).FirstOrDefaultAsync(cancellationToken)
        ?? "The person";

    private static List<TeamPerson> Sorted(IEnumerable<Guid> ids, Dictionary<Guid, string> names) =>
        [.. ids.Where(names.ContainsKey).Select(id => new TeamPerson(id, names[id])).OrderBy(p => p.Name, StringComparer.CurrentCulture).ThenBy(p => p.UserId)];
}
