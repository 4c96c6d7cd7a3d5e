using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeTrack.Web.Tests.Identity;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Security;

/// <summary>The app with a public base URL that has a path, as behind a proxy that serves it under /tt.</summary>
public sealed class PublicLinksFactory : TimeTrackFactory
{
    public const string PublicBaseUrl = "https://links.example/tt";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:PublicBaseUrl"] = PublicBaseUrl,
    };

    /// <summary>A client whose requests carry a forged Host header (Development accepts any host).</summary>
    public HttpClient CreateForgedHostClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("http://attacker.example"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });
}

/// <summary>Every emailed link starts with the configured public base URL, whatever Host the request that caused it named.</summary>
public sealed class PublicLinkTests(PublicLinksFactory factory) : IClassFixture<PublicLinksFactory>
{
    private const string Forged = "attacker.example";

    [Fact]
    public async Task Reset_link_uses_the_configured_base_url_whatever_the_host_header()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "links");
        var client = factory.CreateForgedHostClient();

        var asked = await client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var message = Assert.Single(Mailbox.To(factory.MailDirectory, email));
        var link = Assert.Single(Mailbox.Links(message, "/account/reset-password"));
        Assert.StartsWith($"{PublicLinksFactory.PublicBaseUrl}/account/reset-password?userId=", link, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Forged, message.HtmlBody, StringComparison.OrdinalIgnoreCase);

        // The proxy strips /tt: the rest of the link opens the reset form.
        var form = await factory.CreateBrowserlikeClient().GetDocumentAsync(link[PublicLinksFactory.PublicBaseUrl.Length..]);
        Assert.NotNull(form.QuerySelector("form input[name='Password']"));
    }

    [Fact]
    public async Task Confirmation_link_uses_the_configured_base_url_whatever_the_host_header()
    {
        var email = $"links-register-{Guid.NewGuid():N}@example.test";
        var registered = await factory.CreateForgedHostClient().SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Link Tester",
            ["Email"] = email,
            ["Password"] = TestUsers.Password,
            ["ConfirmPassword"] = TestUsers.Password,
            ["TimeZoneId"] = "UTC",
        });

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var message = Assert.Single(Mailbox.To(factory.MailDirectory, email));
        var link = Assert.Single(Mailbox.Links(message, "/account/confirm-email"));
        Assert.StartsWith($"{PublicLinksFactory.PublicBaseUrl}/account/confirm-email?userId=", link, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, message.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Invitation_link_uses_the_configured_base_url_whatever_the_host_header()
    {
        var invited = $"links-invited-{Guid.NewGuid():N}@example.test";
        var admin = factory.CreateForgedHostClient();
        await admin.LogInAsync("admin@acme.test");

        var response = await admin.SubmitAsync("/acme/admin", "/acme/admin/invitations", new Dictionary<string, string>
        {
            ["Invite.Email"] = invited,
            ["Invite.Role"] = "Employee",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = (await Forms.ParseAsync(response)).QuerySelector("#invitation-link")?.TextContent.Trim();
        Assert.StartsWith($"{PublicLinksFactory.PublicBaseUrl}/invitations/", shown, StringComparison.Ordinal);
        var message = Assert.Single(Mailbox.To(factory.MailDirectory, invited));
        Assert.Equal(shown, Assert.Single(Mailbox.Links(message, "/invitations/")));
        Assert.DoesNotContain(Forged, message.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Api_reference_and_openapi_document_name_the_public_address()
    {
        var client = factory.CreateForgedHostClient();

        var reference = await client.GetStringAsync("/api");
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        Assert.Contains($"{PublicLinksFactory.PublicBaseUrl}/api/v1/", reference, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, reference, StringComparison.OrdinalIgnoreCase);
        var server = Assert.Single(document.RootElement.GetProperty("servers").EnumerateArray());
        Assert.Equal(PublicLinksFactory.PublicBaseUrl, server.GetProperty("url").GetString());
    }
}
