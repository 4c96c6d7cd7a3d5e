using System.Text.RegularExpressions;
using MimeKit;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>Reads the emails the app dropped into its pickup folder (<see cref="TimeTrackFactory.MailDirectory"/>).</summary>
public static partial class Mailbox
{
    /// <summary>Every message to <paramref name="recipient"/> (case-insensitive), oldest first.</summary>
    public static IReadOnlyList<MimeMessage> To(string directory, string recipient) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "*.eml")
                .Select(file => (File: file, Message: MimeMessage.Load(file)))
                .Where(m => m.Message.To.Mailboxes.Any(a => string.Equals(a.Address, recipient, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(m => m.Message.Date)
                .ThenBy(m => File.GetLastWriteTimeUtc(m.File))
                .Select(m => m.Message)]
            : [];

    /// <summary>The absolute links in a message's text body whose path contains <paramref name="pathPart"/>.</summary>
    public static IReadOnlyList<string> Links(MimeMessage message, string pathPart) =>
        [.. AbsoluteUrl().Matches(message.TextBody ?? "").Select(m => m.Value).Where(url => url.Contains(pathPart, StringComparison.Ordinal))];

    /// <summary>The one link containing <paramref name="pathPart"/> in the newest message to <paramref name="recipient"/>.</summary>
    public static string NewestLink(string directory, string recipient, string pathPart)
    {
        var messages = To(directory, recipient);
        var newest = messages.Count > 0 ? messages[^1] : throw new InvalidOperationException($"No email to {recipient} in {directory}.");
        return Assert.Single(Links(newest, pathPart));
    }

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex AbsoluteUrl();
}
