using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Email;
using TimeTrack.Web.Infrastructure.Links;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Admin;

[ShowsNoOneElsesData("Members and roles of the organization: names and roles, no figures.")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminController(
    TimeTrackDbContext db,
    InvitationService invitations,
    IEmailSender email,
    PublicLinks links,
    TenantContext tenant,
    IClock clock,
    IStringLocalizer<SharedResource> text) : OrgController
{
    [HttpGet("admin")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await BuildModelAsync(new InviteForm(), null, cancellationToken));

    [HttpPost("admin/invitations")]
    public async Task<IActionResult> Invite([Bind(Prefix = "Invite")] InviteForm form, CancellationToken cancellationToken)
    {
        if (form.Role == OrgRole.Owner && tenant.Role != OrgRole.Owner)
        {
            ModelState.AddModelError("Invite.Role", "Only an owner can invite another owner.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await BuildModelAsync(form, null, cancellationToken));
        }

        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var token = await invitations.CreateAsync(form.Email!, form.Role, userId, cancellationToken);
        var link = links.ToAction("Show", "Invitations", new { token });
        var organization = tenant.OrganizationName ?? OrgSlug;
        // The invited person has no language of their own here yet: the email is in the inviting admin's.
        var invited = text["You have been invited to join {0} on TimeTrack as {1}.", organization, text[form.Role.ToString()]].Value;
        var accept = text["Accept the invitation"].Value;
        var expires = text["The link works once and expires in 14 days."].Value;
        await email.SendAsync(
            form.Email!,
            text["You're invited to {0} on TimeTrack", organization],
            $"{invited}\n\n{accept}: {link}\n\n{expires}",
            $"<p>{WebUtility.HtmlEncode(invited)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(accept)}</a></p><p>{WebUtility.HtmlEncode(expires)}</p>",
            cancellationToken);
        return View(nameof(Index), await BuildModelAsync(new InviteForm(), link, cancellationToken));
    }

    private async Task<AdminModel> BuildModelAsync(InviteForm form, string? createdLink, CancellationToken cancellationToken)
    {
        var members = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.DisplayName, u.Email, m.Role })
            .OrderBy(r => r.DisplayName)
            .Select(r => new MemberRow(r.DisplayName, r.Email ?? "", r.Role))
            .ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var pending = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationRow(i.Email, i.Role, i.ExpiresAt))
            .ToListAsync(cancellationToken);
        return new AdminModel(members, pending, form, createdLink);
    }
}

public sealed record MemberRow(string Name, string Email, OrgRole Role);

public sealed record InvitationRow(string Email, OrgRole Role, Instant ExpiresAt);

public sealed record AdminModel(IReadOnlyList<MemberRow> Members, IReadOnlyList<InvitationRow> Pending, InviteForm Invite, string? CreatedLink);

public sealed class InviteForm
{
    [Required(ErrorMessage = "Enter the email address of the person to invite.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [EnumDataType(typeof(OrgRole))]
    [Display(Name = "Role")]
    public OrgRole Role { get; set; } = OrgRole.Employee;
}
