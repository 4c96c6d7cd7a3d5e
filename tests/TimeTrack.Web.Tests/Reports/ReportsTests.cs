using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>Its own app and database: these tests add entries and publish policies.</summary>
public sealed class ReportsFactory : PersonDataFactory;

/// <summary>
/// Reports and their downloads under the default policy and under an aggregate-only one. The demo seed
/// gives Maya (who manages Alice, Bob and Carol) and each of them 12h30 on Internal tools and 10h on
/// Website relaunch in the week of 16 November. Each test puts the policy it needs in force first.
/// </summary>
public sealed class ReportsTests(ReportsFactory factory) : IClassFixture<ReportsFactory>
{
    private static readonly string Week = ReportClient.Week(PersonDataFactory.SeededWeekText);
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task A_description_that_looks_like_a_formula_comes_out_neutralised_and_only_for_whom_may_see_it()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var alice = await factory.CallerAsync("alice@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        await AddEntryAsync(alice.UserId, "Website relaunch", Instant.FromUtc(2026, 11, 23, 9, 0), "=HYPERLINK(\"http://x\")");
        const string Day = "from=2026-11-23&to=2026-11-23";

        var hers = await ReportClient.CsvLinesAsync(alice.Browser, $"/acme/reports/export?format=csv&detail=true&{Day}");
        var managers = await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&detail=true&{Day}");

        Assert.Equal("Start,End,Person,Client,Project,Outcome,Task,Hours,Description", hers[0]);
        var line = Assert.Single(hers.Skip(1));
        Assert.Contains("Alice Anders", line, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK(", line, StringComparison.Ordinal);
        Assert.DoesNotMatch("(^|,)\"?=", line);

        // Under the default policy her manager sees her totals, never her entries: not what she wrote, not when.
        Assert.Equal("Start,End,Person,Client,Project,Outcome,Task,Hours,Description", managers[0]);
        Assert.DoesNotContain(managers, l => l.Contains("Alice Anders", StringComparison.Ordinal));
        Assert.DoesNotContain(managers, l => l.Contains("HYPERLINK", StringComparison.Ordinal));

        // The export included nobody's entries, so it is in nobody's log.
        var log = await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId);
        Assert.DoesNotContain(log, e => e.ViewerUserId == manager.UserId && e.Channel == AccessChannel.Export && e.Resource.StartsWith("Export: report entries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_the_xlsx_and_the_pdf_show_the_same_line_items_and_totals()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var query = $"{Week}&groupBy=project&person={alice}";

        var page = await manager.Browser.GetDocumentAsync($"/acme/reports?{query}");
        var xlsx = ReportClient.XlsxRows(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=xlsx&{query}", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=pdf&{query}", "application/pdf"));

        Assert.Equal([["Internal tools", "12.50"], ["Website relaunch", "10.00"]], Rows(page));
        Assert.Equal("22h 30m", page.QuerySelector("#report-total td")?.TextContent.Trim());
        Assert.Equal("16 Nov 2026 – 22 Nov 2026", page.QuerySelector("#report-period")?.TextContent.Trim());

        Assert.Equal(["Internal tools", "Website relaunch", "Total"], xlsx.Select(r => r["Project"]?.ToString()));
        Assert.Equal([12.5, 10.0, 22.5], xlsx.Select(r => Convert.ToDouble(r["Hours"], System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("Acme", pdf, StringComparison.Ordinal);
        Assert.Contains("Time report, 16 Nov 2026 – 22 Nov 2026", pdf, StringComparison.Ordinal);
        Assert.Contains("Person: Alice Anders", pdf, StringComparison.Ordinal);
        Assert.Contains("Internal tools 12h 30m", pdf, StringComparison.Ordinal);
        Assert.Contains("Website relaunch 10h", pdf, StringComparison.Ordinal);
        Assert.Contains("Total 22h 30m", pdf, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1", pdf, StringComparison.Ordinal);

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, manager.UserId);
        var exports = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().DataExports.AsNoTracking()
            .Where(e => e.ViewerUserId == manager.UserId && e.Description.StartsWith("Export: report › time by project"))
            .ToListAsync();
        // The XLSX and the PDF above, each filtered to Alice and so including her.
        Assert.Equal(2, exports.Count(e => e.IncludedUserIds.SequenceEqual([alice])));
    }

    [Fact]
    public async Task Every_groupings_xlsx_is_valid_open_xml_with_the_pages_rows_and_hours_as_numbers()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");

        foreach (var grouping in Enum.GetValues<ReportGrouping>())
        {
            var query = $"{Week}&groupBy={grouping.ToString().ToLowerInvariant()}";
            var page = await manager.Browser.GetDocumentAsync($"/acme/reports?{query}");
            var sheet = XlsxSheet.ReadValid(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=xlsx&{query}", Xlsx));

            Assert.Equal("Acme — Time report, 16 Nov 2026 – 22 Nov 2026", sheet.Cell("A", 1)?.Text);
            Assert.Equal($"16 Nov 2026 – 22 Nov 2026 · By {Report.GroupLabel(grouping).ToLowerInvariant()}", sheet.Cell("A", 2)?.Text);
            var rows = Rows(page);
            Assert.NotEmpty(rows);
            // A client's row also links its invoice summary: the label is the heading's own text.
            var labels = page.QuerySelectorAll("#report-table tbody tr th").Select(th => th.ChildNodes.OfType<IText>().First().Text.Trim());
            Assert.Equal(labels.Append("Total"), sheet.Body.Select(r => r[Report.GroupLabel(grouping)] as string));
            var total = Lengths.AsDecimalHours(page.QuerySelector("#report-total td")?.TextContent ?? "");
            Assert.Equal(rows.Select(r => r[1]).Append(total), sheet.Body.Select(r => Assert.IsType<double>(r["Hours"]).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Group and billing figures come from released months only; November is not, so only the total is there.
        var admin = await factory.CallerAsync("admin@acme.test");
        foreach (var scope in new[] { "groups", "billing" })
        {
            var sheet = XlsxSheet.ReadValid(await ReportClient.DownloadAsync(admin.Browser, $"/acme/reports/export?format=xlsx&scope={scope}&{Week}&groupBy=project", Xlsx));
            Assert.Equal("Total", Assert.Single(sheet.Body)["Project"] as string);
        }
    }

    [Fact]
    public async Task With_individual_totals_a_manager_sees_their_teams_totals_but_no_descriptions()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");

        var byPerson = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=person");
        var byProject = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project");
        var lines = await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&detail=true&{Week}");

        Assert.Equal([["Alice Anders", "22.50"], ["Bob Brown", "22.50"], ["Carol Chen", "22.50"], ["Maya Manager", "22.50"]], Rows(byPerson));
        Assert.Equal([["Internal tools", "50.00"], ["Website relaunch", "40.00"]], Rows(byProject));
        Assert.Equal("90h", byProject.QuerySelector("#report-total td")?.TextContent.Trim());
        // An entry's start and end are entry details: the per-entry export has none of her people's entries.
        foreach (var name in new[] { "Alice Anders", "Bob Brown", "Carol Chen" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(name, StringComparison.Ordinal));
        }

        // Her own entries are there, with their descriptions.
        Assert.Contains(lines, l => l.Contains("Maya Manager", StringComparison.Ordinal) && l.EndsWith("Work on the first release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_team_filter_keeps_the_members_of_that_team_and_is_kept_in_the_downloads()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        Guid team;
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            team = await db.TeamMembers.Where(m => m.UserId == alice).Select(m => m.TeamId).FirstAsync();
        }

        var page = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=person&team={team}");

        // Maya manages the team but is not in it: her own hours drop out, her people's stay.
        Assert.Equal([["Alice Anders", "22.50"], ["Bob Brown", "22.50"], ["Carol Chen", "22.50"]], Rows(page));
        Assert.Equal("67h 30m", page.QuerySelector("#report-total td")?.TextContent.Trim());
        Assert.Equal(team.ToString(), page.QuerySelector("#report-team option[selected]")?.GetAttribute("value"));
        Assert.Contains(page.QuerySelectorAll("a[href*='/reports/export']"), a => (a.GetAttribute("href") ?? "").Contains($"team={team}", StringComparison.Ordinal));
        var csv = await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&{Week}&groupBy=person&team={team}");
        Assert.DoesNotContain(csv, l => l.Contains("Maya Manager", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.Contains("Alice Anders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_aggregates_only_and_k_5_a_manager_of_three_sees_no_individual_figure_in_any_format()
    {
        var policy = Grant(Grant(TransparencyPolicy.Default, DataCategory.ProjectTotals, Audience.TeamManager, Granularity.Aggregate), DataCategory.Totals, Audience.TeamManager, Granularity.Aggregate);
        await factory.PublishAsync(policy.With(policy.Settings with { MinimumGroupSize = 5 }));
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count;
        string[] team = ["Alice Anders", "Bob Brown", "Carol Chen"];

        var byProject = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project");
        var byPerson = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=person");
        var filtered = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project&person={alice}");
        var csv = string.Join("\n", await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&{Week}&groupBy=project"));
        var csvByPerson = string.Join("\n", await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&{Week}&groupBy=person"));
        var detail = string.Join("\n", await ReportClient.CsvLinesAsync(manager.Browser, $"/acme/reports/export?format=csv&detail=true&{Week}"));
        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(manager.Browser, $"/acme/reports/export?format=pdf&{Week}&groupBy=project", "application/pdf"));

        // She may count her team only as a group, so the page offers group figures first; they come
        // from whole released months, and November is not released yet.
        Assert.Equal("groups", byProject.QuerySelector("#report-scope option[selected]")?.GetAttribute("value"));
        Assert.NotNull(byProject.QuerySelector("#report-empty"));
        Assert.Contains("November 2026 is not released yet", byProject.QuerySelector("#report-notes")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(byProject.QuerySelectorAll("td.report-hours"));

        // By person she sees only herself.
        Assert.Equal([["Maya Manager", "22.50"]], Rows(byPerson));
        Assert.NotNull(filtered.QuerySelector("#report-empty"));
        Assert.All(team, name => Assert.DoesNotContain(name, byPerson.QuerySelector("main")!.TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("50.00", csv, StringComparison.Ordinal);
        Assert.All(team, name => Assert.DoesNotContain(name, csvByPerson + detail + pdf, StringComparison.Ordinal));
        Assert.DoesNotContain(alice.ToString(), csvByPerson, StringComparison.Ordinal);
        Assert.DoesNotContain("50.00", pdf, StringComparison.Ordinal);

        // Nothing of Alice was shown, so nothing is in her access log.
        Assert.Equal(before, (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count);
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
                var page = await otto.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy={grouping}");
                Assert.NotNull(page.QuerySelector("#report-empty"));
            }

            var filtered = await otto.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=project&person={alice}");
            Assert.NotNull(filtered.QuerySelector("#report-empty"));
            var detail = await ReportClient.CsvLinesAsync(otto.Browser, $"/acme/reports/export?format=csv&detail=true&{Week}");
            Assert.Single(detail);
            var csv = await ReportClient.CsvLinesAsync(otto.Browser, $"/acme/reports/export?format=csv&{Week}&groupBy=project");
            Assert.Equal(["Total", "", "0.00"], csv[1].Split(',').Take(3));
        }
    }

    [Fact]
    public async Task A_clients_invoice_summary_lists_its_projects_hours_and_total()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var manager = await factory.CallerAsync("manager@acme.test");
        Guid client;
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            client = await db.Clients.Where(c => c.Name == "Northwind").Select(c => c.Id).SingleOrDefaultAsync();
            if (client == Guid.Empty)
            {
                client = Guid.CreateVersion7();
                db.Clients.Add(new Client { Id = client, Name = "Northwind" });
                var website = await db.Projects.SingleAsync(p => p.Name == "Website relaunch");
                website.ClientId = client;
                await db.SaveChangesAsync();
            }
        }

        var page = await manager.Browser.GetDocumentAsync($"/acme/reports?{Week}&groupBy=client");
        var link = page.QuerySelector($"#report-table tr[data-key='{client}'] a.invoice-summary")?.GetAttribute("href");
        Assert.NotNull(link);
        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(manager.Browser, link, "application/pdf"));

        Assert.Equal(["40h", "50h"], page.QuerySelectorAll("#report-table tbody td").Select(c => c.TextContent.Trim()));
        Assert.Equal("No client", page.QuerySelectorAll("#report-table tbody th")[^1].TextContent.Trim());
        Assert.Contains("Invoice summary for Northwind, 16 Nov 2026 – 22 Nov 2026", pdf, StringComparison.Ordinal);
        Assert.Contains("Website relaunch 40h", pdf, StringComparison.Ordinal);
        Assert.Contains("Total 40h", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal tools", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_period_is_refused_with_the_form_kept()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var response = await manager.Browser.GetAsync("/acme/reports?from=2026-11-22&to=2026-11-16");
        var page = await Forms.ParseAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#report-error"));
        Assert.Equal("2026-11-22", page.QuerySelector("#report-from")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.Browser.GetAsync("/acme/reports/export?format=docx")).StatusCode);
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

    private async Task AddEntryAsync(Guid userId, string project, Instant start, string description)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var projectId = await db.Projects.Where(p => p.Name == project).Select(p => p.Id).SingleAsync();
        db.TimeEntries.Add(new TimeEntry
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            ProjectId = projectId,
            Description = description,
            Start = start,
            End = start + Duration.FromHours(1),
            Source = EntrySource.Manual,
            CreatedAt = PersonDataFactory.Now,
            UpdatedAt = PersonDataFactory.Now,
        });
        await db.SaveChangesAsync();
    }
}
