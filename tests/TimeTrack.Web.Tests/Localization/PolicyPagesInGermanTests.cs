using System.Net;
using AngleSharp.Html.Dom;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>Its own app and database: these tests post forms and read pages in several languages.</summary>
public sealed class PolicyPagesFactory : TimeTrackFactory;

/// <summary>
/// The transparency policy, the access log, the digests, the admin pages and the invoices in German
/// (and the policy in French and Spanish), with their machine values unchanged.
/// </summary>
public sealed class PolicyPagesInGermanTests(PolicyPagesFactory factory) : IClassFixture<PolicyPagesFactory>
{
    [Fact]
    public async Task The_transparency_policy_and_the_access_log_read_in_german()
    {
        var alice = await ClientAsync("alice@acme.test", "de-DE,de;q=0.9");

        var policy = await alice.GetDocumentAsync("/acme/transparency");
        Assert.Equal("de", policy.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Transparenz", Text(policy, "h1"));
        Assert.Equal("Die geltende Richtlinie", Text(policy, "#version-heading"));
        Assert.Equal("Was erfasst wird, wer es sieht und warum", Text(policy, "#who-sees"));
        var headers = policy.QuerySelectorAll("#policy-categories thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Art der Daten", "Wer es außer dir sieht", "Warum", "Aufbewahrt für"], headers);
        // The kinds of data and the settings are worded in German too; their machine names are not.
        var totals = policy.QuerySelector("#policy-categories tr[data-category=Totals] th")!;
        Assert.Equal("Tages- und Wochensummen", totals.TextContent.Trim());
        Assert.Equal("Deine eigenen Daten siehst du immer vollständig.", Text(policy, "#guarantee-own"));
        Assert.Contains("Timer", policy.QuerySelectorAll(".settings-list dt").Select(dt => dt.TextContent.Trim()));
        Assert.Contains("Arbeitstage", policy.QuerySelectorAll(".settings-list dt").Select(dt => dt.TextContent.Trim()));
        var log = policy.QuerySelectorAll("nav.card a").Single(a => a.TextContent.Trim() == "Wer meine Daten angesehen hat");
        Assert.Equal("/acme/transparency/access-log", log.GetAttribute("href"));

        var accessLog = await alice.GetDocumentAsync("/acme/transparency/access-log");
        Assert.Equal("Wer meine Daten angesehen hat", Text(accessLog, "h1"));
        Assert.StartsWith("Jedes Mal, wenn jemand anderes eine Seite", Text(accessLog, ".lead"), StringComparison.Ordinal);
        Assert.Equal("Zugriffsprotokoll", Text(accessLog, "#log-heading"));
        if (accessLog.QuerySelector("#access-log") is { } table)
        {
            Assert.Equal(["Wann", "Wer", "Was gesehen wurde", "Über", "Wo"], table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        }
        else
        {
            Assert.Equal("Bisher hat niemand anderes deine Daten angesehen.", Text(accessLog, "#log-heading + p"));
        }

        var history = await alice.GetDocumentAsync("/acme/transparency/history");
        Assert.Equal("Verlauf der Richtlinie", Text(history, "h1"));
    }

    [Fact]
    public async Task The_policy_reads_in_french_and_spanish()
    {
        var bob = await ClientAsync("bob@acme.test", "fr-FR,fr;q=0.9");
        var french = await bob.GetDocumentAsync("/acme/transparency");
        Assert.Equal("fr", french.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Transparence", Text(french, "h1"));
        Assert.Equal("Ce que cela vous garantit", Text(french, "#guarantees-heading"));
        Assert.Equal("Type de données", Text(french, "#policy-categories thead th"));

        var carol = await ClientAsync("carol@acme.test", "es-ES,es;q=0.9");
        var spanish = await carol.GetDocumentAsync("/acme/transparency/access-log");
        Assert.Equal("Quién ha visto mis datos", Text(spanish, "h1"));
        var digests = await carol.GetDocumentAsync("/acme/digests");
        Assert.Equal("Tus resúmenes semanales", Text(digests, "h1"));
    }

    [Fact]
    public async Task The_digests_page_reads_in_german()
    {
        var alice = await ClientAsync("alice@acme.test", "de");

        var digests = await alice.GetDocumentAsync("/acme/digests");
        Assert.Equal("Deine Wochenübersichten", Text(digests, "h1"));
        Assert.StartsWith("Jede Woche bekommst du einen kurzen Rückblick", Text(digests, ".lead"), StringComparison.Ordinal);
        if (digests.QuerySelector("#digest-history") is { } history)
        {
            Assert.Equal(["Woche", "Summe", "Fokuszeit", "Status"], history.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        }
        else
        {
            Assert.Equal("Noch keine Übersichten", Text(digests, "#no-digests"));
        }
    }

    [Fact]
    public async Task The_admin_page_reads_in_german_and_a_bad_invitation_is_refused_in_german()
    {
        var admin = await ClientAsync("admin@acme.test", "de-DE,de;q=0.9");

        var page = await admin.GetDocumentAsync("/acme/admin");
        Assert.Equal("Mitglieder", Text(page, "#members-heading"));
        Assert.Equal("Jemanden einladen", Text(page, "#invite-heading"));
        Assert.Equal("Einladung senden", Text(page, "#invite-heading ~ form button[type=submit]"));
        Assert.Equal(["Name", "E-Mail", "Rolle"], page.QuerySelectorAll("#members-heading + div thead th").Select(th => th.TextContent.Trim()));
        // The role is offered in German, and posted as the same value as ever.
        var employee = page.QuerySelectorAll("#Invite_Role option").Single(o => o.TextContent.Trim() == "Mitarbeiter:in");
        Assert.Equal("0", employee.GetAttribute("value"));
        var teams = page.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Teams");
        Assert.Equal("/acme/admin/teams", teams.GetAttribute("href"));

        var refused = await admin.SubmitAsync("/acme/admin", "/acme/admin/invitations", new Dictionary<string, string>
        {
            ["Invite.Email"] = "",
            ["Invite.Role"] = "Employee",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await Forms.ParseAsync(refused);
        Assert.Equal("Gib die E-Mail-Adresse der Person ein, die du einladen willst.", Text(refusedPage, "#Invite_Email-error"));

        var teamsPage = await admin.GetDocumentAsync("/acme/admin/teams");
        Assert.Equal("Teams", Text(teamsPage, "h1"));
        Assert.Equal("Team anlegen", Text(teamsPage, "#create-team-heading"));

        var organization = await admin.GetDocumentAsync("/acme/admin/organization");
        Assert.Equal("Organisationseinstellungen", Text(organization, "h1"));
        Assert.Equal("Montag", organization.QuerySelector("#Organization_WeekStart option[value=Monday]")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_policy_editor_reads_in_german_and_refuses_a_bad_group_size_in_german()
    {
        var admin = await ClientAsync("admin@acme.test", "de-DE,de;q=0.9");

        var (page, _) = await PolicyEditor.OpenAsync(admin, "acme");
        Assert.Equal("Transparenzrichtlinie", Text(page, "h1"));
        Assert.Equal("Entwurf speichern", Text(page, "form[action='/acme/admin/policy'] button[type=submit]"));
        Assert.Equal("Kleinste Gruppe, deren Summen gezeigt werden", Text(page, "label[for=Settings_MinimumGroupSize]"));
        Assert.Equal("Namentliche Ausnahmen", Text(page, "#exceptions-heading"));
        // The choices are worded in German; the values they post are not.
        var refused = page.QuerySelector("input[name='Settings.Overlaps'][value=Rejected]")!;
        Assert.Equal("Abgelehnt", refused.ParentElement!.TextContent.Trim());

        var response = await PolicyEditor.SaveDraftAsync(admin, "acme", fields => fields.Set("Settings.MinimumGroupSize", "1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var again = await Forms.ParseAsync(response);
        const string message = "Zeige Gruppensummen nur für Gruppen von 2 bis 50 Personen: Eine Gruppe aus einer Person sind die Daten dieser Person.";
        Assert.Equal(message, Text(again, "#Settings_MinimumGroupSize-error"));
        Assert.Contains(message, again.QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()));
        Assert.Equal("1", again.QuerySelector("#Settings_MinimumGroupSize")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_invoices_list_reads_in_german()
    {
        var owner = await ClientAsync("owner@acme.test", "de");

        var invoices = await owner.GetDocumentAsync("/acme/invoices");
        Assert.Equal("Rechnungen", Text(invoices, "h1"));
        if (invoices.QuerySelector("a[href='/acme/invoices/new']") is { } create)
        {
            Assert.Equal("Neue Rechnung", create.TextContent.Trim());
            Assert.Equal("Rechnungsangaben", invoices.QuerySelector("a[href='/acme/admin/billing']")?.TextContent.Trim());
        }
        else
        {
            Assert.StartsWith("Rechnungen zeigen Abrechnungszahlen", Text(invoices, "h1 + p"), StringComparison.Ordinal);
        }
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");

    private async Task<HttpClient> ClientAsync(string email, string acceptLanguage)
    {
        var client = factory.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        await client.LogInAsync(email);
        return client;
    }
}
