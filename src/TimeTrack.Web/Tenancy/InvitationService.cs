using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// Invitation links: <c>/invitations/{tenant}.{secret}</c>. The tenant part lets the acceptance flow
/// act inside the right organization (RLS applies); only a SHA-256 of the secret is stored.
/// </summary>
public sealed class InvitationService(TimeTrackDbContext db, TenantScopeFactory scopes, IClock clock)
{
    public static readonly Duration Lifetime = Duration.FromDays(14);

    public sealed record Pending(Invitation Invitation, Organization Organization);

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

    /// <summary>Finds a usable invitation for a token, or null (malformed, unknown, used or expired).</summary>
    public async Task<Pending?> FindAsync(string token, CancellationToken cancellationToken = default)
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
        return invitation is not null && invitation.IsUsable(clock.GetCurrentInstant())
            ? new Pending(invitation, organization)
            : null;
    }

    /// <summary>Accepts the invitation for <paramref name="userId"/>; returns the organization, or null if it is no longer usable.</summary>
    public async Task<Organization?> AcceptAsync(string token, Guid userId, CancellationToken cancellationToken = default)
    {
        var pending = await FindAsync(token, cancellationToken);
        if (pending is null)
        {
            return null;
        }

        await using var scope = scopes.CreateScope(pending.Organization.Id, userId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var strategy = tenantDb.Database.CreateExecutionStrategy();
        var accepted = await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await tenantDb.Database.BeginTransactionAsync(ct);
            // Single-use, even under a double submit: only one UPDATE can flip accepted_at from null.
            var claimed = await tenantDb.Invitations
                .Where(i => i.Id == pending.Invitation.Id && i.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.AcceptedAt, clock.GetCurrentInstant())
                    .SetProperty(i => i.AcceptedByUserId, userId), ct);
            if (claimed == 0)
            {
                return false;
            }

            // Explicit tenant: RLS lets this person read their memberships of other organizations too.
            if (!await tenantDb.Memberships.AnyAsync(m => m.TenantId == pending.Organization.Id && m.UserId == userId, ct))
            {
                tenantDb.Memberships.Add(new Membership
                {
                    Id = Guid.CreateVersion7(),
                    UserId = userId,
                    Role = pending.Invitation.Role,
                    JoinedAt = clock.GetCurrentInstant(),
                });
                await tenantDb.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        return accepted ? pending.Organization : null;
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
