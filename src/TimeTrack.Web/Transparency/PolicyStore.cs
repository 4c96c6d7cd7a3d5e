using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// Reads an organization's policy versions: the one in force, the draft, the history, and whether
/// a person still has to acknowledge the version in force. Scoped; the version in force is read
/// once per request.
/// </summary>
public sealed class PolicyStore(TimeTrackDbContext db, IClock clock)
{
    private readonly Dictionary<Guid, PolicyToRead?> _awaiting = [];
    private PolicyVersion? _active;
    private bool _activeLoaded;

    /// <summary>Forgets what this scope has read; the publisher calls it after publishing or an acknowledgement.</summary>
    public void Invalidate()
    {
        _active = null;
        _activeLoaded = false;
        _awaiting.Clear();
    }

    /// <summary>The published version in force now, or null when the organization has none yet.</summary>
    public async Task<PolicyVersion?> ActiveVersionAsync(CancellationToken cancellationToken = default)
    {
        if (!_activeLoaded)
        {
            var now = clock.GetCurrentInstant();
            _active = await db.PolicyVersions.AsNoTracking()
                .Where(v => v.Number != null && v.EffectiveAt <= now)
                .OrderByDescending(v => v.Number)
                .FirstOrDefaultAsync(cancellationToken);
            _activeLoaded = true;
        }

        return _active;
    }

    /// <summary>The policy in force: the active version's, or the defaults before the first is published.</summary>
    public async Task<TransparencyPolicy> ActiveAsync(CancellationToken cancellationToken = default) =>
        (await ActiveVersionAsync(cancellationToken))?.Policy ?? TransparencyPolicy.Default;

    /// <summary>A published version that takes effect later, if any.</summary>
    public Task<PolicyVersion?> UpcomingAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        return db.PolicyVersions.AsNoTracking()
            .Where(v => v.Number != null && v.EffectiveAt > now)
            .OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The latest published version, in force or not: what a new version is compared with.</summary>
    public Task<PolicyVersion?> LatestPublishedAsync(CancellationToken cancellationToken = default) =>
        db.PolicyVersions.AsNoTracking()
            .Where(v => v.Number != null)
            .OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every published version, newest first.</summary>
    public async Task<IReadOnlyList<PolicyVersion>> HistoryAsync(CancellationToken cancellationToken = default) =>
        await db.PolicyVersions.AsNoTracking()
            .Where(v => v.Number != null)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);

    /// <summary>The draft, if an admin has started one.</summary>
    public Task<PolicyVersion?> DraftAsync(CancellationToken cancellationToken = default) =>
        db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == null, cancellationToken);

    /// <summary>
    /// The version in force, when <paramref name="userId"/> must acknowledge it before tracking more
    /// time. Once on joining: someone who joined by invitation reads the policy in force before their
    /// first entry, as the invitation promises (<see cref="PolicyToRead.OnJoining"/>). After that, only
    /// when some version up to the one in force lets others see more of their data than the version
    /// before it (for everyone, or for a team they are in now), was published after they joined, and
    /// they have acknowledged neither it nor any later version. Versions that only narrow or change
    /// how time is tracked are news, not a reason to stop anyone. Acknowledging the version in force
    /// covers every earlier one.
    /// </summary>
    public async Task<PolicyToRead?> AwaitingAcknowledgementAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        // Asked once per new entry by the write path: a timesheet save of many cells asks many times.
        if (_awaiting.TryGetValue(userId, out var known))
        {
            return known;
        }

        var awaiting = await ReadAwaitingAcknowledgementAsync(userId, cancellationToken);
        _awaiting[userId] = awaiting;
        return awaiting;
    }

    private async Task<PolicyToRead?> ReadAwaitingAcknowledgementAsync(Guid userId, CancellationToken cancellationToken)
    {
        var active = await ActiveVersionAsync(cancellationToken);
        if (active is not { Number: int activeNumber })
        {
            return null;
        }

        var joinedAt = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => (Instant?)m.JoinedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (joinedAt is null)
        {
            return null;
        }

        // Every version up to the one in force counts, even one replaced before its own effective
        // date: the one in force was compared with it, not with the one before it.
        var lastAcknowledged = await db.PolicyAcknowledgements.AsNoTracking()
            .Where(a => a.UserId == userId)
            .Join(db.PolicyVersions, a => a.PolicyVersionId, v => v.Id, (a, v) => v.Number)
            .MaxAsync(number => (int?)number, cancellationToken) ?? 0;
        if (lastAcknowledged == 0 && await db.Invitations.AsNoTracking().AnyAsync(i => i.AcceptedByUserId == userId, cancellationToken))
        {
            return new PolicyToRead(active, OnJoining: true);
        }

        if (activeNumber == 1)
        {
            return null;
        }
        var widenings = await db.PolicyVersions.AsNoTracking()
            .Where(v => v.Number > lastAcknowledged && v.Number <= activeNumber && v.PublishedAt > joinedAt)
            .Select(v => v.Widening)
            .ToListAsync(cancellationToken);
        if (widenings.All(w => w.IsNobody))
        {
            return null;
        }

        if (widenings.Any(w => w.Everyone))
        {
            return new PolicyToRead(active, OnJoining: false);
        }

        var teamIds = await db.ActiveTeamMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => m.TeamId)
            .ToListAsync(cancellationToken);
        return widenings.Any(w => w.Includes(teamIds)) ? new PolicyToRead(active, OnJoining: false) : null;
    }
}

/// <summary>A version a person must read before tracking more time, and why.</summary>
/// <param name="OnJoining">They joined by invitation and have not read any version yet; otherwise a version widened what others see of them.</param>
public sealed record PolicyToRead(PolicyVersion Version, bool OnJoining);
