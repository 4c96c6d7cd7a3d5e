using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Invitations;

/// <summary>
/// An invitation link: who it is for (the address masked), and accepting it — only by the account
/// with the invited, confirmed email, and only once. Every refusal says why and what to do.
/// </summary>
[ShowsNoOneElsesData("An invitation to join, shown to whoever holds its link; the invited address only masked.")]
public sealed class InvitationsController(InvitationService invitations, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("/invitations/{token}")]
    public async Task<IActionResult> Show(string token, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User);
        var check = await invitations.CheckAsync(token, userId, cancellationToken);
        if (check is not { Found: { } found, Refusal: null })
        {
            return Refused(check);
        }

        return View(new InvitationModel(
            token,
            found.Organization.Name,
            found.Invitation.Role.ToString(),
            found.Invitation.MaskedEmail(),
            userId is not null));
    }

    [Authorize]
    [HttpPost("/invitations/{token}/accept")]
    public async Task<IActionResult> Accept(string token, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var check = await invitations.AcceptAsync(token, userId, cancellationToken);
        if (check is not { Found: { } found, Refusal: null })
        {
            return Refused(check);
        }

        // As the invitation promised: what is tracked, who sees it and why, before any time is tracked.
        TempData["Notice"] = text["Welcome to {0}. Before you track any time, read what it tracks, who can see it and why.", found.Organization.Name].Value;
        return Redirect($"/{found.Organization.Slug}/transparency#read-before-first-entry");
    }

    private ViewResult Refused(InvitationService.Check check)
    {
        var refusal = check.Refusal ?? InvitationRefusal.Unknown;
        Response.StatusCode = refusal switch
        {
            InvitationRefusal.Unknown => StatusCodes.Status404NotFound,
            InvitationRefusal.Spent or InvitationRefusal.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status403Forbidden,
        };
        return View("Refused", new InvitationRefusedModel(
            refusal,
            check.Found?.Organization.Name,
            check.Found?.Invitation.MaskedEmail(),
            User.Identity?.Name,
            Request.Path.Value ?? "/"));
    }
}

public sealed record InvitationModel(string Token, string OrganizationName, string Role, string InvitedEmail, bool SignedIn);

/// <summary>A refused invitation: why, for which organization and (masked) address, and who is signed in.</summary>
public sealed record InvitationRefusedModel(InvitationRefusal Refusal, string? OrganizationName, string? InvitedEmail, string? SignedInAs, string Here);
