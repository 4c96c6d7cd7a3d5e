using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Tokens;

/// <summary>
/// Personal access tokens: <c>tt_{tenant:N}_{secret}</c>. The tenant part lets the API act inside the
/// right organization before anything is read (RLS applies); only a SHA-256 of the whole token is stored.
/// </summary>
public sealed class PersonalAccessTokens(TimeTrackDbContext db, IClock clock)
{
    public const string TokenPrefix = "tt_";

    /// <summary>The lifetimes a person may choose, in days.</summary>
    public static readonly IReadOnlyList<int> Lifetimes = [30, 90, 365];

    public sealed record Created(PersonalAccessToken Token, string Value);

    /// <summary>Creates a token for <paramref name="userId"/> in the current organization; the value is returned only here.</summary>
    public async Task<Created> CreateAsync(Guid userId, string name, int lifetimeDays, CancellationToken cancellationToken = default)
    {
        if (!Lifetimes.Contains(lifetimeDays))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetimeDays), lifetimeDays, "Choose one of the offered lifetimes.");
        }

        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("No organization is set for this operation.");
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var value = $"{TokenPrefix}{tenantId:N}_{secret}";
        var now = clock.GetCurrentInstant();
        var token = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name.Trim(),
            Prefix = secret[..8],
            TokenHash = Hash(value),
            CreatedAt = now,
            ExpiresAt = now + Duration.FromDays(lifetimeDays),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(token, value);
    }

    public async Task<IReadOnlyList<PersonalAccessToken>> ForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(cancellationToken);

    /// <summary>Revokes one of the person's own tokens; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Reads the organization out of a token without touching the database; false when it is malformed.</summary>
    public static bool TryParse(string value, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        // tt_ + 32 hex + _ + 43 base64url characters (32 bytes).
        return value.Length == TokenPrefix.Length + 32 + 1 + 43
            && value.StartsWith(TokenPrefix, StringComparison.Ordinal)
            && value[TokenPrefix.Length + 32] == '_'
            && Guid.TryParseExact(value.AsSpan(TokenPrefix.Length, 32), "N", out tenantId)
            && IsBase64Url(value.AsSpan(TokenPrefix.Length + 33));
    }

    public static string Hash(string value) => SecretHash.Of(value);

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
