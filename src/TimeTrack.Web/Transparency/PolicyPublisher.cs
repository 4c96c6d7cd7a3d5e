using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// The one write path of policy versions: edit the draft, publish it (numbered, with its
/// plain-language changes, announced to every member), put due versions in force, and record
/// acknowledgements. Published versions are never changed.
/// </summary>
public sealed class PolicyPublisher(TimeTrackDbContext db, TenantContext tenant, PolicyStore store, IClock clock)
{
    /// <summary>Field keys and messages of a refused publish or save, as <see cref="PolicyValidation"/> reports them.</summary>
    public sealed record PublishResult(PolicyVersion? Version, IReadOnlyList<(string Field, string Message)> Problems)
    {
        public bool Succeeded => Problems.Count == 0;
    }

    /// <summary>Creates version 1 from the defaults and the organization's tracking settings. Idempotent.</summary>
    public async Task EnsureInitialVersionAsync(CancellationToken cancellationToken = default)
    {
        if (await db.PolicyVersions.AnyAsync(v => v.Number != null, cancellationToken))
        {
            return;
        }

        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var policy = TransparencyPolicy.Default.With(SettingsFrom(organization.Tracking, TransparencyPolicy.Default.Settings));
        db.PolicyVersions.Add(new PolicyVersion
        {
            Id = Guid.CreateVersion7(),
            Number = 1,
            Policy = policy,
            AuthorName = "TimeTrack defaults",
            Reason = "The defaults every new organization starts with.",
            Changes = [.. PolicyDiff.Between(null, policy).Select(c => c.Text)],
            CreatedAt = now,
            PublishedAt = organization.CreatedAt,
            EffectiveAt = organization.CreatedAt,
            ActivatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="policy"/> as the draft, creating the draft if there is none. Drafts may be
    /// incomplete, but every exception must be about a current member and, where it names one, an
    /// existing team of this organization; the names saved are theirs, whatever the policy carried.
    /// Refused, with nothing saved, otherwise.
    /// </summary>
    public async Task<PublishResult> SaveDraftAsync(TransparencyPolicy policy, Guid authorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Under the publisher's lock: two saves at once (two tabs, a double click) are one after the
            // other, the second updating the draft the first created, and never race a publish.
            await LockPolicyAsync(ct);
            var directory = await PolicyDirectory.LoadAsync(db, ct);
            var named = PolicyValidation.NameExceptions(policy, directory.People, directory.Teams);
            var draft = await db.PolicyVersions.FirstOrDefaultAsync(v => v.Number == null, ct);
            if (named.Problems.Count > 0)
            {
                return new PublishResult(draft, [.. named.Problems.Select(p => (p.Field, p.Message))]);
            }

            if (draft is null)
            {
                draft = new PolicyVersion { Id = Guid.CreateVersion7(), CreatedAt = clock.GetCurrentInstant() };
                db.PolicyVersions.Add(draft);
            }

            draft.Policy = named.Policy;
            draft.AuthorUserId = authorUserId;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new PublishResult(draft, []);
        }, cancellationToken);
    }

    /// <summary>One writer of the organization's policy versions at a time, until the transaction ends.</summary>
    private async Task LockPolicyAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({tenant.RequiredTenantId.ToString()}, 4242))", cancellationToken);

