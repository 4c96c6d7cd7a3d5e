using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace TimeTrack.Domain.Imports;

/// <summary>
/// A stable identity for an imported entry's content, so that importing the same export again (or the same
/// entries in another encoding, delimiter or date format) can be recognised: the SHA-256, in lowercase hex,
/// of the vendor and the entry's normalized fields — who (email lowercased, name), what (client, project,
/// task, description, tags in ordinal order, billable) and when (date, start and end, duration). Text is
/// trimmed and in Unicode normalization form C; each field is length-prefixed so no two entries can
/// serialize alike. The line number is left out (a re-export may order rows differently) and so are rate,
/// amount and currency: a tracker re-prices entries after the fact, and a re-priced entry is still the
/// same time already imported. Two identical entries in one file share a fingerprint; whoever stores
/// them tells them apart by occurrence.
/// </summary>
public static class EntryFingerprint
{
    private const string Version = "v1";

    public static string Of(ImportedEntry entry)
    {
        var text = new StringBuilder(256);
        Add(text, Version);
        Add(text, entry.Format.ToString());
        Add(text, entry.UserEmail?.ToLowerInvariant());
        Add(text, entry.UserName);
        Add(text, entry.Client);
        Add(text, entry.Project);
        Add(text, entry.Task);
        Add(text, entry.Description);
        Add(text, string.Join('\u001F', entry.Tags.Select(Normal).Order(StringComparer.Ordinal)));
        Add(text, entry.Billable switch { true => "1", false => "0", null => "" });
        Add(text, LocalDatePattern.Iso.Format(entry.Date));
        Add(text, entry.Start is { } start ? LocalDateTimePattern.ExtendedIso.Format(start) : "");
        Add(text, entry.End is { } end ? LocalDateTimePattern.ExtendedIso.Format(end) : "");
        Add(text, entry.Duration is { } duration ? duration.ToInt64Nanoseconds().ToString(CultureInfo.InvariantCulture) : "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Add(StringBuilder text, string? value)
    {
        var normal = Normal(value);
        text.Append(normal.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(normal).Append(';');
    }

    private static string Normal(string? value) => value is null ? "" : value.Trim().Normalize(NormalizationForm.FormC);
}
