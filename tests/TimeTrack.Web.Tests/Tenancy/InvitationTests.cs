using System.Net;
using TimeTrack.Web.Tests.Identity;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tenancy;

[Collection(TenancyWritesCollection.Name)]
public sealed class InvitationTests(TimeTrackFactory factory)
{
    private const string SpentHeading = "This invitation has already been used";

    private const string ReadPolicyFirst = "/acme/transparency#read-before-first-entry";

    [Fact]
    public async Task Invited_member_of_another_organization_joins_once_and_then_belongs_to_both()
    {
        // Invited in other letter case than the account's address: emails compare as Identity compares them.
        var path = await InviteAsync("Dave@GLOBEX.test");
        Assert.Contains(Mailbox.To(factory.MailDirectory, "dave@globex.test"), email => email.TextBody?.Contains(path, StringComparison.Ordinal) == true);

        var dave = factory.CreateBrowserlikeClient();
        await dave.LogInAsync("dave@globex.test");
        Assert.Equal([("globex", "Employee")], OrganizationSwitcher.Entries(await dave.GetDocumentAsync("/globex/time")));
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync("/acme/time")).StatusCode);

        var invitation = await dave.GetDocumentAsync(path);
        Assert.Equal("Join Acme", invitation.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("D***@GLOBEX.test", invitation.QuerySelector("#invited-email")?.TextContent.Trim());
        var accept = new Dictionary<string, string> { [Forms.TokenField] = invitation.AntiforgeryToken() };
        var accepted = await dave.PostAsync(path + "/accept", new FormUrlEncodedContent(accept));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(ReadPolicyFirst, accepted.Headers.Location?.OriginalString);
        var acmeTime = await dave.GetDocumentAsync("/acme/time");
        var organizations = OrganizationSwitcher.Entries(acmeTime);
        Assert.Contains(("acme", "Employee"), organizations);
        Assert.Contains(("globex", "Employee"), organizations);
        Assert.Equal(2, organizations.Count);

        // The same link, even with a valid form token, works only once.
        var again = await dave.PostAsync(path + "/accept", new FormUrlEncodedContent(accept));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(SpentHeading, (await Forms.ParseAsync(again)).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(1L, await MembershipsAsync("dave@globex.test"));
    }

    [Fact]
    public async Task Whoever_joins_by_invitation_reads_the_policy_before_their_first_entry_as_the_invitation_promises()
    {
        var invited = $"newcomer-{Guid.NewGuid():N}@example.test";
        var path = await InviteAsync(invited);
        Assert.Contains("Before you track any time you will see exactly what the organization tracks, who can see it and why.",
            (await factory.CreateBrowserlikeClient().GetDocumentAsync(path)).QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        var newcomer = await RegisterThroughInvitationAsync(path, invited);
        var joined = await newcomer.SubmitAsync(path, path + "/accept", new Dictionary<string, string>());
        Assert.Equal(ReadPolicyFirst, joined.Headers.Location?.OriginalString);

        // The transparency page is the policy itself, with the confirmation on top.
        var transparency = await newcomer.GetDocumentAsync("/acme/transparency");
        var callout = transparency.QuerySelector("#read-before-first-entry");
        Assert.NotNull(callout);
        Assert.Contains("read this before you track time", callout.TextContent, StringComparison.Ordinal);
        Assert.NotNull(transparency.QuerySelector("#version-heading"));

        // Until then, time is refused wherever it is added, with the reason, and the time page says where to read.
        var projectId = await AcmeProjectAsync();
        var time = await newcomer.GetDocumentAsync("/acme/time");
        Assert.Contains("Read the policy before your first entry", time.QuerySelector("#acknowledge-policy")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/acme/transparency", time.QuerySelector("#acknowledge-policy a")?.GetAttribute("href"));
        var refused = await newcomer.PostAsync("/acme/time/timer/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = projectId.ToString(),
            [Forms.TokenField] = time.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(TimeEntryService.ReadPolicyBeforeFirstEntry, (await Forms.ParseAsync(refused)).Body?.TextContent, StringComparison.Ordinal);

        var read = await newcomer.SubmitAsync("/acme/transparency", "/acme/transparency/acknowledge", new Dictionary<string, string>
        {
            ["versionId"] = callout.QuerySelector("input[name='versionId']")!.GetAttribute("value")!,
            ["returnUrl"] = "/acme/time",
        });
        Assert.Equal("/acme/time", read.Headers.Location?.OriginalString);
        time = await newcomer.GetDocumentAsync("/acme/time");
        Assert.Null(time.QuerySelector("#acknowledge-policy"));
        Assert.Null((await newcomer.GetDocumentAsync("/acme/transparency")).QuerySelector("#read-before-first-entry"));

        // Once read, a project membership is all the timer needs.
        var owner = factory.CreateBrowserlikeClient();
        await owner.LogInAsync("owner@acme.test");
        var newcomerId = await UserIdAsync(invited);
        var project = $"/acme/work/projects/{projectId}";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(project, project + "/members", new Dictionary<string, string> { ["NewMember.UserId"] = newcomerId.ToString() })).StatusCode);
        var started = await newcomer.SubmitAsync("/acme/time", "/acme/time/timer/start", new Dictionary<string, string> { ["Timer.ProjectId"] = projectId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
    }

    [Fact]
    public async Task Invitation_spent_by_a_different_account_is_refused_and_nothing_is_written()
    {
        var invited = $"invitee-{Guid.NewGuid():N}@example.test";
        var path = await InviteAsync(invited);
        var strangerEmail = await TestUsers.CreateAsync(factory.Services, "stranger");
        var stranger = factory.CreateBrowserlikeClient();
        await stranger.LogInAsync(strangerEmail, TestUsers.Password);

        var page = await stranger.GetAsync(path);
        var pageDocument = await Forms.ParseAsync(page);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("This invitation is for someone else", pageDocument.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("i***@example.test", pageDocument.QuerySelector("#invited-email")?.TextContent.Trim());
        Assert.Contains(strangerEmail, pageDocument.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Null(pageDocument.QuerySelector($"form[action='{path}/accept']"));

        // Posting anyway, with a valid form token of the stranger's own session.
        var accepted = await stranger.PostAsync(path + "/accept", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = pageDocument.AntiforgeryToken(),
        }));

        Assert.Equal(HttpStatusCode.Forbidden, accepted.StatusCode);
        Assert.Equal("This invitation is for someone else", (await Forms.ParseAsync(accepted)).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(0L, await MembershipsAsync(strangerEmail));
        Assert.Equal(0L, await AcceptedAsync(invited));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/acme/time")).StatusCode);

        // The invitation still works for the person it was sent to.
        var invitee = await RegisterThroughInvitationAsync(path, invited);
        var joined = await invitee.SubmitAsync(path, path + "/accept", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal(ReadPolicyFirst, joined.Headers.Location?.OriginalString);
        Assert.Equal(1L, await MembershipsAsync(invited));
    }

    [Fact]
    public async Task Registration_through_an_invitation_uses_the_invited_address_whatever_is_posted()
    {
        var invited = $"bound-{Guid.NewGuid():N}@example.test";
        var other = $"other-{Guid.NewGuid():N}@example.test";
        var path = await InviteAsync(invited);
        var token = path["/invitations/".Length..];
        var visitor = factory.CreateBrowserlikeClient();

        var form = await visitor.GetDocumentAsync($"/account/register?invitation={token}");
        Assert.Null(form.QuerySelector("input[name='Email']"));
        Assert.Equal("b***@example.test", form.QuerySelector("#invited-email")?.TextContent.Trim());
        var registered = await visitor.SubmitAsync($"/account/register?invitation={token}", "/account/register", RegistrationFields(token, other));

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(1L, await superuser.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = upper(@email)", ("email", invited)));
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = upper(@email)", ("email", other)));
        Assert.Empty(Mailbox.To(factory.MailDirectory, other));
        var confirmation = Mailbox.NewestLink(factory.MailDirectory, invited, "/account/confirm-email");
        Assert.Contains(Uri.EscapeDataString(path), confirmation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spent_invitation_is_refused_clearly_on_its_page_on_accept_and_on_registration()
    {
        var invited = await TestUsers.CreateAsync(factory.Services, "spent");
        var path = await InviteAsync(invited);
        var token = path["/invitations/".Length..];
        var invitee = factory.CreateBrowserlikeClient();
        await invitee.LogInAsync(invited, TestUsers.Password);
        var page = await invitee.GetDocumentAsync(path);
        var accept = new Dictionary<string, string> { [Forms.TokenField] = page.AntiforgeryToken() };
        Assert.Equal(HttpStatusCode.Redirect, (await invitee.PostAsync(path + "/accept", new FormUrlEncodedContent(accept))).StatusCode);

        var again = await invitee.PostAsync(path + "/accept", new FormUrlEncodedContent(accept));
        var pageAgain = await invitee.GetAsync(path);
        var anonymousPage = await factory.CreateBrowserlikeClient().GetAsync(path);
        var registration = await factory.CreateBrowserlikeClient().GetAsync($"/account/register?invitation={token}");

        foreach (var refused in new[] { again, pageAgain, anonymousPage })
        {
            Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
            var document = await Forms.ParseAsync(refused);
            Assert.Equal(SpentHeading, document.QuerySelector("h1")?.TextContent.Trim());
            Assert.Contains("ask the person who invited you for a new invitation", document.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, registration.StatusCode);
        Assert.Equal(path, registration.Headers.Location?.OriginalString);
        Assert.Equal(1L, await MembershipsAsync(invited));
    }

    [Fact]
    public async Task Unknown_invitation_link_is_refused_with_a_404_that_says_what_to_do()
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync($"/invitations/{Guid.NewGuid():N}.{new string('x', 43)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var document = await Forms.ParseAsync(response);
        Assert.Equal("This invitation link does not work", document.QuerySelector("h1")?.TextContent.Trim());
    }

    /// <summary>The admin of Acme invites <paramref name="email"/>; returns the invitation's path.</summary>
    private async Task<string> InviteAsync(string email)
    {
        var admin = factory.CreateBrowserlikeClient();
        await admin.LogInAsync("admin@acme.test");
        var invited = await admin.SubmitAsync("/acme/admin", "/acme/admin/invitations", new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Role"] = "Employee",
        });
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = (await Forms.ParseAsync(invited)).QuerySelector("#invitation-link")?.TextContent.Trim();
        Assert.NotNull(link);
        Assert.Contains(Mailbox.To(factory.MailDirectory, email), message => message.TextBody?.Contains(link, StringComparison.Ordinal) == true);
        var path = new Uri(link).AbsolutePath;
        Assert.StartsWith("/invitations/", path, StringComparison.Ordinal);
        return path;
    }

    /// <summary>Registers through the invitation, confirms the email from the message and logs in.</summary>
    private async Task<HttpClient> RegisterThroughInvitationAsync(string path, string invited)
    {
        var token = path["/invitations/".Length..];
        var client = factory.CreateBrowserlikeClient();
        var registered = await client.SubmitAsync($"/account/register?invitation={token}", "/account/register", RegistrationFields(token, invited));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var confirmation = new Uri(Mailbox.NewestLink(factory.MailDirectory, invited, "/account/confirm-email"));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(confirmation.Query);
        var confirmed = await client.SubmitAsync(confirmation.PathAndQuery, "/account/confirm-email", new Dictionary<string, string>
        {
            ["UserId"] = query["userId"].ToString(),
            ["Code"] = query["code"].ToString(),
            ["ReturnUrl"] = query["returnUrl"].ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await client.LogInAsync(invited, TestUsers.Password);
        return client;
    }

    private static Dictionary<string, string> RegistrationFields(string token, string email) => new()
    {
        ["Invitation"] = token,
        ["DisplayName"] = "Invited Person",
        ["Email"] = email,
        ["Password"] = TestUsers.Password,
        ["ConfirmPassword"] = TestUsers.Password,
        ["TimeZoneId"] = "Europe/Berlin",
    };

    private async Task<long> MembershipsAsync(string email)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>(
            """
            SELECT count(*) FROM memberships m JOIN organizations o ON o.id = m.tenant_id JOIN users u ON u.id = m.user_id
            WHERE o.slug = 'acme' AND u.normalized_email = upper(@email)
            """,
            ("email", email));
    }

    private async Task<Guid> AcmeProjectAsync()
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<Guid>(
            "SELECT p.id FROM projects p JOIN organizations o ON o.id = p.tenant_id WHERE o.slug = 'acme' AND NOT p.is_archived ORDER BY p.name LIMIT 1");
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = upper(@email)", ("email", email));
    }

    private async Task<long> AcceptedAsync(string invitedEmail)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>(
            "SELECT count(*) FROM invitations WHERE email = @email AND (accepted_at IS NOT NULL OR accepted_by_user_id IS NOT NULL)",
            ("email", invitedEmail));
    }
}
