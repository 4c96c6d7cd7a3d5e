using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Reports;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Api;

/// <summary>
/// The reports API and the saved reports page share one app and database: the API tests publish
/// policies, the saved reports tests only add definitions of their own people.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReportsApiCollection : ICollectionFixture<ReportsFactory>
{
    public const string Name = "reports-api";
}

/// <summary>
/// <c>GET /api/v1/reports</c> under the default policy and an aggregate-only one. The demo seed gives
/// Maya (who manages Alice, Bob and Carol) and each of them 12h30 on Internal tools and 10h on Website
/// relaunch in the week of 16 November. Each test puts the policy it needs in force first.
/// </summary>
[Collection(ReportsApiCollection.Name)]
public sealed class ReportsApiTests(ReportsFactory factory)
{
    private const string Week = "from=2026-11-16&to=2026-11-22";

    private static readonly string[] Team = ["Alice Anders", "Bob Brown", "Carol Chen"];

    [Fact]
    public async Task With_aggregates_only_a_manager_of_three_gets_her_own_time_and_group_figures_only_from_released_months()
    {
        var policy = Grant(Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate), DataCategory.Totals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(policy.With(policy.Settings with { MinimumGroupSize = 5 }));
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count;

        var byProject = await ReportAsync(manager, $"{Week}&group_by=project");
        var byPerson = await ReportAsync(manager, $"{Week}&group_by=person");
        var filtered = await ReportAsync(manager, $"{Week}&group_by=project&person={alice}");
        var byTask = await ReportAsync(manager, $"{Week}&group_by=task");
        var groups = await ReportAsync(manager, $"{Week}&group_by=project&scope=groups");

        // People figures hold only the people she sees one by one: herself.
        Assert.Equal("people", byProject["scope"]?.GetValue<string>());
        Assert.Equal(22.5m, byProject["total"]?["hours"]?.GetValue<decimal>());
        var own = Assert.Single(byPerson["rows"]!.AsArray());
        Assert.Equal("Maya Manager", own!["label"]?.GetValue<string>());
        Assert.Equal(22.5m, own["hours"]?.GetValue<decimal>());
        Assert.Empty(filtered["rows"]!.AsArray());
        Assert.Equal(22.5m, byTask["total"]?["hours"]?.GetValue<decimal>());

        // Group figures come from whole released months: the week is in November, not released yet.
        Assert.Equal("groups", groups["scope"]?.GetValue<string>());
        Assert.Empty(groups["rows"]!.AsArray());
        Assert.Equal("2026-11-01", groups["period"]?["from"]?.GetValue<string>());
        Assert.Equal("2026-11-30", groups["period"]?["to"]?.GetValue<string>());
        Assert.Contains(groups["notes"]!.AsArray(), n => n!.GetValue<string>().StartsWith("November 2026 is not released yet", StringComparison.Ordinal));
        foreach (var body in new[] { byProject, byPerson, filtered, byTask, groups })
        {
            var json = body.ToJsonString();
            Assert.All(Team, name => Assert.DoesNotContain(name, json, StringComparison.Ordinal));
            Assert.DoesNotContain(alice.ToString(), json, StringComparison.Ordinal);
        }

        // Nothing of Alice was shown, so nothing is in her access log.
        Assert.Equal(before, (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count);
    }

    [Fact]
    public async Task With_individual_totals_a_manager_gets_totals_per_person_and_no_descriptions()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var byPerson = await ReportAsync(manager, $"{Week}&group_by=person");
        var byProject = await ReportAsync(manager, $"{Week}&group_by=project");

        Assert.Equal(["Alice Anders", "Bob Brown", "Carol Chen", "Maya Manager"], Labels(byPerson));
        Assert.All(byPerson["rows"]!.AsArray(), row =>
        {
            Assert.Equal(22.5m, row!["hours"]?.GetValue<decimal>());
            Assert.False(row["withheld"]?.GetValue<bool>());
            Assert.Null(row["reason"]?.GetValue<string>());
        });
        Assert.Equal(alice.ToString(), byPerson["rows"]![0]!["key"]?.GetValue<string>());
        Assert.Equal(90m, byPerson["total"]?["hours"]?.GetValue<decimal>());
        Assert.Equal([50m, 40m], byProject["rows"]!.AsArray().Select(r => r!["hours"]!.GetValue<decimal>()));
        foreach (var body in new[] { byPerson, byProject })
        {
            var json = body.ToJsonString();
            Assert.DoesNotContain("description", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Work on the first release", json, StringComparison.Ordinal);
            Assert.DoesNotContain("Support and reviews", json, StringComparison.Ordinal);
        }

        var log = await factory.AccessLogOfAsync(alice, factory.AcmeId);
        Assert.Contains(log, e => e.ViewerUserId == manager.UserId
            && e.Channel == AccessChannel.Api
            && e.Categories.SequenceEqual([DataCategory.ProjectTotals])
            && e.Resource == "API: report › time by person, 16 Nov 2026 – 22 Nov 2026");
    }

    [Fact]
    public async Task Amounts_come_only_where_the_policy_shows_the_rates_and_their_reads_are_logged()
    {
        await AddOrganizationRateAsync(100m);
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        // By default only admins see rates, in aggregate: the manager gets billable hours, no amount.
        await factory.PublishAsync(TransparencyPolicy.Default);
        var withheld = await ReportAsync(manager, $"{Week}&group_by=person");
        Assert.Equal("EUR", withheld["currency"]?.GetValue<string>());
        Assert.All(withheld["rows"]!.AsArray(), row => Assert.Equal(22.5m, row!["billable_hours"]?.GetValue<decimal>()));
        Assert.Equal(90m, withheld["total"]?["billable_hours"]?.GetValue<decimal>());
        // Her own amount is hers to see; her team's are withheld, and so the total's.
        var others = withheld["rows"]!.AsArray().OfType<JsonNode>().Where(r => r["key"]?.GetValue<string>() != manager.UserId.ToString()).ToList();
        Assert.Equal(3, others.Count);
        Assert.Equal(2250m, withheld["rows"]!.AsArray().Single(r => r!["key"]?.GetValue<string>() == manager.UserId.ToString())!["amount"]?.GetValue<decimal>());
        Assert.All(others.Append(withheld["total"]!), row =>
        {
            Assert.Equal("null", JsonValueKind(row, "amount"));
            Assert.True(row["amount_withheld"]?.GetValue<bool>());
            Assert.Equal(Report.AmountWithheldText, row["amount_reason"]?.GetValue<string>());
        });

        await factory.PublishAsync(Grant(TransparencyPolicy.Default, DataCategory.Rates, Audience.TeamManager, Granularity.IndividualTotals));
        var shown = await ReportAsync(manager, $"{Week}&group_by=person");
        var hers = shown["rows"]!.AsArray().Single(r => r!["key"]?.GetValue<string>() == alice.ToString())!;
        Assert.Equal(2250m, hers["amount"]?.GetValue<decimal>());
        Assert.False(hers["amount_withheld"]?.GetValue<bool>());
        Assert.Null(hers["amount_reason"]?.GetValue<string>());
        Assert.Equal(0m, hers["unpriced_hours"]?.GetValue<decimal>());
        Assert.Equal(9000m, shown["total"]?["amount"]?.GetValue<decimal>());

        var log = await factory.AccessLogOfAsync(alice, factory.AcmeId);
        Assert.Contains(log, e => e.ViewerUserId == manager.UserId
            && e.Channel == AccessChannel.Api
            && e.Categories.Order().SequenceEqual(new[] { DataCategory.ProjectTotals, DataCategory.Rates }.Order()));
    }

    [Fact]
    public async Task A_manager_of_another_team_sees_nothing_of_this_team()
    {
        var policy = Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate);
        foreach (var current in new[] { TransparencyPolicy.Default, policy.With(policy.Settings with { MinimumGroupSize = 5 }) })
        {
            await factory.PublishAsync(current);
            var otto = await factory.CallerAsync("otto@acme.test");
            var alice = await factory.Database.UserIdAsync("alice@acme.test");

            foreach (var grouping in Enum.GetNames<ReportGrouping>())
            {
                var report = await ReportAsync(otto, $"{Week}&group_by={grouping.ToLowerInvariant()}");
                Assert.Empty(report["rows"]!.AsArray());
                Assert.Equal(0m, report["total"]?["hours"]?.GetValue<decimal>());
            }

            Assert.Empty((await ReportAsync(otto, $"{Week}&group_by=project&person={alice}"))["rows"]!.AsArray());
        }
    }

