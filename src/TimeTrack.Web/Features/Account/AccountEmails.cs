using System.Net;
using TimeTrack.Web.Infrastructure.Email;

namespace TimeTrack.Web.Features.Account;

/// <summary>The messages the account pages send. Plain text plus the same words as encoded HTML.</summary>
public static class AccountEmails
{
    public static Task SendConfirmationAsync(this IEmailSender sender, string email, string displayName, string link, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(
            email,
            "Confirm your email address for TimeTrack",
            [
                $"Hello {displayName},",
                "Please confirm your email address to finish setting up your TimeTrack account.",
            ],
            ("Confirm my email address", link),
            ["If you did not create this account, you can ignore this message."],
            cancellationToken);

    public static Task SendAlreadyRegisteredAsync(this IEmailSender sender, string email, string displayName, string loginLink, string resetLink, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(
            email,
            "Someone tried to create a TimeTrack account with your email",
            [
                $"Hello {displayName},",
                "Someone tried to create a new TimeTrack account with this email address. You already have an account, so nothing was changed.",
                $"If it was you, log in here: {loginLink}",
            ],
            ("Forgotten your password? Choose a new one", resetLink),
            ["If it was not you, you can ignore this message. Your account is safe."],
            cancellationToken);

    public static Task SendPasswordResetAsync(this IEmailSender sender, string email, string displayName, string link, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(
            email,
            "Reset your TimeTrack password",
            [
                $"Hello {displayName},",
                "We received a request to reset the password of your TimeTrack account.",
            ],
            ("Choose a new password", link),
            ["If you did not ask for this, you can ignore this message: your password stays as it is."],
            cancellationToken);

    private static Task SendMessageAsync(
        this IEmailSender sender,
        string email,
        string subject,
        IReadOnlyList<string> before,
        (string Label, string Url) action,
        IReadOnlyList<string> after,
        CancellationToken cancellationToken)
    {
        var text = string.Join("\n\n", [.. before, $"{action.Label}: {action.Url}", .. after]);
        var html = string.Concat(
            string.Concat(before.Select(Paragraph)),
            $"<p><a href=\"{WebUtility.HtmlEncode(action.Url)}\">{WebUtility.HtmlEncode(action.Label)}</a></p>",
            string.Concat(after.Select(Paragraph)));
        return sender.SendAsync(email, subject, text, html, cancellationToken);

        static string Paragraph(string line) => $"<p>{WebUtility.HtmlEncode(line)}</p>";
    }
}
