using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Web.Data.Seed;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Demo;

/// <summary>The demo as the run script seeds it: the plain demo plus twelve weeks of history and the small studio.</summary>
public sealed class DemoHistoryFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Database:SeedDemoHistory"] = "true",
    };
}

/// <summary>
/// First login as each demo person shows what each page is for: their own week and insights with
/// numbers in them, a digest compared with the four weeks before, and support needs where the person
/// may see them (the manager's dashboard, the person's own insights, a released support request).
/// </summary>
public sealed class DemoHistoryTests(DemoHistoryFactory factory) : IClassFixture<DemoHistoryFactory>
{
    public static TheoryData<string, string> Everyone => new()
    {
        { "owner@acme.test", "acme" },
        { "admin@acme.test", "acme" },
        { "manager@acme.test", "acme" },
        { "alice@acme.test", "acme" },
        { "bob@acme.test", "acme" },
        { "carol@acme.test", "acme" },
        { "owner@globex.test", "globex" },
        { "dave@globex.test", "globex" },
        { "sam@studio.test", "studio" },
        { "lee@studio.test", "studio" },
        { "kim@studio.test", "studio" },
    };

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Every_demo_person_finds_last_weeks_insights_and_a_digest_compared_with_the_four_weeks_before(string email, string org)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email);
        var lastWeek = LocalDatePattern.Iso.Format(await LastWeekStartAsync(org));

        var insights = await client.GetDocumentAsync($"/{org}/time/insights?date={lastWeek}");
        var total = insights.QuerySelector("#insights-total")!.TextContent.Trim();
        Assert.True(Duration.FromMinutes(Lengths.Minutes(total)) >= Duration.FromHours(20), $"{email}'s last week holds only {total}");

        var digest = await client.GetDocumentAsync($"/{org}/digests/{lastWeek}");
        Assert.Contains("your average of the four weeks before", digest.Body!.TextContent, StringComparison.Ordinal);

        var digests = await client.GetDocumentAsync($"/{org}/digests");
        Assert.True(digests.QuerySelectorAll("main a[href^='/" + org + "/digests/']").Length >= 12, $"{email} sees fewer than twelve digests");
    }

    [Fact]
    public async Task The_manager_sees_who_may_need_support_and_who_asked()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("manager@acme.test");
        var dashboard = (await client.GetDocumentAsync("/acme/team/dashboard")).Body!.TextContent;
        Assert.Contains("Carol Chen", dashboard, StringComparison.Ordinal);
        Assert.Contains("may need support: several long weeks", dashboard, StringComparison.Ordinal);
        Assert.Contains("Bob Brown", dashboard, StringComparison.Ordinal);
        Assert.Contains("has asked for support", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carol_sees_her_own_support_signals_first()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("carol@acme.test");
        var signals = (await client.GetDocumentAsync("/acme/time/insights")).QuerySelector("#own-signals")!.TextContent;
        Assert.Contains("longer than 45 hours", signals, StringComparison.Ordinal);
        Assert.Contains("outside your working hours", signals, StringComparison.Ordinal);

        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        var hers = (await alice.GetDocumentAsync("/acme/time/insights")).QuerySelector("#own-signals")!.TextContent;
        Assert.Contains("Nothing stands out", hers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bobs_support_request_is_in_his_digest_and_reaches_his_manager()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("bob@acme.test");
        var twoWeeksAgo = LocalDatePattern.Iso.Format((await LastWeekStartAsync("acme")).PlusWeeks(-1));
        var digest = await client.GetDocumentAsync($"/acme/digests/{twoWeeksAgo}");
        Assert.Contains(DemoHistory.SupportRequest, digest.Body!.TextContent, StringComparison.Ordinal);

        var manager = factory.CreateBrowserlikeClient();
        await manager.LogInAsync("manager@acme.test");
        var team = (await manager.GetDocumentAsync("/acme/team/digests")).Body!.TextContent;
        Assert.Contains(DemoHistory.SupportRequest, team, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_has_an_approved_month_released_months_a_rate_change_finished_outcomes_and_an_issued_invoice()
    {
        await using var db = await factory.Database.OpenAsSuperuserAsync();
        var acme = await db.ScalarAsync<Guid>("SELECT id FROM organizations WHERE slug = 'acme'");
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM week_submissions WHERE tenant_id = '{acme}' AND status = 'Approved'") >= 12);
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM locked_periods WHERE tenant_id = '{acme}'") >= 12);
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Berlin"]).Date;
        var thisMonth = new LocalDate(today.Year, today.Month, 1);
        Assert.Equal(2, await db.ScalarAsync<long>(
            $"SELECT count(*) FROM month_releases WHERE tenant_id = '{acme}' AND month IN ('{LocalDatePattern.Iso.Format(thisMonth.PlusMonths(-2))}', '{LocalDatePattern.Iso.Format(thisMonth.PlusMonths(-1))}')"));
        Assert.Equal(2, await db.ScalarAsync<long>($"SELECT count(DISTINCT hourly_amount) FROM rates WHERE tenant_id = '{acme}' AND project_id = (SELECT id FROM projects WHERE tenant_id = '{acme}' AND name = 'Mobile app')"));
        Assert.Equal(2, await db.ScalarAsync<long>($"SELECT count(*) FROM outcomes WHERE tenant_id = '{acme}' AND status = 'Done'"));
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM time_entries WHERE tenant_id = '{acme}' AND is_outside_hours") > 5);
        Assert.Equal(1, await db.ScalarAsync<long>($"SELECT count(*) FROM invoices WHERE tenant_id = '{acme}' AND number IS NOT NULL"));
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM time_entries WHERE tenant_id = '{acme}' AND invoice_id IS NOT NULL") > 20);
    }

    [Fact]
    public async Task Seeding_again_creates_nothing_twice()
    {
        await using var db = await factory.Database.OpenAsSuperuserAsync();
        var before = await db.ScalarAsync<long>("SELECT (SELECT count(*) FROM time_entries) + (SELECT count(*) FROM digests) + (SELECT count(*) FROM week_submissions) + (SELECT count(*) FROM rates) + (SELECT count(*) FROM clients)");
        await DemoSeeder.SeedAsync(factory.Services, withHistory: true);
        var after = await db.ScalarAsync<long>("SELECT (SELECT count(*) FROM time_entries) + (SELECT count(*) FROM digests) + (SELECT count(*) FROM week_submissions) + (SELECT count(*) FROM rates) + (SELECT count(*) FROM clients)");
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_team_smaller_than_five_is_seen_by_name_by_its_manager_and_only_withheld_as_a_group_by_an_admin()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("sam@studio.test");
        var studio = System.Text.RegularExpressions.Regex.Replace((await client.GetDocumentAsync("/studio/team/dashboard")).Body!.TextContent, @"\s+", " ");
        Assert.Contains("Kim Costa and Lee Lopes one by one", studio, StringComparison.Ordinal);

        var admin = factory.CreateBrowserlikeClient();
        await admin.LogInAsync("admin@acme.test");
        var product = (await admin.GetDocumentAsync("/acme/team/dashboard")).Body!.TextContent;
        Assert.Contains("You see this team only as a group", product, StringComparison.Ordinal);
        Assert.Contains("Not enough people to show without identifying someone.", product, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol Chen", product, StringComparison.Ordinal);
    }

    private async Task<LocalDate> LastWeekStartAsync(string org)
    {
        await using var db = await factory.Database.OpenAsSuperuserAsync();
        var zone = DateTimeZoneProviders.Tzdb[await db.ScalarAsync<string>($"SELECT default_time_zone_id FROM organizations WHERE slug = '{org}'")];
        var start = (IsoDayOfWeek)await db.ScalarAsync<int>($"SELECT week_start FROM organizations WHERE slug = '{org}'");
        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;
        var thisWeek = today.With(DateAdjusters.PreviousOrSame(start));
        return thisWeek.PlusWeeks(-1);
    }
}
