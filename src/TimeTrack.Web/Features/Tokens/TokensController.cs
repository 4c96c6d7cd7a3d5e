using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Tokens;

/// <summary>A person's own API tokens in this organization: list, create (shown once), revoke.</summary>
[ShowsNoOneElsesData("The person's own access tokens.")]
public sealed class TokensController(PersonalAccessTokens tokens, IClock clock) : OrgController
{
    public const string RevokeNeedsConfirmation = "Tick “Yes, revoke” next to the token to confirm; a revoked token cannot be used again.";

    [HttpGet("settings/tokens")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await BuildModelAsync(new NewTokenForm(), null, cancellationToken));

    [HttpPost("settings/tokens")]
    public async Task<IActionResult> Create([Bind(Prefix = "NewToken")] NewTokenForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || form.Name is not { } name || form.LifetimeDays is not { } days)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await BuildModelAsync(form, null, cancellationToken));
        }

        var created = await tokens.CreateAsync(CurrentUserId, name, days, cancellationToken);
        // The value is in this response only: never stored, never put in a redirect or TempData.
        Response.Headers.CacheControl = "no-store";
        ModelState.Clear();
        return View(nameof(Index), await BuildModelAsync(new NewTokenForm(), created.Value, cancellationToken));
    }

    [HttpPost("settings/tokens/{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            // A revoked token stays revoked: never without the box ticked.
            var model = await BuildModelAsync(new NewTokenForm(), null, cancellationToken);
            if (model.Tokens.All(t => t.Id != id || !t.IsActive))
            {
                return NotFound();
            }

            ModelState.AddModelError($"confirm-{id}", RevokeNeedsConfirmation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), model);
        }

        if (!await tokens.RevokeAsync(CurrentUserId, id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = "The token was revoked. Programs using it can no longer reach your data.";
        return Redirect($"/{OrgSlug}/settings/tokens");
    }

    private Guid CurrentUserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("A signed-in person is required.");

    private async Task<TokensModel> BuildModelAsync(NewTokenForm form, string? createdToken, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var rows = (await tokens.ForUserAsync(CurrentUserId, cancellationToken))
            .Select(t => new TokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsActive(now)))
            .ToList();
        return new TokensModel(rows, form, createdToken);
    }
}

public sealed record TokenRow(Guid Id, string Name, string Prefix, Instant CreatedAt, Instant ExpiresAt, Instant? LastUsedAt, Instant? RevokedAt, bool IsActive);

public sealed record TokensModel(IReadOnlyList<TokenRow> Tokens, NewTokenForm NewToken, string? CreatedToken);

public sealed class NewTokenForm
{
    [Required(ErrorMessage = "Name the token after the program that will use it.")]
    [StringLength(80, ErrorMessage = "Use at most 80 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Choose how long the token works.")]
    [AllowedValues(30, 90, 365, ErrorMessage = "Choose 30, 90 or 365 days.")]
    [Display(Name = "Expires after")]
    public int? LifetimeDays { get; set; } = 90;
}
