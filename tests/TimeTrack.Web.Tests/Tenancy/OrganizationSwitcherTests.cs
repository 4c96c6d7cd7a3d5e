using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Tenancy;

[Collection(AppCollection.Name)]
public sealed class OrganizationSwitcherTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Switcher_lists_only_the_organizations_a_person_belongs_to()
    {
        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        Assert.Equal([("acme", "Employee")], OrganizationSwitcher.Entries(await alice.GetDocumentAsync("/acme/time")));
        Assert.Equal([("acme", "Employee")], OrganizationSwitcher.Entries(await alice.GetDocumentAsync("/organizations")));

        var owner = factory.CreateBrowserlikeClient();
        await owner.LogInAsync("owner@globex.test");
        Assert.Equal([("globex", "Owner")], OrganizationSwitcher.Entries(await owner.GetDocumentAsync("/globex/time")));
    }
}
