using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace TimeTrack.Web.Features.Transparency;

/// <summary>
/// The policy's generated wording (<c>PolicyText</c>, English in the Domain) in the reader's language:
/// a text is looked up as a key; failing that, a text with one number is looked up with the number as
/// <c>{0}</c>, and a list of day names ("Mon–Fri", "Mon, Wed") day by day. Anything else stays English.
/// </summary>
public static partial class PolicyWords
{
    public static string Translate(IStringLocalizer text, string english)
    {
        ArgumentNullException.ThrowIfNull(text);
        var direct = text[english];
        if (!direct.ResourceNotFound || english.Length == 0)
        {
            return direct;
        }

        var numbers = Number().Matches(english);
        if (numbers.Count == 1)
        {
            var counted = text[Number().Replace(english, "{0}"), int.Parse(numbers[0].Value, CultureInfo.InvariantCulture)];
            if (!counted.ResourceNotFound)
            {
                return counted;
            }
        }

        if (DayList().IsMatch(english))
        {
            return Days().Replace(english, m => text[m.Value]);
        }

        return english;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")]
    private static partial Regex Days();

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)([–, ]+(Mon|Tue|Wed|Thu|Fri|Sat|Sun))*$")]
    private static partial Regex DayList();
}
