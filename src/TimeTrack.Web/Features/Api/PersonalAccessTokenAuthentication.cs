using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Tokens;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// <c>Authorization: Bearer tt_...</c>: the token names its organization, which is set on the
/// <see cref="TenantContext"/> before the first query so RLS confines the lookup to that organization.
/// The token must be active and its owner still a member. Never redirects: failures are 401 problems.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TimeTrackDbContext db,
    TenantContext tenant,
    IClock clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";
    public const string TokenIdClaim = "timetrack:token_id";

    /// <summary>Writing on every call would turn every read into a write; a minute is precise enough.</summary>
    private static readonly Duration LastUsedPrecision = Duration.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Use the Bearer scheme.");
        }

        var value = header[bearer.Length..].Trim();
        if (!PersonalAccessTokens.TryParse(value, out var tenantId))
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        if (tenant.TenantId is { } existing && existing != tenantId)
        {
            return AuthenticateResult.Fail("The request already acts in another organization.");
        }

        tenant.SetTenantId(tenantId);
        var hash = PersonalAccessTokens.Hash(value);
        var token = await db.PersonalAccessTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetCurrentInstant();
        if (token is null || !token.IsActive(now))
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == tenantId, Context.RequestAborted);
        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.UserId == token.UserId)
            .Select(m => new { m.Role })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (organization is null || membership is null)
        {
            return AuthenticateResult.Fail("The token's owner is no longer a member.");
        }

        tenant.SetTenant(organization, membership.Role);
        tenant.SetUser(token.UserId);

        if (token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedPrecision)
        {
            var before = now - LastUsedPrecision;
            // Conditional, so concurrent requests write once.
            await db.PersonalAccessTokens
                .Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= before))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, token.UserId.ToString()),
                new Claim(TokenIdClaim, token.Id.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = Request.Headers.Authorization.Count > 0;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        return WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            failed
                ? "The token is malformed, unknown, revoked or expired, or its owner is no longer a member of the organization."
                : "Send a personal access token: Authorization: Bearer tt_...");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The token does not allow this request.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = status == StatusCodes.Status401Unauthorized
                ? "https://tools.ietf.org/html/rfc9110#section-15.5.2"
                : "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        };
        Response.StatusCode = status;
        Response.Headers.CacheControl = "no-store";
        return Response.WriteAsJsonAsync(problem, ApiJson.Options, contentType: "application/problem+json", Context.RequestAborted);
    }
}
