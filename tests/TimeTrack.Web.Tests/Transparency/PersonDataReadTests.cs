using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>
/// What the team pages and the API show of one person under the default policy, page by page. Every
/// endpoint × format × relationship × policy is covered by the conformance matrix
/// (Disclosure/ConformanceMatrixTests); these check the pages' shape.
/// </summary>
[Collection(PersonDataCollection.Name)]
public sealed class PersonDataReadTests(PersonDataFactory factory)
{
    private const string Week = PersonDataFactory.SeededWeekText;

    [Fact]
    public async Task The_managers_person_page_shows_totals_and_project_totals_but_no_descriptions()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var response = await manager.Browser.GetAsync($"/acme/team/people/{alice}?week={Week}");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Forms.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Alice Anders", page.QuerySelector("h1")?.TextContent.Trim());
        // The seed gives her 2 h 30 min on Internal tools and 2 h on Website relaunch each weekday.
        Assert.Equal("22h 30m", page.QuerySelector("#pw-week-total")?.TextContent.Trim());
        var projects = page.QuerySelectorAll("#pw-project-table tbody tr").Select(r => Cells(r)).ToList();
        Assert.Equal([["Internal tools", "Customer feedback round", "12h 30m"], ["Website relaunch", "—", "10h"]], projects);
        Assert.Null(page.QuerySelector("#pw-entries"));
        Assert.Null(page.QuerySelector("#pw-outside"));
        Assert.Null(page.QuerySelector("#pw-timer"));
        Assert.DoesNotContain("Work on the first release", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Support and reviews", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Outside hours", html, StringComparison.Ordinal);
        Assert.Contains(PolicyText.ShortLabel(DataCategory.EntryDetails), page.QuerySelector("#pw-not-shown")!.TextContent, StringComparison.Ordinal);

