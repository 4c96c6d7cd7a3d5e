using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Team;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.TeamDashboard;

/// <summary>The team dashboard on its own database; each test puts the policy it needs in force first.</summary>
public sealed class DashboardTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly string[] PlanColumns = [".planned-hours", ".spent", ".percent", ".verdict"];

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
        Assert.Equal("1.00", Shown(row.QuerySelector(".hours")?.TextContent));
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
        Assert.Contains(DashboardModel.LongWeeksNeed, signals[0].TextContent, StringComparison.Ordinal);
        // Nothing else on the page lists people, but the note of whose time it shows one by one (in name order).
        Assert.Equal(signals.Length + page.QuerySelectorAll("#dashboard-shown-people [data-person]").Length, page.QuerySelectorAll("[data-person]").Length);
        var shownPeople = page.QuerySelectorAll("#dashboard-shown-people [data-person]").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal(shownPeople.Order(StringComparer.CurrentCulture), shownPeople);
        Assert.Contains("Alice Anders", shownPeople);

        var written = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Where(e => !before.Contains(e.Id)).ToList();
        var entry = Assert.Single(written);
        Assert.Equal(manager.UserId, entry.ViewerUserId);
        Assert.Equal(AccessChannel.Page, entry.Channel);
        // One row for the whole page: her time in the team's hours, and her support need.
        Assert.Equal([DataCategory.ProjectTotals, DataCategory.WorkloadSignals], entry.Categories);
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
        Assert.Contains(DashboardModel.OutsideHoursNeed, signal.TextContent, StringComparison.Ordinal);
        var entry = Assert.Single(await factory.AccessLogOfAsync(carol, factory.AcmeId), e => !before.Contains(e.Id));
        Assert.Equal([DataCategory.ProjectTotals, DataCategory.OutsideHours, DataCategory.WorkloadSignals], entry.Categories);
    }

    [Fact]
    public async Task A_manager_of_another_team_sees_nothing_of_this_team()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var otto = await factory.CallerAsync("otto@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var page = await otto.Browser.GetDocumentAsync("/acme/team/dashboard?period=4weeks");

        Assert.Empty(page.QuerySelectorAll("#dashboard-signals [data-person]"));
        Assert.DoesNotContain("Alice", page.Body?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", page.Body?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"#dashboard-projects tr[data-project='{factory.ProjectId}']"));
        Assert.DoesNotContain(await factory.AccessLogOfAsync(alice, factory.AcmeId), e => !before.Contains(e.Id));
    }

    [Fact]
    public async Task Under_aggregate_only_a_manager_sees_the_team_in_monthly_group_figures_and_a_three_person_team_withheld()
    {
        var policy = Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate);
        policy = Grant(policy, DataCategory.ProjectTotals, Audience.ProjectManagers, Granularity.Aggregate);
        policy = Grant(policy, DataCategory.WorkloadSignals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(policy);
        var otto = await factory.CallerAsync("otto@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");

        var five = await otto.Browser.GetDocumentAsync("/acme/team/dashboard");
        var three = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");

        // Group figures by released month: October is released, November (the period) is not.
        Assert.Contains("You see this team only as a group", five.QuerySelector("#dashboard-notes")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("November 2026 is not released yet.", five.QuerySelector("#dashboard-notes")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Month", five.QuerySelector("#dashboard-trend thead th")?.TextContent.Trim());
        // Platform's five logged nothing in October: a zero over five people says nothing about one of them.
        Assert.Equal("0.00", Shown(five.QuerySelector("#dashboard-trend tr[data-week='2026-10-01'] .hours")?.TextContent));
        // Alice and Bob's long October weeks are theirs and Carol's alone: three people, fewer than k.
        Assert.Equal(DashboardModel.SuppressedText, Shown(three.QuerySelector("#dashboard-trend tr[data-week='2026-10-01'] .hours")?.TextContent));
        Assert.Empty(three.QuerySelectorAll("#dashboard-shown-people [data-person]"));
        // Signals too: counted for five, withheld for three, never named.
        Assert.Empty(three.QuerySelectorAll("#dashboard-signals [data-person]"));
        Assert.Equal(DashboardModel.SuppressedText, three.QuerySelector("#dashboard-signal-counts dd")?.TextContent.Trim());
        Assert.Equal("0", five.QuerySelector("#dashboard-signal-counts dd")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_chosen_team_scopes_the_hours_and_another_teams_hours_are_left_out()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = await factory.CallerAsync("admin@acme.test");
        const string Week = "&period=custom&from=2026-11-09&to=2026-11-15";

        var first = await admin.Browser.GetDocumentAsync("/acme/team/dashboard");
        var options = first.QuerySelectorAll("#dashboard-team option");
        Assert.True(options.Length >= 2, "An admin may choose every team.");
        var platform = options.Single(o => o.TextContent.Trim() == "Platform").GetAttribute("value");
        var demoTeam = options.First(o => o.TextContent.Trim() != "Platform").GetAttribute("value");

        // The admin sees people only as groups: each team in group figures of whole released months.
        var platformPage = await admin.Browser.GetDocumentAsync($"/acme/team/dashboard?team={platform}{Week}");
        Assert.Equal(platform, platformPage.QuerySelector("#dashboard-team option[selected]")?.GetAttribute("value"));
        Assert.Contains("November 2026 is not released yet.", platformPage.QuerySelector("#dashboard-notes")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0.00", Shown(platformPage.QuerySelector("#dashboard-trend tr[data-week='2026-10-01'] .hours")?.TextContent));

        // The other team has three people, too few to show.
        var demoPage = await admin.Browser.GetDocumentAsync($"/acme/team/dashboard?team={demoTeam}{Week}");
        Assert.Equal(DashboardModel.SuppressedText, Shown(demoPage.QuerySelector("#dashboard-trend tr[data-week='2026-10-01'] .hours")?.TextContent));
        Assert.DoesNotContain("145.00", demoPage.Body?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("145h", demoPage.Body?.TextContent ?? "", StringComparison.Ordinal);

        // A manager may choose only their own teams.
        var manager = await factory.CallerAsync("manager@acme.test");
        var own = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");
        Assert.Single(own.QuerySelectorAll("#dashboard-team option"));
        var refused = await manager.Browser.GetAsync($"/acme/team/dashboard?team={platform}{Week}");
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await Forms.ParseAsync(refused);
        Assert.Equal("Choose one of your teams from the list.", refusedPage.QuerySelector("#dashboard-team-error")?.TextContent.Trim());
        Assert.Null(refusedPage.QuerySelector("#dashboard-projects"));
        Assert.Null(refusedPage.QuerySelector("#dashboard-trend"));

        // Someone who manages no team keeps the page they had: their own groups, no team to choose.
        var alice = await factory.CallerAsync("alice@acme.test");
        var hers = await alice.Browser.GetDocumentAsync("/acme/team/dashboard");
        Assert.Null(hers.QuerySelector("#dashboard-team"));
        Assert.NotNull(hers.QuerySelector("#dashboard-trend"));
    }

    [Fact]
    public async Task Frequent_switching_is_named_where_signals_are_granted_one_by_one_and_only_counted_otherwise()
    {
        var period = $"/acme/team/dashboard?period=custom&from={DashboardFactory.FragmentedFrom}&to={DashboardFactory.FragmentedTo}";
        var bob = await factory.Database.UserIdAsync("bob@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");

        await factory.PublishAsync(TransparencyPolicy.Default);
        var before = (await factory.AccessLogOfAsync(bob, factory.AcmeId)).Select(e => e.Id).ToHashSet();
        var named = await manager.Browser.GetDocumentAsync(period);
        var signal = named.QuerySelector($"#dashboard-signals [data-person='{bob}']");
        Assert.NotNull(signal);
        Assert.Contains(DashboardModel.FragmentationNeed, signal.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardModel.LongWeeksNeed, signal.TextContent, StringComparison.Ordinal);
        Assert.Single(named.QuerySelectorAll("#dashboard-signals [data-person]"));
        var entry = Assert.Single(await factory.AccessLogOfAsync(bob, factory.AcmeId), e => !before.Contains(e.Id));
        Assert.Equal([DataCategory.ProjectTotals, DataCategory.WorkloadSignals], entry.Categories);

        // The same month today shows no switching: the signal is about the chosen period.
        var now = await manager.Browser.GetDocumentAsync("/acme/team/dashboard");
        Assert.DoesNotContain(DashboardModel.FragmentationNeed, now.QuerySelector("#dashboard-signals")?.TextContent ?? "", StringComparison.Ordinal);

        var aggregate = Grant(TransparencyPolicy.Default, DataCategory.WorkloadSignals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(aggregate);
        before = (await factory.AccessLogOfAsync(bob, factory.AcmeId)).Select(e => e.Id).ToHashSet();
        var withheld = await manager.Browser.GetDocumentAsync(period);
        Assert.Empty(withheld.QuerySelectorAll("#dashboard-signals [data-person]"));
        Assert.Equal(DashboardModel.SuppressedText, SignalCount(withheld, "switching"));

        await factory.PublishAsync(aggregate.With(aggregate.Settings with { MinimumGroupSize = 3 }));
        before = (await factory.AccessLogOfAsync(bob, factory.AcmeId)).Select(e => e.Id).ToHashSet();
        var counted = await manager.Browser.GetDocumentAsync(period);
        Assert.Empty(counted.QuerySelectorAll("#dashboard-signals [data-person]"));
        Assert.Equal("1", SignalCount(counted, "switching"));
        Assert.DoesNotContain("Bob", counted.QuerySelector("#dashboard-signal-counts")?.TextContent ?? "", StringComparison.Ordinal);
        // His hours are still shown to his manager one by one; his signal only as part of a count.
        var read = Assert.Single(await factory.AccessLogOfAsync(bob, factory.AcmeId), e => !before.Contains(e.Id));
        Assert.Equal([DataCategory.ProjectTotals], read.Categories);
    }

    [Fact]
    public async Task Planned_outcomes_are_set_against_all_time_spent_so_far_and_withheld_where_too_few_people_contributed()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");

        var page = await manager.Browser.GetDocumentAsync("/acme/team/dashboard?period=week");

        string Cells(string selector) =>
            string.Join(" | ", PlanColumns.Select(c => Shown(page.QuerySelector($"#dashboard-plan {selector} {c}")?.TextContent)));
        Assert.Equal($"0.50 | 1.00 | 200% | {DashboardPlanLine.OverPlan}", Cells($"tr[data-plan-outcome='{factory.ShippedOutcomeId}']"));
        // Spent before this week still counts: a plan is compared with all the time to date.
        Assert.Equal($"10.00 | 2.00 | 20% | {DashboardPlanLine.WithinPlan}", Cells($"tr[data-plan-outcome='{factory.ImporterOutcomeId}']"));
        Assert.Equal($"10.50 | 3.00 | 29% | {DashboardPlanLine.WithinPlan}", Cells($"tr[data-plan-project='{factory.ProjectId}']"));
        Assert.NotNull(page.QuerySelector("#plan-chart[data-series]"));

        var aggregate = Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate);
        aggregate = Grant(aggregate, DataCategory.ProjectTotals, Audience.ProjectManagers, Granularity.Aggregate);
        await factory.PublishAsync(aggregate);
        page = await manager.Browser.GetDocumentAsync("/acme/team/dashboard?period=week");
        Assert.Equal($"0.50 | {DashboardModel.SuppressedText} | — | —", Cells($"tr[data-plan-outcome='{factory.ShippedOutcomeId}']"));
        Assert.Equal($"10.50 | {DashboardModel.SuppressedText} | — | —", Cells($"tr[data-plan-project='{factory.ProjectId}']"));
        Assert.DoesNotContain("3.00", page.QuerySelector($"#dashboard-plan tbody[data-project='{factory.ProjectId}']")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("3h", page.QuerySelector($"#dashboard-plan tbody[data-project='{factory.ProjectId}']")?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_period_keeps_what_was_typed_and_says_what_is_wrong_next_to_it()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");

        var unreadable = await manager.Browser.GetAsync("/acme/team/dashboard?period=custom&from=2026-13-01&to=next+week");
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, unreadable.StatusCode);
        var page = await Forms.ParseAsync(unreadable);
        Assert.Equal("2026-13-01", page.QuerySelector("#dashboard-from")?.GetAttribute("value"));
        Assert.Equal("next week", page.QuerySelector("#dashboard-to")?.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("#dashboard-from")?.GetAttribute("aria-invalid"));
        Assert.Contains("dashboard-from-error", page.QuerySelector("#dashboard-from")?.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Enter the first day of the period as a date, such as 2026-11-16.", page.QuerySelector("#dashboard-from-error")?.TextContent.Trim());
        Assert.Equal("Enter the last day of the period as a date, such as 2026-11-22.", page.QuerySelector("#dashboard-to-error")?.TextContent.Trim());
        Assert.Equal("custom", page.QuerySelector("#dashboard-period-choice option[selected]")?.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#dashboard-projects"));

        var backwards = await manager.Browser.GetAsync("/acme/team/dashboard?period=custom&from=2026-11-20&to=2026-11-10");
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        page = await Forms.ParseAsync(backwards);
        Assert.Equal("2026-11-20", page.QuerySelector("#dashboard-from")?.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#dashboard-from-error"));
        Assert.Equal("The period must end on or after the day it starts.", page.QuerySelector("#dashboard-to-error")?.TextContent.Trim());

        var tooLong = await manager.Browser.GetAsync("/acme/team/dashboard?from=2024-01-01&to=2026-11-10");
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal($"Choose a period of at most {DashboardController.LongestPeriodDays} days.", (await Forms.ParseAsync(tooLong)).QuerySelector("#dashboard-to-error")?.TextContent.Trim());

        var lastMonth = await manager.Browser.GetDocumentAsync("/acme/team/dashboard?period=lastmonth");
        Assert.Equal("1 Oct 2026 – 31 Oct 2026", lastMonth.QuerySelector("#dashboard-period")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_project_is_withheld_when_one_of_its_outcomes_is_so_it_cannot_be_subtracted_back()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = await factory.CallerAsync("admin@acme.test");
        var platformPeople = new List<Guid> { await factory.Database.UserIdAsync("finn@acme.test") };
        for (var i = 1; i <= 4; i++)
        {
            platformPeople.Add(await factory.Database.UserIdAsync($"platform{i}@acme.test"));
        }

        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var tools = await db.Projects.Where(p => p.Name == "Internal tools").Select(p => p.Id).SingleAsync();
            var outcome = new Outcome { Id = Guid.CreateVersion7(), ProjectId = tools, Name = "Only one person's outcome", Status = OutcomeStatus.InProgress };
            db.Outcomes.Add(outcome);
            foreach (var (person, index) in platformPeople.Select((p, i) => (p, i)))
            {
                // March: a month no other test of this factory asks about, so it is released only with these entries in it.
                var start = Instant.FromUtc(2026, 3, 3, 8, 0);
                db.TimeEntries.Add(new TimeEntry { Id = Guid.CreateVersion7(), UserId = person, ProjectId = tools, Start = start, End = start + Duration.FromHours(1), CreatedAt = start, UpdatedAt = start });
                if (index == 0)
                {
                    db.TimeEntries.Add(new TimeEntry { Id = Guid.CreateVersion7(), UserId = person, ProjectId = tools, OutcomeId = outcome.Id, Start = start + Duration.FromHours(2), End = start + Duration.FromHours(3), CreatedAt = start, UpdatedAt = start });
                }
            }

            await db.SaveChangesAsync();
        }

        var page = await admin.Browser.GetDocumentAsync("/acme/team/dashboard");
        var platform = page.QuerySelectorAll("#dashboard-team option").Single(o => o.TextContent.Trim() == "Platform").GetAttribute("value");
        var week = await admin.Browser.GetDocumentAsync($"/acme/team/dashboard?team={platform}&period=custom&from=2026-03-02&to=2026-03-08");

        // Five people worked on the project, one alone on the outcome. The project's six hours (all of
        // March, a released month) are shown; the outcome is withheld, and so is the project's time
        // without an outcome, since the project minus it would give the one person's hour away.
        Assert.Equal("6.00", Shown(InternalTools(week)?.QuerySelector(".hours")?.TextContent));
        var outcomeRow = week.QuerySelectorAll(".dashboard-outcomes tr").FirstOrDefault(r => r.TextContent.Contains("Only one person's outcome", StringComparison.Ordinal));
        Assert.NotNull(outcomeRow);
        Assert.DoesNotContain("1.00", outcomeRow.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1h", outcomeRow.TextContent, StringComparison.Ordinal);
        Assert.Contains(DashboardModel.SuppressedText, outcomeRow.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("5.00", week.QuerySelector("main")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("5h", week.QuerySelector("main")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains("March 2026", week.QuerySelector("#dashboard-notes")?.TextContent ?? "", StringComparison.Ordinal);
    }

    /// <summary>A figure as decimal hours whatever the viewer's style ("6h" → "6.00"); other text as it is.</summary>
    private static string? Shown(string? text) => text is null ? null : Lengths.AsDecimalHours(text);

    private static AngleSharp.Dom.IElement? InternalTools(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#dashboard-projects tr[data-project]").FirstOrDefault(r => r.QuerySelector("th")?.TextContent.Trim() == "Internal tools");

    private static string? SignalCount(AngleSharp.Html.Dom.IHtmlDocument page, string signal) =>
        page.QuerySelectorAll("#dashboard-signal-counts dt")
            .FirstOrDefault(dt => dt.TextContent.Contains(signal, StringComparison.Ordinal))?
            .NextElementSibling?.TextContent.Trim();

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }
}
