using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>
/// A new version stops a person tracking only when it lets others see more of them; everything
/// else is a notice. What widens is the domain's (PolicyWideningTests); these follow it through
/// publishing, the notices, the history and the write path.
/// </summary>
public sealed class PolicyAcknowledgementTests(PolicyFactory factory) : IClassFixture<PolicyFactory>
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb[PolicyOrganization.TimeZoneId];

    private int _entryHour = 8;

    [Fact]
    public async Task A_version_that_only_narrows_what_admins_see_tells_everyone_and_blocks_nobody()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var employee = await SignInAsync(org.Employee);

        await PublishAsync(owner, org, fields => fields.Set("Categories[Totals].Grants[OrganizationAdmins]", "None"), "Admins do not need group totals.");

        var notices = await NoticesAsync(org);
        Assert.Equal(org.Members.Select(m => m.Id).Order(), notices.Keys.Order());
        Assert.All(notices.Values, text => Assert.Equal("The transparency policy changed (version 2). Read what changed and why; no action is needed.", text));

        var time = await employee.GetDocumentAsync(org.Path("time"));
        Assert.Null(time.QuerySelector("#acknowledge-policy"));
        Assert.NotNull(time.QuerySelector($"form[action='/{org.Slug}/time/timer/start']"));
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(employee, org)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StartTimerAsync(employee, org)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(await SignInAsync(org.Manager), org)).StatusCode);

        var history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        Assert.Null(history.QuerySelector("#acknowledge-policy"));
        Assert.Equal("Not needed: it does not let anyone see more of anyone's data.", history.QuerySelector("#v2 .policy-acknowledgement").Text());
        Assert.Equal("Not needed: everyone reads the policy in force when they join.", history.QuerySelector("#v1 .policy-acknowledgement").Text());
    }

    [Fact]
    public async Task A_widening_version_blocks_those_who_joined_before_it_until_they_acknowledge_it_and_not_those_who_joined_after()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var employee = await SignInAsync(org.Employee);

        await PublishAsync(owner, org, fields => fields.Set("Settings.DigestEmbargoHours", "12"), "Managers offer support sooner.");

        var notices = await NoticesAsync(org);
        Assert.StartsWith("The transparency policy changed (version 2): others may now see more of your data.", notices[org.Employee.Id], StringComparison.Ordinal);
        Assert.EndsWith("acknowledge it before you track more time.", notices[org.Employee.Id], StringComparison.Ordinal);
        var refused = await AddEntryAsync(employee, org);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(TimeEntryService.AcknowledgePolicyFirst, (await Forms.ParseAsync(refused)).Body?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await StartTimerAsync(employee, org)).StatusCode);
        var history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        Assert.Equal(
            "Needed from everyone who joined before it was published: it lets others see more of their data.",
            history.QuerySelector("#v2 .policy-acknowledgement").Text());
        Assert.Contains("lets others see more of your data", history.QuerySelector("#acknowledge-policy").Text(), StringComparison.Ordinal);

        // Someone who joins now reads version 2 on joining: nothing to acknowledge.
        factory.Clock.Advance(Duration.FromMinutes(1));
        var newcomer = await AddMemberAsync(org, "newcomer", "Nina Newcomer");
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(await SignInAsync(newcomer), org)).StatusCode);

        await AcknowledgeAsync(employee, org);
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(employee, org)).StatusCode);
    }

    [Fact]
    public async Task An_exception_about_one_team_blocks_only_that_teams_members_as_the_teams_are_when_they_track()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var employee = await SignInAsync(org.Employee);
        var manager = await SignInAsync(org.Manager);

        await PublishAsync(
            owner,
            org,
            fields => fields
                .Set("NewException.ViewerUserId", org.Owner.Id.ToString())
                .Set("NewException.Category", "EntryDetails")
                .Set("NewException.Granularity", "IndividualDetail")
                .Set("NewException.SubjectTeamId", org.TeamId.ToString())
                .Set("NewException.Reason", "Olga audits the pilot's invoices."),
            "An audit of the pilot.");

        var notices = await NoticesAsync(org);
        Assert.Contains("others may now see more of your data", notices[org.Employee.Id], StringComparison.Ordinal);
        Assert.EndsWith("no action is needed.", notices[org.Manager.Id], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AddEntryAsync(employee, org)).StatusCode);
        // The manager manages the team but is not in it.
        Assert.Null((await manager.GetDocumentAsync(org.Path("time"))).QuerySelector("#acknowledge-policy"));
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(manager, org)).StatusCode);
        Assert.Equal(
            "Needed from the members of Pilots who joined before it was published: it lets others see more of their data.",
            (await employee.GetDocumentAsync(org.Path("transparency/history"))).QuerySelector("#v2 .policy-acknowledgement").Text());

        // Joining the team later is joining those the exception is about.
        await using (var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(org.Id, org.Owner.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            db.TeamMembers.Add(new TeamMember { TeamId = org.TeamId, UserId = org.Manager.Id });
            await db.SaveChangesAsync();
        }

        Assert.NotNull((await manager.GetDocumentAsync(org.Path("time"))).QuerySelector("#acknowledge-policy"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AddEntryAsync(manager, org)).StatusCode);
    }

    [Fact]
    public async Task Acknowledging_a_later_version_clears_an_earlier_one_that_widened()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var employee = await SignInAsync(org.Employee);
        await PublishAsync(owner, org, fields => fields.Set("Categories[EntryDetails].Grants[TeamManager]", "IndividualDetail"), "Billing needs the detail.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AddEntryAsync(employee, org)).StatusCode);

        // Version 3 narrows; version 2 still waits, and what is asked for is the version in force.
        await PublishAsync(owner, org, fields => fields.Set("Categories[Totals].Grants[OrganizationAdmins]", "None"), "Admins do not need group totals.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AddEntryAsync(employee, org)).StatusCode);
        var callout = (await employee.GetDocumentAsync(org.Path("time"))).QuerySelector("#acknowledge-policy");
        Assert.NotNull(callout);
        Assert.Equal($"/{org.Slug}/transparency/history#v3", callout.QuerySelector("a")?.GetAttribute("href"));

        await AcknowledgeAsync(employee, org);

        Assert.Null((await employee.GetDocumentAsync(org.Path("time"))).QuerySelector("#acknowledge-policy"));
        Assert.Equal(HttpStatusCode.Redirect, (await AddEntryAsync(employee, org)).StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var acknowledged = await superuser.QueryAsync(
            "SELECT v.number FROM policy_acknowledgements a JOIN policy_versions v ON v.tenant_id = a.tenant_id AND v.id = a.policy_version_id WHERE a.tenant_id = @tenant AND a.user_id = @user",
            r => r.GetInt32(0),
            ("tenant", org.Id),
            ("user", org.Employee.Id));
        Assert.Equal([3], acknowledged);
    }

    private async Task<PolicyOrganization> CreateOrganizationAsync()
    {
        var org = await PolicyOrganization.CreateAsync(factory.Services, "acknowledge");
        // Members have joined before anything the test publishes.
        factory.Clock.Advance(Duration.FromMinutes(1));
        return org;
    }

    private async Task PublishAsync(HttpClient owner, PolicyOrganization org, Action<List<KeyValuePair<string, string>>> change, string reason)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.SaveDraftAsync(owner, org.Slug, change)).StatusCode);
        var today = NodaTime.Text.LocalDatePattern.Iso.Format(factory.Clock.GetCurrentInstant().InZone(Berlin).Date);
        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.PublishAsync(owner, org.Slug, reason, today)).StatusCode);
    }

    private static async Task AcknowledgeAsync(HttpClient person, PolicyOrganization org)
    {
        var time = await person.GetDocumentAsync(org.Path("time"));
        var versionId = time.QuerySelector("#acknowledge-policy input[name='versionId']")?.GetAttribute("value");
        Assert.NotNull(versionId);
        var acknowledged = await person.SubmitAsync(org.Path("time"), org.Path("transparency/acknowledge"), new Dictionary<string, string>
        {
            ["versionId"] = versionId,
            ["returnUrl"] = org.Path("time"),
        });
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
    }

    /// <summary>An hour-long entry yesterday, each one an hour after the last so that none overlap.</summary>
    private Task<HttpResponseMessage> AddEntryAsync(HttpClient person, PolicyOrganization org)
    {
        var hour = _entryHour++;
        return person.SubmitAsync(org.Path("time"), org.Path("time/entries"), new Dictionary<string, string>
        {
            ["Entry.Date"] = NodaTime.Text.LocalDatePattern.Iso.Format(factory.Clock.GetCurrentInstant().InZone(Berlin).Date.PlusDays(-1)),
            ["Entry.StartTime"] = FormattableString.Invariant($"{hour:00}:00"),
            ["Entry.EndTime"] = FormattableString.Invariant($"{hour + 1:00}:00"),
            ["Entry.ProjectId"] = org.ProjectId.ToString(),
        });
    }

    /// <summary>Starts a timer as a stale tab would, without the form the page may no longer show.</summary>
    private static async Task<HttpResponseMessage> StartTimerAsync(HttpClient person, PolicyOrganization org)
    {
        var token = (await person.GetDocumentAsync(org.Path("time"))).AntiforgeryToken();
        return await person.PostAsync(org.Path("time/timer/start"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = org.ProjectId.ToString(),
            [Forms.TokenField] = token,
        }));
    }

    private async Task<Dictionary<Guid, string>> NoticesAsync(PolicyOrganization org)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var notices = await superuser.QueryAsync(
            "SELECT user_id, text FROM notices WHERE tenant_id = @tenant AND link LIKE '%/transparency/history#v%' ORDER BY created_at DESC, id DESC",
            r => (UserId: r.GetGuid(0), Text: r.GetString(1)),
            ("tenant", org.Id));
        // The newest notice per person.
        return notices.GroupBy(n => n.UserId).ToDictionary(g => g.Key, g => g.First().Text);
    }

    private async Task<PolicyPerson> AddMemberAsync(PolicyOrganization org, string name, string displayName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var id = Guid.CreateVersion7();
        var email = $"{name}@{org.Slug}.test";
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName },
            PolicyOrganization.Password);
        Assert.True(created.Succeeded);
        await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(org.Id, id, OrgRole.Employee);
        await using var tenant = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(org.Id, org.Owner.Id);
        var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = org.ProjectId, UserId = id });
        await db.SaveChangesAsync();
        return new PolicyPerson(id, email, displayName);
    }

    private async Task<HttpClient> SignInAsync(PolicyPerson person)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(person.Email, PolicyOrganization.Password);
        return client;
    }
}
