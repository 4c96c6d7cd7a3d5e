using System.Globalization;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>Its own app and database: these tests set rates, add entries and publish policies.</summary>
public sealed class ReportAmountsFactory : PersonDataFactory;

/// <summary>
/// Billable amounts: priced in SQL exactly as <see cref="RateCard"/> prices them, and shown only as far
/// as the policy shows rates (<see cref="DataCategory.Rates"/>). Acme has an organization rate of 100
/// an hour for the whole year, so the demo week's 50 billable hours on Internal tools come to 5,000.00.
/// </summary>
public sealed class ReportAmountsTests(ReportAmountsFactory factory) : IClassFixture<ReportAmountsFactory>
{
    private static readonly string Week = ReportClient.Week(PersonDataFactory.SeededWeekText);

    [Fact]
    public async Task The_amount_in_sql_agrees_with_the_rate_card_across_scopes_and_an_effective_date_change()
    {
        // Globex on its own: Gus (owner) and Dave, Research and Operations, no rates yet.
        var gus = await factory.Database.UserIdAsync("owner@globex.test");
        var dave = await factory.Database.UserIdAsync("dave@globex.test");
        await using var scope = factory.Scopes.CreateScope(factory.GlobexId, gus);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var research = await db.Projects.Where(p => p.Name == "Research").Select(p => p.Id).SingleAsync();
        var operations = await db.Projects.Where(p => p.Name == "Operations").Select(p => p.Id).SingleAsync();
        var from = new LocalDate(2026, 10, 5);
        var to = new LocalDate(2026, 10, 11);

        // Organization from Tuesday (so Monday has no rate at all), raised on Thursday; a project rate,
        // a person rate and a rate for Gus on Operations from Wednesday.
        db.Rates.AddRange(
            NewRate(null, null, from.PlusDays(1), 100m, gus),
            NewRate(null, null, from.PlusDays(3), 120.50m, gus),
            NewRate(research, null, from.PlusDays(2), 150m, gus),
            NewRate(null, dave, from.PlusDays(2), 90m, gus),
            NewRate(operations, gus, from.PlusDays(2), 210.75m, gus));
        await db.SaveChangesAsync();

        // Odd lengths, so rounding to cents matters; two entries share a rollup row; one is not billable.
        var entries = new List<TimeEntry>();
        for (var day = 0; day < 7; day++)
        {
            var date = from.PlusDays(day);
            var nine = Instant.FromUtc(date.Year, date.Month, date.Day, 13, 0);
            entries.Add(Entry(gus, research, nine, Duration.FromMinutes(61) + Duration.FromSeconds(7), billable: true));
            entries.Add(Entry(gus, operations, nine + Duration.FromHours(2), Duration.FromMinutes(43) + Duration.FromSeconds(19), billable: true));
            entries.Add(Entry(dave, research, nine, Duration.FromMinutes(97) + Duration.FromSeconds(41), billable: true));
            entries.Add(Entry(dave, research, nine + Duration.FromHours(2), Duration.FromMinutes(13), billable: true));
            entries.Add(Entry(dave, operations, nine + Duration.FromHours(3), Duration.FromMinutes(29) + Duration.FromSeconds(3), billable: day % 2 == 0));
        }

        db.TimeEntries.AddRange(entries);
        await db.SaveChangesAsync();

        var rates = await db.Rates.AsNoTracking().ToListAsync();
        // People-scope reports count only people seen one by one: here the owner sees everyone's time and rates so.
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync();
        foreach (var category in new[] { DataCategory.ProjectTotals, DataCategory.Rates })
        {
            var rule = policy.For(category);
            policy = policy.With(rule with { Grants = new Dictionary<Audience, Granularity>(rule.Grants) { [Audience.OrganizationAdmins] = Granularity.IndividualTotals } });
        }

        var viewer = await scope.ServiceProvider.GetRequiredService<ViewerDirectory>().ForMemberAsync(gus);
        Assert.NotNull(viewer);
        var query = new ReportQuery(db);

        // What the rate card says, per rollup row (person, day, project, outcome, task), then summed.
        var expected = entries
            .Where(e => e.IsBillable)
            .GroupBy(e => (e.UserId, e.Day, e.ProjectId, e.OutcomeId, e.TaskId))
            .Select(g =>
            {
                var billable = Duration.FromMilliseconds(g.Sum(e => (e.End!.Value - e.Start).TotalMilliseconds));
                var rate = RateCard.Applicable(rates, g.Key.UserId, g.Key.ProjectId, g.Key.Day);
                return (g.Key.ProjectId, g.Key.UserId, g.Key.Day, Amount: rate is null ? 0m : RateCard.Amount(billable, rate.HourlyAmount), Unpriced: rate is null ? billable : Duration.Zero);
            })
            .ToList();
        Assert.Contains(expected, x => x.Unpriced > Duration.Zero);
        Assert.Equal(4, rates.Select(r => RateCard.Specificity(r.ProjectId, r.UserId)).Distinct().Count());

        var (byProject, total) = await query.RunAsync(policy, viewer, new ReportFilter(from, to, ReportGrouping.Project));
        foreach (var project in new[] { research, operations })
        {
            var row = Assert.Single(byProject, r => r.Key == project);
            Assert.Equal(expected.Where(x => x.ProjectId == project).Sum(x => x.Amount), row.Amount);
            Assert.Equal(Seconds(expected.Where(x => x.ProjectId == project).Sum(x => x.Unpriced.TotalMilliseconds)), row.UnpricedSeconds);
            Assert.Equal(
                Seconds(entries.Where(e => e.ProjectId == project && e.IsBillable).Sum(e => (e.End!.Value - e.Start).TotalMilliseconds)),
                row.BillableSeconds);
        }

        Assert.Equal(expected.Sum(x => x.Amount), total.Amount);
        Assert.Equal(Seconds(entries.Sum(e => (e.End!.Value - e.Start).TotalMilliseconds)), total.Seconds);

        // One day and project at a time, so each scope and each side of the change is checked on its own.
        for (var day = from; day <= to; day = day.PlusDays(1))
        {
            foreach (var project in new[] { research, operations })
            {
                var (_, dayTotal) = await query.RunAsync(policy, viewer, new ReportFilter(day, day, ReportGrouping.Task, ProjectId: project));
                var date = day;
                Assert.Equal(expected.Where(x => x.ProjectId == project && x.Day == date).Sum(x => x.Amount), dayTotal.Amount);
            }
        }
    }

