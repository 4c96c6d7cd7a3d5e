using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Reports;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// ADR 014: one rule for which day and week time counts in. An entry from Saturday 23:30 to Sunday
/// 00:30 and one from Sunday 23:30 to Monday 00:30 (local) — one of them across a week boundary
/// whichever day weeks start on — give the same day totals and week totals on every page, export and
/// API that shows them, in an organization whose weeks start on Monday and in one whose weeks start on Sunday.
/// </summary>
public sealed partial class WhichDayTimeCountsInTests(DayRuleFactory factory) : IClassFixture<DayRuleFactory>
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    [Theory]
    // Weeks Mon 16 – Sun 22 and Mon 23 – Sun 29 November: Sunday 23:30 – Monday 00:30 crosses the week.
    [InlineData("Europe/Berlin", IsoDayOfWeek.Monday, "2026-11-16", "0,0,480,0,0,30,60", "2026-11-23", "30,180,0,0,0,0,0")]
    // Weeks Sun 15 – Sat 21 and Sun 22 – Sat 28 November: Saturday 23:30 – Sunday 00:30 crosses the week.
    [InlineData("America/New_York", IsoDayOfWeek.Sunday, "2026-11-15", "0,0,0,480,0,0,30", "2026-11-22", "60,30,180,0,0,0,0")]
    public async Task Entries_across_midnight_and_across_a_week_count_the_same_on_every_surface(
        string zoneId, IsoDayOfWeek weekStart, string firstWeek, string firstWeekMinutes, string secondWeek, string secondWeekMinutes)
    {
        var org = await DayRuleOrganization.CreateAsync(factory, zoneId, weekStart);
        var (wednesday, saturday, sunday, monday, tuesday) = (new LocalDate(2026, 11, 18), new LocalDate(2026, 11, 21), new LocalDate(2026, 11, 22), new LocalDate(2026, 11, 23), new LocalDate(2026, 11, 24));
        await org.LogAsync(factory, org.At(wednesday, 9, 0), org.At(wednesday, 17, 0));
        await org.LogAsync(factory, org.At(saturday, 23, 30), org.At(sunday, 0, 30));
        await org.LogAsync(factory, org.At(sunday, 23, 30), org.At(monday, 0, 30));
        await org.LogAsync(factory, org.At(tuesday, 9, 0), org.At(tuesday, 12, 0));
        var expected = new[] { Week(firstWeek, firstWeekMinutes), Week(secondWeek, secondWeekMinutes) };
        Assert.All(expected, week => Assert.Equal(weekStart, week.Start.DayOfWeek));

        foreach (var week in expected)
        {
            await org.BuildDigestAsync(factory, week.Start);
            var submitted = await org.Employee.Browser.SubmitAsync(
                org.Path($"time/timesheet?week={IsoDate.Format(week.Start)}"),
                org.Path("time/timesheet/submit"),
                new Dictionary<string, string> { ["week"] = IsoDate.Format(week.Start) });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, submitted.StatusCode);
        }

        var seen = new List<(string Surface, WeekFigures Figures)>();
        foreach (var week in expected)
        {
            // The person's own pages.
            seen.Add(("time page", await TimePageAsync(org, week.Start)));
            seen.Add(("timesheet", await TimesheetAsync(org, week.Start)));
            seen.Add(("insights", await InsightsAsync(org, week.Start)));
            seen.Add(("digest", week with { Days = null, Total = Length(await TextAsync(org.Employee.Browser, org.Path($"digests/{IsoDate.Format(week.Start)}"), "#digest-total")) }));
            seen.Add(("detail csv", await DetailCsvAsync(org, week.Start)));

            // What their manager sees: approval, the team, the people API, the dashboard and reports.
            seen.Add(("approval", await ApprovalAsync(org, week.Start)));
            seen.Add(("team page", week with { Days = null, Total = Length(await TextAsync(org.Manager.Browser, org.Path($"team?week={IsoDate.Format(week.Start)}"), $"tr[data-person='{org.Employee.Id}'] td.person-total")) }));
            seen.Add(("team export", await TeamExportAsync(org, week.Start)));
            seen.Add(("person page", await PersonPageAsync(org, week.Start)));
            seen.Add(("people/week api", await PeopleApiAsync(org, week.Start)));
            seen.Add(("dashboard", await DashboardAsync(org, week.Start)));
            foreach (var format in Enum.GetValues<ReportFormat>())
            {
                seen.Add(($"report {format}", await ReportAsync(org, week.Start, format)));
            }
        }

        // Approved and locked, the weeks are paid as they were shown.
        foreach (var week in expected)
        {
            var approvals = await org.Manager.Browser.GetDocumentAsync(org.Path("team/approvals"));
            var submission = approvals.QuerySelector($"article.pending-week[data-person='{org.Employee.Id}'][data-week='{IsoDate.Format(week.Start)}']")?.Id?.Replace("submission-", "", StringComparison.Ordinal);
            Assert.NotNull(submission);
            var approved = await org.Manager.Browser.SubmitAsync(org.Path("team/approvals"), org.Path($"team/approvals/{submission}/approve"), new Dictionary<string, string>());
            Assert.Equal(System.Net.HttpStatusCode.Redirect, approved.StatusCode);
        }

        foreach (var week in expected)
        {
            seen.Add(("payroll csv", await PayrollAsync(org, week.Start)));
            seen.Add(("timesheet, approved", await TimesheetAsync(org, week.Start)));
        }

        var wrong = seen
            .Select(s => (s.Surface, Seen: s.Figures, Expected: expected.Single(w => w.Start == s.Figures.Start)))
            .Where(s => s.Seen.Total != s.Expected.Total || (s.Seen.Days is { } days && !days.SequenceEqual(s.Expected.Days ?? [])))
            .Select(s => $"{s.Surface}, week of {IsoDate.Format(s.Seen.Start)}: {s.Seen} instead of {s.Expected}")
            .ToList();
        Assert.True(wrong.Count == 0, "Different figures:\n" + string.Join("\n", wrong));
        Assert.Equal(2 * 18, seen.Count);
    }

    private enum ReportFormat
    {
        Page,
        Csv,
        Xlsx,
        Pdf,
        Api,
    }

    /// <summary>Minutes on each of a week's seven days (null where a surface shows only the week) and in the week.</summary>
    private sealed record WeekFigures(LocalDate Start, IReadOnlyList<int>? Days, int Total)
    {
        public override string ToString() => $"[{(Days is null ? "week only" : string.Join(",", Days))}] = {Total}";
    }

    private static WeekFigures Week(string start, string minutes)
    {
        int[] days = [.. minutes.Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture))];
        return new WeekFigures(IsoDate.Parse(start).GetValueOrThrow(), days, days.Sum());
    }

    private static IEnumerable<LocalDate> DaysOf(LocalDate weekStart) => Enumerable.Range(0, 7).Select(weekStart.PlusDays);

    private static async Task<WeekFigures> TimePageAsync(DayRuleOrganization org, LocalDate week)
    {
        var page = await org.Employee.Browser.GetDocumentAsync(org.Path($"time?week={IsoDate.Format(week)}"));
        return new WeekFigures(
            week,
            [.. DaysOf(week).Select(day => Length(Text(page, $"#day-{IsoDate.Format(day)} .time-day-total strong")))],
            Length(Text(page, "#week-total")));
    }

    private static async Task<WeekFigures> TimesheetAsync(DayRuleOrganization org, LocalDate week)
    {
        var page = await org.Employee.Browser.GetDocumentAsync(org.Path($"time/timesheet?week={IsoDate.Format(week)}"));
        var cells = page.QuerySelectorAll("tfoot td.total").Select(c => Cell(c.TextContent)).ToList();
        Assert.Equal(8, cells.Count);
        return new WeekFigures(week, cells[..7], Cell(Text(page, "#week-total")));
    }

    private static async Task<WeekFigures> InsightsAsync(DayRuleOrganization org, LocalDate week)
    {
        var page = await org.Employee.Browser.GetDocumentAsync(org.Path($"time/insights?date={IsoDate.Format(week)}"));
        var section = page.QuerySelector("#by-day-heading")?.ParentElement;
        Assert.NotNull(section);
        var days = section.QuerySelectorAll("tbody td").Select(c => Cell(c.TextContent)).ToList();
        return new WeekFigures(week, days.Count == 0 ? [0, 0, 0, 0, 0, 0, 0] : days, Cell(Text(page, "#insights-total")));
    }

    private static async Task<WeekFigures> DetailCsvAsync(DayRuleOrganization org, LocalDate week)
    {
        async Task<int> MinutesAsync(LocalDate from, LocalDate to)
        {
            var lines = await ReportClient.CsvLinesAsync(org.Employee.Browser, org.Path($"reports/export?format=csv&detail=true&from={IsoDate.Format(from)}&to={IsoDate.Format(to)}"));
            Assert.StartsWith("Start,End,Person,Client,Project,Outcome,Task,Hours,", lines[0], StringComparison.Ordinal);
            return lines.Skip(1).Sum(line => Hours(line.Split(',')[7]));
        }

        var days = new List<int>();
        foreach (var day in DaysOf(week))
        {
            days.Add(await MinutesAsync(day, day));
        }

        return new WeekFigures(week, days, await MinutesAsync(week, week.PlusDays(6)));
    }

    private static async Task<WeekFigures> ApprovalAsync(DayRuleOrganization org, LocalDate week)
    {
        var page = await org.Manager.Browser.GetDocumentAsync(org.Path("team/approvals"));
        var cells = page.QuerySelectorAll($"article.pending-week[data-person='{org.Employee.Id}'][data-week='{IsoDate.Format(week)}'] tbody td").Select(c => Length(c.TextContent)).ToList();
        Assert.Equal(8, cells.Count);
        return new WeekFigures(week, cells[..7], cells[7]);
    }

    private static async Task<WeekFigures> TeamExportAsync(DayRuleOrganization org, LocalDate week)
    {
        var lines = await ReportClient.CsvLinesAsync(org.Manager.Browser, org.Path($"team/export?week={IsoDate.Format(week)}"));
        var header = lines[0].Split(',');
        Assert.Equal([.. DaysOf(week).Select(d => IsoDate.Format(d))], header[3..10]);
        var row = lines.Single(l => l.Contains(org.Employee.Id.ToString(), StringComparison.Ordinal)).Split(',');
        return new WeekFigures(week, [.. row[3..10].Select(Hours)], Hours(row[10]));
    }

    private static async Task<WeekFigures> PersonPageAsync(DayRuleOrganization org, LocalDate week)
    {
        var page = await org.Manager.Browser.GetDocumentAsync(org.Path($"team/people/{org.Employee.Id}?week={IsoDate.Format(week)}"));
        var cells = page.QuerySelectorAll("section[aria-labelledby='pw-totals'] tbody td").Select(c => Length(c.TextContent)).ToList();
        Assert.Equal(8, cells.Count);
        return new WeekFigures(week, cells[..7], Length(Text(page, "#pw-week-total")));
    }

    private static async Task<WeekFigures> PeopleApiAsync(DayRuleOrganization org, LocalDate week)
    {
        var json = await (await org.Manager.Api.GetAsync($"/api/v1/people/{org.Employee.Id}/week?start={IsoDate.Format(week)}")).JsonAsync();
        var totals = json["totals"];
        Assert.NotNull(totals);
        Assert.Equal(IsoDate.Format(week), json["week_start"]?.GetValue<string>());
        var days = totals["days"]!.AsArray();
        Assert.Equal([.. DaysOf(week).Select(d => IsoDate.Format(d))], days.Select(d => d!["date"]!.GetValue<string>()));
        return new WeekFigures(week, [.. days.Select(d => (int)(d!["seconds"]!.GetValue<long>() / 60))], (int)(totals["total_seconds"]!.GetValue<long>() / 60));
    }

    private static async Task<WeekFigures> DashboardAsync(DayRuleOrganization org, LocalDate week)
    {
        string Url(LocalDate from, LocalDate to) => org.Path($"team/dashboard?team={org.TeamId}&period=custom&from={IsoDate.Format(from)}&to={IsoDate.Format(to)}");
        var days = new List<int>();
        foreach (var day in DaysOf(week))
        {
            var page = await org.Manager.Browser.GetDocumentAsync(Url(day, day));
            days.Add(Hours(Text(page, $"#dashboard-project-hours tr[data-project='{org.ProjectId}'] td.hours")));
        }

        var whole = await org.Manager.Browser.GetDocumentAsync(Url(week, week.PlusDays(6)));
        Assert.Equal(Hours(Text(whole, $"#dashboard-project-hours tr[data-project='{org.ProjectId}'] td.hours")), days.Sum());
        return new WeekFigures(week, days, Hours(Text(whole, $"#dashboard-trend tr[data-week='{IsoDate.Format(week)}'] td.hours")));
    }

    private static async Task<WeekFigures> ReportAsync(DayRuleOrganization org, LocalDate week, ReportFormat format)
    {
        async Task<int> TotalAsync(LocalDate from, LocalDate to)
        {
            var query = $"from={IsoDate.Format(from)}&to={IsoDate.Format(to)}&groupBy=person&person={org.Employee.Id}";
            var browser = org.Manager.Browser;
            switch (format)
            {
                case ReportFormat.Page:
                    var page = await browser.GetDocumentAsync(org.Path($"reports?{query}"));
                    return page.QuerySelector("#report-empty") is not null ? 0 : Hours(Text(page, "#report-total td"));
                case ReportFormat.Csv:
                    var lines = await ReportClient.CsvLinesAsync(browser, org.Path($"reports/export?format=csv&{query}"));
                    return Hours(lines.Single(l => l.StartsWith("Total,", StringComparison.Ordinal)).Split(',')[2]);
                case ReportFormat.Xlsx:
                    var rows = ReportClient.XlsxRows(await ReportClient.DownloadAsync(browser, org.Path($"reports/export?format=xlsx&{query}"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
                    var total = rows.Single(r => r["Person"]?.ToString() == "Total")["Hours"];
                    return (int)Math.Round(Convert.ToDecimal(total, CultureInfo.InvariantCulture) * 60);
                case ReportFormat.Pdf:
                    var text = ReportClient.PdfText(await ReportClient.DownloadAsync(browser, org.Path($"reports/export?format=pdf&{query}"), "application/pdf"));
                    return Hours(PdfTotal().Match(text).Groups[1].Value);
                default:
                    var json = await (await org.Manager.Api.GetAsync($"/api/v1/reports?from={IsoDate.Format(from)}&to={IsoDate.Format(to)}&group_by=person&person={org.Employee.Id}")).JsonAsync();
                    return (int)Math.Round(json["total"]!["hours"]!.GetValue<decimal>() * 60);
            }
        }

        var days = new List<int>();
        foreach (var day in DaysOf(week))
        {
            days.Add(await TotalAsync(day, day));
        }

        return new WeekFigures(week, days, await TotalAsync(week, week.PlusDays(6)));
    }

    private static async Task<WeekFigures> PayrollAsync(DayRuleOrganization org, LocalDate week)
    {
        var lines = await ReportClient.CsvLinesAsync(org.Manager.Browser, org.Path($"team/payroll?from={IsoDate.Format(week)}&to={IsoDate.Format(week)}"));
        Assert.Equal("Person,Person id,Email,Week starting,Approved at,Approved hours", lines[0]);
        var row = lines.Single(l => l.Contains(org.Employee.Id.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal(IsoDate.Format(week), row[3]);
        return new WeekFigures(week, null, Hours(row[5]));
    }

    private static async Task<string> TextAsync(HttpClient client, string url, string selector) =>
        Text(await client.GetDocumentAsync(url), selector);

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");

    /// <summary>"2h 30m", "1h", "45m" (how pages write a length) in minutes.</summary>
    /// <summary>A length as a page writes it, in minutes.</summary>
    private static int Length(string text) => Lengths.Minutes(text);

    /// <summary>A timesheet or insights total in minutes; an empty cell is none.</summary>
    private static int Cell(string text) => Lengths.Minutes(text);

    /// <summary>Decimal hours ("9.50", as CSV and the API give them) or a length as a page writes it, in minutes.</summary>
    private static int Hours(string text) => Lengths.Minutes(text);

    [GeneratedRegex(@"Total (\d+h(?: \d\dm)?|\d+m)")]
    private static partial Regex PdfTotal();
}
