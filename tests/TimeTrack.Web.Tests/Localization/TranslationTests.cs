using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using TimeTrack.Web.Localization;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>The translations themselves: every language has every text, and keeps its placeholders.</summary>
public sealed partial class TranslationTests
{
    private static readonly ResourceManager Resources = new("TimeTrack.Web.Resources.Localization.SharedResource", typeof(SharedResource).Assembly);

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_language_translates_the_same_texts_as_german(string culture) =>
        Assert.Equal(Texts("de").Keys.Order(StringComparer.Ordinal), Texts(culture).Keys.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_translation_is_written_and_keeps_the_placeholders_of_its_english_text(string culture)
    {
        var texts = Texts(culture);
        Assert.True(texts.Count > 150, $"{culture} has only {texts.Count} texts.");
        Assert.All(texts, text =>
        {
            Assert.False(string.IsNullOrWhiteSpace(text.Value), text.Key);
            Assert.Equal(Placeholders(text.Key), Placeholders(text.Value));
        });
    }

    private static Dictionary<string, string> Texts(string culture)
    {
        var set = Resources.GetResourceSet(new CultureInfo(culture), createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for {culture}.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static List<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{[0-9]+\}")]
    private static partial Regex Placeholder();
}
