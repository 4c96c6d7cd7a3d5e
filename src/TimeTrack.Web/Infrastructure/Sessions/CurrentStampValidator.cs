using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Infrastructure.Sessions;

/// <summary>
/// Checks the sign-in cookie's security stamp against the person's current one on every request, so
/// that logging out, changing or resetting the password ends every session of that person at once,
/// copied cookies included. Identity's own validator re-checks only every 30 minutes; set to check
/// every request it would also load roles and claims and re-issue the cookie each time. This reads
/// the stamp by primary key and changes nothing while it matches; the same read brings the person's
/// way of writing lengths of time for the request (<see cref="Display.DurationDisplay"/>) and their
/// language (<see cref="Localization.Cultures"/>), so a changed preference shows on the next page.
/// </summary>
public sealed class CurrentStampValidator(TimeTrackDbContext db, IOptions<IdentityOptions> identityOptions) : ISecurityStampValidator
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!await IsCurrentAsync(context.Principal, context.HttpContext, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private async Task<bool> IsCurrentAsync(ClaimsPrincipal? principal, HttpContext http, CancellationToken cancellationToken)
    {
        var claims = identityOptions.Value.ClaimsIdentity;
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (stamp is null || !Guid.TryParse(principal?.FindFirstValue(claims.UserIdClaimType), out var userId))
        {
            return false;
        }

        var current = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.DurationStyle, u.Culture })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is null || !string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            return false;
        }

        http.Items[Display.DurationDisplay.ItemKey] = current.DurationStyle;
        http.Items[Localization.Cultures.ItemKey] = current.Culture;
        return true;
    }
}
