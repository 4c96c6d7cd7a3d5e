using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using TimeTrack.Web.Features.Reports;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>
/// Saved report definitions on the reports page, and their listing in the API. Each test saves under
/// names of its own, so tests never see each other's definitions.
/// </summary>
[Collection(ReportsApiCollection.Name)]
public sealed class SavedReportsTests(ReportsFactory factory)
{
    private const string Week = "from=2026-11-16&to=2026-11-22";

    [Fact]
    public async Task A_person_saves_the_filters_sees_them_listed_reopens_them_and_deletes_them()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var page = $"/acme/reports?{Week}&groupBy=person";

        var saved = await manager.Browser.SubmitAsync(page, "/acme/reports/saved", Fields(page, await manager.Browser.GetDocumentAsync(page), "Team week"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/acme/reports?{Week}&groupBy=person", saved.Headers.Location?.OriginalString);
        var listed = await manager.Browser.GetDocumentAsync("/acme/reports");
        var link = listed.QuerySelectorAll("#saved-reports-list a.saved-report-link").Single(a => a.TextContent.Trim() == "Team week");
        Assert.Equal($"/acme/reports?{Week}&groupBy=person", link.GetAttribute("href"));

        var reopened = await manager.Browser.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Equal("person", reopened.QuerySelector("#report-group option[selected]")?.GetAttribute("value"));
        Assert.Equal("2026-11-16", reopened.QuerySelector("#report-from")?.GetAttribute("value"));
        Assert.NotEmpty(reopened.QuerySelectorAll("#report-table tbody tr"));

        var api = await SavedAsync(manager);
        var entry = api.Single(s => s["name"]?.GetValue<string>() == "Team week");
        Assert.Equal($"{Week}&groupBy=person", entry["query"]?.GetValue<string>());
        var id = entry["id"]!.GetValue<string>();
        Assert.Equal(id, link.Closest("li")?.GetAttribute("data-id"));

        // Deleting cannot be undone: without the ticked box nothing is deleted and the page says why.
        var unconfirmed = await manager.Browser.SubmitAsync("/acme/reports", $"/acme/reports/saved/{id}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Contains(await SavedAsync(manager), s => s["id"]?.GetValue<string>() == id);
        // Without a referrer (as here) it goes back to the organization's start page; the message waits for the next page.
        Assert.Equal("/acme", unconfirmed.Headers.Location?.OriginalString);
        var refused = await manager.Browser.GetDocumentAsync("/acme/reports");
        Assert.Equal("Nothing was deleted: tick “Yes, delete” next to the saved report to confirm.", refused.QuerySelector("p.notice-refused[role=alert]")?.TextContent);
        var box = (await manager.Browser.GetDocumentAsync("/acme/reports")).QuerySelector($"li[data-id='{id}'] input[type=checkbox][name=confirm][required]");
        Assert.NotNull(box);
        Assert.Equal("Yes, delete Team week", box.ParentElement?.QuerySelector("label")?.TextContent);

        var deleted = await manager.Browser.SubmitAsync("/acme/reports", $"/acme/reports/saved/{id}/delete", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/acme/reports", deleted.Headers.Location?.OriginalString);
        Assert.DoesNotContain(await SavedAsync(manager), s => s["id"]?.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(manager.Browser, $"/acme/reports/saved/{id}/delete")).StatusCode);
    }

    [Fact]
    public async Task Only_the_report_forms_own_fields_are_stored_each_rebuilt_from_its_value()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var client = Guid.CreateVersion7();

        var preset = await alice.Browser.SubmitAsync("/acme/reports", "/acme/reports/saved", new Dictionary<string, string>
        {
            ["Name"] = "Last month by person",
            ["preset"] = "last-month",
            ["from"] = "2026-11-16",
            ["to"] = "2026-11-22",
            ["groupBy"] = "PERSON",
            ["client"] = client.ToString("N"),
            ["returnUrl"] = "https://evil.example/",
            ["query"] = "x=<script>",
        });
        var dates = await alice.Browser.SubmitAsync("/acme/reports", "/acme/reports/saved", new Dictionary<string, string>
        {
            ["Name"] = "Fixed week",
            ["preset"] = "yesterday\"><script>",
            ["from"] = "2026-11-16",
            ["to"] = "2026-11-22",
            ["groupBy"] = "person&team=x",
        });

        var badId = await alice.Browser.SubmitAsync("/acme/reports", "/acme/reports/saved", new Dictionary<string, string>
        {
            ["Name"] = "Hand-made",
            ["project"] = "not-an-id",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(badId)).QuerySelector("#save-report-form .validation-summary"));
        Assert.Equal(HttpStatusCode.Redirect, preset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dates.StatusCode);
        var saved = await SavedAsync(alice);
        Assert.DoesNotContain(saved, s => s["name"]?.GetValue<string>() == "Hand-made");
        Assert.Equal($"preset=last-month&groupBy=person&client={client:D}", Query(saved, "Last month by person"));
        Assert.Equal(Week, Query(saved, "Fixed week"));
    }

    [Fact]
    public async Task A_missing_long_or_duplicate_name_is_refused_with_the_typed_name_and_filters_kept()
    {
        var bob = await factory.CallerAsync("bob@acme.test");
        var page = $"/acme/reports?{Week}&groupBy=project";
        var fields = Fields(page, await bob.Browser.GetDocumentAsync(page), "Weekly projects");
        Assert.Equal(HttpStatusCode.Redirect, (await bob.Browser.SubmitAsync(page, "/acme/reports/saved", fields)).StatusCode);

        var duplicate = await bob.Browser.SubmitAsync(page, "/acme/reports/saved", fields);
        var empty = await bob.Browser.SubmitAsync(page, "/acme/reports/saved", new Dictionary<string, string>(fields) { ["Name"] = "  " });
        var tooLong = await bob.Browser.SubmitAsync(page, "/acme/reports/saved", new Dictionary<string, string>(fields) { ["Name"] = new string('x', 101) });

        var form = await InvalidAsync(duplicate);
        Assert.Equal("Weekly projects", form.QuerySelector("#saved-report-name")?.GetAttribute("value"));
        Assert.Equal("true", form.QuerySelector("#saved-report-name")?.GetAttribute("aria-invalid"));
        Assert.Equal(SavedReportsController.DuplicateName, form.QuerySelector("#saved-report-name-error")?.TextContent.Trim());
        // The filters travel with the form, so saving under another name saves the same report.
        var hidden = form.QuerySelectorAll("#save-report-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value"));
        Assert.Equal("2026-11-16", hidden["from"]);
        Assert.Equal("project", hidden["groupBy"]);
        Assert.Equal($"/acme/reports?{Week}&groupBy=project", form.QuerySelector("#save-report-back")?.GetAttribute("href"));

        Assert.NotEmpty((await InvalidAsync(empty)).QuerySelector("#saved-report-name-error")!.TextContent.Trim());
        var longForm = await InvalidAsync(tooLong);
        Assert.Equal(new string('x', 101), longForm.QuerySelector("#saved-report-name")?.GetAttribute("value"));
        Assert.Equal("Use at most 100 characters.", longForm.QuerySelector("#saved-report-name-error")?.TextContent.Trim());
        Assert.Single(await SavedAsync(bob), s => s["name"]?.GetValue<string>() == "Weekly projects");
    }

