using System.Net;
using MimeKit;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tenancy;

[Collection(TenancyWritesCollection.Name)]
public sealed class InvitationTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Invited_member_of_another_organization_joins_once_and_then_belongs_to_both()
    {
        var admin = factory.CreateBrowserlikeClient();
        await admin.LogInAsync("admin@acme.test");
        var invited = await admin.SubmitAsync("/acme/admin", "/acme/admin/invitations", new Dictionary<string, string>
        {
            ["Invite.Email"] = "dave@globex.test",
            ["Invite.Role"] = "Employee",
        });

        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = (await Forms.ParseAsync(invited)).QuerySelector("#invitation-link")?.TextContent.Trim();
        Assert.NotNull(link);
        var path = new Uri(link).AbsolutePath;
        Assert.StartsWith("/invitations/", path, StringComparison.Ordinal);
        Assert.Contains(EmailsTo("dave@globex.test"), email => email.TextBody?.Contains(link, StringComparison.Ordinal) == true);

        var dave = factory.CreateBrowserlikeClient();
        await dave.LogInAsync("dave@globex.test");
        Assert.Equal([("globex", "Employee")], OrganizationSwitcher.Entries(await dave.GetDocumentAsync("/globex/time")));
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync("/acme/time")).StatusCode);

        var invitation = await dave.GetDocumentAsync(path);
        Assert.Equal("Join Acme", invitation.QuerySelector("h1")?.TextContent.Trim());
        var accept = new Dictionary<string, string> { [Forms.TokenField] = invitation.AntiforgeryToken() };
        var accepted = await dave.PostAsync(path + "/accept", new FormUrlEncodedContent(accept));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/acme/time", accepted.Headers.Location?.OriginalString);
        var acmeTime = await dave.GetDocumentAsync("/acme/time");
        var organizations = OrganizationSwitcher.Entries(acmeTime);
        Assert.Contains(("acme", "Employee"), organizations);
        Assert.Contains(("globex", "Employee"), organizations);
        Assert.Equal(2, organizations.Count);

        // The same link, even with a valid form token, works only once.
        var again = await dave.PostAsync(path + "/accept", new FormUrlEncodedContent(accept));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("This invitation cannot be used", (await Forms.ParseAsync(again)).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("This invitation cannot be used", (await dave.GetDocumentAsync(path)).QuerySelector("h1")?.TextContent.Trim());

        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(1L, await superuser.ScalarAsync<long>(
            """
            SELECT count(*) FROM memberships m JOIN organizations o ON o.id = m.tenant_id JOIN users u ON u.id = m.user_id
            WHERE o.slug = 'acme' AND u.email = 'dave@globex.test'
            """));
    }

    private List<MimeMessage> EmailsTo(string recipient) =>
        [.. Directory.Exists(factory.MailDirectory)
            ? Directory.GetFiles(factory.MailDirectory, "*.eml")
                .Select(file => MimeMessage.Load(file))
                .Where(message => message.To.Mailboxes.Any(m => string.Equals(m.Address, recipient, StringComparison.OrdinalIgnoreCase)))
            : []];
}
