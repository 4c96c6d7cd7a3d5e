using Microsoft.AspNetCore.Identity;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Infrastructure.Passwords;

/// <summary>
/// Password rules per OWASP ASVS 5.0 §6.2: at least 12 characters, up to 128 allowed (more than
/// the required 64), every character allowed, no composition rules, and the most common passwords refused.
/// Identity's own validator enforces the minimum length.
/// </summary>
public sealed class PasswordRules(CommonPasswords commonPasswords) : IPasswordValidator<ApplicationUser>
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var errors = new List<IdentityError>();
        if (password.Length > MaximumLength)
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"Passwords can be up to {MaximumLength} characters long.",
            });
        }

        if (commonPasswords.Contains(password))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is on a list of commonly used passwords. Please choose another — a few unrelated words work well.",
            });
        }

        if (user.Email is { Length: > 0 } email && password.Contains(email, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "Your password must not contain your email address.",
            });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
