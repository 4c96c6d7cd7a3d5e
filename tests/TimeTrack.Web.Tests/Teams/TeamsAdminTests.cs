using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Admin;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Teams;

/// <summary>The teams admin pages: names, archiving, members and managers, and who may use them.</summary>
public sealed class TeamsAdminTests(TeamsFactory factory) : IClassFixture<TeamsFactory>
{
    [Fact]
    public async Task Owner_creates_renames_archives_and_restores_a_team_and_the_list_follows()
    {
        var owner = (await factory.CallerAsync("owner@acme.test")).Browser;
        var admin = await owner.GetDocumentAsync("/acme/admin");
        Assert.NotNull(admin.QuerySelector("a[href='/acme/admin/teams']"));

        var team = await TeamsAdmin.CreateAsync(owner, "  Support desk  ");
        var page = await owner.GetDocumentAsync(team);
        Assert.Equal("Support desk", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Team “Support desk” created.", page.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Support desk", Row(await owner.GetDocumentAsync(TeamsAdmin.List), "active-teams", team)?.QuerySelector("a")?.TextContent.Trim());

        var renamed = await owner.SubmitAsync(team, team, new Dictionary<string, string> { ["Team.Name"] = "Help desk" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("Help desk", (await owner.GetDocumentAsync(team)).QuerySelector("h1")?.TextContent.Trim());

        await TeamsAdmin.PressAsync(owner, team, "archive");
        var list = await owner.GetDocumentAsync(TeamsAdmin.List);
        Assert.Null(Row(list, "active-teams", team));
        Assert.NotNull(Row(list, "archived-teams", team));
        Assert.StartsWith("Archived", (await owner.GetDocumentAsync(team)).QuerySelector("#team-status")?.TextContent.Trim(), StringComparison.Ordinal);

        await TeamsAdmin.PressAsync(owner, team, "unarchive");
        list = await owner.GetDocumentAsync(TeamsAdmin.List);
        Assert.NotNull(Row(list, "active-teams", team));
        Assert.Null(Row(list, "archived-teams", team));
    }

    [Fact]
    public async Task Refused_names_are_shown_next_to_the_field_with_what_was_typed_and_status_422()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;

        foreach (var (typed, message) in new[]
        {
            ("Product", TeamsController.DuplicateName),
            ("", "Enter the team's name."),
            ("   ", "Enter the team's name."),
            (new string('x', 121), "Use at most 120 characters."),
        })
        {
            var response = await admin.SubmitAsync(TeamsAdmin.List, TeamsAdmin.List, new Dictionary<string, string> { ["NewTeam.Name"] = typed });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var page = await Forms.ParseAsync(response);
            Assert.Equal(message, page.QuerySelector("#NewTeam_Name-error")?.TextContent.Trim());
            Assert.Equal("true", page.QuerySelector("#NewTeam_Name")?.GetAttribute("aria-invalid"));
            Assert.Equal(typed, page.QuerySelector("#NewTeam_Name")?.GetAttribute("value") ?? "");
        }

        // Renaming onto another active team's name is refused the same way on the team's page.
        var team = await TeamsAdmin.CreateAsync(admin, "Field crew");
        var rename = await admin.SubmitAsync(team, team, new Dictionary<string, string> { ["Team.Name"] = "Product" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rename.StatusCode);
        var refused = await Forms.ParseAsync(rename);
        Assert.Equal(TeamsController.DuplicateName, refused.QuerySelector("#Team_Name-error")?.TextContent.Trim());
        Assert.Equal("Product", refused.QuerySelector("#Team_Name")?.GetAttribute("value"));
        Assert.Equal("Field crew", refused.QuerySelector("h1")?.TextContent.Trim());

        // Names are unique among active teams only: an archived team's name is free, and restoring it then clashes.
        await TeamsAdmin.PressAsync(admin, team, "archive");
        var successor = await TeamsAdmin.CreateAsync(admin, "Field crew");
        Assert.NotEqual(team, successor);
        var restore = await admin.SubmitAsync(team, team + "/unarchive", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, restore.StatusCode);
        var clash = await Forms.ParseAsync(restore);
        Assert.Equal("Another active team is called “Field crew”. Rename this team, then restore it.", clash.QuerySelector("#Team_Name-error")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(team, team, new Dictionary<string, string> { ["Team.Name"] = "Field crew (2025)" })).StatusCode);
        await TeamsAdmin.PressAsync(admin, team, "unarchive");
    }

    [Fact]
    public async Task Members_and_managers_are_added_and_removed_and_only_people_who_may_are_accepted()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var maya = await factory.Database.UserIdAsync("manager@acme.test");
        var dave = await factory.Database.UserIdAsync("dave@globex.test");
        var team = await TeamsAdmin.CreateAsync(admin, "Roster");

        await TeamsAdmin.AddAsync(admin, team, [alice], [maya, await factory.Database.UserIdAsync("owner@acme.test")]);
        var page = await admin.GetDocumentAsync(team);
        Assert.Equal(["Alice Anders"], Names(page, "#team-members"));
        Assert.Equal(["Maya Manager", "Olivia Owner"], Names(page, "#team-managers"));

        // A manager need not be in the team, and an employee cannot manage one.
        Assert.DoesNotContain(alice.ToString(), Options(page, "NewManager.UserId"));
        var employee = await TeamsAdmin.AddManagerAsync(admin, team, alice);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, employee.StatusCode);
        Assert.Equal(TeamsController.MayNotManage, (await Forms.ParseAsync(employee)).QuerySelector("#NewManager_UserId-error")?.TextContent.Trim());

