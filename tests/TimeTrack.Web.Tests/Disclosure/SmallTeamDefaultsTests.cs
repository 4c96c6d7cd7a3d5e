using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Reports;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// A three-person studio that just signed up, on TimeTrack's default policy, on Monday 7 December
/// 2026: Olga (the owner), Ana and Ben. Their client Northwind has two billable projects (Website and
/// Brand refresh, at the organization's rate of 100 EUR an hour); their own "Internal" project is not
/// billable. November: Ana 7.5 h and Ben 2 h on Website, Ben 6 h and Olga 2 h on Brand refresh, Olga
/// 1 h on Internal. December: Ana alone on Saturday the 5th, 3.25 h on Website.
/// </summary>
public sealed class SmallTeamFactory : TimeTrackFactory
{
    public const string Password = "plain lowercase words are fine here";

    public static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);

    public FakeClock Clock { get; } = new(Now);

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid OwnerId { get; private set; }

    public Guid AnaId { get; private set; }

    public Guid BenId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        async Task<Guid> UserAsync(string email, string name)
        {
            var user = new ApplicationUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = Now };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            return user.Id;
        }

        OwnerId = await UserAsync("olga@tiny.test", "Olga Owner");
        AnaId = await UserAsync("ana@tiny.test", "Ana Alves");
        BenId = await UserAsync("ben@tiny.test", "Ben Becker");
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();
        var organization = await provisioning.CreateAsync(new("Tiny Studio", "tiny", "Europe/Berlin", IsoDayOfWeek.Monday), OwnerId);
        TenantId = organization.Id;
        await provisioning.AddMemberAsync(TenantId, AnaId, OrgRole.Employee);
        await provisioning.AddMemberAsync(TenantId, BenId, OrgRole.Employee);

        var scopes = Services.GetRequiredService<TenantScopeFactory>();
        Guid website;
        Guid brand;
        Guid internalProject;
        await using (var tenantScope = scopes.CreateScope(TenantId))
        {
            var db = tenantScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var client = new Client { Id = Guid.CreateVersion7(), Name = "Northwind" };
            db.Clients.Add(client);
            ClientId = client.Id;
            Project Project(string name, Guid? clientId, bool billable)
            {
                var project = new Project { Id = Guid.CreateVersion7(), Name = name, ClientId = clientId, IsBillableByDefault = billable };
                foreach (var person in new[] { OwnerId, AnaId, BenId })
                {
                    project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = person });
                }

                db.Projects.Add(project);
                return project;
            }

            website = Project("Website", client.Id, billable: true).Id;
            brand = Project("Brand refresh", client.Id, billable: true).Id;
            internalProject = Project("Internal", null, billable: false).Id;
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), EffectiveFrom = new LocalDate(2026, 1, 1), HourlyAmount = 100m, SetByUserId = OwnerId, SetAt = Now });
            await db.SaveChangesAsync();
        }

        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        Instant At(int month, int day, int hour, int minute = 0) => new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(zone).ToInstant();
        async Task AddAsync(Guid person, Guid project, Instant start, Instant end)
        {
            await using var personScope = scopes.CreateScope(TenantId, person);
            var result = await personScope.ServiceProvider.GetRequiredService<TimeEntryService>().CreateAsync(person, new EntryDetails(project), start, end, EntrySource.Manual);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        }

        await AddAsync(AnaId, website, At(11, 2, 9), At(11, 2, 13));
        await AddAsync(AnaId, website, At(11, 30, 9), At(11, 30, 12, 30));
        await AddAsync(BenId, website, At(11, 3, 10), At(11, 3, 12));
        await AddAsync(BenId, brand, At(11, 16, 9), At(11, 16, 15));
        await AddAsync(OwnerId, brand, At(11, 20, 14), At(11, 20, 16));
        await AddAsync(OwnerId, internalProject, At(11, 24, 9), At(11, 24, 10));
        await AddAsync(AnaId, website, At(12, 5, 9), At(12, 5, 12, 15));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>Signs in through the pages and creates a token, as the person would.</summary>
    public async Task<(HttpClient Browser, HttpClient Api)> SignInAsync(string email)
    {
        var browser = CreateBrowserlikeClient();
        await browser.LogInAsync(email, Password);
        var response = await browser.SubmitAsync("/tiny/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Small team tests",
            ["NewToken.LifetimeDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await Forms.ParseAsync(response)).QuerySelector("#created-token")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(token));
        return (browser, this.CreateApiClient(token));
    }
}

/// <summary>
/// The defaults a small team lives with from day one: billing per client and project, exact and
/// never per person, without publishing a wider policy; ranges that cannot isolate a day; and a
/// policy change that only narrows what others see blocks nobody.
/// </summary>
public sealed class SmallTeamDefaultsTests(SmallTeamFactory factory) : IClassFixture<SmallTeamFactory>
{
    [Fact]
    public async Task An_admin_of_a_three_person_team_bills_clients_by_client_and_project_with_the_default_policy()
    {
        var (browser, api) = await factory.SignInAsync("olga@tiny.test");

        var byClient = await browser.GetDocumentAsync("/tiny/reports?from=2026-11-01&to=2026-11-30&groupBy=client");
        var byProject = await browser.GetDocumentAsync("/tiny/reports?from=2026-11-01&to=2026-11-30&groupBy=project");
        var json = await (await api.GetAsync("/api/v1/reports?scope=billing&from=2026-11-01&to=2026-11-30&group_by=project")).JsonAsync();

        // Billing is the page's first choice for her, with nothing published beyond version 1.
        Assert.Equal("billing", byClient.QuerySelector("#report-scope option[selected]")?.GetAttribute("value"));
        Assert.Equal([["Northwind", "17.50", "1,750.00"]], Billing(byClient));
        Assert.Equal([["Brand refresh", "8.00", "800.00"], ["Website", "9.50", "950.00"]], Billing(byProject));
        Assert.Equal(["17h 30m", "1,750.00"], byProject.QuerySelectorAll("#report-billing-total td").Select(c => c.TextContent.Trim()));
        Assert.Equal("billing", json["scope"]?.GetValue<string>());
        Assert.Equal([950.00m, 800.00m], json["rows"]!.AsArray().OrderBy(r => r!["label"]!.GetValue<string>(), StringComparer.Ordinal).Reverse().Select(r => r!["amount"]!.GetValue<decimal>()));
        Assert.Equal(1750.00m, json["total"]?["amount"]?.GetValue<decimal>());
        Assert.DoesNotContain("Ana", byClient.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Ben", byProject.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        await using var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        Assert.Equal(1, await db.PolicyVersions.CountAsync(v => v.Number != null));
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync();
        Assert.Equal(Granularity.Aggregate, policy.GrantFor(DataCategory.Billing, Audience.OrganizationAdmins));
    }

    [Fact]
    public async Task The_invoice_summary_of_a_client_is_produced_with_the_default_policy()
    {
        var (browser, _) = await factory.SignInAsync("olga@tiny.test");

        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(
            browser,
            $"/tiny/reports/export?scope=billing&format=pdf&from=2026-11-01&to=2026-11-30&groupBy=project&client={factory.ClientId}",
            "application/pdf"));

        Assert.Contains("Tiny Studio", pdf, StringComparison.Ordinal);
        Assert.Contains("Invoice summary for Northwind, 1 Nov 2026 – 30 Nov 2026", pdf, StringComparison.Ordinal);
        Assert.Contains("Brand refresh 8h 8h 800.00", pdf, StringComparison.Ordinal);
        Assert.Contains("Website 9h 30m 9h 30m 950.00", pdf, StringComparison.Ordinal);
        Assert.Contains("Total 17h 30m 17h 30m 1,750.00", pdf, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("billing", "client")]
    [InlineData("billing", "project")]
    [InlineData("groups", "client")]
    [InlineData("groups", "project")]
    [InlineData("people", "client")]
    public async Task Differencing_by_ranges_two_reports_whose_ranges_differ_by_one_day_give_the_same_figures(string scope, string groupBy)
    {
        var (browser, api) = await factory.SignInAsync("olga@tiny.test");

        async Task<JsonNode> ReportAsync(string from, string to) =>
            await (await api.GetAsync($"/api/v1/reports?scope={scope}&from={from}&to={to}&group_by={groupBy}")).JsonAsync();

        // Ana's Saturday, 5 December, is the only difference between these two ranges.
        var withSaturday = await ReportAsync("2026-11-30", "2026-12-05");
        var withoutSaturday = await ReportAsync("2026-11-30", "2026-12-04");
        var wholeMonth = await ReportAsync("2026-11-01", "2026-11-30");
        var lessOneDay = await ReportAsync("2026-11-02", "2026-11-30");

        Assert.Equal(Figures(withSaturday), Figures(withoutSaturday));
        Assert.Equal(Figures(wholeMonth), Figures(lessOneDay));
        if (scope != "people")
        {
            Assert.Equal("2026-11-01", withSaturday["period"]?["from"]?.GetValue<string>());
            Assert.Contains(withSaturday["notes"]!.AsArray(), n => n!.GetValue<string>().StartsWith("December 2026 is not released yet", StringComparison.Ordinal));
        }

        // The page answers the same (people figures keep the days asked for: they are the viewer's own).
        var page = await browser.GetDocumentAsync($"/tiny/reports?scope={scope}&from=2026-11-30&to=2026-12-05&groupBy={groupBy}");
        var pageWithout = await browser.GetDocumentAsync($"/tiny/reports?scope={scope}&from=2026-11-30&to=2026-12-04&groupBy={groupBy}");
        if (scope != "people")
        {
            Assert.Equal(page.QuerySelector("#report-period")?.TextContent, pageWithout.QuerySelector("#report-period")?.TextContent);
        }

        Assert.Equal(page.QuerySelector("main section:last-of-type table")?.TextContent, pageWithout.QuerySelector("main section:last-of-type table")?.TextContent);
    }

    [Fact]
    public async Task Filters_that_exclude_each_other_or_name_no_work_give_empty_group_and_billing_figures()
    {
        var (_, api) = await factory.SignInAsync("olga@tiny.test");
        Guid internalProject;
        await using (var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId))
        {
            internalProject = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects.Where(p => p.Name == "Internal").Select(p => p.Id).SingleAsync();
        }

        // Internal has no client: Northwind's Internal is nothing, not Internal nor Northwind.
        var billing = await (await api.GetAsync($"/api/v1/reports?scope=billing&from=2026-11-01&to=2026-11-30&group_by=project&client={factory.ClientId}&project={internalProject}")).JsonAsync();
        Assert.Empty(billing["rows"]!.AsArray());
        Assert.Equal(0m, billing["total"]?["billable_hours"]?.GetValue<decimal>());

        // An outcome nobody has: no figure of all work in its place.
        var groups = await (await api.GetAsync($"/api/v1/reports?scope=groups&from=2026-11-01&to=2026-11-30&group_by=project&outcome={Guid.CreateVersion7()}")).JsonAsync();
        Assert.Empty(groups["rows"]!.AsArray());
        Assert.NotEqual(19.5m, groups["total"]?["hours"]?.GetValue<decimal?>() ?? 0m);
    }

    [Fact]
    public async Task Billing_figures_are_in_each_contributors_access_log_as_part_of_a_group()
    {
        var (browser, _) = await factory.SignInAsync("olga@tiny.test");
        var before = (await LogAsync(factory.AnaId)).Select(e => e.Id).ToHashSet();

        await browser.GetDocumentAsync("/tiny/reports?scope=billing&from=2026-11-01&to=2026-11-30&groupBy=project");

        var written = Assert.Single(await LogAsync(factory.AnaId), e => !before.Contains(e.Id));
        Assert.Equal(factory.OwnerId, written.ViewerUserId);
        Assert.Equal([DataCategory.Billing], written.Categories);
        Assert.Equal(3, written.GroupSize);
        Assert.Equal(new LocalDate(2026, 11, 1), written.PeriodStart);
        Assert.Equal(new LocalDate(2026, 11, 30), written.PeriodEnd);

        var page = await (await factory.SignInAsync("ana@tiny.test")).Browser.GetDocumentAsync("/tiny/transparency/access-log");
        Assert.Contains("only included in a group of 3 people", page.QuerySelector("#access-log")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_version_that_only_narrows_access_creates_notices_and_blocks_nobody()
    {
        await using (var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId, factory.OwnerId))
        {
            var store = scope.ServiceProvider.GetRequiredService<PolicyStore>();
            var policy = await store.ActiveAsync();
            var signals = policy.For(DataCategory.WorkloadSignals);
            var narrower = policy.With(signals with { Grants = signals.Grants.Where(g => g.Key != Audience.OrganizationAdmins).ToDictionary() });
            var publisher = scope.ServiceProvider.GetRequiredService<PolicyPublisher>();
            await publisher.SaveDraftAsync(narrower, factory.OwnerId);
            var published = await publisher.PublishAsync(factory.OwnerId, "Olga Owner", "Admins need no workload signals.", factory.Clock.GetCurrentInstant());
            Assert.True(published.Succeeded, string.Join("; ", published.Problems.Select(p => p.Message)));
        }

        await using var check = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId, factory.AnaId);
        var db = check.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        Assert.Equal(3, await db.Notices.IgnoreQueryFilters(["Tenant"]).CountAsync(n => n.TenantId == factory.TenantId && n.Text.Contains("version 2")));
        Assert.Null(await check.ServiceProvider.GetRequiredService<PolicyStore>().AwaitingAcknowledgementAsync(factory.AnaId));
        var started = await check.ServiceProvider.GetRequiredService<TimeEntryService>().StartTimerAsync(
            factory.AnaId,
            new EntryDetails(await db.Projects.Where(p => p.Name == "Internal").Select(p => p.Id).SingleAsync()));
        Assert.True(started.Succeeded, string.Join("; ", started.Problems.Select(p => p.Message)));
    }

    [Fact]
    public async Task Everyone_reads_the_guarantees_in_plain_words_with_the_policys_own_numbers()
    {
        var (browser, _) = await factory.SignInAsync("ben@tiny.test");

        var page = await browser.GetDocumentAsync("/tiny/transparency");

        var guarantees = page.QuerySelector("#guarantees")!.TextContent;
        Assert.Contains("You always see all of your own data.", guarantees, StringComparison.Ordinal);
        Assert.Contains("Exact times are entry details", guarantees, StringComparison.Ordinal);
        Assert.Contains("included in a group of N", guarantees, StringComparison.Ordinal);
        Assert.Contains("released one day and 48 hours after the month ends", guarantees, StringComparison.Ordinal);
        Assert.Contains("at least 5 people they do not see one by one", guarantees, StringComparison.Ordinal);
        Assert.Contains("What they cannot learn: your time on any day or week", guarantees, StringComparison.Ordinal);
        Assert.Contains("only when it lets others see more of you", guarantees, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("tr[data-category='Billing']"));
        Assert.NotNull(page.QuerySelector("#billing-note"));
    }

    [Fact]
    public async Task The_release_job_releases_last_month_once()
    {
        var job = factory.Services.CreateScope().ServiceProvider.GetRequiredService<MonthReleaseJob>();

        await job.RunForTenantAsync(factory.TenantId, CancellationToken.None);
        var first = await ReleasesAsync();
        await job.RunForTenantAsync(factory.TenantId, CancellationToken.None);

        Assert.Contains(new LocalDate(2026, 11, 1), first.Keys);
        Assert.DoesNotContain(new LocalDate(2026, 12, 1), first.Keys);
        Assert.Equal(first, await ReleasesAsync());
    }

    private async Task<Dictionary<LocalDate, Instant>> ReleasesAsync()
    {
        await using var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().MonthReleases.AsNoTracking().ToDictionaryAsync(r => r.Month, r => r.ReleasedAt);
    }

    private async Task<List<Domain.Transparency.AccessLogEntry>> LogAsync(Guid subject)
    {
        await using var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(factory.TenantId, subject);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().AccessLog.AsNoTracking().Where(e => e.SubjectUserId == subject).ToListAsync();
    }

    private static List<string> Figures(JsonNode report) =>
        [.. report["rows"]!.AsArray().Append(report["total"]).Select(r => r!.ToJsonString())];

    private static List<List<string>> Billing(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#report-billing tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.ChildNodes.First().TextContent.Trim()).Take(1)
            .Concat(r.QuerySelectorAll("td").Select(c => Lengths.AsDecimalHours(c.TextContent))).ToList())];
}