    [Fact]
    public async Task Bad_input_is_a_problem_with_field_errors()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        async Task<JsonNode> ProblemAsync(string query) =>
            await (await manager.Api.GetAsync($"/api/v1/reports?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        var missing = await ProblemAsync("group_by=project");
        Assert.NotEmpty(missing.FieldErrors("from"));
        Assert.NotEmpty(missing.FieldErrors("to"));
        Assert.NotEmpty((await ProblemAsync("from=16.11.2026&to=2026-11-22")).FieldErrors("from"));
        Assert.Equal(["The period must end on or after the day it starts."], (await ProblemAsync("from=2026-11-22&to=2026-11-16")).FieldErrors("to"));
        Assert.Equal(["Choose a period of at most 366 days."], (await ProblemAsync("from=2025-01-01&to=2026-01-02")).FieldErrors("to"));
        Assert.Equal(["Group by one of: client, project, outcome, task, person."], (await ProblemAsync($"{Week}&group_by=week")).FieldErrors("group_by"));
        Assert.NotEmpty((await ProblemAsync($"{Week}&group_by=1")).FieldErrors("group_by"));
        Assert.NotEmpty((await ProblemAsync($"{Week}&group_by=client,project")).FieldErrors("group_by"));
        Assert.NotEmpty((await ProblemAsync($"{Week}&client=not-an-id")).FieldErrors("client"));

        // A whole leap year of days is the longest period.
        var year = await manager.Api.GetAsync("/api/v1/reports?from=2024-01-01&to=2024-12-31");
        Assert.Equal(HttpStatusCode.OK, year.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(null).GetAsync($"/api/v1/reports?{Week}")).StatusCode);
    }

