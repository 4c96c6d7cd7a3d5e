using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Tests.Tenancy;

public sealed class OrganizationSlugTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("acme")]
    [InlineData("acme-corp")]
    [InlineData("a-b-c")]
    [InlineData("a1b")]
    [InlineData("123")]
    [InlineData("2nd-street-bakery")]
    [InlineData("team-42")]
    // Reserved words only block the exact slug.
    [InlineData("admins")]
    [InlineData("api-team")]
    [InlineData("my-account")]
    [InlineData("devops")]
    [InlineData("health-first")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Valid_slug_has_no_message(string slug) => Assert.Null(OrganizationSlug.Validate(slug));

    [Theory]
    [InlineData(null, "Choose")]
    [InlineData("", "Choose")]
    [InlineData("   ", "Choose")]
    [InlineData("ab", "3 to 40")]
    [InlineData("a", "3 to 40")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "3 to 40")]
    [InlineData("Acme", "lowercase")]
    [InlineData("ACME", "lowercase")]
    [InlineData("-acme", "lowercase")]
    [InlineData("acme-", "lowercase")]
    [InlineData("-ac-", "lowercase")]
    [InlineData("ac--me", "lowercase")]
    [InlineData("acme_corp", "lowercase")]
    [InlineData("acme corp", "lowercase")]
    [InlineData("acme.corp", "lowercase")]
    [InlineData("acme/corp", "lowercase")]
    [InlineData(" acme", "lowercase")]
    [InlineData("acme ", "lowercase")]
    [InlineData("café", "lowercase")]
    [InlineData("acme\n", "lowercase")]
    [InlineData("\nacme", "lowercase")]
    [InlineData("acme\r\n", "lowercase")]
    [InlineData("admin", "reserved")]
    [InlineData("api", "reserved")]
    [InlineData("account", "reserved")]
    [InlineData("ops", "reserved")]
    [InlineData("health", "reserved")]
    [InlineData("login", "reserved")]
    [InlineData("organizations", "reserved")]
    [InlineData("www", "reserved")]
    public void Invalid_slug_gets_a_message_saying_why(string? slug, string reason)
    {
        var message = OrganizationSlug.Validate(slug);

        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    public static TheoryData<string> ReservedWords { get; } = [.. OrganizationSlug.Reserved.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ReservedWords))]
    public void No_reserved_word_is_a_valid_slug(string word) => Assert.NotNull(OrganizationSlug.Validate(word));

    [Theory]
    [InlineData("Acme Corp.", "acme-corp")]
    [InlineData("  Acme   Corp  ", "acme-corp")]
    [InlineData("ACME", "acme")]
    [InlineData("Smith & Sons, Ltd.", "smith-sons-ltd")]
    [InlineData("Acme---Corp", "acme-corp")]
    [InlineData("--acme--", "acme")]
    [InlineData("a.b.c", "a-b-c")]
    [InlineData("2nd Street Bakery", "2nd-street-bakery")]
    [InlineData("O'Reilly Media", "o-reilly-media")]
    [InlineData("acme_corp", "acme-corp")]
    [InlineData("Acme\tCorp\n", "acme-corp")]
    [InlineData("日本語 Tech", "tech")]
    [InlineData("🚀 Rocket Labs 🚀", "rocket-labs")]
    [InlineData("Ωmega Δelta", "mega-elta")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    [InlineData("日本語", "")]
    [InlineData("Admin", "admin")]
    // Long names are cut to the maximum length, and a hyphen left at the cut is dropped.
    [InlineData("International Business Machines Company Limited", "international-business-machines-company")]
    [InlineData("Northern Lights Renewable Energy Cooperative Society", "northern-lights-renewable-energy-coopera")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa tail", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Suggestion_keeps_ascii_letters_and_digits_joined_by_single_hyphens(string name, string expected) =>
        Assert.Equal(expected, OrganizationSlug.Suggest(name));

    [Theory]
    [InlineData("Acme Corp.")]
    [InlineData("Admin")]
    [InlineData("API")]
    [InlineData("Ops")]
    [InlineData("ab")]
    [InlineData("A")]
    [InlineData("-")]
    [InlineData("  ")]
    [InlineData("x-y")]
    [InlineData("X--Y")]
    [InlineData("acme\n")]
    [InlineData("İstanbul Şirketi")]
    [InlineData("Crème Brûlée Café")]
    [InlineData("Müller & Söhne GmbH")]
    [InlineData("ﬁnance ﬂow")]
    [InlineData("Straße 42")]
    [InlineData("Ⅻ Roman")]
    [InlineData("１２３ Fullwidth")]
    [InlineData("KELVIN \u212A ǅ Ǆ")]
    [InlineData("\u00A0acme\u00A0corp\u00A0")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-b")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void Suggestion_is_valid_unless_Validate_says_it_is_too_short_or_reserved(string name) =>
        AssertSuggestionIsConsistent(name);

    [Fact]
    public void Suggestions_for_random_names_are_valid_unless_too_short_or_reserved()
    {
        // Names from a mix of ASCII, punctuation, accented letters, other scripts and invisible spaces.
        const string Alphabet = "abcXYZ019 -_.,&'!?/\\\t\néüßÆøÅİıΩжЖ日本\u00A0\u200B\u212A";
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 60)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = Alphabet[random.Next(Alphabet.Length)];
            }

            AssertSuggestionIsConsistent(new string(chars));
        }
    }

    private static void AssertSuggestionIsConsistent(string name)
    {
        var slug = OrganizationSlug.Suggest(name);
        var message = OrganizationSlug.Validate(slug);

        Assert.True(slug.Length <= OrganizationSlug.MaxLength, $"'{slug}' is too long");
        if (message is not null)
        {
            // A suggestion may be unusable, but only for reasons the person can see and fix.
            Assert.True(
                slug.Length < OrganizationSlug.MinLength || OrganizationSlug.Reserved.Contains(slug),
                $"Suggest(\"{name}\") = \"{slug}\" was rejected: {message}");
        }
        else
        {
            // A valid slug is its own suggestion, so suggesting again never changes an accepted slug.
            Assert.Equal(slug, OrganizationSlug.Suggest(slug));
        }
    }
}
