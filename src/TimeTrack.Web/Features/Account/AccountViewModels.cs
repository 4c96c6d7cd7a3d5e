using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TimeTrack.Web.Infrastructure.Passwords;

namespace TimeTrack.Web.Features.Account;

public sealed class RegisterViewModel
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Your name")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(256, ErrorMessage = "Use at most 256 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MinimumLength, ErrorMessage = "Use {2} to {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm password")]
    public string? ConfirmPassword { get; set; }

    [Required(ErrorMessage = "Choose your time zone.")]
    [Display(Name = "Time zone")]
    public string? TimeZoneId { get; set; } = "UTC";

    public string? ReturnUrl { get; set; }

    /// <summary>The invitation this registration comes from; its address becomes the account's email.</summary>
    public string? Invitation { get; set; }

    /// <summary>The invited address, masked, for display; set by the server, never bound.</summary>
    [BindNever]
    public string? InvitedEmail { get; set; }
}

public sealed class LoginViewModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class LoginWith2faViewModel
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^[0-9\s-]{6,9}$", ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [Display(Name = "Authentication code")]
    public string? Code { get; set; }

    [Display(Name = "Don't ask again on this device")]
    public bool RememberMachine { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class LoginWithRecoveryCodeViewModel
{
    [Required(ErrorMessage = "Enter one of your recovery codes.")]
    [StringLength(40, ErrorMessage = "That is not a recovery code.")]
    [Display(Name = "Recovery code")]
    public string? RecoveryCode { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>The hidden fields of the "Confirm my email" form, copied from the emailed link.</summary>
public sealed class ConfirmEmailViewModel
{
    [Required]
    public string? UserId { get; set; }

    [Required]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class EmailFormViewModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(256, ErrorMessage = "Use at most 256 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }
}

public sealed class ResetPasswordViewModel
{
    [Required]
    public string? UserId { get; set; }

    [Required]
    public string? Code { get; set; }

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MinimumLength, ErrorMessage = "Use {2} to {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the new password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm new password")]
    public string? ConfirmPassword { get; set; }
}

/// <summary>Where the "Log in" link of a confirmation page leads.</summary>
public sealed record LoginLinkViewModel(string? ReturnUrl);

/// <summary>A link from an email that cannot be used, and where to get a new one.</summary>
public sealed record InvalidLinkViewModel(string Heading, string Explanation, string RetryUrl, string RetryLabel);
