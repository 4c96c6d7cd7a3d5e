using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Identity;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>Its own app and database: these tests change people's languages and entries.</summary>
public sealed class LanguageFactory : TimeTrackFactory;

public sealed partial class LanguageTests(LanguageFactory factory) : IClassFixture<LanguageFactory>
{
    // A Monday: its week holds Monday 2 March whichever day a person's week starts on.
    private const string March = "2026-03-02";

    [Fact]
    public async Task A_german_browser_gets_the_time_page_timesheet_and_calendar_in_german_with_german_dates()
    {
        var alice = await ClientAsync("alice@acme.test", "de-DE,de;q=0.9,en;q=0.5");

        var time = await alice.GetDocumentAsync($"/acme/time?week={March}");
        Assert.Equal("de", time.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Meine Zeit", Text(time, "h1"));
        Assert.Equal("Eintrag hinzufügen", Text(time, "#manual-heading"));
        Assert.Equal("Woche vom 2. März 2026", Text(time, "#week-heading"));
        Assert.Equal("Montag, 2. März", Text(time, "#day-2026-03-02-heading"));
        Assert.Equal("Zum Inhalt springen", Text(time, ".skip-link"));
        Assert.Equal("Abmelden", Text(time, ".account-menu button"));
        // What the offline script writes comes from the page, in German too.
        var offline = time.QuerySelector("script[data-text-offline]")!;
        Assert.Equal("Du bist offline — Starts und Stopps werden vorgemerkt und gesendet, sobald du wieder online bist.", offline.GetAttribute("data-text-offline"));
        Assert.Equal("Offline gestartet um {0}{1} — wird gesendet, sobald du wieder online bist.", offline.GetAttribute("data-text-started"));
        // The timer bar too, idle or running.
        if (time.QuerySelector("#timer-start-form") is { } start)
        {
            Assert.Equal("Woran arbeitest du?", start.QuerySelector("#Timer_Description")?.GetAttribute("placeholder"));
            Assert.Equal("Projekt · Aufgabe · Ergebnis", start.QuerySelector("#Timer_Pick")?.GetAttribute("placeholder"));
            Assert.Equal("Timer starten", start.QuerySelector("button[type=submit]")?.TextContent.Trim());
        }
        else
        {
            Assert.Equal("Timer stoppen", Text(time, "#timer-stop-form button"));
            Assert.Equal("Wechseln zu …", Text(time, "#timer-switch summary"));
        }

        var sheet = await alice.GetDocumentAsync($"/acme/time/timesheet?week={March}");
        Assert.Equal("de", sheet.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Stundenzettel", Text(sheet, "h1"));
        Assert.Equal("Stundenzettel speichern", Text(sheet, "button[value=save]"));
        Assert.Contains("Mo., 2. März", Headings(sheet));
        Assert.Contains("1,5", Text(sheet, "#cell-hint"), StringComparison.Ordinal);

        var calendar = await alice.GetDocumentAsync($"/acme/time/calendar?week={March}");
        Assert.Equal("de", calendar.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Kalender", Text(calendar, "h1"));
        Assert.Equal("Montag, 2. März", Text(calendar, "#day-2026-03-02-heading"));
        var grid = calendar.QuerySelector("#calendar")!;
        Assert.Equal("de", grid.GetAttribute("data-locale"));
        Assert.Equal("Ohne Uhrzeiten", grid.GetAttribute("data-text-all-day"));
        // Machine values stay as they are in every language.
        Assert.Equal(March, grid.GetAttribute("data-week"));
    }

    [Fact]
    public async Task A_browser_in_an_unsupported_language_gets_english()
    {
        var alice = await ClientAsync("alice@acme.test", "ja-JP,ja;q=0.9");

        var time = await alice.GetDocumentAsync($"/acme/time?week={March}");
        Assert.Equal("en", time.DocumentElement.GetAttribute("lang"));
        Assert.Equal("My time", Text(time, "h1"));
        Assert.Equal("Monday 2 March", Text(time, "#day-2026-03-02-heading"));
        var sheet = await alice.GetDocumentAsync($"/acme/time/timesheet?week={March}");
        Assert.Contains("Mon 2 Mar", Headings(sheet));
    }

    [Fact]
    public async Task A_person_who_chose_french_gets_french_whatever_the_browser_says()
    {
        await SetCultureAsync("bob@acme.test", "fr");
        var bob = await ClientAsync("bob@acme.test", "de-DE,de;q=0.9");

        var time = await bob.GetDocumentAsync($"/acme/time?week={March}");
        Assert.Equal("fr", time.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Mon temps", Text(time, "h1"));
        Assert.Equal("Lundi 2 mars", Text(time, "#day-2026-03-02-heading"));
        var sheet = await bob.GetDocumentAsync($"/acme/time/timesheet?week={March}");
        Assert.Equal("Feuille de temps", Text(sheet, "h1"));
        var calendar = await bob.GetDocumentAsync($"/acme/time/calendar?week={March}");
        Assert.Equal("Calendrier", Text(calendar, "h1"));
    }

    [Fact]
    public async Task A_language_chosen_on_the_profile_page_is_kept_and_used_and_an_unknown_one_is_refused()
    {
        var carol = await ClientAsync("carol@acme.test", null);
        var profile = await carol.GetDocumentAsync("/account/manage");
        Assert.NotNull(profile.QuerySelector("#Culture-browser[checked]"));
        Assert.Equal("de", profile.QuerySelector("#Culture-de")?.ParentElement?.GetAttribute("lang"));
        Assert.Equal("Deutsch", profile.QuerySelector("#Culture-de")?.ParentElement?.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await SaveProfileAsync(carol, "es")).StatusCode);
        Assert.Equal("es", await CultureOfAsync("carol@acme.test"));
        var after = await carol.GetDocumentAsync("/account/manage");
        Assert.NotNull(after.QuerySelector("#Culture-es[checked]"));
        Assert.Equal("es", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Tu perfil", Text(after, "h1"));
        Assert.Equal("Mi tiempo", Text(await carol.GetDocumentAsync("/acme/time"), "h1"));

        var refused = await SaveProfileAsync(carol, "xx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Elige un idioma de la lista.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("es", await CultureOfAsync("carol@acme.test"));

        // Back to following the browser, which here sends no language: English.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveProfileAsync(carol, "")).StatusCode);
        Assert.Null(await CultureOfAsync("carol@acme.test"));
        Assert.Equal("My time", Text(await carol.GetDocumentAsync("/acme/time"), "h1"));
    }

    [Fact]
    public async Task Signing_in_keeps_the_language_the_browser_asked_for_which_emails_use()
    {
        await ClientAsync("manager@acme.test", "es-MX,es;q=0.9,en;q=0.5");
        Assert.Equal("es", await BrowserCultureOfAsync("manager@acme.test"));

        // The next sign-in from another browser replaces it; a browser in no supported language means English.
        await ClientAsync("manager@acme.test", "de-AT");
        Assert.Equal("de", await BrowserCultureOfAsync("manager@acme.test"));
        await ClientAsync("manager@acme.test", "ja-JP");
        Assert.Equal("en", await BrowserCultureOfAsync("manager@acme.test"));
    }

    [Fact]
    public async Task A_password_reset_email_is_in_the_persons_chosen_language_else_in_the_askers()
    {
        var following = await TestUsers.CreateAsync(factory.Services, "reset-de");
        var chosen = await TestUsers.CreateAsync(factory.Services, "reset-fr");
        await SetCultureAsync(chosen, "fr");
        var german = factory.CreateBrowserlikeClient();
        german.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");

        foreach (var email in new[] { following, chosen })
        {
            var asked = await german.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        var toGerman = Assert.Single(Mailbox.To(factory.MailDirectory, following));
        Assert.Equal("Setze dein TimeTrack-Passwort zurück", toGerman.Subject);
        Assert.Contains("Wir haben eine Anfrage erhalten, das Passwort deines TimeTrack-Kontos zurückzusetzen.", toGerman.TextBody, StringComparison.Ordinal);
        Assert.Single(Mailbox.Links(toGerman, "/account/reset-password"));
        Assert.Contains($">{WebUtility.HtmlEncode("Neues Passwort wählen")}</a>", toGerman.HtmlBody, StringComparison.Ordinal);

        var toFrench = Assert.Single(Mailbox.To(factory.MailDirectory, chosen));
        Assert.Equal("Réinitialisez votre mot de passe TimeTrack", toFrench.Subject);
        Assert.Contains("Choisir un nouveau mot de passe : ", toFrench.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_german_timesheet_cell_of_1_comma_5_saves_ninety_minutes()
    {
        var alice = await ClientAsync("alice@acme.test", "de");
        var week = LocalDatePattern.Iso.Format((await AliceWeekAsync()).Previous.Start);
        var projectId = await ProjectIdAsync("Mobile app");
        var added = await alice.SubmitAsync($"/acme/time/timesheet?week={week}", "/acme/time/timesheet", new Dictionary<string, string>
        {
            ["Week"] = week,
            ["Action"] = "add-row",
            ["NewProjectId"] = projectId.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var grid = await Forms.ParseAsync(added);
        var fields = FormFields(grid);
        var row = RowIndex(grid, "Mobile app");
        var sunday = LocalDatePattern.Iso.Parse(week).Value.PlusDays(6);

        // A thousands separator is refused, with the reason in German, and nothing is saved.
        fields[$"Rows[{row}].Days[6]"] = "1.000";
        fields["Action"] = "save";
        var refused = await alice.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await Forms.ParseAsync(refused);
        Assert.StartsWith("Schreib Stunden ohne Tausendertrennzeichen", Text(refusedPage, $"#cell-{row}-6-error"), StringComparison.Ordinal);
        Assert.Equal("1.000", ((IHtmlInputElement)refusedPage.QuerySelector($"#cell-{row}-6")!).Value);
        Assert.Equal(Duration.Zero, await TimesheetTimeOnAsync(projectId, sunday));

        fields[$"Rows[{row}].Days[6]"] = "1,5";
        var saved = await alice.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Duration.FromMinutes(90), await TimesheetTimeOnAsync(projectId, sunday));
        var page = await alice.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("1:30", ((IHtmlInputElement)page.QuerySelector($"#cell-{RowIndex(page, "Mobile app")}-6")!).Value);
        Assert.Equal("Stundenzettel gespeichert (1 Zelle geändert).", Text(page, ".notice"));
    }

    [Fact]
    public async Task A_german_manual_entry_with_a_duration_of_1_comma_5_saves_ninety_minutes()
    {
        var alice = await ClientAsync("alice@acme.test", "de");
        var day = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-30).PlusDays(2);
        var projectId = await ProjectIdAsync("Mobile app");

        var response = await alice.SubmitAsync("/acme/time", "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = LocalDatePattern.Iso.Format(day),
            ["Entry.Duration"] = "1,5",
            ["Entry.ProjectId"] = projectId.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await EntriesOnAsync(day, projectId));
        Assert.Equal(Duration.FromMinutes(90), entry.End!.Value - entry.Start);
        var page = await alice.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Eintrag hinzugefügt: 1h 30m.", Text(page, ".notice"));
    }

    [Fact]
    public async Task Decimal_hours_are_written_with_a_decimal_comma_in_german()
    {
        var owner = await ClientAsync("owner@acme.test", "de");
        var saved = await owner.SubmitAsync("/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = "Olga Owner",
            ["TimeZoneId"] = "",
            ["DurationStyle"] = nameof(DurationStyle.DecimalHours),
            ["Culture"] = "de",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var time = await owner.GetDocumentAsync("/acme/time");
        Assert.Matches(DecimalComma(), Text(time, "#week-total"));
        var profile = await owner.GetDocumentAsync("/account/manage");
        Assert.Equal("1,50 (Stunden mit Dezimalstellen)", profile.QuerySelector("#DurationStyle-DecimalHours")?.ParentElement?.TextContent.Trim());
    }

    [GeneratedRegex(@"^[0-9]+,[0-9]{2}$")]
    private static partial Regex DecimalComma();

    private static List<string> Headings(IHtmlDocument sheet) =>
        [.. sheet.QuerySelectorAll("table.timesheet thead th").Select(th => th.TextContent.Trim())];

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");

    private async Task<HttpClient> ClientAsync(string email, string? acceptLanguage)
    {
        var client = factory.CreateBrowserlikeClient();
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        await client.LogInAsync(email);
        return client;
    }

    private static Task<HttpResponseMessage> SaveProfileAsync(HttpClient client, string culture) =>
        client.SubmitAsync("/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = "Carol",
            ["TimeZoneId"] = "",
            ["DurationStyle"] = nameof(DurationStyle.HoursMinutes),
            ["Culture"] = culture,
        });

    private async Task SetCultureAsync(string email, string culture)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.Culture = culture;
        await db.SaveChangesAsync();
    }

    private async Task<string?> CultureOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Users.AsNoTracking()
            .Where(u => u.Email == email).Select(u => u.Culture).SingleAsync();
    }

    private async Task<string?> BrowserCultureOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Users.AsNoTracking()
            .Where(u => u.Email == email).Select(u => u.BrowserCulture).SingleAsync();
    }

    private async Task<Week> AliceWeekAsync()
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        var tracking = await scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>().ForAsync(alice);
        return tracking.WeekContaining(SystemClock.Instance.GetCurrentInstant());
    }

    private async Task<List<TimeEntry>> EntriesOnAsync(LocalDate day, Guid projectId)
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        return await db.TimeEntries.AsNoTracking().Where(e => e.UserId == alice && e.Day == day && e.ProjectId == projectId).ToListAsync();
    }

    private async Task<Duration> TimesheetTimeOnAsync(Guid projectId, LocalDate day)
    {
        var entries = await EntriesOnAsync(day, projectId);
        return entries.Where(e => e.Source == EntrySource.Timesheet)
            .Aggregate(Duration.Zero, (total, e) => total + (e.End!.Value - e.Start));
    }

    private async Task<AsyncServiceScope> AcmeScopeAsync()
    {
        Guid acme;
        await using (var lookup = factory.Services.CreateAsyncScope())
        {
            acme = await lookup.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Organizations.Where(o => o.Slug == "acme").Select(o => o.Id).SingleAsync();
        }

        return factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme);
    }

    private async Task<Guid> ProjectIdAsync(string name)
    {
        await using var scope = await AcmeScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private static int RowIndex(IHtmlDocument page, string label) =>
        page.QuerySelectorAll("table.timesheet tbody tr").ToList().FindIndex(r => r.QuerySelector("th")!.TextContent.Contains(label, StringComparison.Ordinal));

    private static Dictionary<string, string> FormFields(IHtmlDocument page)
    {
        var form = page.QuerySelector("form[action='/acme/time/timesheet']")!;
        return form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Where(i => i.Type is "hidden" or "text")
            .ToDictionary(i => i.Name!, i => i.Value);
    }
}