        // Someone of another organization is nobody here.
        foreach (var add in new Func<Task<HttpResponseMessage>>[] { () => TeamsAdmin.AddMemberAsync(admin, team, dave), () => TeamsAdmin.AddManagerAsync(admin, team, dave) })
        {
            var response = await add();
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var refused = await Forms.ParseAsync(response);
            Assert.Contains(TeamsController.NotAMember, refused.QuerySelectorAll(".field-error").Select(e => e.TextContent.Trim()));
        }

        var twice = await TeamsAdmin.AddMemberAsync(admin, team, alice);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("This person is already in the team.", (await Forms.ParseAsync(twice)).QuerySelector("#NewMember_UserId-error")?.TextContent.Trim());

        await TeamsAdmin.PressAsync(admin, team, $"members/{alice}/remove");
        await TeamsAdmin.PressAsync(admin, team, $"managers/{maya}/remove");
        page = await admin.GetDocumentAsync(team);
        Assert.Null(page.QuerySelector("#team-members"));
        Assert.Equal(["Olivia Owner"], Names(page, "#team-managers"));
        Assert.Equal((0, 1), await CountsAsync(TeamId(team)));

        // An archived team's people stay as they are until it is restored.
        var token = page.AntiforgeryToken();
        await TeamsAdmin.PressAsync(admin, team, "archive");
        var frozen = await admin.PostAsync(team + "/members", new FormUrlEncodedContent(new Dictionary<string, string> { ["NewMember.UserId"] = alice.ToString(), [Forms.TokenField] = token }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, frozen.StatusCode);
        Assert.Contains(TeamsController.ArchivedTeam, (await Forms.ParseAsync(frozen)).QuerySelector(".validation-summary")?.TextContent, StringComparison.Ordinal);
        var owner = await factory.Database.UserIdAsync("owner@acme.test");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsync($"{team}/managers/{owner}/remove", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }))).StatusCode);
        Assert.Equal((0, 1), await CountsAsync(TeamId(team)));
    }

    [Fact]
    public async Task Posted_fields_other_than_the_form_s_own_change_nothing()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var chosenId = Guid.CreateVersion7();
        var created = await admin.SubmitAsync(TeamsAdmin.List, TeamsAdmin.List, new Dictionary<string, string>
        {
            ["NewTeam.Name"] = "Overposted",
            ["NewTeam.Id"] = chosenId.ToString(),
            ["NewTeam.TenantId"] = factory.GlobexId.ToString(),
            ["NewTeam.ArchivedAt"] = "2020-01-01T00:00:00Z",
            ["NewTeam.Managers[0].UserId"] = (await factory.Database.UserIdAsync("alice@acme.test")).ToString(),
            ["Id"] = chosenId.ToString(),
            ["TenantId"] = factory.GlobexId.ToString(),
            ["ArchivedAt"] = "2020-01-01T00:00:00Z",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var team = created.Headers.Location!.OriginalString;
        Assert.NotEqual(chosenId, TeamId(team));

        var renamed = await admin.SubmitAsync(team, team, new Dictionary<string, string>
        {
            ["Team.Name"] = "Still active",
            ["Team.ArchivedAt"] = "2020-01-01T00:00:00Z",
            ["ArchivedAt"] = "2020-01-01T00:00:00Z",
        });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var stored = await db.Teams.AsNoTracking().Include(t => t.Managers).SingleAsync(t => t.Id == TeamId(team));
        Assert.Equal(("Still active", factory.AcmeId, (NodaTime.Instant?)null), (stored.Name, stored.TenantId, stored.ArchivedAt));
        Assert.Empty(stored.Managers);
        Assert.False(await db.Teams.AnyAsync(t => t.Id == chosenId));
        await using var globex = factory.Scopes.CreateScope(factory.GlobexId);
        Assert.False(await globex.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Teams.AnyAsync(t => t.Name == "Overposted" || t.Id == chosenId));
    }

    [Fact]
    public async Task Another_organizations_team_is_not_found_and_another_organizations_pages_are_not_found()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        Guid globexTeam;
        await using (var scope = factory.Scopes.CreateScope(factory.GlobexId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var team = new Domain.Tenancy.Team { Id = Guid.CreateVersion7(), Name = "Globex research" };
            team.AddMember(await factory.Database.UserIdAsync("dave@globex.test"));
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            globexTeam = team.Id;
        }

        var foreign = $"/acme/admin/teams/{globexTeam}";
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(foreign)).StatusCode);
        var token = (await admin.GetDocumentAsync(TeamsAdmin.List)).AntiforgeryToken();
        var dave = await factory.Database.UserIdAsync("dave@globex.test");
        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
        {
            (foreign, new() { ["Team.Name"] = "Taken over" }),
            (foreign + "/archive", []),
            (foreign + "/unarchive", []),
            (foreign + "/members", new() { ["NewMember.UserId"] = (await factory.Database.UserIdAsync("alice@acme.test")).ToString() }),
            (foreign + "/managers", new() { ["NewManager.UserId"] = (await factory.Database.UserIdAsync("admin@acme.test")).ToString() }),
            ($"{foreign}/members/{dave}/remove", []),
        })
        {
            fields[Forms.TokenField] = token;
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(path, new FormUrlEncodedContent(fields))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/globex/admin/teams")).StatusCode);
        await using (var scope = factory.Scopes.CreateScope(factory.GlobexId))
        {
            var stored = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Teams.AsNoTracking()
                .Include(t => t.Members).Include(t => t.Managers).SingleAsync(t => t.Id == globexTeam);
            Assert.Equal(("Globex research", (NodaTime.Instant?)null, 1, 0), (stored.Name, stored.ArchivedAt, stored.Members.Count, stored.Managers.Count));
        }
    }

    [Fact]
    public async Task Employees_and_managers_can_neither_open_the_pages_nor_post_to_them()
    {
        var product = await ProductPathAsync();
        foreach (var email in new[] { "alice@acme.test", "manager@acme.test" })
        {
            var client = (await factory.CallerAsync(email)).Browser;
            foreach (var page in new[] { TeamsAdmin.List, product })
            {
                var response = await client.GetAsync(page);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);
            }

            var token = (await client.GetDocumentAsync("/acme/settings/working-hours")).AntiforgeryToken();
            foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
            {
                (TeamsAdmin.List, new() { ["NewTeam.Name"] = "By " + email }),
                (product, new() { ["Team.Name"] = "Renamed by " + email }),
                (product + "/archive", []),
                (product + "/members", new() { ["NewMember.UserId"] = (await factory.Database.UserIdAsync("finn@acme.test")).ToString() }),
            })
            {
                fields[Forms.TokenField] = token;
                var post = await client.PostAsync(url, new FormUrlEncodedContent(fields));
                Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
                Assert.StartsWith("/account/access-denied", post.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
        }

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var stored = await db.Teams.AsNoTracking().Include(t => t.Members).SingleAsync(t => t.Id == TeamId(product));
        Assert.Equal(("Product", (NodaTime.Instant?)null, 3), (stored.Name, stored.ArchivedAt, stored.Members.Count));
        Assert.False(await db.Teams.AnyAsync(t => t.Name.StartsWith("By ")));
    }

    private async Task<string> ProductPathAsync()
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var id = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Teams.Where(t => t.Name == "Product").Select(t => t.Id).SingleAsync();
        return $"/acme/admin/teams/{id}";
    }

    private async Task<(int Members, int Managers)> CountsAsync(Guid teamId)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        return (await db.TeamMembers.CountAsync(m => m.TeamId == teamId), await db.TeamManagers.CountAsync(m => m.TeamId == teamId));
    }

    private static Guid TeamId(string teamPath) => Guid.Parse(teamPath.Split('/')[^1]);

    private static AngleSharp.Dom.IElement? Row(IHtmlDocument page, string table, string teamPath) =>
        page.QuerySelector($"#{table} tr[data-team='{TeamId(teamPath)}']");

    private static List<string> Names(IHtmlDocument page, string list) =>
        [.. page.QuerySelectorAll($"{list} li").Select(li => li.ChildNodes.First().TextContent.Trim())];

    private static List<string> Options(IHtmlDocument page, string select) =>
        [.. page.QuerySelectorAll($"select[name='{select}'] option").Select(o => o.GetAttribute("value") ?? "")];
}
