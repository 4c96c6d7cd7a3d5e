using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Invitations;

[ShowsNoOneElsesData("An invitation to join, shown to whoever holds its link.")]
public sealed class InvitationsController(InvitationService invitations) : Controller
{
    [HttpGet("/invitations/{token}")]
    public async Task<IActionResult> Show(string token, CancellationToken cancellationToken)
    {
        var pending = await invitations.FindAsync(token, cancellationToken);
        if (pending is null)
        {
            return View("Invalid");
        }

        return View(new InvitationModel(token, pending.Organization.Name, pending.Invitation.Role.ToString(), User.Identity?.IsAuthenticated == true));
    }

    [Authorize]
    [HttpPost("/invitations/{token}/accept")]
    public async Task<IActionResult> Accept(string token, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var organization = await invitations.AcceptAsync(token, userId, cancellationToken);
        if (organization is null)
        {
            return View("Invalid");
        }

        TempData["Notice"] = $"Welcome to {organization.Name}.";
        return Redirect($"/{organization.Slug}/time");
    }
}

public sealed record InvitationModel(string Token, string OrganizationName, string Role, bool SignedIn);
