using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TimeTrack.Web.Infrastructure.Passwords;

namespace TimeTrack.Web.Features.Account;

public sealed class ProfileViewModel
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Your name")]
    public string? DisplayName { get; set; }

    /// <summary>Empty means "use my organization's time zone".</summary>
    [Display(Name = "Time zone")]
    public string? TimeZoneId { get; set; }

    /// <summary>How lengths of time are written on every page; an unknown value fails model binding.</summary>
    [Display(Name = "Show lengths of time as")]
    public TimeTrack.Domain.Time.DurationStyle DurationStyle { get; set; }

    /// <summary>The pages' language: one of <see cref="Localization.Cultures.Supported"/>, or empty to follow the browser.</summary>
    [Display(Name = "Language")]
    public string? Culture { get; set; }
}

public sealed class ChangePasswordViewModel
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MinimumLength, ErrorMessage = "Use {2} to {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Enter the new password again.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm new password")]
    public string? ConfirmNewPassword { get; set; }
}

public sealed record TwoFactorStatusViewModel(bool Enabled, bool HasAuthenticator, int RecoveryCodesLeft, bool BrowserRemembered);

public sealed class EnableAuthenticatorViewModel
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^[0-9\s-]{6,9}$", ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [Display(Name = "Verification code")]
    public string? Code { get; set; }

    /// <summary>The key, in groups of four, for people who type it instead of scanning.</summary>
    [BindNever]
    public string SharedKey { get; set; } = "";

    /// <summary>The QR code of the otpauth:// URI as a PNG data URI.</summary>
    [BindNever]
    public string QrCodeDataUri { get; set; } = "";
}

public sealed record RecoveryCodesViewModel(IReadOnlyList<string> Codes);
