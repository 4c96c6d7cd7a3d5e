using System.Net;
using AngleSharp.Html.Dom;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Work;

public sealed class WorkStructureTests(WorkFactory factory) : IClassFixture<WorkFactory>
{
    [Fact]
    public async Task Manager_sets_up_a_client_and_project_with_a_member_a_task_and_an_outcome_that_gets_done()
    {
        var manager = await SignInAsync("manager@acme.test");

        var client = await manager.SubmitAsync("/acme/work", "/acme/work/clients", new Dictionary<string, string> { ["NewClient.Name"] = "Initech" });
        Assert.Equal(HttpStatusCode.Redirect, client.StatusCode);
        var overview = await manager.GetDocumentAsync("/acme/work");
        Assert.Contains("Client “Initech” added.", overview.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);

        var clientId = OptionValue(await manager.GetDocumentAsync("/acme/work/projects/new"), "Project.ClientId", "Initech");
        var created = await manager.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Billing revamp",
            ["Project.ClientId"] = clientId,
            ["Project.Color"] = "#2F6F4F",
            ["Project.IsBillableByDefault"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var projectPath = created.Headers.Location!.OriginalString;
        Assert.Matches("^/acme/work/projects/[0-9a-f-]{36}$", projectPath);

        var page = await manager.GetDocumentAsync(projectPath);
        Assert.Equal("Billing revamp", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("#2f6f4f", page.QuerySelector("h1 svg rect")?.GetAttribute("fill"));
        var aliceId = OptionValue(page, "NewMember.UserId", "Alice Anders");

        var added = await manager.SubmitAsync(projectPath, projectPath + "/members", new Dictionary<string, string> { ["NewMember.UserId"] = aliceId });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var task = await manager.SubmitAsync(projectPath, projectPath + "/tasks", new Dictionary<string, string> { ["NewTask.Name"] = "Invoices" });
        Assert.Equal(HttpStatusCode.Redirect, task.StatusCode);
        var outcome = await manager.SubmitAsync(projectPath, projectPath + "/outcomes", new Dictionary<string, string>
        {
            ["NewOutcome.Name"] = "New invoice layout",
            ["NewOutcome.Status"] = "InProgress",
            ["NewOutcome.DueDate"] = "2026-03-31",
            ["NewOutcome.OwnerUserId"] = aliceId,
        });
        Assert.Equal(HttpStatusCode.Redirect, outcome.StatusCode);

        page = await manager.GetDocumentAsync(projectPath);
        Assert.Contains("Alice Anders", page.QuerySelector("section[aria-labelledby='members-heading'] table")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Invoices", page.QuerySelector("section[aria-labelledby='tasks-heading'] table")?.TextContent, StringComparison.Ordinal);
        var editLink = page.QuerySelectorAll("section[aria-labelledby='outcomes-heading'] a")
            .Single(a => a.TextContent.Contains("New invoice layout", StringComparison.Ordinal)).GetAttribute("href")!;
        var outcomeId = Guid.Parse(editLink.Split('/')[^1]);

        var done = await manager.SubmitAsync(editLink, editLink, new Dictionary<string, string>
        {
            ["Outcome.Name"] = "New invoice layout",
            ["Outcome.Status"] = "Done",
            ["Outcome.DueDate"] = "2026-03-31",
            ["Outcome.OwnerUserId"] = aliceId,
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.True(await CompletedAsync(outcomeId));

        var reopened = await manager.SubmitAsync(editLink, editLink, new Dictionary<string, string>
        {
            ["Outcome.Name"] = "New invoice layout",
            ["Outcome.Status"] = "Blocked",
        });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.False(await CompletedAsync(outcomeId));
    }

    [Fact]
    public async Task Duplicate_project_name_is_refused_next_to_the_name_and_keeps_what_was_typed()
    {
        var manager = await SignInAsync("manager@acme.test");

        var response = await manager.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Website relaunch",
            ["Project.Color"] = "#123abc",
            ["Project.IsBillableByDefault"] = "true",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("A project with this name already exists.", page.QuerySelector("#Project_Name-error")?.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#Project_Name")?.GetAttribute("aria-invalid"));
        Assert.Equal("Website relaunch", page.QuerySelector("#Project_Name")?.GetAttribute("value"));
        Assert.Equal("#123abc", page.QuerySelector("#Project_Color")?.GetAttribute("value"));
        Assert.True(page.QuerySelector("#Project_IsBillableByDefault")?.HasAttribute("checked"));
    }

    [Fact]
    public async Task Project_colour_must_be_a_hex_colour()
    {
        var manager = await SignInAsync("manager@acme.test");

        var response = await manager.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Colourful",
            ["Project.Color"] = "red;background:url(x)",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.StartsWith("Enter the colour as #", page.QuerySelector("#Project_Color-error")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("red;background:url(x)", page.QuerySelector("#Project_Color")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Manager_adds_renames_and_deletes_a_tag_and_duplicates_are_refused()
    {
        var manager = await SignInAsync("manager@acme.test");

        var duplicate = await manager.SubmitAsync("/acme/work", "/acme/work/tags", new Dictionary<string, string> { ["NewTag.Name"] = "meeting" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var page = await Forms.ParseAsync(duplicate);
        Assert.Equal("A tag with this name already exists.", page.QuerySelector("#NewTag_Name-error")?.TextContent.Trim());
        Assert.Equal("meeting", page.QuerySelector("#NewTag_Name")?.GetAttribute("value"));

        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync("/acme/work", "/acme/work/tags", new Dictionary<string, string> { ["NewTag.Name"] = "research" })).StatusCode);
        var rename = (await manager.GetDocumentAsync("/acme/work")).QuerySelectorAll(".tag-list a")
            .Single(a => a.TextContent.Contains("research", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(rename, rename, new Dictionary<string, string> { ["Tag.Name"] = "discovery" })).StatusCode);
        var taken = await manager.SubmitAsync(rename, rename, new Dictionary<string, string> { ["Tag.Name"] = "support" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync("/acme/work", rename + "/delete", new Dictionary<string, string>())).StatusCode);
        var tags = (await manager.GetDocumentAsync("/acme/work")).QuerySelectorAll(".tag-list .tag").Select(t => t.TextContent).ToList();
        Assert.DoesNotContain("discovery", tags);
        Assert.Contains("support", tags);
    }

    [Fact]
    public async Task A_tag_deleted_by_several_clicks_at_once_is_deleted_and_no_click_fails()
    {
        var manager = await SignInAsync("manager@acme.test");
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync("/acme/work", "/acme/work/tags", new Dictionary<string, string> { ["NewTag.Name"] = "double-click" })).StatusCode);
        var work = await manager.GetDocumentAsync("/acme/work");
        var delete = work.QuerySelectorAll(".tag-list a")
            .Single(a => a.TextContent.Contains("double-click", StringComparison.Ordinal)).GetAttribute("href")! + "/delete";
        var token = work.QuerySelector($"form[action='{delete}'] input[name='{Forms.TokenField}']")?.GetAttribute("value");
        Assert.NotNull(token);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            manager.PostAsync(delete, new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }))));

        // Each click either deleted it or found it already gone; none is a server error.
        Assert.All(clicks, c => Assert.Contains(c.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.NotFound }));
        Assert.Contains(clicks, c => c.StatusCode == HttpStatusCode.Redirect);
        var tags = (await manager.GetDocumentAsync("/acme/work")).QuerySelectorAll(".tag-list .tag").Select(t => t.TextContent).ToList();
        Assert.DoesNotContain("double-click", tags);
    }

    [Fact]
    public async Task Manager_marks_a_project_manager_and_removes_a_member()
    {
        var manager = await SignInAsync("manager@acme.test");
        var created = await manager.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Membership drill",
            ["Project.Color"] = "#aa0000",
        });
        var projectPath = created.Headers.Location!.OriginalString;
        var bobId = OptionValue(await manager.GetDocumentAsync(projectPath), "NewMember.UserId", "Bob Brown");
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(projectPath, projectPath + "/members", new Dictionary<string, string> { ["NewMember.UserId"] = bobId })).StatusCode);

        var again = await manager.SubmitAsync(projectPath, projectPath + "/outcomes", new Dictionary<string, string>
        {
            ["NewOutcome.Name"] = "Owned by a stranger",
            ["NewOutcome.OwnerUserId"] = await StrangerAsync(),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("The owner must be a member of the project.", (await Forms.ParseAsync(again)).QuerySelector("#NewOutcome_OwnerUserId-error")?.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(projectPath, $"{projectPath}/members/{bobId}/manager", new Dictionary<string, string> { ["isProjectManager"] = "true" })).StatusCode);
        Assert.Contains("Bob Brown is now a project manager.", (await manager.GetDocumentAsync(projectPath)).QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(projectPath, $"{projectPath}/members/{bobId}/remove", new Dictionary<string, string>())).StatusCode);
        // Its creator stays: whoever creates a project is a member of it.
        var page = await manager.GetDocumentAsync(projectPath);
        var members = page.QuerySelectorAll("section[aria-labelledby='members-heading'] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Maya Manager"], members);
    }

    [Fact]
    public async Task Employee_cannot_open_the_work_pages()
    {
        var alice = await SignInAsync("alice@acme.test");

        foreach (var url in new[] { "/acme/work", "/acme/work/projects/new", "/acme/admin/policy", "/acme/admin/tracking" })
        {
            // As everywhere in the app, a forbidden page sends the person to the access-denied page, which answers 403.
            var response = await alice.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync(response.Headers.Location)).StatusCode);
        }

        var page = await alice.GetDocumentAsync("/acme/time");
        Assert.DoesNotContain("Work", page.QuerySelector("nav.main-nav")!.TextContent, StringComparison.Ordinal);
        var token = (await alice.GetDocumentAsync("/acme/settings/working-hours")).AntiforgeryToken();
        var post = await alice.PostAsync("/acme/work/tags", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewTag.Name"] = "sneaky",
            [Forms.TokenField] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/account/access-denied", post.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_of_another_organization_is_not_found()
    {
        var manager = await SignInAsync("manager@acme.test");
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var globexProject = await superuser.ScalarAsync<Guid>(
            "SELECT p.id FROM projects p JOIN organizations o ON o.id = p.tenant_id WHERE o.slug = 'globex' ORDER BY p.name LIMIT 1");

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/acme/work/projects/{globexProject}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/acme/work/projects/{globexProject}/edit")).StatusCode);
        var token = (await manager.GetDocumentAsync("/acme/work")).AntiforgeryToken();
        var archive = await manager.PostAsync($"/acme/work/projects/{globexProject}/archive", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        Assert.False(await superuser.ScalarAsync<bool>("SELECT is_archived FROM projects WHERE id = @id", ("id", globexProject)));
    }

    [Fact]
    public async Task Over_posted_tenant_id_has_no_effect()
    {
        var manager = await SignInAsync("manager@acme.test");
        var globex = await factory.Database.OrganizationIdAsync("globex");
        var acme = await factory.Database.OrganizationIdAsync("acme");

        var response = await manager.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Sneaky",
            ["Project.Color"] = "#000000",
            ["Project.TenantId"] = globex.ToString(),
            ["TenantId"] = globex.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(acme, await superuser.ScalarAsync<Guid>("SELECT tenant_id FROM projects WHERE name = 'Sneaky'"));
    }

    [Fact]
    public async Task Admin_changes_tracking_settings_through_the_policy_and_an_end_before_the_start_is_refused()
    {
        var admin = await SignInAsync("admin@acme.test");
        var (page, _) = await PolicyEditor.OpenAsync(admin, "acme");
        Assert.Equal("08:00", page.QuerySelector("#Settings_WorkdayStart")?.GetAttribute("value"));

        var invalid = await PolicyEditor.SaveDraftAsync(admin, "acme", fields => Settings(fields, "Allowed", "17:00", "09:00", "30", "Monday", "Tuesday"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var invalidPage = await Forms.ParseAsync(invalid);
        Assert.Equal("The workday must end after it starts, on the same day.", invalidPage.QuerySelector("#Settings_WorkdayEnd-error")?.TextContent.Trim());
        Assert.Equal("17:00", invalidPage.QuerySelector("#Settings_WorkdayStart")?.GetAttribute("value"));
        Assert.True(invalidPage.QuerySelector("#Settings_Days_Tuesday")?.HasAttribute("checked"));
        Assert.False(invalidPage.QuerySelector("#Settings_Days_Friday")?.HasAttribute("checked"));

        var noDays = await PolicyEditor.SaveDraftAsync(admin, "acme", fields => Settings(fields, "Allowed", "08:00", "18:00", "0"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDays.StatusCode);
        var noDaysPage = await Forms.ParseAsync(noDays);
        Assert.Equal("Choose at least one working day, from Monday to Sunday.", noDaysPage.QuerySelector("#Settings_Days-error")?.TextContent.Trim());
        Assert.Equal("Allow adding or changing entries from 1 to 3660 days back.", noDaysPage.QuerySelector("#Settings_MaximumDaysInPast-error")?.TextContent.Trim());

        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        const string Tracking = """
            SELECT concat_ws(' ', tracking_overlaps, tracking_working_days, tracking_workday_start, tracking_workday_end, tracking_maximum_days_in_past)
            FROM organizations WHERE slug = 'acme'
            """;
        var saved = await PolicyEditor.SaveDraftAsync(admin, "acme", fields => Settings(fields, "Allowed", "07:30", "18:30", "200", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // A draft changes nothing until it is published.
        Assert.Equal("Rejected 31 08:00:00 18:00:00 366", await superuser.ScalarAsync<string>(Tracking));

        var today = NodaTime.Text.LocalDatePattern.Iso.Format(NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Berlin"]).Date);
        var published = await PolicyEditor.PublishAsync(admin, "acme", "Earlier starts and later ends for the launch.", today);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal("Allowed 31 07:30:00 18:30:00 200", await superuser.ScalarAsync<string>(Tracking));
    }

    [Fact]
    public async Task A_person_narrows_their_own_hours_but_cannot_widen_them()
    {
        var alice = await SignInAsync("alice@acme.test");

        var wider = await alice.SubmitRepeatedAsync("/acme/settings/working-hours", Hours("06:00", "17:00", "Monday", "Sunday"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wider.StatusCode);
        var widerPage = await Forms.ParseAsync(wider);
        Assert.Contains("narrow", widerPage.QuerySelector("#Form_WorkdayStart-error")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sun", widerPage.QuerySelector("#Form_Days-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("06:00", widerPage.QuerySelector("#Form_WorkdayStart")?.GetAttribute("value"));

        var narrowed = await alice.SubmitRepeatedAsync("/acme/settings/working-hours", Hours("09:00", "17:00", "Monday", "Tuesday", "Wednesday", "Thursday"));
        Assert.Equal(HttpStatusCode.Redirect, narrowed.StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        const string Own = """
            SELECT concat_ws(' ', m.working_days, m.workday_start, m.workday_end)
            FROM memberships m JOIN organizations o ON o.id = m.tenant_id JOIN users u ON u.id = m.user_id
            WHERE o.slug = 'acme' AND u.email = 'alice@acme.test'
            """;
        Assert.Equal("15 09:00:00 17:00:00", await superuser.ScalarAsync<string>(Own));

        var cleared = await alice.SubmitAsync("/acme/settings/working-hours", "/acme/settings/working-hours/clear", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal("", await superuser.ScalarAsync<string>(Own));
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email);
        return client;
    }

    /// <summary>A member of the organization who is not on any project made in these tests.</summary>
    private async Task<string> StrangerAsync() => (await factory.Database.UserIdAsync("carol@acme.test")).ToString();

    private async Task<bool> CompletedAsync(Guid outcomeId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<bool>("SELECT completed_at IS NOT NULL FROM outcomes WHERE id = @id", ("id", outcomeId));
    }

    private static string OptionValue(IHtmlDocument page, string selectName, string text) =>
        page.QuerySelectorAll($"select[name='{selectName}'] option")
            .Single(o => o.TextContent.Trim() == text)
            .GetAttribute("value")!;

    private static void Settings(List<KeyValuePair<string, string>> fields, string overlaps, string start, string end, string maximumDays, params string[] days) =>
        fields.Set("Settings.Overlaps", overlaps)
            .Set("Settings.WorkdayStart", start)
            .Set("Settings.WorkdayEnd", end)
            .Set("Settings.MaximumDaysInPast", maximumDays)
            .Set("Settings.Days", days);

    private static List<KeyValuePair<string, string>> Hours(string start, string end, params string[] days) =>
    [
        new("Form.WorkdayStart", start),
        new("Form.WorkdayEnd", end),
        .. days.Select(d => new KeyValuePair<string, string>("Form.Days", d)),
    ];
}