    /// <summary>Throws the draft away; the version in force is unchanged.</summary>
    public Task DiscardDraftAsync(CancellationToken cancellationToken = default) =>
        db.PolicyVersions.Where(v => v.Number == null).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Publishes the draft as the next version, effective at <paramref name="effectiveAt"/> (not in
    /// the past), and tells every member. Refused when the draft is invalid, the reason is blank, or
    /// the draft changes nothing.
    /// </summary>
    public async Task<PublishResult> PublishAsync(Guid authorUserId, string authorName, string? reason, Instant effectiveAt, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var problems = new List<(string Field, string Message)>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            problems.Add(("Reason", "Say why the policy changes; every member will read it."));
        }
        else if (reason.Trim().Length > 2000)
        {
            problems.Add(("Reason", "Keep the reason under 2000 characters."));
        }

        if (effectiveAt < now - Duration.FromMinutes(1))
        {
            problems.Add(("EffectiveFrom", "A policy cannot take effect in the past. Choose today or a later date."));
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await PublishDraftAsync(authorUserId, authorName, reason, effectiveAt, now, problems, ct);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(ct);
                store.Invalidate();
            }

            return result;
        }, cancellationToken);
    }

    private async Task<PublishResult> PublishDraftAsync(Guid authorUserId, string authorName, string? reason, Instant effectiveAt, Instant now, List<(string Field, string Message)> earlier, CancellationToken cancellationToken)
    {
        var problems = new List<(string Field, string Message)>(earlier);
        // One publisher at a time per organization: numbers stay gap-free and each diff is against its predecessor.
        await LockPolicyAsync(cancellationToken);
        var draft = await db.PolicyVersions.FirstOrDefaultAsync(v => v.Number == null, cancellationToken);
        if (draft is null)
        {
            return new PublishResult(null, [("", "There is no draft to publish. Edit the policy first.")]);
        }

        // Checked again here, in the transaction: a member may have left or a team gone since the draft was saved.
        var directory = await PolicyDirectory.LoadAsync(db, cancellationToken);
        var named = PolicyValidation.NameExceptions(draft.Policy, directory.People, directory.Teams);
        var policy = named.Policy;
        problems.AddRange(named.Problems.Select(p => (p.Field, p.Message)));
        problems.AddRange(PolicyValidation.Validate(policy).Select(p => (p.Field, p.Message)));
        var previous = await store.LatestPublishedAsync(cancellationToken);
        var changes = PolicyDiff.Between(previous?.Policy, policy).Select(c => c.Text).ToList();
        if (previous is not null && changes.Count == 0)
        {
            problems.Add(("", "The draft is the same as the latest published version; there is nothing to publish."));
        }

        if (problems.Count > 0)
        {
            return new PublishResult(draft, problems);
        }

        var widening = PolicyDiff.WideningFor(previous?.Policy, policy);
        draft.Policy = policy;
        draft.Number = (previous?.Number ?? 0) + 1;
        draft.AuthorUserId = authorUserId;
        draft.AuthorName = authorName;
        draft.Reason = reason?.Trim() ?? "";
        draft.Changes = changes;
        draft.Widening = widening;
        draft.PublishedAt = now;
        draft.EffectiveAt = effectiveAt < now ? now : effectiveAt;

        var teamsOf = (await db.ActiveTeamMembers.AsNoTracking().Select(m => new { m.UserId, m.TeamId }).ToListAsync(cancellationToken))
            .ToLookup(m => m.UserId, m => m.TeamId);
        var slug = tenant.Slug;
        var zoneId = await db.Organizations.AsNoTracking().Where(o => o.Id == tenant.RequiredTenantId).Select(o => o.DefaultTimeZoneId).SingleAsync(cancellationToken);
        var effectiveDay = draft.EffectiveAt.Value.InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc).Date
            .ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        foreach (var userId in directory.People.Keys)
        {
            db.Notices.Add(new Notice
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                Text = NoticeText(draft.Number.Value, draft.EffectiveAt <= now ? null : effectiveDay, widening.Includes(teamsOf[userId])),
                Link = slug is null ? null : $"/{slug}/transparency/history#v{draft.Number}",
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await ActivateDueAsync(cancellationToken);
        return new PublishResult(draft, []);
    }

    /// <summary>
    /// What a member is told about a new version: whether it asks them to acknowledge it (it lets
    /// others see more of their data) or needs nothing from them. Team membership is as it is now; the
    /// acknowledgement itself is decided on the teams the person is in when they next track time.
    /// </summary>
    private static string NoticeText(int number, string? effectiveDay, bool widensForThem) => (effectiveDay, widensForThem) switch
    {
        (null, true) => $"The transparency policy changed (version {number}): others may now see more of your data. "
            + "Read what changed and why, and acknowledge it before you track more time.",
        (null, false) => $"The transparency policy changed (version {number}). Read what changed and why; no action is needed.",
        (_, true) => $"The transparency policy changes on {effectiveDay} (version {number}): others will be able to see more of your data. "
            + "Read what changes and why; once it takes effect, you will be asked to acknowledge it before tracking more time.",
        (_, false) => $"The transparency policy changes on {effectiveDay} (version {number}). Read what changes and why; no action is needed.",
    };

    /// <summary>
    /// Puts every published version whose effective time has come in force: copies its tracking
    /// settings to the organization. Idempotent; run by publishing and by a recurring job.
    /// </summary>
    public async Task<int> ActivateDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.PolicyVersions
            .Where(v => v.Number != null && v.ActivatedAt == null && v.EffectiveAt <= now)
            .OrderBy(v => v.Number)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var organization = await db.Organizations.SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);
        var latest = due[^1].Policy.Settings;
        organization.Tracking = latest.ToTrackingSettings();
        foreach (var version in due)
        {
            version.ActivatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>Records that <paramref name="userId"/> has read <paramref name="versionId"/>. Idempotent.</summary>
    public async Task<bool> AcknowledgeAsync(Guid userId, Guid versionId, CancellationToken cancellationToken = default)
    {
        var exists = await db.PolicyVersions.AnyAsync(v => v.Id == versionId && v.Number != null, cancellationToken);
        if (!exists)
        {
            return false;
        }

        var now = clock.GetCurrentInstant();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO policy_acknowledgements (tenant_id, policy_version_id, user_id, acknowledged_at)
            VALUES ({tenant.RequiredTenantId}, {versionId}, {userId}, {now})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        store.Invalidate();
        return true;
    }

    /// <summary>The policy settings with the tracking rules (overlaps, working hours, how far back) taken from <paramref name="tracking"/>.</summary>
    public static PolicySettings SettingsFrom(TrackingSettings tracking, PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(settings);
        return settings with
        {
            Overlaps = tracking.Overlaps,
            WorkingDays = tracking.WorkingDays,
            WorkdayStart = tracking.WorkdayStart,
            WorkdayEnd = tracking.WorkdayEnd,
            MaximumDaysInPast = tracking.MaximumDaysInPast,
            MaximumDaysInFuture = tracking.MaximumDaysInFuture,
        };
    }
}
