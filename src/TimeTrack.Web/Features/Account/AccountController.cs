using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Email;
using TimeTrack.Web.Infrastructure.Links;
using TimeTrack.Web.Infrastructure.Sessions;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Account;

/// <summary>
/// Registration, email confirmation, sign-in (with two-factor), sign-out and password reset.
/// No page ever tells whether an email address has an account: the owner of the address is told instead.
/// </summary>
[ShowsNoOneElsesData("Sign-in, registration and password pages: the person's own account.")]
[Route("account")]
public sealed class AccountController(
    UserManager<ApplicationUser> userManager,
    SignInManager<ApplicationUser> signInManager,
    AccountEmails emails,
    PublicLinks links,
    InvitationService invitations,
    MembershipDirectory directory,
    TenantContext tenant,
    IClock clock,
    IOptions<IdentityOptions> identityOptions,
    ILogger<AccountController> logger) : Controller
{
    private const string InvalidLoginMessage = "The email address or password is not right.";

    /// <summary>The registration form; through an invitation (<paramref name="invitation"/>) its email is the invited one, fixed.</summary>
    [HttpGet("register")]
    public async Task<IActionResult> Register(string? returnUrl, string? invitation, CancellationToken cancellationToken)
    {
        var model = new RegisterViewModel { ReturnUrl = LocalOrNull(returnUrl) };
        if (invitation is not null && !await BindInvitationAsync(model, invitation, cancellationToken))
        {
            return InvitationPage(invitation);
        }

        return View(model);
    }

    [HttpPost("register")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> Register(RegisterViewModel model, CancellationToken cancellationToken)
    {
        model.DisplayName = model.DisplayName?.Trim();
        model.Email = model.Email?.Trim();
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (model.Invitation is { } invitation && !await BindInvitationAsync(model, invitation, cancellationToken))
        {
            return InvitationPage(invitation);
        }

        if (model.TimeZoneId is not null && !TimeZones.IsKnown(model.TimeZoneId))
        {
            ModelState.AddModelError(nameof(model.TimeZoneId), "Choose a time zone from the list.");
        }

        if (!ModelState.IsValid || model is not { DisplayName: { } displayName, Email: { } email, Password: { } password })
        {
            return Invalid(model);
        }

        var existing = await userManager.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Hashing keeps this path about as slow as creating an account, so timing does not tell either.
            _ = userManager.PasswordHasher.HashPassword(existing, password);
            await NotifyExistingAccountAsync(existing, model.ReturnUrl, cancellationToken);
            return RedirectToAction(nameof(RegisterConfirmation));
        }

        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = displayName,
            TimeZoneId = model.TimeZoneId,
            CreatedAt = clock.GetCurrentInstant(),
        };
        var result = await userManager.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                // Someone registered the same address a moment ago: answer as for any taken address.
                return RedirectToAction(nameof(RegisterConfirmation));
            }

            ModelState.AddIdentityErrors(result, nameof(model.Password), nameof(model.Email));
            return Invalid(model);
        }

        logger.LogInformation("User {UserId} registered", user.Id);
        await SendConfirmationAsync(user, model.ReturnUrl, cancellationToken);

        if (!identityOptions.Value.SignIn.RequireConfirmedEmail)
        {
            await signInManager.SignInAsync(user, isPersistent: false);
            return LocalRedirect(model.ReturnUrl ?? "/organizations/new");
        }

        return RedirectToAction(nameof(RegisterConfirmation));
    }

    [HttpGet("register-confirmation")]
    public IActionResult RegisterConfirmation() => View();

    /// <summary>The emailed link lands here; confirming takes a button press, because a GET never changes anything.</summary>
    [HttpGet("confirm-email")]
    public IActionResult ConfirmEmail(string? userId, string? code, string? returnUrl)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
        {
            return InvalidConfirmationLink();
        }

        return View(new ConfirmEmailViewModel { UserId = userId, Code = code, ReturnUrl = LocalOrNull(returnUrl) });
    }

    [HttpPost("confirm-email")]
    public async Task<IActionResult> ConfirmEmail(ConfirmEmailViewModel model)
    {
        if (!ModelState.IsValid
            || await FindByIdAsync(model.UserId) is not { } user
            || DecodeToken(model.Code) is not { } token)
        {
            return InvalidConfirmationLink();
        }

        var result = await userManager.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            return InvalidConfirmationLink();
        }

        logger.LogInformation("User {UserId} confirmed their email address", user.Id);
        return View("EmailConfirmed", new LoginLinkViewModel(LocalOrNull(model.ReturnUrl)));
    }

    [HttpGet("resend-confirmation")]
    public IActionResult ResendConfirmation() => View(new EmailFormViewModel());

    [HttpPost("resend-confirmation")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ResendConfirmation(EmailFormViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || model.Email is not { } email)
        {
            return Invalid(model);
        }

        var user = await userManager.FindByEmailAsync(email.Trim());
        if (user is not null && !await userManager.IsEmailConfirmedAsync(user))
        {
            await SendConfirmationAsync(user, null, cancellationToken);
        }

        return RedirectToAction(nameof(RegisterConfirmation));
    }

    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        View(new LoginViewModel { ReturnUrl = LocalOrNull(returnUrl) });

    [HttpPost("login")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> Login(LoginViewModel model, CancellationToken cancellationToken)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (!ModelState.IsValid || model is not { Email: { } email, Password: { } password })
        {
            return Invalid(model);
        }

        var user = await userManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // Spend the time a password check takes, so an unknown address answers as slowly as a wrong password.
            _ = userManager.PasswordHasher.HashPassword(new ApplicationUser(), password);
            return LoginFailed(model);
        }

        var result = await signInManager.PasswordSignInAsync(user, password, model.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return await LandingAsync(user.Id, model.ReturnUrl, cancellationToken);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWith2fa), new { returnUrl = model.ReturnUrl, rememberMe = model.RememberMe });
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} is locked out", user.Id);
            return RedirectToAction(nameof(Lockout));
        }

        if (result.IsNotAllowed)
        {
            // Identity refuses unconfirmed accounts before it checks the password. Only someone who
            // knows the password may learn that the address still needs confirming.
            if (await userManager.CheckPasswordAsync(user, password))
            {
                ViewData["EmailNotConfirmed"] = true;
                return Invalid(model);
            }

            await userManager.AccessFailedAsync(user);
        }

        return LoginFailed(model);
    }

    [HttpGet("login-2fa")]
    public async Task<IActionResult> LoginWith2fa(string? returnUrl, bool rememberMe)
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return SignInExpired(returnUrl);
        }

        return View(new LoginWith2faViewModel { ReturnUrl = LocalOrNull(returnUrl), RememberMe = rememberMe });
    }

    [HttpPost("login-2fa")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> LoginWith2fa(LoginWith2faViewModel model, CancellationToken cancellationToken)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return SignInExpired(model.ReturnUrl);
        }

        if (!ModelState.IsValid || model.Code is not { } code)
        {
            return Invalid(model);
        }

        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(
            StripSeparators(code), model.RememberMe, model.RememberMachine);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with an authenticator code", user.Id);
            return await LandingAsync(user.Id, model.ReturnUrl, cancellationToken);
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} is locked out", user.Id);
            return RedirectToAction(nameof(Lockout));
        }

        ModelState.AddModelError(nameof(model.Code), "That code did not work. Enter the code your app shows now.");
        return Invalid(model);
    }

    [HttpGet("login-recovery")]
    public async Task<IActionResult> LoginWithRecoveryCode(string? returnUrl)
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return SignInExpired(returnUrl);
        }

        return View(new LoginWithRecoveryCodeViewModel { ReturnUrl = LocalOrNull(returnUrl) });
    }

    [HttpPost("login-recovery")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> LoginWithRecoveryCode(LoginWithRecoveryCodeViewModel model, CancellationToken cancellationToken)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return SignInExpired(model.ReturnUrl);
        }

        if (!ModelState.IsValid || model.RecoveryCode is not { } recoveryCode)
        {
            return Invalid(model);
        }

        // Codes are issued as upper-case "XXXXX-XXXXX"; people copy them with stray spaces or in lower case.
        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(
            recoveryCode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        if (result.Succeeded)
        {
            logger.LogWarning("User {UserId} signed in with a recovery code", user.Id);
            return await LandingAsync(user.Id, model.ReturnUrl, cancellationToken);
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} is locked out", user.Id);
            return RedirectToAction(nameof(Lockout));
        }

        ModelState.AddModelError(nameof(model.RecoveryCode), "That recovery code did not work. Each code works only once.");
        return Invalid(model);
    }

    /// <summary>Logs the person out everywhere: a new security stamp ends every session, copied cookies included.</summary>
    [HttpPost("logout")]
    public async Task<IActionResult> Logout(string? returnUrl)
    {
        if (await userManager.GetUserAsync(User) is { } user)
        {
            await userManager.EndAllSessionsAsync(user);
            logger.LogInformation("User {UserId} signed out everywhere", user.Id);
        }

        await signInManager.SignOutAsync();
        return LocalRedirect(LocalOrNull(returnUrl) ?? "/");
    }

    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new EmailFormViewModel());

    [HttpPost("forgot-password")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ForgotPassword(EmailFormViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || model.Email is not { } email)
        {
            return Invalid(model);
        }

        var user = await userManager.FindByEmailAsync(email.Trim());
        if (user is not null)
        {
            if (identityOptions.Value.SignIn.RequireConfirmedEmail && !await userManager.IsEmailConfirmedAsync(user))
            {
                // A new password would not let them in yet; the confirmation link will.
                await SendConfirmationAsync(user, null, cancellationToken);
            }
            else
            {
                await SendPasswordResetAsync(user, cancellationToken);
            }
        }

        return RedirectToAction(nameof(ForgotPasswordConfirmation));
    }

    [HttpGet("forgot-password-confirmation")]
    public IActionResult ForgotPasswordConfirmation() => View();

    [HttpGet("reset-password")]
    public IActionResult ResetPassword(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
        {
            return InvalidResetLink();
        }

        return View(new ResetPasswordViewModel { UserId = userId, Code = code });
    }

    [HttpPost("reset-password")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ResetPassword(ResetPasswordViewModel model)
    {
        if (ModelState.HasErrors(nameof(model.UserId))
            || ModelState.HasErrors(nameof(model.Code))
            || await FindByIdAsync(model.UserId) is not { } user
            || DecodeToken(model.Code) is not { } token)
        {
            return InvalidResetLink();
        }

        if (!ModelState.IsValid || model.Password is not { } password)
        {
            return Invalid(model);
        }

        var result = await userManager.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                return InvalidResetLink();
            }

            ModelState.AddIdentityErrors(result, nameof(model.Password));
            return Invalid(model);
        }

        // Whoever followed the link controls the mailbox: earlier failed attempts no longer matter.
        await userManager.ResetAccessFailedCountAsync(user);
        await userManager.SetLockoutEndDateAsync(user, null);
        logger.LogInformation("User {UserId} reset their password", user.Id);
        return RedirectToAction(nameof(ResetPasswordConfirmation));
    }

    [HttpGet("reset-password-confirmation")]
    public IActionResult ResetPasswordConfirmation() => View();

    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("lockout")]
    public IActionResult Lockout() => View();

    private ViewResult Invalid(object model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(model);
    }

    private ViewResult LoginFailed(LoginViewModel model)
    {
        ModelState.AddModelError(string.Empty, InvalidLoginMessage);
        return Invalid(model);
    }

    private RedirectToActionResult SignInExpired(string? returnUrl)
    {
        TempData["Notice"] = "Your sign-in took too long. Please log in again.";
        return RedirectToAction(nameof(Login), new { returnUrl = LocalOrNull(returnUrl) });
    }

    private ViewResult InvalidConfirmationLink()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("InvalidLink", new InvalidLinkViewModel(
            "This confirmation link does not work",
            "The link may be incomplete, already replaced by a newer one, or expired.",
            Url.Action(nameof(ResendConfirmation)) ?? "/account/resend-confirmation",
            "Send a new confirmation link"));
    }

    private ViewResult InvalidResetLink()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("InvalidLink", new InvalidLinkViewModel(
            "This password reset link does not work",
            "The link may be incomplete, already used, or expired.",
            Url.Action(nameof(ForgotPassword)) ?? "/account/forgot-password",
            "Ask for a new link"));
    }

    /// <summary>After sign-in: back to where the person was going, else into their first organization.</summary>
    private async Task<IActionResult> LandingAsync(Guid userId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (returnUrl is not null)
        {
            return LocalRedirect(returnUrl);
        }

        // This request began anonymous; PostgreSQL shows a person's memberships only once it knows who acts.
        tenant.SetUser(userId);
        var organizations = await directory.ForUserAsync(userId, cancellationToken);
        return organizations.Count > 0
            ? LocalRedirect($"/{organizations[0].Slug}/time")
            : LocalRedirect("/organizations/new");
    }

    /// <summary>
    /// Registration through an invitation: the account gets the invited address, whatever was posted,
    /// and comes back to the invitation afterwards. False when the invitation cannot be used any more.
    /// </summary>
    private async Task<bool> BindInvitationAsync(RegisterViewModel model, string token, CancellationToken cancellationToken)
    {
        if (await invitations.FindAsync(token, cancellationToken) is not { State: InvitationState.Open } found)
        {
            return false;
        }

        model.Invitation = token;
        model.Email = found.Invitation.Email;
        model.InvitedEmail = found.Invitation.MaskedEmail();
        model.ReturnUrl = InvitationPath(token);
        ModelState.Remove(nameof(model.Email));
        return true;
    }

    /// <summary>The invitation's own page, which says why it can no longer be used.</summary>
    private LocalRedirectResult InvitationPage(string token) => LocalRedirect(InvitationPath(token));

    private static string InvitationPath(string token) => "/invitations/" + Uri.EscapeDataString(token);

    private async Task NotifyExistingAccountAsync(ApplicationUser existing, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await userManager.IsEmailConfirmedAsync(existing))
        {
            // Most likely the same person, who lost the first message.
            await SendConfirmationAsync(existing, returnUrl, cancellationToken);
            return;
        }

        logger.LogInformation("Registration attempted with the address of user {UserId}", existing.Id);
        await emails.SendAlreadyRegisteredAsync(
            existing,
            AbsoluteUrl(nameof(Login), new { returnUrl }),
            AbsoluteUrl(nameof(ForgotPassword), null),
            cancellationToken);
    }

    private async Task SendConfirmationAsync(ApplicationUser user, string? returnUrl, CancellationToken cancellationToken)
    {
        var token = await userManager.GenerateEmailConfirmationTokenAsync(user);
        var link = AbsoluteUrl(nameof(ConfirmEmail), new { userId = user.Id, code = EncodeToken(token), returnUrl });
        await emails.SendConfirmationAsync(user, link, cancellationToken);
    }

    private async Task SendPasswordResetAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var link = AbsoluteUrl(nameof(ResetPassword), new { userId = user.Id, code = EncodeToken(token) });
        await emails.SendPasswordResetAsync(user, link, cancellationToken);
        logger.LogInformation("Password reset link sent to user {UserId}", user.Id);
    }

    /// <summary>A link for an email: from the configured public address, never from this request's Host header.</summary>
    private string AbsoluteUrl(string action, object? values) => links.ToAction(action, "Account", values);

    private string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;

    private async Task<ApplicationUser?> FindByIdAsync(string? userId) =>
        Guid.TryParse(userId, out var id) ? await userManager.FindByIdAsync(id.ToString()) : null;

    private static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private static string? DecodeToken(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string StripSeparators(string code) =>
        code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