    [Fact]
    public async Task Under_the_default_policy_a_manager_sees_hours_but_no_amounts()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        await EnsureOrganizationRateAsync();
        var manager = await factory.CallerAsync("manager@acme.test");

        var page = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project");
        var csv = await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&{Week}&groupBy=project");
        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=pdf&{Week}&groupBy=project", "application/pdf"));

        Assert.Equal("50.00", Billing(page, "Internal tools")[0]);
        Assert.All(page.QuerySelectorAll("#report-billing td.report-amount"), c => Assert.Equal(Report.AmountWithheldText, c.TextContent.Trim()));
        Assert.NotNull(page.QuerySelector("#report-amounts-withheld"));
        Assert.DoesNotContain("5,000", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Her own amount she always sees.
        var own = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project&person={manager.UserId}");
        Assert.Equal(["12.50", "1,250.00"], Billing(own, "Internal tools"));
        Assert.Equal("2,250.00", own.QuerySelector("#report-billing-total td.report-amount")?.TextContent.Trim());

        Assert.Equal("Project,Id,Hours,From,To,Billable hours,Amount (EUR),Billable hours without a rate", csv[0]);
        Assert.All(csv.Skip(1), l => Assert.Contains(Report.AmountWithheldText, l, StringComparison.Ordinal));
        Assert.DoesNotContain("5000", string.Join("\n", csv), StringComparison.Ordinal);
        Assert.Contains("Internal tools 50h", pdf, StringComparison.Ordinal);
        Assert.Contains(Report.AmountWithheldText, pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("5,000", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_who_sees_rates_only_in_aggregate_gets_no_amounts_in_people_figures_and_billing_waits_for_the_month()
    {
        var policy = Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.OrganizationAdmins, Granularity.IndividualTotals);
        await factory.PublishAsync(policy.With(policy.Settings with { MinimumGroupSize = 3 }));
        await EnsureOrganizationRateAsync();
        await EnsureMobileAppEntryAsync();
        var admin = await factory.CallerAsync("admin@acme.test");

        var page = await admin.Browser.GetDocumentAsync($"/acme/reports?scope=people&{Week}&groupBy=project");
        var xlsx = ReportClient.XlsxRows(await ReportClient.DownloadAsync(admin.Browser, $"/acme/reports/export?scope=people&format=xlsx&{Week}&groupBy=project", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var billing = await admin.Browser.GetDocumentAsync($"/acme/reports?scope=billing&{Week}&groupBy=project");

        // Hours one by one, but rates only in aggregate: a sum of several people's rates, compared
        // across periods, could tell one person's rate, so people figures carry no amounts at all.
        Assert.Equal("50.00", Billing(page, "Internal tools")[0]);
        Assert.Equal(Report.AmountWithheldText, Billing(page, "Internal tools")[1]);
        Assert.Equal(["1.00", Report.AmountWithheldText], Billing(page, "Mobile app"));
        Assert.DoesNotContain("5,000", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Report.AmountWithheldText, xlsx.Single(r => r["Project"]?.ToString() == "Internal tools")["Amount (EUR)"]?.ToString());

        // Amounts for invoicing are billing figures, from whole months once released: November is not yet.
        Assert.Null(billing.QuerySelector("#report-billing"));
        Assert.Contains("November 2026 is not released yet", billing.QuerySelector("#report-notes")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_granting_team_managers_individual_totals_on_rates_a_manager_sees_amounts()
    {
        await factory.PublishAsync(Grant(TransparencyPolicy.Default, DataCategory.Rates, Audience.TeamManager, Granularity.IndividualTotals));
        await EnsureOrganizationRateAsync();
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count(e => e.Categories.Contains(DataCategory.Rates));

        var byProject = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project");
        var byPerson = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=person");
        var invoice = ReportClient.PdfText(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=pdf&{Week}&groupBy=project", "application/pdf"));
        var sheet = XlsxSheet.ReadValid(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=xlsx&{Week}&groupBy=project", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

        Assert.Equal(["50.00", "5,000.00"], Billing(byProject, "Internal tools"));
        Assert.Equal(["40.00", "4,000.00"], Billing(byProject, "Website relaunch"));
        Assert.Null(byProject.QuerySelector("#report-amounts-withheld"));
        Assert.Equal(["22.50", "2,250.00"], Billing(byPerson, "Alice Anders"));
        Assert.Contains("Website relaunch 40h 40h 4,000.00", invoice, StringComparison.Ordinal);
        Assert.Contains("Amount (EUR)", invoice, StringComparison.Ordinal);

        // In the spreadsheet the amounts are numbers, formatted with two decimals.
        var amounts = sheet.Body.ToDictionary(r => r["Project"] as string ?? "", r => r["Amount (EUR)"]);
        Assert.Equal(5_000.0, amounts["Internal tools"]);
        Assert.Equal(4_000.0, amounts["Website relaunch"]);
        Assert.All(sheet.Rows.Where(r => r[0].Row > XlsxSheet.HeadingRow).Select(r => r.Single(c => c.Column == "D")), c => Assert.Equal((true, 4u), (c.IsNumber, c.NumberFormatId)));

        // Her amount was shown one by one: her access log says so.
        Assert.True((await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count(e => e.Categories.Contains(DataCategory.Rates)) > before);
    }

    [Fact]
    public void Billable_time_without_a_rate_is_reported_not_priced_at_zero()
    {
        var filter = new ReportFilter(new LocalDate(2026, 11, 16), new LocalDate(2026, 11, 22), ReportGrouping.Project);
        var row = new ReportRow(Guid.NewGuid(), "Research", 36_000, 1, 0, BillableSeconds: 36_000, Amount: 500m, UnpricedSeconds: 18_000);
        var report = Report.Build("Acme", new ReportPeriod(filter.From, filter.To, DateTimeZone.Utc), filter, [], TransparencyPolicy.Default, [row], row with { Key = null }, currency: "EUR");

        Assert.Equal("500.00", report.Rows[0].AmountText);
        Assert.Equal("5h billable without a rate", report.Rows[0].UnpricedText);
        Assert.Equal("5h billable without a rate", report.Total.UnpricedText);
        Assert.Equal("Amount (EUR)", report.AmountHeading);
    }

    private static long Seconds(double milliseconds) => (long)Math.Round((decimal)milliseconds / 1000m, MidpointRounding.AwayFromZero);

    private static Rate NewRate(Guid? projectId, Guid? userId, LocalDate from, decimal hourly, Guid setBy) => new()
    {
        Id = Guid.CreateVersion7(),
        ProjectId = projectId,
        UserId = userId,
        EffectiveFrom = from,
        HourlyAmount = hourly,
        SetByUserId = setBy,
        SetAt = PersonDataFactory.Now,
    };

    private static TimeEntry Entry(Guid userId, Guid projectId, Instant start, Duration length, bool billable) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        ProjectId = projectId,
        Start = start,
        End = start + length,
        IsBillable = billable,
        Source = EntrySource.Manual,
        CreatedAt = PersonDataFactory.Now,
        UpdatedAt = PersonDataFactory.Now,
    };

    private async Task EnsureOrganizationRateAsync()
    {
        var owner = await factory.Database.UserIdAsync("owner@acme.test");
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, owner);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        if (!await db.Rates.AnyAsync())
        {
            db.Rates.Add(NewRate(null, null, new LocalDate(2026, 1, 1), 100m, owner));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// One billable hour of Erin's (in no team, so no manager's report includes it) on Mobile app in the
    /// demo week, so that project has a single contributor.
    /// </summary>
    private async Task EnsureMobileAppEntryAsync()
    {
        var erin = await factory.Database.UserIdAsync("erin@acme.test");
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, erin);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var mobile = await db.Projects.Where(p => p.Name == "Mobile app").Select(p => p.Id).SingleAsync();
        if (!await db.TimeEntries.AnyAsync(e => e.ProjectId == mobile))
        {
            db.TimeEntries.Add(Entry(erin, mobile, Instant.FromUtc(2026, 11, 18, 16, 0), Duration.FromHours(1), billable: true));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The billable hours and the amount cell of one row of the billing table.</summary>
    private static string[] Billing(IParentNode page, string label)
    {
        var row = page.QuerySelectorAll("#report-billing tbody tr").Single(r => r.QuerySelector("th")?.TextContent.Trim() == label);
        return [.. row.QuerySelectorAll("td").Select(c => Lengths.AsDecimalHours(c.TextContent))];
    }

    /// <summary>The report's rows, lengths as decimal hours whatever the viewer's style.</summary>
    private static List<string[]> Rows(IParentNode page) =>
        [.. page.QuerySelectorAll("#report-table tbody tr").Select(r => r.Children.Select(c => Lengths.AsDecimalHours(c.TextContent)).ToArray())];

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }
}
