using System.Net;
using AngleSharp.Html.Dom;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>Its own app and database: these tests sign in (and fail to) and change reminders.</summary>
public sealed class AccountPagesInGermanFactory : TimeTrackFactory;

public sealed class AccountPagesInGermanTests(AccountPagesInGermanFactory factory) : IClassFixture<AccountPagesInGermanFactory>
{
    [Fact]
    public async Task An_anonymous_german_browser_gets_the_sign_in_page_in_german()
    {
        var browser = Client("de-DE,de;q=0.9,en;q=0.5");

        var login = await browser.GetDocumentAsync("/account/login");
        Assert.Equal("de", login.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Anmelden", Text(login, "h1"));
        Assert.Equal("E-Mail", Text(login, "label[for=Email]"));
        Assert.Equal("Passwort", Text(login, "label[for=Password]"));
        Assert.Equal("Auf diesem Gerät angemeldet bleiben", Text(login, "label[for=RememberMe]"));
        Assert.Equal("Anmelden", Text(login, "form button[type=submit]"));
        Assert.Contains("Passwort vergessen?", Links(login));
        // Machine values stay as they are.
        Assert.Equal("/account/login", login.QuerySelector("form[method=post]")?.GetAttribute("action"));
        Assert.Equal("email", login.QuerySelector("#Email")?.GetAttribute("autocomplete"));

        var forgot = await browser.GetDocumentAsync("/account/forgot-password");
        Assert.Equal("Passwort vergessen?", Text(forgot, "h1"));
        Assert.Equal("Link senden", Text(forgot, "form button[type=submit]"));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_german()
    {
        var browser = Client("de-DE,de;q=0.9");

        var response = await browser.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = "alice@acme.test",
            ["Password"] = "Not-Her-Password-2026",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Es gibt ein Problem", Text(page, "#error-summary-title"));
        Assert.Equal("E-Mail-Adresse oder Passwort stimmt nicht.", Text(page, "#error-summary li"));
    }

    [Fact]
    public async Task An_empty_sign_in_form_is_answered_with_german_field_errors()
    {
        var browser = Client("de");

        var response = await browser.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = "",
            ["Password"] = "",
        });

        var page = await Forms.ParseAsync(response);
        Assert.Equal("Gib deine E-Mail-Adresse ein.", Text(page, "#Email-error"));
        Assert.Equal("Gib dein Passwort ein.", Text(page, "#Password-error"));
    }

    [Fact]
    public async Task A_signed_in_german_person_gets_the_reminders_and_my_data_pages_in_german()
    {
        var alice = await SignedInAsync("alice@acme.test", "de-DE,de;q=0.9");

        var reminders = await alice.GetDocumentAsync("/acme/settings/reminders");
        Assert.Equal("Deine Erinnerungen", Text(reminders, "h1"));
        Assert.Equal("Erinnerungen speichern", Text(reminders, "form[action='/acme/settings/reminders'] button"));
        Assert.Equal("Aus", Text(reminders, "#Form_IdleMinutes option[value='']"));
        Assert.Contains("Minuten", Text(reminders, "#Form_IdleMinutes option:nth-child(2)"), StringComparison.Ordinal);
        Assert.Equal("/acme/settings/reminders", reminders.QuerySelector("section.card form")?.GetAttribute("action"));

        var refused = await alice.SubmitAsync("/acme/settings/reminders", new Dictionary<string, string>
        {
            ["Form.NothingLogged"] = "false",
            ["Form.IdleMinutes"] = "7",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Text(await Forms.ParseAsync(refused), "#Form_IdleMinutes-error");
        Assert.StartsWith("Wähle „Aus“", error, StringComparison.Ordinal);
        Assert.Contains("„7“", error, StringComparison.Ordinal);

        var data = await alice.GetDocumentAsync("/acme/me/data");
        Assert.Equal("Deine Daten", Text(data, "h1"));
        Assert.Equal("Was die Datei enthält", Text(data, "#contents-heading"));
        Assert.Equal("Herunterladen", Text(data, "#download-heading"));
        Assert.Equal("Meine Daten vorbereiten", Text(data, "form[action='/acme/me/data'] button"));

        var tokens = await alice.GetDocumentAsync("/acme/settings/tokens");
        Assert.Equal("API-Tokens", Text(tokens, "h1"));
        Assert.Equal("Token erstellen", Text(tokens, "form[action='/acme/settings/tokens'] button"));
        Assert.Equal("90 Tage", Text(tokens, "#NewToken_LifetimeDays option[value='90']"));

        var organization = await alice.GetDocumentAsync("/organizations/new");
        Assert.Equal("Organisation erstellen", Text(organization, "h1"));
        Assert.Equal("Montag", Text(organization, "#WeekStart option[value=Monday]"));
    }

    [Fact]
    public async Task A_spanish_browser_gets_the_sign_in_page_in_spanish_and_a_french_one_my_data_in_french()
    {
        var browser = Client("es-ES,es;q=0.9");
        var login = await browser.GetDocumentAsync("/account/login");
        Assert.Equal("es", login.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Iniciar sesión", Text(login, "h1"));
        Assert.Contains("¿Olvidaste tu contraseña?", Links(login));

        var bob = await SignedInAsync("bob@acme.test", "fr-FR,fr;q=0.9");
        var data = await bob.GetDocumentAsync("/acme/me/data");
        Assert.Equal("Vos données", Text(data, "h1"));
        Assert.Equal("Préparer mes données", Text(data, "form[action='/acme/me/data'] button"));
    }

    [Fact]
    public async Task An_english_browser_still_gets_the_english_text()
    {
        var browser = Client("en-GB,en;q=0.9");
        var login = await browser.GetDocumentAsync("/account/login");
        Assert.Equal("Log in", Text(login, "h1"));
        Assert.Equal("Keep me signed in on this device", Text(login, "label[for=RememberMe]"));
    }

    private HttpClient Client(string acceptLanguage)
    {
        var client = factory.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    private async Task<HttpClient> SignedInAsync(string email, string acceptLanguage)
    {
        var client = Client(acceptLanguage);
        await client.LogInAsync(email);
        return client;
    }

    private static List<string> Links(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("a").Select(a => a.TextContent.Trim())];

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");
}