    /// <summary>An organization-wide rate in force since the start of the year (once per database).</summary>
    private async Task AddOrganizationRateAsync(decimal hourly)
    {
        var owner = await factory.Database.UserIdAsync("owner@acme.test");
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, owner);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var from = new LocalDate(2026, 1, 1);
        if (!await db.Rates.AnyAsync(r => r.ProjectId == null && r.UserId == null && r.EffectiveFrom == from))
        {
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), EffectiveFrom = from, HourlyAmount = hourly, SetByUserId = owner, SetAt = PersonDataFactory.Now });
            await db.SaveChangesAsync();
        }
    }

    private static async Task<JsonNode> ReportAsync(Caller caller, string query)
    {
        var response = await caller.Api.GetAsync($"/api/v1/reports?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/reports?{query} returned {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty body.");
    }

    private static List<string> Labels(JsonNode report) =>
        [.. report["rows"]!.AsArray().Select(r => r!["label"]!.GetValue<string>())];

    private static void AssertWithheld(JsonNode row, string reason)
    {
        Assert.True(row["withheld"]?.GetValue<bool>());
        Assert.Equal("null", JsonValueKind(row, "hours"));
        Assert.Equal(reason, row["reason"]?.GetValue<string>());
    }

    /// <summary>"null" when the property is present and null, "missing" when absent, else its JSON.</summary>
    private static string JsonValueKind(JsonNode row, string property) =>
        row.AsObject().TryGetPropertyValue(property, out var value) ? value?.ToJsonString() ?? "null" : "missing";

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }
}
