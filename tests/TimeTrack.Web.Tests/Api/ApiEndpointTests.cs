using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Api;

/// <summary>
/// Every documented endpoint, called as a generated client would. Each test logs its entries on days of
/// its own, so tests never overlap each other's entries in the shared database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiEndpointTests(TimeTrackFactory factory)
{
    /// <summary>Every operation these tests call; <see cref="OpenApiDocumentTests"/> compares it with the document.</summary>
    public static readonly string[] TestedOperations =
    [
        "GET /api/v1/me",
        "GET /api/v1/projects",
        "GET /api/v1/projects/{id}/tasks",
        "GET /api/v1/projects/{id}/outcomes",
        "GET /api/v1/tags",
        "GET /api/v1/entries",
        "POST /api/v1/entries",
        "GET /api/v1/entries/{id}",
        "PUT /api/v1/entries/{id}",
        "DELETE /api/v1/entries/{id}",
        "GET /api/v1/timer",
        "POST /api/v1/timer/start",
        "POST /api/v1/timer/stop",
        "GET /api/v1/people",
        "GET /api/v1/people/{userId}/week",
        "GET /api/v1/me/digests",
        "GET /api/v1/people/{userId}/digests/{weekStart}",
        "GET /api/v1/reports",
        "GET /api/v1/reports/saved",
    ];

    [Fact]
    public async Task Me_describes_the_token_owner_in_the_token_organization()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("bob@acme.test", "acme"));

        var response = await api.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var me = await response.JsonAsync();
        Assert.True(Guid.TryParse(me["user_id"]?.GetValue<string>(), out _));
        Assert.Equal("Bob Brown", me["display_name"]?.GetValue<string>());
        Assert.Equal("bob@acme.test", me["email"]?.GetValue<string>());
        Assert.Equal("acme", me["organization_slug"]?.GetValue<string>());
        Assert.Equal("Acme", me["organization_name"]?.GetValue<string>());
        Assert.Equal("employee", me["role"]?.GetValue<string>());
        Assert.Equal("Europe/London", me["time_zone"]?.GetValue<string>());
        Assert.Equal("monday", me["week_start"]?.GetValue<string>());
    }

    [Fact]
    public async Task Projects_tasks_outcomes_and_tags_list_what_the_person_may_log_to()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));

        var projects = (await (await api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray();
        Assert.NotEmpty(projects);
        var project = projects[0]!;
        Assert.NotNull(project["name"]?.GetValue<string>());
        Assert.NotNull(project["billable_by_default"]);
        var projectId = project["id"]!.GetValue<string>();

        var tasks = (await (await api.GetAsync($"/api/v1/projects/{projectId}/tasks")).JsonAsync()).AsArray();
        Assert.Equal(["Build", "Design", "Review"], tasks.Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(tasks, t => Assert.Equal(projectId, t!["project_id"]!.GetValue<string>()));

        var outcomes = (await (await api.GetAsync($"/api/v1/projects/{projectId}/outcomes")).JsonAsync()).AsArray();
        Assert.Contains(outcomes, o => o!["name"]!.GetValue<string>() == "First release" && o["status"]!.GetValue<string>() == "in_progress");

        var tags = (await (await api.GetAsync("/api/v1/tags")).JsonAsync()).AsArray();
        Assert.Equal(["deep work", "meeting", "support"], tags.Select(t => t!["name"]!.GetValue<string>()));

        var unknown = Guid.CreateVersion7();
        await (await api.GetAsync($"/api/v1/projects/{unknown}/tasks")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/projects/{unknown}/outcomes")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Entry_is_created_read_changed_with_its_etag_and_deleted()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));
        var (projectId, taskId, tagId) = await WorkAsync(api);
        var start = Day(-20).AddHours(20);

        var created = await api.PostJsonAsync("/api/v1/entries", new
        {
            project_id = projectId,
            task_id = taskId,
            tag_ids = new[] { tagId },
            billable = false,
            description = "API entry",
            start = Iso(start),
            end = Iso(start.AddMinutes(45)),
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await created.JsonAsync();
        var id = entry["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/entries/{id}", created.Headers.Location?.AbsolutePath);
        var etag = created.Headers.ETag?.Tag;
        Assert.NotNull(etag);
        Assert.Equal(taskId, entry["task_id"]!.GetValue<string>());
        Assert.Equal([tagId], entry["tag_ids"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(entry["billable"]!.GetValue<bool>());
        Assert.Equal(Iso(start), entry["start"]!.GetValue<string>());
        Assert.Equal(Iso(start.AddMinutes(45)), entry["end"]!.GetValue<string>());
        Assert.Equal("api", entry["source"]!.GetValue<string>());
        Assert.False(entry["running"]!.GetValue<bool>());
        Assert.Null(entry["user_id"]);
        Assert.Null(entry["tenant_id"]);

        var read = await api.GetAsync($"/api/v1/entries/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag?.Tag);
        Assert.Equal("API entry", (await read.JsonAsync())["description"]!.GetValue<string>());

        var change = new { project_id = projectId, description = "Changed", start = Iso(start), end = Iso(start.AddMinutes(60)) };
        var withoutIfMatch = await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/entries/{id}", change, null);
        await withoutIfMatch.ProblemAsync(HttpStatusCode.PreconditionRequired);

        var updated = await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/entries/{id}", change, etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var newEtag = updated.Headers.ETag?.Tag;
        Assert.NotNull(newEtag);
        Assert.NotEqual(etag, newEtag);
        var changed = await updated.JsonAsync();
        Assert.Equal("Changed", changed["description"]!.GetValue<string>());
        Assert.Empty(changed["tag_ids"]!.AsArray());
        Assert.Equal(Iso(start.AddMinutes(60)), changed["end"]!.GetValue<string>());

        // The first ETag is stale now: neither a change nor a delete may go through with it.
        var stale = await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/entries/{id}", change with { description = "Lost update" }, etag);
        var staleProblem = await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("changed", staleProblem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        await (await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/entries/{id}", null, etag)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/entries/{id}", null, null)).ProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal("Changed", (await (await api.GetAsync($"/api/v1/entries/{id}")).JsonAsync())["description"]!.GetValue<string>());

        var deleted = await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/entries/{id}", null, newEtag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await api.GetAsync($"/api/v1/entries/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_entries_answer_problems_with_errors_under_the_json_field_names()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));
        var (projectId, _, _) = await WorkAsync(api);
        var start = Day(-60).AddHours(20);

        var endBeforeStart = await api.PostJsonAsync("/api/v1/entries", new { project_id = projectId, start = Iso(start), end = Iso(start.AddHours(-1)) });
        var problem = await endBeforeStart.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("End must be after start.", problem.FieldErrors("end"));

        var foreignProject = await api.PostJsonAsync("/api/v1/entries", new { project_id = Guid.CreateVersion7(), start = Iso(start), end = Iso(start.AddHours(1)) });
        Assert.NotEmpty((await foreignProject.ProblemAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors("project_id"));

        var missing = await api.PostJsonAsync("/api/v1/entries", new { description = "no project, no times" });
        var missingProblem = await missing.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Choose a project."], missingProblem.FieldErrors("project_id"));
        Assert.Equal(["Enter when the entry started."], missingProblem.FieldErrors("start"));
        Assert.Equal(["Enter when the entry ended."], missingProblem.FieldErrors("end"));

        var wrongType = await api.PostJsonAsync("/api/v1/entries", new { project_id = projectId, start = "yesterday", end = Iso(start) });
        Assert.NotEmpty((await wrongType.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("start"));

        using var malformed = new StringContent("{\"project_id\": ", Encoding.UTF8, "application/json");
        await (await api.PostAsync("/api/v1/entries", malformed)).ProblemAsync(HttpStatusCode.BadRequest);

        // Over-posting: fields the API does not take are refused, never silently ignored.
        var overPosted = await api.PostJsonAsync("/api/v1/entries", new
        {
            project_id = projectId,
            start = Iso(start),
            end = Iso(start.AddHours(1)),
            user_id = Guid.CreateVersion7(),
            tenant_id = Guid.CreateVersion7(),
        });
        await overPosted.ProblemAsync(HttpStatusCode.BadRequest);
        var entries = await (await api.GetAsync($"/api/v1/entries?from={Uri.EscapeDataString(Iso(Day(-60)))}&to={Uri.EscapeDataString(Iso(Day(-59)))}")).JsonAsync();
        Assert.Empty(entries["items"]!.AsArray());

        var overlapping = await api.PostJsonAsync("/api/v1/entries", new { project_id = projectId, start = Iso(start), end = Iso(start.AddHours(1)) });
        Assert.Equal(HttpStatusCode.Created, overlapping.StatusCode);
        var clash = await api.PostJsonAsync("/api/v1/entries", new { project_id = projectId, start = Iso(start.AddMinutes(30)), end = Iso(start.AddHours(2)) });
        Assert.NotEmpty((await clash.ProblemAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors("start"));
    }

    [Fact]
    public async Task Pages_of_entries_follow_the_cursor_newest_first_and_return_each_entry_once()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("carol@acme.test", "acme"));
        var (projectId, _, _) = await WorkAsync(api);
        var created = new List<string>();
        var from = Day(-47);
        for (var day = -46; day <= -40; day++)
        {
            var start = Day(day).AddHours(20);
            var response = await api.PostJsonAsync("/api/v1/entries", new { project_id = projectId, start = Iso(start), end = Iso(start.AddMinutes(30)) });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created.Add((await response.JsonAsync())["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        var starts = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/entries?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(Day(-39)))}&limit=3"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await api.GetAsync(url)).JsonAsync();
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 3);
            seen.AddRange(items.Select(i => i!["id"]!.GetValue<string>()));
            starts.AddRange(items.Select(i => DateTimeOffset.Parse(i!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
            cursor = page["next_cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(created.Count, seen.Count);
        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(starts.OrderDescending(), starts);

        var defaults = await (await api.GetAsync("/api/v1/entries")).JsonAsync();
        Assert.True(defaults["items"]!.AsArray().Count >= created.Count);

        Assert.NotEmpty((await (await api.GetAsync("/api/v1/entries?limit=0")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("limit"));
        Assert.NotEmpty((await (await api.GetAsync("/api/v1/entries?limit=201")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("limit"));
        Assert.NotEmpty((await (await api.GetAsync("/api/v1/entries?cursor=not-a-cursor")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("cursor"));
    }

    [Fact]
    public async Task Timer_starts_runs_refuses_a_second_start_and_stops()
    {
        var api = factory.CreateApiClient(await factory.CreateTokenAsync("manager@acme.test", "acme"));
        var (projectId, _, _) = await WorkAsync(api);

        Assert.Equal(HttpStatusCode.NoContent, (await api.GetAsync("/api/v1/timer")).StatusCode);

        var started = await api.PostJsonAsync("/api/v1/timer/start", new { project_id = projectId, description = "Timer via API" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var entry = await started.JsonAsync();
        Assert.True(entry["running"]!.GetValue<bool>());
        Assert.Null(entry["end"]?.GetValue<string>());
        Assert.Equal("timer", entry["source"]!.GetValue<string>());

        var running = await api.GetAsync("/api/v1/timer");
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal(entry["id"]!.GetValue<string>(), (await running.JsonAsync())["id"]!.GetValue<string>());

        var second = await api.PostJsonAsync("/api/v1/timer/start", new { project_id = projectId });
        Assert.Contains("already running", (await second.ProblemAsync(HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var stopped = await api.PostAsync("/api/v1/timer/stop", null);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var finished = await stopped.JsonAsync();
        Assert.False(finished["running"]!.GetValue<bool>());
        Assert.NotNull(finished["end"]?.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await api.GetAsync("/api/v1/timer")).StatusCode);
        await (await api.PostAsync("/api/v1/timer/stop", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty((await (await api.PostJsonAsync("/api/v1/timer/start", new { project_id = Guid.CreateVersion7() })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors("project_id"));
    }

    [Fact]
    public async Task Ids_of_another_organization_are_not_found_with_this_organization_token()
    {
        var dave = factory.CreateApiClient(await factory.CreateTokenAsync("dave@globex.test", "globex"));
        var globexProject = (await (await dave.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var start = Day(-30).AddHours(20);
        var created = await dave.PostJsonAsync("/api/v1/entries", new { project_id = globexProject, start = Iso(start), end = Iso(start.AddHours(1)) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var globexEntry = (await created.JsonAsync())["id"]!.GetValue<string>();
        var etag = created.Headers.ETag!.Tag;

        var alice = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));
        await (await alice.GetAsync($"/api/v1/entries/{globexEntry}")).ProblemAsync(HttpStatusCode.NotFound);
        var change = new { project_id = globexProject, start = Iso(start), end = Iso(start.AddHours(2)) };
        await (await alice.SendJsonAsync(HttpMethod.Put, $"/api/v1/entries/{globexEntry}", change, etag)).ProblemAsync(HttpStatusCode.NotFound);
        await (await alice.SendJsonAsync(HttpMethod.Delete, $"/api/v1/entries/{globexEntry}", null, etag)).ProblemAsync(HttpStatusCode.NotFound);
        await (await alice.GetAsync($"/api/v1/projects/{globexProject}/tasks")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.NotEmpty((await (await alice.PostJsonAsync("/api/v1/entries", change)).ProblemAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors("project_id"));

        // Another person's entry in the same organization is just as invisible.
        var bob = factory.CreateApiClient(await factory.CreateTokenAsync("bob@acme.test", "acme"));
        var bobsProject = (await (await bob.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var bobStart = Day(-31).AddHours(20);
        var bobs = await bob.PostJsonAsync("/api/v1/entries", new { project_id = bobsProject, start = Iso(bobStart), end = Iso(bobStart.AddHours(1)) });
        var bobsEntry = (await bobs.JsonAsync())["id"]!.GetValue<string>();
        await (await alice.GetAsync($"/api/v1/entries/{bobsEntry}")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await dave.GetAsync($"/api/v1/entries/{globexEntry}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_usable_token_get_401_problems_and_never_a_login_redirect()
    {
        var anonymous = factory.CreateApiClient(null);
        var none = await anonymous.GetAsync("/api/v1/me");
        await none.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(none.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        // The sign-in cookie is not a way in: the API accepts tokens only.
        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync("alice@acme.test");
        await (await browser.GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);

        foreach (var bad in new[] { "nonsense", "tt_" + Guid.NewGuid().ToString("N") + "_" + new string('A', 43), "tt_zz" })
        {
            await (await factory.CreateApiClient(bad).GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var basic = factory.CreateApiClient(null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxpY2U6cGFzc3dvcmQ=");
        await (await basic.GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoked_and_expired_tokens_stop_working()
    {
        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync("alice@acme.test");
        var revoked = await factory.CreateTokenAsync("alice@acme.test", "acme", "To revoke");
        var expired = await factory.CreateTokenAsync("alice@acme.test", "acme", "To expire");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(revoked).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(expired).GetAsync("/api/v1/me")).StatusCode);

        var page = await browser.GetDocumentAsync("/acme/settings/tokens");
        var row = page.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("To revoke", StringComparison.Ordinal) && r.QuerySelector("form") is not null);
        Assert.Contains(revoked[36..44], row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("never", row.QuerySelectorAll("td")[4].TextContent, StringComparison.Ordinal);
        var action = row.QuerySelector("form")!.GetAttribute("action")!;
        // Revoking cannot be undone: without "Yes, revoke" ticked the token keeps working.
        var unconfirmed = await browser.SubmitAsync("/acme/settings/tokens", action, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Contains(TimeTrack.Web.Features.Tokens.TokensController.RevokeNeedsConfirmation, (await Forms.ParseAsync(unconfirmed)).QuerySelector("#error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(revoked).GetAsync("/api/v1/me")).StatusCode);
        var revokeResponse = await browser.SubmitAsync("/acme/settings/tokens", action, new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, revokeResponse.StatusCode);

        await using (var connection = await factory.Database.OpenAsSuperuserAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand("UPDATE personal_access_tokens SET expires_at = now() - interval '1 minute' WHERE name = 'To expire'", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await (await factory.CreateApiClient(revoked).GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateApiClient(expired).GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);

        var after = await browser.GetDocumentAsync("/acme/settings/tokens");
        Assert.Contains(after.QuerySelectorAll("tr"), r => r.TextContent.Contains("To revoke", StringComparison.Ordinal) && r.TextContent.Contains("Revoked", StringComparison.Ordinal));
        Assert.Contains(after.QuerySelectorAll("tr"), r => r.TextContent.Contains("To expire", StringComparison.Ordinal) && r.TextContent.Contains("Expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_form_keeps_typed_values_and_shows_errors_next_to_fields()
    {
        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync("alice@acme.test");

        var response = await browser.SubmitAsync("/acme/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "",
            ["NewToken.LifetimeDays"] = "365",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Null(page.QuerySelector("#created-token"));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#NewToken_Name-error")?.TextContent));
        Assert.Equal("true", page.QuerySelector("#NewToken_Name")?.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#NewToken_LifetimeDays option[value='365'][selected]"));

        var tooLong = await browser.SubmitAsync("/acme/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Script",
            ["NewToken.LifetimeDays"] = "1000",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var tooLongPage = await Forms.ParseAsync(tooLong);
        Assert.False(string.IsNullOrWhiteSpace(tooLongPage.QuerySelector("#NewToken_LifetimeDays-error")?.TextContent));
        Assert.Equal("Script", tooLongPage.QuerySelector("#NewToken_Name")?.GetAttribute("value"));

        // Another person's token cannot be revoked by id.
        var bobToken = await factory.CreateTokenAsync("bob@acme.test", "acme", "Bob's script");
        var bob = factory.CreateBrowserlikeClient();
        await bob.LogInAsync("bob@acme.test");
        var bobsRow = (await bob.GetDocumentAsync("/acme/settings/tokens")).QuerySelectorAll("tr").First(r => r.TextContent.Contains("Bob's script", StringComparison.Ordinal));
        var bobsAction = bobsRow.QuerySelector("form")!.GetAttribute("action")!;
        var page2 = await browser.GetDocumentAsync("/acme/settings/tokens");
        var forged = await browser.PostAsync(bobsAction, new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = page2.AntiforgeryToken() }));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(bobToken).GetAsync("/api/v1/me")).StatusCode);
    }

    private static readonly string[] DigestStates = ["under_self_review", "released_early", "embargo_ended"];

    [Fact]
    public async Task Digests_are_listed_for_their_owner_and_withheld_from_people_the_policy_does_not_show_them_to()
    {
        var alice = factory.CreateApiClient(await factory.CreateTokenAsync("alice@acme.test", "acme"));
        var bob = factory.CreateApiClient(await factory.CreateTokenAsync("bob@acme.test", "acme"));
        var aliceId = (await (await alice.GetAsync("/api/v1/me")).JsonAsync())["user_id"]!.GetValue<string>();

        var mine = (await (await alice.GetAsync("/api/v1/me/digests")).JsonAsync()).AsArray();

        // The demo seed gives everyone last week's digest.
        var latest = mine[0]!;
        Assert.Equal(aliceId, latest["user_id"]!.GetValue<string>());
        Assert.Contains(latest["state"]!.GetValue<string>(), DigestStates);
        Assert.True(latest["content"]!["total_minutes"]!.GetValue<int>() > 0);
        var week = latest["week_start"]!.GetValue<string>();
        var own = await (await alice.GetAsync($"/api/v1/people/{aliceId}/digests/{week}")).JsonAsync();
        Assert.Equal(week, own["week_start"]!.GetValue<string>());
        await (await bob.GetAsync($"/api/v1/people/{aliceId}/digests/{week}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<(string ProjectId, string TaskId, string TagId)> WorkAsync(HttpClient api)
    {
        var projects = (await (await api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray();
        var projectId = projects[0]!["id"]!.GetValue<string>();
        var tasks = (await (await api.GetAsync($"/api/v1/projects/{projectId}/tasks")).JsonAsync()).AsArray();
        var tags = (await (await api.GetAsync("/api/v1/tags")).JsonAsync()).AsArray();
        return (projectId, tasks[0]!["id"]!.GetValue<string>(), tags[0]!["id"]!.GetValue<string>());
    }

    /// <summary>Midnight UTC <paramref name="offset"/> days from today.</summary>
    private static DateTimeOffset Day(int offset) => new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(offset);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
