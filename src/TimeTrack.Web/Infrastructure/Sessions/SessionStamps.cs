using Microsoft.AspNetCore.Identity;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Infrastructure.Sessions;

public static class SessionStamps
{
    /// <summary>
    /// Gives the person a new security stamp, which ends every session signed in with the old one at
    /// its next request (see <see cref="CurrentStampValidator"/>). Throws when the stamp could not be
    /// saved (another write to the account raced it): an error page tells the person to try again,
    /// where a quiet failure would leave sessions they meant to end alive.
    /// </summary>
    public static async Task EndAllSessionsAsync(this UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not renew the security stamp of user {user.Id}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }
}
