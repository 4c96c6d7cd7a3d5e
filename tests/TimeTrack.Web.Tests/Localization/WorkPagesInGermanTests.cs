using System.Net;
using AngleSharp.Html.Dom;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Reports;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Localization;

/// <summary>Its own app and database, with the demo week of 16 November 2026 and the clock on 25 November.</summary>
public sealed class WorkPagesInGermanFactory : PersonDataFactory;

/// <summary>Reports, insights, the team pages and the work pages in German (and one in French), with their machine values unchanged.</summary>
public sealed class WorkPagesInGermanTests(WorkPagesInGermanFactory factory) : IClassFixture<WorkPagesInGermanFactory>
{
    private static readonly string Week = ReportClient.Week(PersonDataFactory.SeededWeekText);

    [Fact]
    public async Task The_reports_page_is_in_german_and_its_csv_keeps_english_headers_and_invariant_numbers()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await GermanAsync("manager@acme.test");

        var page = await manager.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project");
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Berichte", Text(page, "h1"));
        Assert.Equal("Bericht wählen", Text(page, "#report-form-heading"));
        Assert.Equal("Bericht anzeigen", Text(page, "#report-form button[type=submit]"));
        Assert.Equal("Gruppieren nach", Text(page, "label[for=report-group]"));
        Assert.StartsWith("Zeit nach Projekt,", Text(page, "#report-heading"), StringComparison.Ordinal);
        Assert.Equal("16. November 2026 – 22. November 2026", Text(page, "#report-period"));
        Assert.Equal(["Projekt", "Stunden"], page.QuerySelectorAll("#report-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal("Summe", Text(page, "#report-total th"));
        Assert.Equal("Gespeicherte Berichte", Text(page, "#saved-reports-heading"));
        // Machine values stay as they are: option values, the download links' query.
        Assert.NotNull(page.QuerySelector("#report-group option[value=project][selected]"));
        Assert.NotNull(page.QuerySelector($"a[href='/acme/reports/export?format=csv&scope=people&from=2026-11-16&to=2026-11-22&groupBy=project']"));

        var lines = await ReportClient.CsvLinesAsync(manager, $"/acme/reports/export?format=csv&{Week}&groupBy=project");
        Assert.StartsWith("Project,Id,Hours,From,To,Billable hours", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Internal tools,", StringComparison.Ordinal) && l.Contains(",50.00,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_report_and_a_nameless_saved_report_are_refused_in_german()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await GermanAsync("manager@acme.test");

        var backwards = await manager.GetAsync("/acme/reports?from=2026-11-22&to=2026-11-16");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        var refused = await Forms.ParseAsync(backwards);
        Assert.Equal("Der Zeitraum muss am Tag seines Beginns oder danach enden.", Text(refused, "#report-error"));

        var nameless = await manager.SubmitAsync($"/acme/reports?{Week}", "/acme/reports/saved", new Dictionary<string, string> { ["Name"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nameless.StatusCode);
        var form = await Forms.ParseAsync(nameless);
        Assert.Equal("Bericht speichern", Text(form, "h1"));
        Assert.Equal("Gib einen Namen für diesen Bericht ein.", Text(form, "#saved-report-name-error"));
    }

    [Fact]
    public async Task Insights_are_in_german_with_german_chart_labels_and_invariant_chart_values()
    {
        var alice = await GermanAsync("alice@acme.test");

        var page = await alice.GetDocumentAsync($"/acme/time/insights?date={PersonDataFactory.SeededWeekText}");
        Assert.Equal("Meine Auswertung", Text(page, "h1"));
        Assert.Equal("Übersicht", Text(page, "#summary-heading"));
        Assert.Equal("Woche vom 16. November 2026", Text(page, ".week-nav strong"));
        Assert.Equal("Stunden pro Tag", Text(page, "#by-day-heading"));
        var chart = page.QuerySelector("#by-day-chart")!;
        Assert.Equal("bar", chart.GetAttribute("data-chart"));
        Assert.Equal("Stunden", chart.GetAttribute("data-label-hours"));
        var labels = System.Text.Json.JsonSerializer.Deserialize<string[]>(chart.GetAttribute("data-labels")!)!;
        Assert.StartsWith("Mo., 16.", labels[0], StringComparison.Ordinal);
        // The chart's numbers are JSON: a decimal point whatever the language.
        Assert.Matches(@"^\[[0-9.,]+\]$", chart.GetAttribute("data-values"));
        Assert.DoesNotContain(System.Text.Json.JsonSerializer.Deserialize<double[]>(chart.GetAttribute("data-values")!)!, v => v < 0);
    }

    [Fact]
    public async Task The_team_page_and_the_team_dashboard_are_in_german()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await GermanAsync("manager@acme.test");

        var team = await manager.GetDocumentAsync($"/acme/team?week={PersonDataFactory.SeededWeekText}");
        Assert.Equal("Woche vom 16. November 2026", Text(team, "#team-week"));
        Assert.Equal("Wochensumme", Text(team, "table.team-week thead th:last-child"));
        Assert.Equal("Nächste Woche →", Text(team, "a[rel=next]"));
        Assert.Equal("/acme/team?week=2026-11-23", team.QuerySelector("a[rel=next]")?.GetAttribute("href"));

        var dashboard = await manager.GetDocumentAsync("/acme/team/dashboard?period=week");
        Assert.StartsWith("Team-Dashboard", Text(dashboard, "h1"), StringComparison.Ordinal);
        Assert.Equal("Anzeigen", Text(dashboard, "#dashboard-filters button[type=submit]"));
        Assert.Equal("Ergebnisse pro Projekt", Text(dashboard, "#outcomes-heading"));
        Assert.Equal("Wo Menschen Unterstützung brauchen könnten", Text(dashboard, "#support-heading"));
        Assert.NotNull(dashboard.QuerySelector("#dashboard-period-choice option[value=week][selected]"));

        var refused = await manager.GetAsync("/acme/team/dashboard?period=fortnight");
        var refusedPage = await Forms.ParseAsync(refused);
        Assert.Equal("Wähle einen Zeitraum aus der Liste.", Text(refusedPage, "#dashboard-period-error"));
    }

    [Fact]
    public async Task The_work_pages_are_in_german_and_a_nameless_project_is_refused_in_german()
    {
        var owner = await GermanAsync("owner@acme.test");

        var work = await owner.GetDocumentAsync("/acme/work");
        Assert.Equal("Arbeit", Text(work, "h1"));
        Assert.Equal("Neues Projekt", Text(work, "a[href='/acme/work/projects/new']"));
        Assert.Equal("Kunden hinzufügen", Text(work, "form[action='/acme/work/clients'] button[type=submit]"));
        var link = work.QuerySelectorAll("#projects-heading ~ * a, section[aria-labelledby=projects-heading] td a")
            .Select(a => a.GetAttribute("href")!)
            .First(href => href.StartsWith("/acme/work/projects/", StringComparison.Ordinal) && !href.EndsWith("/new", StringComparison.Ordinal));

        var project = await owner.GetDocumentAsync(link);
        Assert.Equal("Mitglieder", Text(project, "#members-heading"));
        Assert.Equal("Aufgabe hinzufügen", Text(project, "#add-task-heading"));
        Assert.Contains("Fällig", project.QuerySelectorAll("section[aria-labelledby=outcomes-heading] th").Select(th => th.TextContent.Trim()));
        Assert.Contains("Alle Arbeit", project.QuerySelectorAll("a[href='/acme/work']").Select(a => a.TextContent.Trim()));

        var refused = await owner.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string> { ["Project.Name"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var form = await Forms.ParseAsync(refused);
        Assert.Equal("Neues Projekt", Text(form, "h1"));
        Assert.Equal("Gib den Namen des Projekts ein.", Text(form, "#Project_Name-error"));
        Assert.Equal("Projekt erstellen", Text(form, "form[action='/acme/work/projects'] button[type=submit]"));
    }

    [Fact]
    public async Task Pulse_surveys_are_in_spanish()
    {
        var bob = await factory.CallerAsync("bob@acme.test");
        bob.Browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        bob.Browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES,es;q=0.9");

        var page = await bob.Browser.GetDocumentAsync("/acme/pulse");
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Encuestas de clima", Text(page, "h1"));
        Assert.Equal("Encuestas abiertas", Text(page, "#open-heading"));
    }

    [Fact]
    public async Task A_french_browser_gets_the_reports_page_in_french()
    {
        var carol = await factory.CallerAsync("carol@acme.test");
        carol.Browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        carol.Browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9");

        var page = await carol.Browser.GetDocumentAsync($"/acme/reports?{Week}");
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Rapports", Text(page, "h1"));
        Assert.Equal("Afficher le rapport", Text(page, "#report-form button[type=submit]"));
        Assert.Equal("Rapports enregistrés", Text(page, "#saved-reports-heading"));
    }

    private async Task<HttpClient> GermanAsync(string email)
    {
        var caller = await factory.CallerAsync(email);
        caller.Browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        caller.Browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9,en;q=0.5");
        return caller.Browser;
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");
}
