using System.Net;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tenancy;

[Collection(TenancyWritesCollection.Name)]
public sealed class OrganizationCreationTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Creating_an_organization_makes_the_creator_its_owner_and_lands_on_its_time_page()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("carol@acme.test");
        var slug = "rivet-" + Guid.NewGuid().ToString("N")[..8];

        var response = await client.SubmitAsync("/organizations/new", Fields("Rivet Works", slug));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{slug}/time", response.Headers.Location?.OriginalString);
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

    private static Dictionary<string, string> Fields(string name, string slug) => new()
    {
        ["Name"] = name,
        ["Slug"] = slug,
        ["TimeZoneId"] = "Europe/Vienna",
        ["WeekStart"] = "Monday",
    };
}
