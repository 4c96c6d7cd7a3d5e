using System.Net;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>
/// The read paths under policies other than the default, published the way admins publish them. Each
/// test puts the policy it needs in force first, so their order does not matter.
/// </summary>
public sealed class PersonDataPolicyTests(PersonDataPolicyFactory factory) : IClassFixture<PersonDataPolicyFactory>
{
    private const string Week = PersonDataFactory.SeededWeekText;

    [Fact]
    public async Task Granting_entry_details_to_team_managers_shows_the_manager_descriptions_and_the_person_sees_the_same()
    {
        await factory.PublishAsync(Grant(TransparencyPolicy.Default, DataCategory.EntryDetails, Audience.TeamManager, Granularity.IndividualDetail));
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.CallerAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var theirs = await manager.Browser.GetDocumentAsync($"/acme/team/people/{alice.UserId}?week={Week}");
        var mine = await alice.Browser.GetDocumentAsync($"/acme/transparency/manager-view?week={Week}");

        foreach (var page in new[] { theirs, mine })
        {
            var entries = page.QuerySelector("#pw-entries")?.ParentElement?.TextContent ?? "";
            Assert.Contains("Work on the first release", entries, StringComparison.Ordinal);
            Assert.Contains("Support and reviews", entries, StringComparison.Ordinal);
            Assert.Equal(10, page.QuerySelectorAll(".time-entry").Length);
            // Outside hours stay private: no entry says whether it was.
            Assert.DoesNotContain("Outside hours", entries, StringComparison.Ordinal);
        }

        var written = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Where(e => !before.Contains(e.Id)).ToList();
        var entry = Assert.Single(written);
        Assert.Equal(manager.UserId, entry.ViewerUserId);
        Assert.Equal([DataCategory.EntryDetails, DataCategory.Totals, DataCategory.ProjectTotals], entry.Categories);
        Assert.Equal(AccessChannel.Page, entry.Channel);
    }

    [Fact]
    public async Task An_aggregate_only_grant_over_fewer_than_k_people_shows_the_suppression_text_and_no_individual_figure()
    {
        await factory.PublishAsync(Grant(Grant(TransparencyPolicy.Default, DataCategory.Totals, Audience.TeamManager, Granularity.Aggregate), DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate));
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count;

        var page = await manager.Browser.GetDocumentAsync($"/acme/team?week={Week}");

        var product = PersonDataReadTests.Group(page, "Product");
        Assert.Equal(TeamAggregateView.SuppressedText, product.QuerySelector(".team-aggregate")?.TextContent.Trim());
        Assert.Empty(product.QuerySelectorAll("td.person-total"));
        Assert.DoesNotContain("22h 30m", product.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("67h 30m", product.TextContent, StringComparison.Ordinal);
        Assert.All(product.QuerySelectorAll("tbody td"), cell => Assert.Equal("Only in the group total", cell.TextContent.Trim()));
        Assert.Equal(before, (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count);

        var csv = await (await manager.Browser.GetAsync($"/acme/team/export?week={Week}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(alice.ToString(), csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_team_seen_only_together_is_shown_as_its_last_released_month_and_names_no_figure()
    {
        var policy = Grant(Grant(TransparencyPolicy.Default, DataCategory.Totals, Audience.TeamManager, Granularity.Aggregate), DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(policy.With(policy.Settings with { MinimumGroupSize = 3 }));
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count;

        var page = await manager.Browser.GetDocumentAsync($"/acme/team?week={Week}");

        // October (released) holds two hours of each of the three (PersonDataPolicyFactory); the week's own
        // totals are nobody's to see one by one.
        var product = PersonDataReadTests.Group(page, "Product");
        var aggregate = product.QuerySelector(".team-aggregate")!;
        Assert.Contains("October 2026", aggregate.TextContent, StringComparison.Ordinal);
        Assert.Equal(["6h", "2h"], aggregate.QuerySelectorAll("strong").Select(s => s.TextContent.Trim()));
        Assert.Empty(product.QuerySelectorAll("td.person-total"));
        Assert.DoesNotContain("22h 30m", product.TextContent, StringComparison.Ordinal);

        // A group figure shows nobody one by one, and says so in each of their logs.
        var written = Assert.Single((await factory.AccessLogOfAsync(alice, factory.AcmeId)).Skip(before));
        Assert.Equal(3, written.GroupSize);
        Assert.Equal([DataCategory.Totals], written.Categories);
        Assert.Equal(new NodaTime.LocalDate(2026, 10, 1), written.PeriodStart);
        Assert.Equal(new NodaTime.LocalDate(2026, 10, 31), written.PeriodEnd);
    }

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }
}
