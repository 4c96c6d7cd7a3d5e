using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// The organization's current members and teams by id, with the names a policy's exceptions show
/// for them: a person's display name (their email when they have none), a team's name. Archived teams
/// are in it: an exception about a team that was archived stays valid and is published as it was; it
/// grants nothing while the team is archived, because nobody is in an archived team for the policy.
/// </summary>
public sealed record PolicyDirectory(IReadOnlyDictionary<Guid, string> People, IReadOnlyDictionary<Guid, string> Teams)
{
    /// <summary>Reads both from the current tenant (memberships and teams are tenant-filtered), in the caller's transaction if any.</summary>
    public static async Task<PolicyDirectory> LoadAsync(TimeTrackDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName == "" ? p.Email ?? "" : p.DisplayName, cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        return new PolicyDirectory(people, teams);
    }
}