    [Fact]
    public async Task Another_persons_saved_report_is_not_listed_and_cannot_be_deleted()
    {
        var carol = await factory.CallerAsync("carol@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        Assert.Equal(HttpStatusCode.Redirect, (await carol.Browser.SubmitAsync("/acme/reports", "/acme/reports/saved", new Dictionary<string, string>
        {
            ["Name"] = "Carol's private week",
            ["from"] = "2026-11-16",
            ["to"] = "2026-11-22",
        })).StatusCode);
        var id = (await SavedAsync(carol)).Single(s => s["name"]?.GetValue<string>() == "Carol's private week")["id"]!.GetValue<string>();

        var deleted = await PostAsync(manager.Browser, $"/acme/reports/saved/{id}/delete");
        var page = await manager.Browser.GetDocumentAsync("/acme/reports");

        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.DoesNotContain("Carol's private week", page.QuerySelector("#saved-reports")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(await SavedAsync(manager), s => s["id"]?.GetValue<string>() == id);
        Assert.Contains(await SavedAsync(carol), s => s["id"]?.GetValue<string>() == id);
    }

    [Fact]
    public async Task Another_organizations_member_and_token_cannot_read_or_delete_them()
    {
        var carol = await factory.CallerAsync("carol@acme.test");
        Assert.Equal(HttpStatusCode.Redirect, (await carol.Browser.SubmitAsync("/acme/reports", "/acme/reports/saved", new Dictionary<string, string>
        {
            ["Name"] = "Carol's cross-organization check",
            ["groupBy"] = "task",
        })).StatusCode);
        var id = (await SavedAsync(carol)).Single(s => s["name"]?.GetValue<string>() == "Carol's cross-organization check")["id"]!.GetValue<string>();
        var gus = await factory.CallerAsync("owner@globex.test", "globex");

        var listed = await SavedAsync(gus);
        var inGlobex = await PostAsync(gus.Browser, $"/globex/reports/saved/{id}/delete");
        var inAcme = await PostAsync(gus.Browser, $"/acme/reports/saved/{id}/delete", tokenFrom: "/globex/reports");
        var report = await gus.Api.GetAsync($"/api/v1/reports?{Week}&group_by=person");

        Assert.DoesNotContain(listed, s => s["id"]?.GetValue<string>() == id);
        Assert.All(listed, s => Assert.DoesNotContain("Carol", s["name"]?.GetValue<string>() ?? "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, inGlobex.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inAcme.StatusCode);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.DoesNotContain("Carol Chen", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await SavedAsync(carol), s => s["id"]?.GetValue<string>() == id);
    }

    /// <summary>The save form's fields as the page renders them, with <paramref name="name"/> typed in.</summary>
    private static Dictionary<string, string> Fields(string page, IHtmlDocument document, string name)
    {
        var form = document.QuerySelector("#save-report-form") ?? throw new InvalidOperationException($"{page} has no save form.");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Where(i => i.GetAttribute("name") != Forms.TokenField)
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Name"] = name;
        return fields;
    }

    private static async Task<IHtmlDocument> InvalidAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return await Forms.ParseAsync(response);
    }

    /// <summary>A POST carrying the antiforgery token of the caller's reports page, as any of its forms would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string url, string? tokenFrom = null)
    {
        var token = (await browser.GetDocumentAsync(tokenFrom ?? $"/{url.Split('/')[1]}/reports")).AntiforgeryToken();
        return await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token, ["confirm"] = "true" }));
    }

    private static async Task<List<JsonNode>> SavedAsync(Caller caller)
    {
        var response = await caller.Api.GetAsync("/api/v1/reports/saved");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.JsonAsync()).AsArray().Select(n => n!)];
    }

    private static string? Query(List<JsonNode> saved, string name) =>
        saved.Single(s => s["name"]?.GetValue<string>() == name)["query"]?.GetValue<string>();
}
