using System.Text.RegularExpressions;
using MimeKit;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>Reads the emails the app dropped into its pickup folder.</summary>
public static partial class Mailbox
{
    /// <summary>The confirmation link in the newest email to <paramref name="recipient"/>, waiting briefly for it to arrive.</summary>
    public static Task<Uri> ConfirmationLinkAsync(string directory, string recipient) =>
        LinkAsync(directory, recipient, ConfirmLink(), "confirmation");

    /// <summary>The invitation link in the newest email to <paramref name="recipient"/>, waiting briefly for it to arrive.</summary>
    public static Task<Uri> InvitationLinkAsync(string directory, string recipient) =>
        LinkAsync(directory, recipient, InvitationLink(), "invitation");

    private static async Task<Uri> LinkAsync(string directory, string recipient, Regex pattern, string kind)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var link = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*.eml")
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .Select(path => MimeMessage.Load(path))
                    .Where(message => message.To.Mailboxes.Any(m => string.Equals(m.Address, recipient, StringComparison.OrdinalIgnoreCase)))
                    .Select(message => pattern.Match(message.TextBody ?? message.HtmlBody ?? ""))
                    .FirstOrDefault(match => match.Success)
                : null;
            if (link is not null)
            {
                // MimeKit has already undone the transfer encoding; an HTML body still escapes ampersands.
                return new Uri(System.Net.WebUtility.HtmlDecode(link.Value));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No {kind} email to {recipient} arrived in {directory}.");
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex("""https?://[^\s"'<>]+/account/confirm-email\?[^\s"'<>]+""")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("""https?://[^\s"'<>]+/invitations/[^\s"'<>]+""")]
    private static partial Regex InvitationLink();
}