        var api = await (await manager.Api.GetAsync($"/api/v1/people/{alice}/week?start={Week}")).JsonAsync();
        Assert.Equal(["totals", "project_totals"], api["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(81_000, api["totals"]!["total_seconds"]!.GetValue<long>());
        Assert.Equal(7, api["totals"]!["days"]!.AsArray().Count);
        Assert.Equal(2, api["projects"]!.AsArray().Count);
        Assert.Null(api["entries"]);
        Assert.Null(api["outside_hours"]);
        Assert.Null(api["timer_running"]);
        Assert.False(api["only_projects_you_manage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Admins_see_a_small_team_only_as_suppressed_and_never_a_persons_page()
    {
        var admin = await factory.CallerAsync("admin@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var page = await admin.Browser.GetDocumentAsync($"/acme/team?week={Week}");

        // The default policy shows admins totals only in aggregate, and k = 5: Product has three people.
        var product = Group(page, "Product");
        Assert.Contains(TeamAggregateView.SuppressedText, product.TextContent, StringComparison.Ordinal);
        Assert.Empty(product.QuerySelectorAll("td.person-total"));
        Assert.DoesNotContain("22h 30m", product.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("67h 30m", product.TextContent, StringComparison.Ordinal);
        Assert.Empty(product.QuerySelectorAll("tbody a"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync($"/acme/team/people/{alice}?week={Week}")).StatusCode);
    }

    [Fact]
    public async Task The_team_page_lists_people_by_name_with_their_totals_and_links_to_each_persons_week()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var page = await manager.Browser.GetDocumentAsync($"/acme/team?week={Week}");

        var product = Group(page, "Product");
        var rows = product.QuerySelectorAll("tbody tr").Select(r => Cells(r)).ToList();
        Assert.Equal([["Alice Anders", "22h 30m"], ["Bob Brown", "22h 30m"], ["Carol Chen", "22h 30m"]], rows);
        Assert.All(product.QuerySelectorAll("tbody tr"), row => Assert.StartsWith(
            $"/acme/team/people/{row.GetAttribute("data-person")}?week={Week}",
            row.QuerySelector("th a")?.GetAttribute("href") ?? "",
            StringComparison.Ordinal));
        Assert.Equal("Week of 16 Nov 2026", page.QuerySelector("#team-week")?.TextContent.Trim());
        Assert.Null(FindGroup(page, "Platform"));
    }

    [Fact]
    public async Task A_project_manager_sees_only_the_time_on_the_projects_they_manage()
    {
        var pia = await factory.CallerAsync("pia@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var page = await pia.Browser.GetDocumentAsync($"/acme/team/people/{alice}?week={Week}");

        Assert.Equal([["Website relaunch", "—", "10h"]], page.QuerySelectorAll("#pw-project-table tbody tr").Select(r => Cells(r)).ToList());
        Assert.Contains("Only time on projects you manage.", page.QuerySelector("#pw-projects")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#pw-totals"));
        Assert.DoesNotContain("Internal tools", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var api = await (await pia.Api.GetAsync($"/api/v1/people/{alice}/week?start={Week}")).JsonAsync();
        Assert.True(api["only_projects_you_manage"]!.GetValue<bool>());
        Assert.Equal("Website relaunch", api["projects"]!.AsArray().Single()!["project_name"]!.GetValue<string>());
        Assert.Null(api["totals"]);
    }

    [Fact]
    public async Task Strangers_and_other_organizations_get_404_for_a_person()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var dave = await factory.CallerAsync("dave@globex.test", "globex");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var daveId = dave.UserId;

        Assert.Equal(HttpStatusCode.NotFound, (await manager.Browser.GetAsync($"/acme/team/people/{Guid.CreateVersion7()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.Browser.GetAsync($"/acme/team/people/{daveId}")).StatusCode);
        await (await manager.Api.GetAsync($"/api/v1/people/{daveId}/week")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.Browser.GetAsync($"/acme/team/people/{alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.Browser.GetAsync($"/globex/team/people/{alice}")).StatusCode);
        await (await dave.Api.GetAsync($"/api/v1/people/{alice}/week")).ProblemAsync(HttpStatusCode.NotFound);
        var invalid = await (await manager.Api.GetAsync($"/api/v1/people/{alice}/week?start=16.11.2026")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(invalid.FieldErrors("start"));
    }

    [Fact]
    public async Task The_people_list_names_only_whom_the_token_owner_may_see_one_by_one()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var admin = await factory.CallerAsync("admin@acme.test");

        var managers = (await (await manager.Api.GetAsync("/api/v1/people")).JsonAsync()).AsArray();
        var admins = (await (await admin.Api.GetAsync("/api/v1/people")).JsonAsync()).AsArray();

        Assert.Equal(["Alice Anders", "Bob Brown", "Carol Chen", "Maya Manager"], managers.Select(p => p!["display_name"]!.GetValue<string>()));
        Assert.All(managers, p => Assert.True(Guid.TryParse(p!["user_id"]!.GetValue<string>(), out _)));
        Assert.Equal(["Adam Admin"], admins.Select(p => p!["display_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task See_what_my_manager_sees_renders_the_managers_view_of_me_and_leaves_no_trace()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        var before = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Count;

        var mine = await alice.Browser.GetDocumentAsync($"/acme/transparency/manager-view?week={Week}");
        var theirs = await manager.Browser.GetDocumentAsync($"/acme/team/people/{alice.UserId}?week={Week}");

        Assert.Equal(manager.UserId.ToString(), mine.QuerySelector("#manager option[selected]")?.GetAttribute("value"));
        Assert.Null(mine.QuerySelector("#no-team-manager"));
        Assert.Equal(Sections(theirs), Sections(mine));
        Assert.Equal(theirs.QuerySelector("#pw-week-total")?.TextContent, mine.QuerySelector("#pw-week-total")?.TextContent);
        Assert.Equal(theirs.QuerySelector("#pw-project-table tbody")?.TextContent, mine.QuerySelector("#pw-project-table tbody")?.TextContent);
        Assert.DoesNotContain("Work on the first release", mine.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("What Maya Manager sees of your week", mine.QuerySelector("#pw-summary")!.TextContent, StringComparison.Ordinal);

        // The manager's read above is logged; her own look at it is not.
        Assert.Equal(before + 1, (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Count);

        var pia = await factory.Database.UserIdAsync("pia@acme.test");
        var asProjectManager = await alice.Browser.GetDocumentAsync($"/acme/transparency/manager-view?manager={pia}&week={Week}");
        Assert.Equal([["Website relaunch", "—", "10h"]], asProjectManager.QuerySelectorAll("#pw-project-table tbody tr").Select(r => Cells(r)).ToList());
        Assert.Null(asProjectManager.QuerySelector("#pw-totals"));
    }

    [Fact]
    public async Task Without_a_team_manager_the_page_says_so_and_shows_what_an_admin_would_see()
    {
        var erin = await factory.CallerAsync("erin@acme.test");

        var page = await erin.Browser.GetDocumentAsync("/acme/transparency/manager-view");

        Assert.NotNull(page.QuerySelector("#no-team-manager"));
        Assert.Equal(TimeTrack.Web.Features.Transparency.ManagerViewController.Admin, page.QuerySelector("#manager option[selected]")?.GetAttribute("value"));
        // Admins see totals only in aggregate by default: nothing of Erin individually.
        Assert.NotNull(page.QuerySelector("#pw-nothing"));
        Assert.Null(page.QuerySelector("#pw-totals"));
    }

    [Fact]
    public async Task A_running_timer_is_neither_shown_nor_counted_for_a_viewer_the_policy_does_not_show_it_to()
    {
        var carol = await factory.CallerAsync("carol@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var project = await db.Projects.Where(p => p.Name == "Mobile app").Select(p => p.Id).SingleAsync();
            db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = carol.UserId,
                ProjectId = project,
                Description = "Running for the test",
                Start = PersonDataFactory.Now - Duration.FromHours(1),
                Source = EntrySource.Timer,
                CreatedAt = PersonDataFactory.Now,
                UpdatedAt = PersonDataFactory.Now,
            });
            await db.SaveChangesAsync();
        }

        var managers = await manager.Browser.GetDocumentAsync($"/acme/team/people/{carol.UserId}?week=2026-11-23");
        var hers = await carol.Browser.GetDocumentAsync($"/acme/team/people/{carol.UserId}?week=2026-11-23");

        Assert.Equal("0m", managers.QuerySelector("#pw-week-total")?.TextContent.Trim());
        Assert.Null(managers.QuerySelector("#pw-timer"));
        Assert.Empty(managers.QuerySelectorAll("#pw-project-table tbody tr"));
        Assert.Equal("1h", hers.QuerySelector("#pw-week-total")?.TextContent.Trim());
        Assert.Equal("A timer is running now.", hers.QuerySelector("#pw-timer-status")?.TextContent.Trim());
        Assert.Contains("Running for the test", hers.QuerySelector("#pw-entries")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_neutralises_formulas_and_lists_everyone_it_included()
    {
        var evil = await factory.AddMemberAsync($"formula-{Guid.NewGuid():N}@acme.test", "=HYPERLINK(\"http://example.test\")", OrgRole.Employee);
        var plus = await factory.AddMemberAsync($"plus-{Guid.NewGuid():N}@acme.test", "+1 Person", OrgRole.Employee);
        Guid finn;
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var platform = await db.Teams.Where(t => t.Name == "Platform").Select(t => t.Id).SingleAsync();
            db.TeamMembers.AddRange(new TeamMember { TeamId = platform, UserId = evil }, new TeamMember { TeamId = platform, UserId = plus });
            await db.SaveChangesAsync();
            finn = await factory.Database.UserIdAsync("finn@acme.test");
        }

        var otto = await factory.CallerAsync("otto@acme.test");
        var response = await otto.Browser.GetAsync($"/acme/team/export?week={Week}");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("team-week-2026-11-16.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Person,Person id,Week starting,2026-11-16,", lines[0], StringComparison.Ordinal);
        Assert.Matches("^\"?'=HYPERLINK", lines.Single(l => l.Contains(evil.ToString(), StringComparison.Ordinal)));
        Assert.Matches("^\"?'\\+1 Person", lines.Single(l => l.Contains(plus.ToString(), StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith('=') || l.StartsWith('+') || l.StartsWith("\"=", StringComparison.Ordinal));

        await using var read = factory.Scopes.CreateScope(factory.AcmeId, otto.UserId);
        var export = await read.ServiceProvider.GetRequiredService<TimeTrackDbContext>().DataExports.AsNoTracking()
            .Where(e => e.ViewerUserId == otto.UserId)
            .OrderByDescending(e => e.Id)
            .FirstAsync();
        Assert.Equal("Export: team week totals 16 Nov 2026", export.Description);
        Assert.Equal(new[] { otto.UserId, finn, evil, plus }.Order(), export.IncludedUserIds.Order());
        var finnsLog = await factory.AccessLogOfAsync(finn, factory.AcmeId);
        Assert.Contains(finnsLog, e => e.ExportId == export.Id && e.ViewerUserId == otto.UserId && e.Categories.SequenceEqual([DataCategory.Totals]));
    }

    internal static IElement Group(IParentNode page, string name) =>
        FindGroup(page, name) ?? throw new Xunit.Sdk.XunitException($"No group {name} on the team page.");

    internal static IElement? FindGroup(IParentNode page, string name) =>
        page.QuerySelectorAll("section.team-group").FirstOrDefault(s => s.QuerySelector("h2")?.TextContent.Trim() == name);

    internal static string[] Cells(IElement row) => [.. row.Children.Select(c => c.TextContent.Trim())];

    private static List<string> Sections(IParentNode page) =>
        [.. page.QuerySelectorAll("section[aria-labelledby^='pw-']").Select(s => s.GetAttribute("aria-labelledby") ?? "")];
}
