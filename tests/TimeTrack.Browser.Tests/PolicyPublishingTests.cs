using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Browser.Tests.Infrastructure;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// Publishing a policy change end to end, in an organization of its own: a new policy makes every
/// member acknowledge it before tracking, which the other browser tests (tracking as acme's people)
/// must never run into.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyPublishingTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Password = "plain lowercase words are fine here";
    private const string Reason = "Managers review detailed entries before invoicing clients.";
    private const string Change = "Entry details: your team's manager could see nothing; now: everything, with details.";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task Admin_lets_managers_see_entry_details_and_the_employee_acknowledges_and_sees_what_the_manager_now_sees()
    {
        var org = await CreateOrganizationAsync();
        var week = LocalDatePattern.Iso.Format(org.EntryDate);
        var managerView = $"/{org.Slug}/transparency/manager-view?week={week}";
        var personPage = $"/{org.Slug}/team/people/{org.EmployeeId}?week={week}";

        var employee = await SignedInAsync(org.Employee);
        var manager = await SignedInAsync(org.Manager);
        Assert.Equal(200, (await employee.GotoAsync(managerView))?.Status);
        await Assertions.Expect(employee.Locator("main")).Not.ToContainTextAsync(org.Description);
        Assert.Equal(200, (await manager.GotoAsync(personPage))?.Status);
        await Assertions.Expect(manager.Locator("main")).Not.ToContainTextAsync(org.Description);

        // The admin edits the draft, reviews the change in plain language and publishes it with a reason.
        var admin = await SignedInAsync(org.Owner, bypassCsp: true);
        await admin.GotoAsync($"/{org.Slug}/admin/policy");
        await admin.Locator("#category-EntryDetails").GetByLabel("Your team's manager", new() { Exact = true })
            .SelectOptionAsync(new SelectOptionValue { Label = "Everything, with details" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save draft", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator(".notice").First).ToContainTextAsync("Draft saved");
        await Assertions.Expect(admin.Locator("#policy-changes")).ToContainTextAsync(Change);
        await AssertNoViolationsAsync(admin, "the policy editor with a draft to review");
        await admin.GetByLabel("Why the policy changes", new() { Exact = true }).FillAsync(Reason);
        await Assertions.Expect(admin.GetByLabel("Takes effect on", new() { Exact = true })).ToHaveValueAsync(Today());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish version 2", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/{org.Slug}/transparency/history");
        await Assertions.Expect(admin.Locator("#v2 h2")).ToContainTextAsync("In force");

        // The employee is told, reads the change and its reason, and acknowledges it.
        var time = await SignedInAsync(org.Employee, bypassCsp: true);
        await time.GotoAsync($"/{org.Slug}/time");
        await Assertions.Expect(time.Locator(".notices")).ToContainTextAsync("The transparency policy changed (version 2)");
        var callout = time.Locator("#acknowledge-policy");
        await Assertions.Expect(callout).ToContainTextAsync("A new transparency policy is in force");
        await Assertions.Expect(time.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true })).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(time, "the time page asking for the new policy to be read");
        await callout.GetByRole(AriaRole.Link, new() { Name = "Read what changed and why", Exact = true }).ClickAsync();
        await time.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/{org.Slug}/transparency/history");
        await Assertions.Expect(time.Locator("#v2 .policy-changes")).ToContainTextAsync(Change);
        await Assertions.Expect(time.Locator("#v2 .policy-reason")).ToHaveTextAsync(Reason);
        await AssertNoViolationsAsync(time, "the policy history with the acknowledgement");
        await time.Locator("#acknowledge-policy").GetByRole(AriaRole.Button, new() { Name = "I have read it", Exact = true }).ClickAsync();
        await Assertions.Expect(time.Locator(".notice").First).ToContainTextAsync("Thank you for reading the new policy");
        await Assertions.Expect(time.Locator("#acknowledge-policy")).ToHaveCountAsync(0);
        await time.GotoAsync($"/{org.Slug}/time");
        await Assertions.Expect(time.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true })).ToHaveCountAsync(1);

        // "See what my manager sees" now shows the description, and so does the manager's own view.
        await employee.GotoAsync(managerView);
        await Assertions.Expect(employee.Locator("main")).ToContainTextAsync(org.Description);
        await manager.GotoAsync(personPage);
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync(org.Description);
    }

    private sealed record TestOrganization(string Slug, string Owner, string Manager, string Employee, Guid EmployeeId, LocalDate EntryDate, string Description);

    /// <summary>
    /// An organization with an owner, a manager who manages the employee's team, a project they are
    /// both on, and one entry of the employee's with a description, on the last weekday before today
    /// (inside the default working hours, so that only the entry-details rule decides what is shown).
    /// </summary>
    private async Task<TestOrganization> CreateOrganizationAsync()
    {
        var slug = "published-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();
        var ownerId = await CreateUserAsync(users, $"owner@{slug}.test", "Olga Owner");
        var managerId = await CreateUserAsync(users, $"manager@{slug}.test", "Milo Manager");
        var employeeId = await CreateUserAsync(users, $"employee@{slug}.test", "Emma Employee");
        var organization = await provisioning.CreateAsync(
            new OrganizationProvisioning.NewOrganization("Published " + slug, slug, Berlin.Id, IsoDayOfWeek.Monday), ownerId);
        await provisioning.AddMemberAsync(organization.Id, managerId, OrgRole.Manager);
        await provisioning.AddMemberAsync(organization.Id, employeeId, OrgRole.Employee);

        var scopes = App.Services.GetRequiredService<TenantScopeFactory>();
        var projectId = Guid.CreateVersion7();
        await using (var tenant = scopes.CreateScope(organization.Id, ownerId))
        {
            var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var team = new Team { Id = Guid.CreateVersion7(), Name = "Pilots" };
            team.AddManager(managerId);
            team.Members.Add(new TeamMember { TeamId = team.Id, UserId = employeeId });
            db.Teams.Add(team);
            var project = new Project { Id = projectId, Name = "Policy pilot" };
            project.Members.Add(new ProjectMember { ProjectId = projectId, UserId = employeeId });
            project.Members.Add(new ProjectMember { ProjectId = projectId, UserId = managerId });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
        }

        var date = SystemClock.Instance.GetCurrentInstant().InZone(Berlin).Date.PlusDays(-1);
        while (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            date = date.PlusDays(-1);
        }

        var description = "Drafted the pilot's invoice notes " + slug;
        await using (var tenant = scopes.CreateScope(organization.Id, employeeId))
        {
            var start = Berlin.AtStrictly(date.At(new LocalTime(9, 0))).ToInstant();
            var result = await tenant.ServiceProvider.GetRequiredService<TimeEntryService>().CreateAsync(
                employeeId, new EntryDetails(projectId, Description: description), start, start + Duration.FromHours(1), EntrySource.Manual);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        }

        return new TestOrganization(slug, $"owner@{slug}.test", $"manager@{slug}.test", $"employee@{slug}.test", employeeId, date, description);
    }

    private static async Task<Guid> CreateUserAsync(UserManager<ApplicationUser> users, string email, string name)
    {
        var id = Guid.CreateVersion7();
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = name },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return id;
    }

    private async Task<IPage> SignedInAsync(string email, bool bypassCsp = false)
    {
        var page = await NewPageAsync(bypassCsp);
        await LogInAsync(page, email, Password);
        return page;
    }

    private static string Today() => LocalDatePattern.Iso.Format(SystemClock.Instance.GetCurrentInstant().InZone(Berlin).Date);

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.FindViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {what}:\n" + string.Join("\n", violations));
    }
}
