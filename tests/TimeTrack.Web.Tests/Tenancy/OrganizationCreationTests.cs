using System.Net;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tenancy;

[Collection(TenancyWritesCollection.Name)]
public sealed class OrganizationCreationTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Creating_an_organization_makes_the_creator_its_owner_and_lands_on_its_checklist()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("carol@acme.test");
        var slug = "rivet-" + Guid.NewGuid().ToString("N")[..8];

        var response = await client.SubmitAsync("/organizations/new", Fields("Rivet Works", slug));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{slug}/admin/getting-started", response.Headers.Location?.OriginalString);
        var page = await client.GetDocumentAsync($"/{slug}/time");
        Assert.Contains((slug, "Owner"), OrganizationSwitcher.Entries(page));
        Assert.Contains(("acme", "Employee"), OrganizationSwitcher.Entries(page));

        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var members = await superuser.QueryAsync(
            """
            SELECT u.email, m.role, o.default_time_zone_id
            FROM organizations o JOIN memberships m ON m.tenant_id = o.id JOIN users u ON u.id = m.user_id
            WHERE o.slug = @slug
            """,
            r => (Email: r.GetString(0), Role: r.GetString(1), TimeZone: r.GetString(2)),
            ("slug", slug));
        Assert.Equal([("carol@acme.test", "Owner", "Europe/Vienna")], members);
    }

    [Fact]
    public async Task A_new_organization_has_a_checklist_that_stays_until_every_step_is_done()
    {
        var owner = factory.CreateBrowserlikeClient();
        await owner.LogInAsync("carol@acme.test");
        var slug = "firstrun-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/organizations/new", Fields("First Run", slug))).StatusCode);
        var checklist = $"/{slug}/admin/getting-started";

        var start = await owner.GetDocumentAsync(checklist);
        Assert.StartsWith("0 of 5 steps done", Progress(start), StringComparison.Ordinal);

        // Bringing history from another tracker is offered, and not a step that keeps the list open.
        Assert.Equal($"/{slug}/import", start.QuerySelector("#bring-your-history a")?.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/{slug}/import")).StatusCode);
        var card = (await owner.GetDocumentAsync($"/{slug}/time")).QuerySelector("#getting-started");
        Assert.NotNull(card);
        Assert.Contains("0 of 5 done", card.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{checklist}#zone-and-week", card.QuerySelector("a")?.GetAttribute("href"));

        // Time zone and week start: a wrong zone comes back with the error and what was typed.
        var wrong = await owner.SubmitAsync($"/{slug}/admin/organization", new Dictionary<string, string>
        {
            ["Organization.Name"] = "First Run Renamed",
            ["Organization.TimeZoneId"] = "Mars/Olympus_Mons",
            ["Organization.WeekStart"] = "Sunday",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var form = await Forms.ParseAsync(wrong);
        Assert.Equal("Choose a time zone from the list.", form.QuerySelector("#Organization_TimeZoneId-error")?.TextContent.Trim());
        Assert.Equal("First Run Renamed", form.QuerySelector("#Organization_Name")?.GetAttribute("value"));
        Assert.Equal("Sunday", form.QuerySelector("#Organization_WeekStart option[selected]")?.GetAttribute("value"));
        var saved = await owner.SubmitAsync($"/{slug}/admin/organization", new Dictionary<string, string>
        {
            ["Organization.Name"] = "First Run Renamed",
            ["Organization.TimeZoneId"] = "America/New_York",
            ["Organization.WeekStart"] = "Sunday",
        });
        Assert.Equal($"{checklist}#zone-and-week", saved.Headers.Location?.OriginalString);
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            Assert.Equal("First Run Renamed|America/New_York|7", await superuser.ScalarAsync<string>(
                "SELECT name || '|' || default_time_zone_id || '|' || week_start FROM organizations WHERE slug = @slug", ("slug", slug)));
        }

        Assert.StartsWith("1 of 5", Progress(await owner.GetDocumentAsync(checklist)), StringComparison.Ordinal);

        Assert.Equal($"{checklist}#working-hours", (await owner.SubmitAsync(checklist, $"{checklist}/working-hours", new Dictionary<string, string>())).Headers.Location?.OriginalString);

        // A first project, whose creator is its member.
        var project = await owner.SubmitAsync($"/{slug}/work/projects/new", $"/{slug}/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Onboarding",
            ["Project.Color"] = "#3b6ea5",
        });
        Assert.Equal(HttpStatusCode.Redirect, project.StatusCode);
        var projectPage = await owner.GetDocumentAsync(project.Headers.Location!.OriginalString);
        Assert.Equal(["Carol Chen"], projectPage.QuerySelectorAll("section[aria-labelledby='members-heading'] tbody tr td:first-child").Select(td => td.TextContent.Trim()));

        var invited = await owner.SubmitAsync($"/{slug}/admin", $"/{slug}/admin/invitations", new Dictionary<string, string>
        {
            ["Invite.Email"] = $"first-{Guid.NewGuid():N}@example.test",
            ["Invite.Role"] = "Employee",
        });
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var page = await owner.GetDocumentAsync(checklist);
        Assert.StartsWith("4 of 5", Progress(page), StringComparison.Ordinal);

        // The policy step explains each purpose before it is confirmed.
        var purposes = page.QuerySelectorAll("#review-policy tbody tr").Select(tr => tr.QuerySelector("td")?.TextContent.Trim()).ToList();
        Assert.NotEmpty(purposes);
        Assert.All(purposes, purpose => Assert.False(string.IsNullOrWhiteSpace(purpose)));
        var done = await owner.SubmitAsync(checklist, $"{checklist}/review-policy", new Dictionary<string, string>());
        Assert.Equal($"/{slug}/admin", done.Headers.Location?.OriginalString);
        Assert.Null((await owner.GetDocumentAsync($"/{slug}/time")).QuerySelector("#getting-started"));
        Assert.Null((await owner.GetDocumentAsync($"/{slug}/admin")).QuerySelector("#getting-started"));
        Assert.StartsWith("5 of 5", Progress(await owner.GetDocumentAsync(checklist)), StringComparison.Ordinal);

        // Once time is tracked, the week start and time zone stay.
        var projectId = project.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync($"/{slug}/time", $"/{slug}/time/timer/start", new Dictionary<string, string> { ["Timer.ProjectId"] = projectId })).StatusCode);
        var settled = await owner.SubmitAsync($"/{slug}/admin/organization", new Dictionary<string, string>
        {
            ["Organization.Name"] = "First Run Renamed",
            ["Organization.TimeZoneId"] = "America/New_York",
            ["Organization.WeekStart"] = "Monday",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, settled.StatusCode);
        Assert.Equal(TimeTrack.Web.Features.Admin.GettingStartedController.SettledOnceTracked, (await Forms.ParseAsync(settled)).QuerySelector("#Organization_WeekStart-error")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_checklist_is_for_admins_and_the_demo_organization_is_past_it()
    {
        var employee = factory.CreateBrowserlikeClient();
        await employee.LogInAsync("alice@acme.test");
        var refused = await employee.GetAsync("/acme/admin/getting-started");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync(refused.Headers.Location)).StatusCode);
        Assert.Null((await employee.GetDocumentAsync("/acme/time")).QuerySelector("#getting-started"));

        var admin = factory.CreateBrowserlikeClient();
        await admin.LogInAsync("admin@acme.test");
        Assert.Null((await admin.GetDocumentAsync("/acme/time")).QuerySelector("#getting-started"));
        var page = await admin.GetDocumentAsync("/acme/admin/getting-started");
        Assert.StartsWith("5 of 5", Progress(page), StringComparison.Ordinal);

        // A step the data decides cannot be confirmed by hand.
        var forged = await admin.PostAsync("/acme/admin/getting-started/first-project", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = page.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Theory]
    [InlineData("admin", "reserved")]
    [InlineData("Bad Slug", "lowercase letters, digits and single hyphens")]
    [InlineData("acme", "taken")]
    public async Task Invalid_or_taken_address_is_refused_with_the_message_next_to_the_field(string slug, string message)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("carol@acme.test");
        var name = "Typed Name " + Guid.NewGuid().ToString("N")[..6];

        var response = await client.SubmitAsync("/organizations/new", Fields(name, slug));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("#Slug-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains("input-validation-error", page.QuerySelector("input[name='Slug']")?.ClassName ?? "", StringComparison.Ordinal);
        Assert.Equal(name, page.QuerySelector("input[name='Name']")?.GetAttribute("value"));
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM organizations WHERE name = @name", ("name", name)));
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_rejected_with_400()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("carol@acme.test");
        var slug = "forged-" + Guid.NewGuid().ToString("N")[..8];

        var response = await client.PostAsync("/organizations/new", new FormUrlEncodedContent(Fields("Forged", slug)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM organizations WHERE slug = @slug", ("slug", slug)));
    }

    private static string Progress(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("#checklist-progress")?.TextContent.Trim() ?? "";

    private static Dictionary<string, string> Fields(string name, string slug) => new()
    {
        ["Name"] = name,
        ["Slug"] = slug,
        ["TimeZoneId"] = "Europe/Vienna",
        ["WeekStart"] = "Monday",
    };
}
