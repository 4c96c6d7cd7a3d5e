using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;
using TimeTrack.Domain.Time;

namespace TimeTrack.Web.Features.Api;

/// <summary>
/// Where a page of entries ended: the (start, id) of its last entry. Opaque to clients (base64url), so
/// its shape can change; the next page continues strictly after it, newest first, so an entry added or
/// removed meanwhile neither repeats nor shifts another off the page.
/// </summary>
public readonly record struct EntryCursor(Instant Start, Guid Id)
{
    public string Encode() => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Start.ToUnixTimeTicks()}:{Id:N}")));

    public static bool TryDecode(string value, out EntryCursor cursor)
    {
        cursor = default;
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(value));
            var parts = text.Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[1], "N", out var id)
                && Instant.FromUnixTimeTicks(ticks) is var start
                && SupportedDates.Contains(start))
            {
                cursor = new EntryCursor(start, id);
                return true;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            // Not base64url, or an instant out of range: reported to the client as an invalid cursor.
        }

        return false;
    }
}
