using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using QRCoder;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Features.Account;

/// <summary>The signed-in person's own settings: profile, password and two-factor authentication.</summary>
[ShowsNoOneElsesData("The person's own account settings.")]
[Authorize]
[Route("account/manage")]
public sealed class ManageController(
    UserManager<ApplicationUser> userManager,
    SignInManager<ApplicationUser> signInManager,
    UrlEncoder urlEncoder,
    IStringLocalizer<SharedResource> text,
    ILogger<ManageController> logger) : Controller
{
    private const int RecoveryCodeCount = 10;
    private const string Issuer = "TimeTrack";
    private const string NoStore = "no-cache, no-store";

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        ViewData["Email"] = user.Email;
        return Page("Index", new ProfileViewModel { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId, DurationStyle = user.DurationStyle, Culture = user.Culture });
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(ProfileViewModel model)
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        model.DisplayName = model.DisplayName?.Trim();
        model.TimeZoneId = string.IsNullOrWhiteSpace(model.TimeZoneId) ? null : model.TimeZoneId;
        if (model.TimeZoneId is not null && !TimeZones.IsKnown(model.TimeZoneId))
        {
            ModelState.AddModelError(nameof(model.TimeZoneId), text["Choose a time zone from the list."]);
        }

        model.Culture = string.IsNullOrWhiteSpace(model.Culture) ? null : model.Culture;
        if (model.Culture is not null && !Cultures.IsSupported(model.Culture))
        {
            ModelState.AddModelError(nameof(model.Culture), text["Choose a language from the list."]);
        }

        if (!ModelState.IsValid || model.DisplayName is not { } displayName)
        {
            ViewData["Email"] = user.Email;
            return Invalid("Index", model);
        }

        user.DisplayName = displayName;
        user.TimeZoneId = model.TimeZoneId;
        user.DurationStyle = model.DurationStyle;
        user.Culture = model.Culture;
        var result = await userManager.UpdateAsync(user);
        if (!result.Succeeded)
        {
            ModelState.AddIdentityErrors(result, string.Empty);
            ViewData["Email"] = user.Email;
            return Invalid("Index", model);
        }

        // The layout shows it in the language just chosen, on the next page.
        TempData["Notice"] = "Your profile has been saved.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("password")]
    public IActionResult ChangePassword() => Page("ChangePassword", new ChangePasswordViewModel());

    [HttpPost("password")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ChangePassword(ChangePasswordViewModel model)
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!ModelState.IsValid || model is not { CurrentPassword: { } current, NewPassword: { } next })
        {
            return Invalid("ChangePassword", model);
        }

        var result = await userManager.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                {
                    ModelState.AddModelError(nameof(model.CurrentPassword), "Your current password is not right.");
                }
                else
                {
                    ModelState.AddIdentityErrors(IdentityResult.Failed(error), nameof(model.NewPassword));
                }
            }

            return Invalid("ChangePassword", model);
        }

        // The security stamp changed: other sessions end, this one is re-issued.
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        TempData["Notice"] = "Your password has been changed.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("two-factor")]
    public async Task<IActionResult> TwoFactor()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        return Page("TwoFactor", new TwoFactorStatusViewModel(
            await userManager.GetTwoFactorEnabledAsync(user),
            !string.IsNullOrEmpty(await userManager.GetAuthenticatorKeyAsync(user)),
            await userManager.CountRecoveryCodesAsync(user),
            await signInManager.IsTwoFactorClientRememberedAsync(user)));
    }

    [HttpGet("two-factor/enable")]
    public async Task<IActionResult> EnableAuthenticator()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (await userManager.GetTwoFactorEnabledAsync(user))
        {
            // The key of an authenticator in use is never shown again; moving to a new app starts with a reset.
            TempData["Notice"] = "Two-factor authentication is already on. To use a different app, reset your authenticator key first.";
            return RedirectToAction(nameof(TwoFactor));
        }

        if (string.IsNullOrEmpty(await userManager.GetAuthenticatorKeyAsync(user)))
        {
            // No key yet: creating one is a change, so it happens only through the POST below.
            return RedirectToAction(nameof(TwoFactor));
        }

        var model = new EnableAuthenticatorViewModel();
        await LoadSetupAsync(user, model);
        return Page("EnableAuthenticator", model);
    }

    /// <summary>Creates the authenticator key (if there is none yet) and shows it for scanning.</summary>
    [HttpPost("two-factor/setup")]
    public async Task<IActionResult> SetUpAuthenticator()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await userManager.GetTwoFactorEnabledAsync(user) && string.IsNullOrEmpty(await userManager.GetAuthenticatorKeyAsync(user)))
        {
            await userManager.ResetAuthenticatorKeyAsync(user);
            await signInManager.RefreshSignInAsync(user);
        }

        return RedirectToAction(nameof(EnableAuthenticator));
    }

    [HttpPost("two-factor/enable")]
    public async Task<IActionResult> EnableAuthenticator(EnableAuthenticatorViewModel model)
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (ModelState.IsValid && model.Code is { } code
            && await userManager.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, StripSeparators(code)))
        {
            await userManager.SetTwoFactorEnabledAsync(user, true);
            var codes = await GenerateRecoveryCodesAsync(user);
            await signInManager.RefreshSignInAsync(user);
            logger.LogInformation("User {UserId} turned on two-factor authentication", user.Id);
            return ShowRecoveryCodes(codes);
        }

        if (ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(model.Code), "That code did not work. Check that the app shows TimeTrack and enter the code it shows now.");
        }

        await LoadSetupAsync(user, model);
        return Invalid("EnableAuthenticator", model);
    }

    [HttpPost("two-factor/disable")]
    public async Task<IActionResult> DisableTwoFactor()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await userManager.SetTwoFactorEnabledAsync(user, false);
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} turned off two-factor authentication", user.Id);
        TempData["Notice"] = "Two-factor authentication is off. You can turn it back on at any time.";
        return RedirectToAction(nameof(TwoFactor));
    }

    [HttpPost("two-factor/recovery-codes")]
    public async Task<IActionResult> RegenerateRecoveryCodes()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await userManager.GetTwoFactorEnabledAsync(user))
        {
            TempData["Notice"] = "Recovery codes are for two-factor authentication. Turn it on first.";
            return RedirectToAction(nameof(TwoFactor));
        }

        var codes = await GenerateRecoveryCodesAsync(user);
        logger.LogInformation("User {UserId} generated new recovery codes", user.Id);
        return ShowRecoveryCodes(codes);
    }

    [HttpPost("two-factor/reset-authenticator")]
    public async Task<IActionResult> ResetAuthenticator()
    {
        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await userManager.SetTwoFactorEnabledAsync(user, false);
        await userManager.ResetAuthenticatorKeyAsync(user);
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} reset their authenticator key", user.Id);
        TempData["Notice"] = "Your authenticator key has been reset and two-factor authentication is off. Set up your app again to turn it back on.";
        return RedirectToAction(nameof(EnableAuthenticator));
    }

    [HttpPost("two-factor/forget-browser")]
    public async Task<IActionResult> ForgetBrowser()
    {
        await signInManager.ForgetTwoFactorClientAsync();
        TempData["Notice"] = "This browser will ask for a code again at your next sign-in.";
        return RedirectToAction(nameof(TwoFactor));
    }

    private ViewResult Page(string name, object model) => View($"~/Features/Account/Manage/{name}.cshtml", model);

    private ViewResult Invalid(string name, object model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page(name, model);
    }

    private ViewResult ShowRecoveryCodes(IReadOnlyList<string> codes)
    {
        // Shown once: keep them out of every cache (the same value antiforgery sets on pages with forms).
        Response.Headers.CacheControl = NoStore;
        return Page("RecoveryCodes", new RecoveryCodesViewModel(codes));
    }

    private async Task<IReadOnlyList<string>> GenerateRecoveryCodesAsync(ApplicationUser user) =>
        [.. await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount)
            ?? throw new InvalidOperationException("The user store cannot keep recovery codes.")];

    /// <summary>Fills the setup page: the existing key as text and as a QR code.</summary>
    private async Task LoadSetupAsync(ApplicationUser user, EnableAuthenticatorViewModel model)
    {
        var key = await userManager.GetAuthenticatorKeyAsync(user)
            ?? throw new InvalidOperationException("The authenticator key is created by SetUpAuthenticator before this page is shown.");

        var email = user.Email ?? user.UserName ?? "";
        var uri = $"otpauth://totp/{urlEncoder.Encode(Issuer)}:{urlEncoder.Encode(email)}?secret={key}&issuer={urlEncoder.Encode(Issuer)}&digits=6";
        model.SharedKey = FormatKey(key);
        model.QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(RenderQrCode(uri));
        Response.Headers.CacheControl = NoStore;
    }

    private static byte[] RenderQrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(5);
    }

    private static string FormatKey(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return builder.ToString().ToLowerInvariant();
    }

    private static string StripSeparators(string code) =>
        code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
