using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// Invitation links: <c>/invitations/{tenant}.{secret}</c>. The tenant part lets the acceptance flow
/// act inside the right organization (RLS applies); only a SHA-256 of the secret is stored. An
/// invitation is bound to the address it was sent to: only an account with that confirmed email
/// (compared as Identity compares emails) can accept it, once.
/// </summary>
public sealed class InvitationService(TimeTrackDbContext db, TenantScopeFactory scopes, ILookupNormalizer normalizer, IClock clock)
{
    public static readonly Duration Lifetime = Duration.FromDays(14);

    public sealed record Found(Invitation Invitation, Organization Organization, InvitationState State);

    /// <summary>What a token leads to for one person: the invitation (when there is one) and why it cannot be used, if it cannot.</summary>
    public sealed record Check(Found? Found, InvitationRefusal? Refusal);

    /// <summary>Creates an invitation in the current organization and returns the token for the link.</summary>
    public async Task<string> CreateAsync(string email, OrgRole role, Guid invitedBy, CancellationToken cancellationToken = default)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetCurrentInstant();
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(),
            Email = email.Trim(),
            Role = role,
            TokenHash = SecretHash.Of(secret),
            InvitedByUserId = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return $"{db.CurrentTenantId:N}.{secret}";
    }

    /// <summary>Finds the invitation of a token, open, spent or expired; null when the token is malformed or unknown.</summary>
    public async Task<Found?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TryParse(token, out var tenantId, out var secret))
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == tenantId, cancellationToken);
        if (organization is null)
        {
            return null;
        }

        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var hash = SecretHash.Of(secret);
        var invitation = await tenantDb.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is null ? null : new Found(invitation, organization, invitation.StateAt(clock.GetCurrentInstant()));
    }

    /// <summary>
    /// Whether the invitation of <paramref name="token"/> can be used, and by <paramref name="userId"/>
    /// when someone is signed in (anonymous visitors are told whom it is for, and may register or log in).
    /// </summary>
    public async Task<Check> CheckAsync(string token, Guid? userId, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(token, cancellationToken);
        var refusal = found?.State switch
        {
            null => InvitationRefusal.Unknown,
            InvitationState.Spent => InvitationRefusal.Spent,
            InvitationState.Expired => InvitationRefusal.Expired,
            _ when userId is { } id => await AccountRefusalAsync(found.Invitation, id, cancellationToken),
            _ => (InvitationRefusal?)null,
        };
        return new Check(found, refusal);
    }

    /// <summary>
    /// Accepts the invitation for <paramref name="userId"/>. Refused (and nothing written) when it is
    /// unknown, spent, expired, or addressed to another email than the account's confirmed one.
    /// </summary>
    public async Task<Check> AcceptAsync(string token, Guid userId, CancellationToken cancellationToken = default)
    {
        var check = await CheckAsync(token, userId, cancellationToken);
        if (check is not { Found: { } found, Refusal: null })
        {
            return check;
        }

        await using var scope = scopes.CreateScope(found.Organization.Id, userId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var strategy = tenantDb.Database.CreateExecutionStrategy();
        var accepted = await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await tenantDb.Database.BeginTransactionAsync(ct);
            // Single-use, even under a double submit: only one UPDATE can flip accepted_at from null.
            var claimed = await tenantDb.Invitations
                .Where(i => i.Id == found.Invitation.Id && i.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.AcceptedAt, clock.GetCurrentInstant())
                    .SetProperty(i => i.AcceptedByUserId, userId), ct);
            if (claimed == 0)
            {
                return false;
            }

            // Explicit tenant: RLS lets this person read their memberships of other organizations too.
            if (!await tenantDb.Memberships.AnyAsync(m => m.TenantId == found.Organization.Id && m.UserId == userId, ct))
            {
                tenantDb.Memberships.Add(new Membership
                {
                    Id = Guid.CreateVersion7(),
                    UserId = userId,
                    Role = found.Invitation.Role,
                    JoinedAt = clock.GetCurrentInstant(),
                });
                await tenantDb.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        return accepted ? check : new Check(found with { State = InvitationState.Spent }, InvitationRefusal.Spent);
    }

    private async Task<InvitationRefusal?> AccountRefusalAsync(Invitation invitation, Guid userId, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.NormalizedEmail, u.EmailConfirmed })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null || !string.Equals(account.NormalizedEmail, normalizer.NormalizeEmail(invitation.Email), StringComparison.Ordinal))
        {
            return InvitationRefusal.OtherAccount;
        }

        // Only a confirmed address proves the person holds the mailbox the invitation went to.
        return account.EmailConfirmed ? null : InvitationRefusal.EmailNotConfirmed;
    }

    private static bool TryParse(string token, out Guid tenantId, out string secret)
    {
        tenantId = Guid.Empty;
        secret = "";
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Guid.TryParseExact(token[..dot], "N", out tenantId))
        {
            return false;
        }

        secret = token[(dot + 1)..];
        return secret.Length is > 20 and < 100;
    }
}

/// <summary>Why an invitation cannot be used.</summary>
public enum InvitationRefusal
{
    /// <summary>The link is malformed, or no invitation has it.</summary>
    Unknown,

    /// <summary>It was accepted already.</summary>
    Spent,

    /// <summary>It expired before anyone accepted it.</summary>
    Expired,

    /// <summary>The signed-in account's email is not the invited one.</summary>
    OtherAccount,

    /// <summary>The signed-in account has the invited email but has not confirmed it.</summary>
    EmailNotConfirmed,
}
