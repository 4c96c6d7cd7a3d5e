using System.Globalization;
using System.Text.RegularExpressions;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>Reads a length of time as pages write it in any of the three styles ("22h 30m", "45m", "22:30", "22.50"), in minutes.</summary>
public static partial class Lengths
{
    public static int Minutes(string text)
    {
        var trimmed = text.Trim().Trim('"');
        if (trimmed.Length == 0)
        {
            return 0;
        }

        var match = Pattern().Match(trimmed);
        Assert.True(match.Success, $"'{text}' is not a length.");
        int Number(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["dh"].Success)
        {
            return (int)Math.Round(decimal.Parse(match.Groups["dh"].Value, CultureInfo.InvariantCulture) * 60);
        }

        return match.Groups["ch"].Success
            ? (Number("ch") * 60) + Number("cm")
            : (Number("h") * 60) + Number("m");
    }

    /// <summary>
    /// A page's length written as decimal hours ("22h 30m" → "22.50"), so that expectations read the same
    /// as the CSV; any other text (a withheld figure, a label) as it is.
    /// </summary>
    public static string AsDecimalHours(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && Pattern().IsMatch(trimmed)
            ? (Minutes(trimmed) / 60m).ToString("0.00", CultureInfo.InvariantCulture)
            : trimmed;
    }

    [GeneratedRegex(@"^(?:(?<ch>\d+):(?<cm>\d\d)|(?<dh>\d+\.\d+)|(?:(?<h>\d+)h)?\s*(?:(?<m>\d+)m)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
