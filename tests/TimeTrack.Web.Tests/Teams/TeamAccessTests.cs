using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Teams;

/// <summary>
/// What a team grants, as the admin changes it: every manager of a team sees its people as the policy
/// allows team managers (the default: their totals one by one) on the team dashboard, the approvals
/// page and the person page, from the next request after they are added until the next request after
/// they are removed or the team is archived.
/// </summary>
public sealed class TeamAccessTests(TeamsFactory factory) : IClassFixture<TeamsFactory>
{
    private const string Week = PersonDataFactory.SeededWeekText;

    [Fact]
    public async Task Both_managers_of_a_team_see_its_dashboard_approvals_and_person_week_and_a_removed_manager_loses_them_on_the_next_request()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var mona = await factory.AddMemberAsync("mona@acme.test", "Mona Second", OrgRole.Manager);
        var monaClient = (await factory.CallerAsync("mona@acme.test")).Browser;
        var otto = (await factory.CallerAsync("otto@acme.test")).Browser;
        var carol = await factory.CallerAsync("carol@acme.test");

        await SubmitWeekAsync(carol.Browser);
        var submission = await SubmissionIdAsync(carol.UserId);

        // Before: Mona manages nobody, Otto only Platform (Finn).
        Assert.Equal(HttpStatusCode.NotFound, await PersonPageAsync(monaClient, carol.UserId));
        Assert.Equal(HttpStatusCode.NotFound, await PersonPageAsync(otto, carol.UserId));
        Assert.False(await ListsSubmissionAsync(otto, submission));

        var team = await TeamsAdmin.CreateAsync(admin, "Night shift");
        await TeamsAdmin.AddAsync(admin, team, [carol.UserId], [mona, await factory.Database.UserIdAsync("otto@acme.test")]);

