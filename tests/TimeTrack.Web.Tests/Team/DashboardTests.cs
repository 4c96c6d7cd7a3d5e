using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.TeamDashboard;

/// <summary>The team dashboard on its own database; each test puts the policy it needs in force first.</summary>
public sealed class DashboardTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Outcomes_are_counted_by_status_with_the_cycle_time_of_those_completed_in_the_period()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");

        var page = await manager.Browser.GetDocumentAsync("/acme/team/dashboard?period=week");

        var row = page.QuerySelector($"#dashboard-projects tr[data-project='{factory.ProjectId}']");
        Assert.NotNull(row);
        Assert.Equal("1", row.QuerySelector(".planned")?.TextContent.Trim());
        Assert.Equal("2", row.QuerySelector(".in-progress")?.TextContent.Trim());
        Assert.Equal("2", row.QuerySelector(".done")?.TextContent.Trim());
        Assert.Equal("1", row.QuerySelector(".blocked")?.TextContent.Trim());
        Assert.Equal("1", row.QuerySelector(".done-in-period")?.TextContent.Trim());
        Assert.Equal("1.5 days", row.QuerySelector(".cycle-time")?.TextContent.Trim());
        Assert.Equal("1.00", row.QuerySelector(".hours")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_manager_sees_long_weeks_by_name_in_name_order_and_each_read_is_in_the_subjects_access_log()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var bob = await factory.Database.UserIdAsync("bob@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var page = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");

        var signals = page.QuerySelectorAll("#dashboard-signals [data-person]");
        // Bob worked more hours than Alice: name order, not hours, puts her first.
        Assert.Equal([alice.ToString(), bob.ToString()], signals.Select(s => s.GetAttribute("data-person")));
        Assert.Contains("Alice", signals[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(DashboardController.LongWeeksNeed, signals[0].TextContent, StringComparison.Ordinal);
        // Nothing else on the page lists people.
        Assert.Equal(signals.Length, page.QuerySelectorAll("[data-person]").Length);

        var written = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Where(e => !before.Contains(e.Id)).ToList();
        var entry = Assert.Single(written);
        Assert.Equal(manager.UserId, entry.ViewerUserId);
        Assert.Equal(AccessChannel.Page, entry.Channel);
        Assert.Equal([DataCategory.WorkloadSignals], entry.Categories);
        Assert.StartsWith("Team dashboard", entry.Resource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rising_outside_hours_are_shown_only_where_the_policy_lets_the_manager_see_outside_hours()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        var carol = await factory.Database.UserIdAsync("carol@acme.test");

        var hidden = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");
        Assert.Empty(hidden.QuerySelectorAll($"#dashboard-signals [data-person='{carol}']"));

        await factory.PublishAsync(Grant(TransparencyPolicy.Default, DataCategory.OutsideHours, Audience.TeamManager, Granularity.IndividualTotals));
        var before = (await factory.AccessLogOfAsync(carol, factory.AcmeId)).Select(e => e.Id).ToHashSet();
        var shown = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");

        var signal = shown.QuerySelector($"#dashboard-signals [data-person='{carol}']");
        Assert.NotNull(signal);
        Assert.Contains(DashboardController.OutsideHoursNeed, signal.TextContent, StringComparison.Ordinal);
        var entry = Assert.Single(await factory.AccessLogOfAsync(carol, factory.AcmeId), e => !before.Contains(e.Id));
        Assert.Equal([DataCategory.OutsideHours, DataCategory.WorkloadSignals], entry.Categories);
    }

    [Fact]
    public async Task A_manager_of_another_team_sees_nothing_of_this_team()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var otto = await factory.CallerAsync("otto@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var page = await otto.Browser.GetDocumentAsync("/acme/team/dashboard?period=4weeks");

        Assert.Empty(page.QuerySelectorAll("[data-person]"));
        Assert.DoesNotContain("Alice", page.Body?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", page.Body?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"#dashboard-projects tr[data-project='{factory.ProjectId}']"));
        Assert.DoesNotContain(await factory.AccessLogOfAsync(alice, factory.AcmeId), e => !before.Contains(e.Id));
    }

    [Fact]
    public async Task Under_aggregate_only_the_trend_shows_a_five_person_team_and_suppresses_a_three_person_team()
    {
        var policy = Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate);
        policy = Grant(policy, DataCategory.ProjectTotals, Audience.ProjectManagers, Granularity.Aggregate);
        policy = Grant(policy, DataCategory.WorkloadSignals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(policy);
        var otto = await factory.CallerAsync("otto@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        var week = DashboardFactory.TrendWeek.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var five = await otto.Browser.GetDocumentAsync("/acme/team/dashboard");
        var three = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");

        Assert.Equal("10.00", five.QuerySelector($"#dashboard-trend tr[data-week='{week}'] .hours")?.TextContent.Trim());
        Assert.Equal(DashboardModel.SuppressedText, three.QuerySelector($"#dashboard-trend tr[data-week='{week}'] .hours")?.TextContent.Trim());
        Assert.DoesNotContain("50.00", three.Body?.TextContent ?? "", StringComparison.Ordinal);
        // Signals too: counted for five, withheld for three, never named.
        Assert.Empty(three.QuerySelectorAll("[data-person]"));
        Assert.Equal(DashboardModel.SuppressedText, three.QuerySelector("#dashboard-signal-counts dd")?.TextContent.Trim());
        Assert.Equal("0", five.QuerySelector("#dashboard-signal-counts dd")?.TextContent.Trim());
    }

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }
}
