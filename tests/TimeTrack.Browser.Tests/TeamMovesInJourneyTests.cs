using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// A team moves in: someone registers and creates an organization, works through Getting started,
/// sets up a project and a team with themselves as its manager, and invites a colleague. The colleague
/// creates their account from the invitation (its address fixed), reads the transparency policy before
/// anything else, and starts a timer; the manager then sees them on the team's pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamMovesInJourneyTests(BrowserAppFactory app, ChromiumFixture chromium) : BrowserTest(app, chromium)
{
    private const string Password = "copper meadow violin harbor";

    [Fact]
    public async Task Owner_sets_up_a_team_invites_a_colleague_who_reads_the_policy_starts_a_timer_and_appears_to_the_manager()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var ownerEmail = $"founder-{unique}@example.test";
        var colleagueEmail = $"colleague-{unique}@example.test";
        var slug = $"crew-{unique}";

        // The owner registers, confirms and creates the organization; Getting started opens.
        var owner = await NewPageAsync();
        await RegisterAsync(owner, "/account/register", "Frida Founder", ownerEmail);
        await ConfirmAsync(owner, ownerEmail);
        await LogInAsync(owner, ownerEmail, Password);
        await owner.GotoAsync("/organizations/new");
        await owner.GetByLabel("Organization name", new() { Exact = true }).FillAsync($"Crew {unique}");
        await owner.GetByLabel("Address", new() { Exact = true }).FillAsync(slug);
        await owner.GetByLabel("Time zone", new() { Exact = true }).SelectOptionAsync("Europe/Berlin");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create organization", Exact = true }).ClickAsync();
        await owner.WaitForURLAsync($"**/{slug}/admin/getting-started");
        await owner.Locator("#zone-and-week").GetByRole(AriaRole.Button, new() { Name = "These are right", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("#checklist-progress")).ToContainTextAsync("1 of 5 steps done");

        // A first project: its creator is a member, and the checklist counts it.
        await owner.GotoAsync($"/{slug}/work/projects/new");
        await owner.Locator("[name='Project.Name']").FillAsync("Harbour site");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create project", Exact = true }).ClickAsync();
        await owner.WaitForURLAsync(url => !url.EndsWith("/work/projects/new", StringComparison.Ordinal));
        var projectUrl = await FindProjectUrlAsync(owner, slug, "Harbour site");
        await owner.GotoAsync($"/{slug}/admin/getting-started");
        await Assertions.Expect(owner.Locator("#checklist-progress")).ToContainTextAsync("2 of 5 steps done");

        // A team, with the owner as its manager.
        await owner.GotoAsync($"/{slug}/admin/teams");
        await owner.Locator("[name='NewTeam.Name']").FillAsync("Crew");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create team", Exact = true }).ClickAsync();
        await owner.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith($"/{slug}/admin/teams/", StringComparison.Ordinal));
        var teamUrl = new Uri(owner.Url).AbsolutePath;
        await owner.Locator("[name='NewManager.UserId']").SelectOptionAsync(new SelectOptionValue { Label = "Frida Founder" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add manager", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Remove as manager");

        // The invitation.
        await owner.GotoAsync($"/{slug}/admin");
        await owner.Locator("[name='Invite.Email']").FillAsync(colleagueEmail);
        await owner.Locator("[name='Invite.Role']").SelectOptionAsync("Employee");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync(colleagueEmail);

        // The colleague follows the emailed link and creates an account: the invited address is fixed.
        var colleague = await NewPageAsync();
        var invitation = await Mailbox.InvitationLinkAsync(App.MailDirectory, colleagueEmail);
        await colleague.GotoAsync(invitation.PathAndQuery);
        await Assertions.Expect(colleague.Locator("h1")).ToHaveTextAsync($"Join Crew {unique}");
        await colleague.Locator("#main").GetByRole(AriaRole.Link, new() { Name = "Create an account", Exact = true }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#invited-email")).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByLabel("Email", new() { Exact = true })).ToHaveCountAsync(0);
        await RegisterAsync(colleague, null, "Cato Colleague", null);
        await ConfirmAsync(colleague, colleagueEmail);
        await colleague.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(invitation.AbsolutePath));
        await colleague.GetByLabel("Email", new() { Exact = true }).FillAsync(colleagueEmail);
        await colleague.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Accept and join", Exact = true }).ClickAsync();

        // Before anything else: what is tracked, who sees it and why.
        await colleague.WaitForURLAsync($"**/{slug}/transparency#read-before-first-entry");
        await Assertions.Expect(colleague.Locator("#read-before-first-entry")).ToContainTextAsync("read this before you track time");
        await colleague.GotoAsync($"/{slug}/time");
        await Assertions.Expect(colleague.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true })).ToHaveCountAsync(0);
        await colleague.GotoAsync($"/{slug}/transparency");
        await colleague.Locator("#read-before-first-entry").GetByRole(AriaRole.Button, new() { Name = "I have read it", Exact = true }).ClickAsync();

        // The owner puts the colleague on the project and in the team.
        await owner.GotoAsync(projectUrl);
        await owner.Locator("[name='NewMember.UserId']").SelectOptionAsync(new SelectOptionValue { Label = "Cato Colleague" });
        await owner.Locator("form[action$='/members']").GetByRole(AriaRole.Button, new() { Name = "Add member", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Cato Colleague");
        await owner.GotoAsync(teamUrl);
        await owner.Locator("[name='NewMember.UserId']").SelectOptionAsync(new SelectOptionValue { Label = "Cato Colleague" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add member", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Remove from team");

        // The colleague starts a timer.
        await colleague.GotoAsync($"/{slug}/time");
        var timer = colleague.Locator($"form[action='/{slug}/time/timer/start']");
        var picker = timer.GetByRole(AriaRole.Combobox, new() { Name = "Project · task · outcome", Exact = true });
        await picker.FillAsync("Harbour site");
        await picker.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveValueAsync("Harbour site");
        await timer.GetByLabel("What are you working on?", new() { Exact = true }).FillAsync("Unpacking the first crates");
        await timer.GetByRole(AriaRole.Button, new() { Name = "Start timer", Exact = true }).ClickAsync();
        await Assertions.Expect(colleague.Locator(".timer-running")).ToContainTextAsync("Harbour site");

        // The manager sees them by name on the team's page, and the team's dashboard is theirs.
        await owner.GotoAsync($"/{slug}/team");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("You manage this team.");
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = "Week totals in Crew" })).ToContainTextAsync("Cato Colleague");
        await owner.GotoAsync($"/{slug}/team/dashboard");
        await Assertions.Expect(owner.Locator("h1")).ToContainTextAsync("Team dashboard: Crew");
    }

    /// <summary>Fills the registration form (the email only when <paramref name="email"/> is given) and submits it.</summary>
    private static async Task RegisterAsync(IPage page, string? path, string name, string? email)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        await page.GetByLabel("Your name", new() { Exact = true }).FillAsync(name);
        if (email is not null)
        {
            await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        }

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/register-confirmation");
    }

    private async Task ConfirmAsync(IPage page, string email)
    {
        var link = await Mailbox.ConfirmationLinkAsync(App.MailDirectory, email);
        await page.GotoAsync(link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email", Exact = true }).ClickAsync();
        Assert.Equal("Your email address is confirmed", await HeadingAsync(page));
    }

    private static async Task<string> FindProjectUrlAsync(IPage page, string slug, string name)
    {
        await page.GotoAsync($"/{slug}/work");
        var href = await page.Locator("main a", new() { HasTextString = name }).First.GetAttributeAsync("href");
        return href ?? throw new InvalidOperationException($"No link to the project {name} on the Work page.");
    }
}