        foreach (var manager in new[] { monaClient, otto })
        {
            Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(manager, carol.UserId));
            Assert.Contains("Night shift", await DashboardTeamsAsync(manager));
            Assert.True(await ListsSubmissionAsync(manager, submission));
        }

        Assert.Equal(["Night shift", "Platform"], await DashboardTeamsAsync(otto));
        var teamPage = await otto.GetDocumentAsync($"/acme/team?week={Week}");
        Assert.Equal("You manage this team.", teamPage.QuerySelector($"#group-{TeamId(team):N} .hint")?.TextContent.Trim());

        await TeamsAdmin.PressAsync(admin, team, $"managers/{mona}/remove");

        Assert.Equal(HttpStatusCode.NotFound, await PersonPageAsync(monaClient, carol.UserId));
        Assert.Empty(await DashboardTeamsAsync(monaClient));
        Assert.False(await ListsSubmissionAsync(monaClient, submission));
        var token = (await monaClient.GetDocumentAsync("/acme/time/timesheet")).AntiforgeryToken();
        var approve = await monaClient.PostAsync($"/acme/team/approvals/{submission}/approve", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);

        // The other manager keeps what the team grants.
        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(otto, carol.UserId));
        Assert.True(await ListsSubmissionAsync(otto, submission));
    }

    [Fact]
    public async Task A_person_in_two_teams_appears_in_both_and_each_teams_manager_sees_them()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var alice = await factory.CallerAsync("alice@acme.test");
        var milo = await factory.AddMemberAsync("milo@acme.test", "Milo Mentor", OrgRole.Manager);
        var team = await TeamsAdmin.CreateAsync(admin, "Guild");
        await TeamsAdmin.AddAsync(admin, team, [alice.UserId, await factory.Database.UserIdAsync("finn@acme.test")], [milo]);

        var page = await alice.Browser.GetDocumentAsync($"/acme/team?week={Week}");
        var product = page.QuerySelectorAll("section.team-group").Single(s => s.QuerySelector("h2")?.TextContent.Trim() == "Product");
        var guild = page.QuerySelector($"#group-{TeamId(team):N}");
        Assert.NotNull(guild);
        Assert.Equal("Guild", guild.QuerySelector("h2")?.TextContent.Trim());
        Assert.NotNull(product.QuerySelector($"tr[data-person='{alice.UserId}']"));
        Assert.NotNull(guild.QuerySelector($"tr[data-person='{alice.UserId}']"));
        Assert.Equal("You are in this team.", guild.QuerySelector(".hint")?.TextContent.Trim());

        var miloClient = (await factory.CallerAsync("milo@acme.test")).Browser;
        var maya = (await factory.CallerAsync("manager@acme.test")).Browser;
        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(miloClient, alice.UserId));
        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(maya, alice.UserId));

        // Finn is in Platform and Guild: Milo sees him through Guild, Maya (who manages neither) does not.
        var finn = await factory.Database.UserIdAsync("finn@acme.test");
        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(miloClient, finn));
        Assert.Equal(HttpStatusCode.NotFound, await PersonPageAsync(maya, finn));
    }

    [Fact]
    public async Task An_archived_team_grants_nothing_and_is_shown_nowhere_until_it_is_restored()
    {
        var admin = await factory.CallerAsync("admin@acme.test");
        var bob = await factory.CallerAsync("bob@acme.test");
        await factory.AddMemberAsync("lena@acme.test", "Lena Lab", OrgRole.Manager);
        var lena = (await factory.CallerAsync("lena@acme.test")).Browser;
        var team = await TeamsAdmin.CreateAsync(admin.Browser, "Lab");
        await TeamsAdmin.AddAsync(admin.Browser, team, [bob.UserId], [await factory.Database.UserIdAsync("lena@acme.test")]);

        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(lena, bob.UserId));
        Assert.Equal(["Lab"], await DashboardTeamsAsync(lena));
        Assert.Contains("Lab", await DashboardTeamsAsync(admin.Browser));
        Assert.NotNull((await bob.Browser.GetDocumentAsync($"/acme/team?week={Week}")).QuerySelector($"#group-{TeamId(team):N}"));
        Assert.Contains(await ManagerViewChoicesAsync(bob.Browser), c => c.StartsWith("Lena Lab (manages your team Lab", StringComparison.Ordinal));

        await TeamsAdmin.PressAsync(admin.Browser, team, "archive");

        Assert.Equal(HttpStatusCode.NotFound, await PersonPageAsync(lena, bob.UserId));
        Assert.Empty(await DashboardTeamsAsync(lena));
        Assert.DoesNotContain("Lab", await DashboardTeamsAsync(admin.Browser));
        var dashboard = await lena.GetAsync($"/acme/team/dashboard?team={TeamId(team)}");
        Assert.DoesNotContain("Bob Brown", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await bob.Browser.GetDocumentAsync($"/acme/team?week={Week}")).QuerySelector($"#group-{TeamId(team):N}"));
        Assert.Null((await lena.GetDocumentAsync($"/acme/team?week={Week}")).QuerySelector($"#group-{TeamId(team):N}"));
        Assert.DoesNotContain(await ManagerViewChoicesAsync(bob.Browser), c => c.Contains("Lena Lab", StringComparison.Ordinal));

        // The admin page still has it, with its people, as history.
        var archived = await admin.Browser.GetDocumentAsync(team);
        Assert.Equal("Archived", archived.QuerySelector("h1 .badge")?.TextContent.Trim());
        Assert.Contains("Bob Brown", archived.QuerySelector("#team-members")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Lena Lab", archived.QuerySelector("#team-managers")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await admin.Browser.GetDocumentAsync(TeamsAdmin.List)).QuerySelector($"#archived-teams tr[data-team='{TeamId(team)}']"));

        await TeamsAdmin.PressAsync(admin.Browser, team, "unarchive");
        Assert.Equal(HttpStatusCode.OK, await PersonPageAsync(lena, bob.UserId));
        Assert.Equal(["Lab"], await DashboardTeamsAsync(lena));
    }

    private static Guid TeamId(string teamPath) => Guid.Parse(teamPath.Split('/')[^1]);

    private static async Task<HttpStatusCode> PersonPageAsync(HttpClient client, Guid person)
    {
        using var response = await client.GetAsync($"/acme/team/people/{person}?week={Week}");
        return response.StatusCode;
    }

    private static async Task<IReadOnlyList<string>> DashboardTeamsAsync(HttpClient client) =>
        [.. (await client.GetDocumentAsync("/acme/team/dashboard")).QuerySelectorAll("#dashboard-team option").Select(o => o.TextContent.Trim())];

    private static async Task<bool> ListsSubmissionAsync(HttpClient client, Guid submission) =>
        (await client.GetDocumentAsync("/acme/team/approvals")).QuerySelector($"#submission-{submission}") is not null;

    private static async Task<IReadOnlyList<string>> ManagerViewChoicesAsync(HttpClient client) =>
        [.. (await client.GetDocumentAsync("/acme/transparency/manager-view")).QuerySelectorAll("option").Select(o => o.TextContent.Trim())];

    private static async Task SubmitWeekAsync(HttpClient client)
    {
        var response = await client.SubmitAsync($"/acme/time/timesheet?week={Week}", "/acme/time/timesheet/submit", new Dictionary<string, string> { ["week"] = Week });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<Guid> SubmissionIdAsync(Guid userId)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().WeekSubmissions
            .Where(s => s.UserId == userId && s.WeekStart == PersonDataFactory.SeededWeek)
            .Select(s => s.Id)
            .SingleAsync();
    }
}
