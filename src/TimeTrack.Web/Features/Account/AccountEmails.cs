using System.Globalization;
using System.Net;
using Microsoft.Extensions.Localization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Infrastructure.Email;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Features.Account;

/// <summary>
/// The messages the account pages send, plain text plus the same words as encoded HTML, in the
/// recipient's chosen language, else in the language of the request that sends them (the person asking).
/// </summary>
public sealed class AccountEmails(IEmailSender sender, IStringLocalizer<SharedResource> text)
{
    public Task SendConfirmationAsync(ApplicationUser user, string link, CancellationToken cancellationToken)
    {
        using var language = CultureScope.Use(LanguageOf(user));
        return SendMessageAsync(
            user.Email ?? "",
            text["Confirm your email address for TimeTrack"],
            [
                text["Hello {0},", user.DisplayName],
                text["Please confirm your email address to finish setting up your TimeTrack account."],
            ],
            (text["Confirm my email address"], link),
            [text["If you did not create this account, you can ignore this message."]],
            cancellationToken);
    }

    public Task SendAlreadyRegisteredAsync(ApplicationUser user, string loginLink, string resetLink, CancellationToken cancellationToken)
    {
        using var language = CultureScope.Use(LanguageOf(user));
        return SendMessageAsync(
            user.Email ?? "",
            text["Someone tried to create a TimeTrack account with your email"],
            [
                text["Hello {0},", user.DisplayName],
                text["Someone tried to create a new TimeTrack account with this email address. You already have an account, so nothing was changed."],
                text["If it was you, log in here: {0}", loginLink],
            ],
            (text["Forgotten your password? Choose a new one"], resetLink),
            [text["If it was not you, you can ignore this message. Your account is safe."]],
            cancellationToken);
    }

    public Task SendPasswordResetAsync(ApplicationUser user, string link, CancellationToken cancellationToken)
    {
        using var language = CultureScope.Use(LanguageOf(user));
        return SendMessageAsync(
            user.Email ?? "",
            text["Reset your TimeTrack password"],
            [
                text["Hello {0},", user.DisplayName],
                text["We received a request to reset the password of your TimeTrack account."],
            ],
            (text["Choose a new password"], link),
            [text["If you did not ask for this, you can ignore this message: your password stays as it is."]],
            cancellationToken);
    }

    private static CultureInfo LanguageOf(ApplicationUser user) =>
        Cultures.ForPerson(user.Culture, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private Task SendMessageAsync(
        string email,
        string subject,
        IReadOnlyList<string> before,
        (string Label, string Url) action,
        IReadOnlyList<string> after,
        CancellationToken cancellationToken)
    {
        var plain = string.Join("\n\n", [.. before, text["{0}: {1}", action.Label, action.Url].Value, .. after]);
        var html = string.Concat(
            string.Concat(before.Select(Paragraph)),
            $"<p><a href=\"{WebUtility.HtmlEncode(action.Url)}\">{WebUtility.HtmlEncode(action.Label)}</a></p>",
            string.Concat(after.Select(Paragraph)));
        return sender.SendAsync(email, subject, plain, html, cancellationToken);

        static string Paragraph(string line) => $"<p>{WebUtility.HtmlEncode(line)}</p>";
    }
}
