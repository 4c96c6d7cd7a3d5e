using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Timesheet;

/// <summary>Its own app and database: these tests change alice's entries.</summary>
public sealed class TimesheetFactory : TimeTrackFactory;

public sealed class TimesheetTests(TimesheetFactory factory) : IClassFixture<TimesheetFactory>
{
    [Fact]
    public async Task Last_week_shows_the_seeded_rows_with_cells_and_totals()
    {
        var (client, week) = await AliceAsync();
        var page = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        var rows = page.QuerySelectorAll("table.timesheet tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.QuerySelector("th")!.TextContent.Contains("Internal tools · → Customer feedback round", StringComparison.Ordinal));
        // Monday of the seeded week: 2 h 30 min on one row, 2 h on the other; the week totals 22:30.
        var mondayCells = rows.Select(r => ((IHtmlInputElement)r.QuerySelectorAll("td input")[0]).Value).OrderBy(v => v, StringComparer.Ordinal).ToList();
        Assert.Equal(["2:00", "2:30"], mondayCells);
        Assert.Equal("22h 30m", page.QuerySelector("#week-total")?.TextContent.Trim());
    }

    [Fact]
    public async Task Three_cells_saved_at_once_change_the_totals_and_shrinking_a_cell_shortens_its_entry()
    {
        var (client, week) = await AliceAsync();
        var projectId = await ProjectIdAsync("Mobile app");

        // Add a row (nothing saved yet), then fill three cells on the weekend and save them together.
        var added = await client.SubmitAsync($"/acme/time/timesheet?week={week}", "/acme/time/timesheet", new Dictionary<string, string>
        {
            ["Week"] = week,
            ["Action"] = "add-row",
            ["NewProjectId"] = projectId.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var grid = await Forms.ParseAsync(added);
        var gridRows = grid.QuerySelectorAll("table.timesheet tbody tr");
        var newRow = gridRows[gridRows.Length - 1];
        Assert.Contains("Mobile app", newRow.QuerySelector("th")!.TextContent, StringComparison.Ordinal);

        var fields = FormFields(grid);
        var index = gridRows.Length - 1;
        fields[$"Rows[{index}].Days[5]"] = "1:30";
        fields[$"Rows[{index}].Days[6]"] = "45m";
        fields[$"Rows[{index}].Days[4]"] = "1.25";
        fields["Action"] = "save";
        var saved = await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        Assert.Equal("26h", after.QuerySelector("#week-total")?.TextContent.Trim());
        var (first, last) = (LocalDatePattern.Iso.Parse(week).Value, LocalDatePattern.Iso.Parse(week).Value.PlusDays(6));
        Assert.Equal(3, await CountAsync(e => e.Source == EntrySource.Timesheet && e.IsDurationOnly && e.Day >= first && e.Day <= last));

        // Shrink Saturday's cell from 1:30 to 0:45: the timesheet's own entry gets shorter.
        var shrink = FormFields(after);
        var row = RowIndex(after, "Mobile app");
        shrink[$"Rows[{row}].Days[5]"] = "0:45";
        shrink["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(shrink))).StatusCode);
        var final = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        Assert.Equal("25h 15m", final.QuerySelector("#week-total")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_bad_cell_saves_nothing_shows_its_message_and_keeps_every_typed_value()
    {
        var (client, week) = await AliceAsync();
        var page = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        var before = await CountAsync(_ => true);
        var fields = FormFields(page);
        fields["Rows[0].Days[5]"] = "2:00";
        fields["Rows[1].Days[6]"] = "lots";
        fields["Action"] = "save";
        var response = await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await Forms.ParseAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(html.QuerySelector("#cell-1-6-error")?.TextContent));
        Assert.Equal("true", html.QuerySelector("#cell-1-6")?.GetAttribute("aria-invalid"));
        Assert.Equal("lots", ((IHtmlInputElement)html.QuerySelector("#cell-1-6")!).Value);
        Assert.Equal("2:00", ((IHtmlInputElement)html.QuerySelector("#cell-0-5")!).Value);
        Assert.Equal(before, await CountAsync(_ => true));
    }

    [Fact]
    public async Task Time_from_the_day_list_cannot_be_shrunk_from_the_grid()
    {
        var (client, week) = await AliceAsync();
        var page = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        var fields = FormFields(page);
        fields["Rows[0].Days[0]"] = "0:30";
        fields["Action"] = "save";
        var response = await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await Forms.ParseAsync(response);
        Assert.Contains("change it there", html.QuerySelector("#cell-0-0-error")?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duration_typed_in_the_grid_has_no_clock_times_and_is_never_outside_working_hours()
    {
        var (client, _) = await AliceAsync();
        // A week long ago with nothing in it, and its Sunday, a day off: time placed at invented clock times
        // there would all count as outside working hours.
        var week = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-30);
        var weekText = LocalDatePattern.Iso.Format(week);
        var sunday = week.PlusDays(6);
        var projectId = await ProjectIdAsync("Mobile app");
        var grid = await AddRowAsync(client, weekText, projectId);
        var row = RowIndex(grid, "Mobile app");
        var dayOfSunday = DayIndex(grid, sunday);
        var fields = FormFields(grid);
        fields[$"Rows[{row}].Days[{dayOfSunday}]"] = "2:30";
        fields["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields))).StatusCode);

        // Raised from 2:30 to 9:00: the same entry grows, still without clock times.
        var raise = FormFields(await client.GetDocumentAsync($"/acme/time/timesheet?week={weekText}"));
        raise[$"Rows[{row}].Days[{dayOfSunday}]"] = "9:00";
        raise["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(raise))).StatusCode);

        var entry = Assert.Single(await EntriesOnAsync(sunday));
        Assert.True(entry.IsDurationOnly);
        Assert.False(entry.IsOutsideHours);
        Assert.False(entry.NoOverlap);
        Assert.Equal(Duration.FromHours(9), entry.End!.Value - entry.Start);
        Assert.Equal(sunday, entry.Day);

        // Not outside hours anywhere: the rollups (team dashboards, workload signals), My insights and the day list.
        Assert.Equal(0, await OutsideHoursMillisecondsAsync(sunday));
        var insights = await client.GetDocumentAsync($"/acme/time/insights?date={weekText}");
        Assert.Equal("0%", insights.QuerySelectorAll("dt").Single(dt => dt.TextContent.Contains("outside your working hours", StringComparison.Ordinal)).NextElementSibling?.TextContent.Trim());
        var dayList = await client.GetDocumentAsync($"/acme/time?week={weekText}");
        var listed = dayList.QuerySelector($"#day-{LocalDatePattern.Iso.Format(sunday)} .time-entry")!;
        Assert.Contains("No clock times", listed.TextContent, StringComparison.Ordinal);
        Assert.Null(listed.QuerySelector(".badge-outside"));

        // Its edit form asks for a date and a duration, not for times nobody typed.
        var edit = await client.GetDocumentAsync($"/acme/time/entries/{entry.Id}/edit");
        Assert.Equal("9:00", ((IHtmlInputElement)edit.QuerySelector("#Entry_Duration")!).Value);
        Assert.Equal("", ((IHtmlInputElement)edit.QuerySelector("#Entry_StartTime")!).Value);
    }

    [Fact]
    public async Task A_day_cannot_hold_more_than_its_hours_and_a_refused_save_keeps_what_was_typed()
    {
        var (client, _) = await AliceAsync();
        var week = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-31);
        var weekText = LocalDatePattern.Iso.Format(week);
        var grid = await AddRowAsync(client, weekText, await ProjectIdAsync("Mobile app"));
        grid = await AddRowAsync(client, weekText, await ProjectIdAsync("Internal tools"), FormFields(grid));
        var fields = FormFields(grid);
        fields["Rows[0].Days[2]"] = "20:00";
        fields["Rows[1].Days[2]"] = "6:00";
        fields["Action"] = "save";
        var response = await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await Forms.ParseAsync(response);
        Assert.Contains("would have more than 24 hours", html.QuerySelector("#cell-1-2-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("6:00", ((IHtmlInputElement)html.QuerySelector("#cell-1-2")!).Value);
        Assert.Empty(await EntriesOnAsync(week.PlusDays(2)));
    }

    [Fact]
    public async Task Last_weeks_rows_are_copied_empty_and_nothing_is_saved_until_the_save()
    {
        var (client, _) = await AliceAsync();
        var week = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-34);
        var weekBefore = LocalDatePattern.Iso.Format(week.PlusWeeks(-1));
        var weekText = LocalDatePattern.Iso.Format(week);
        var before = await AddRowAsync(client, weekBefore, await ProjectIdAsync("Mobile app"));
        var fields = FormFields(before);
        fields["Rows[0].Days[1]"] = "3:00";
        fields["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields))).StatusCode);

        var copied = await client.SubmitAsync($"/acme/time/timesheet?week={weekText}", "/acme/time/timesheet", new Dictionary<string, string>
        {
            ["Week"] = weekText,
            ["Action"] = "copy-rows",
        });
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        var page = await Forms.ParseAsync(copied);
        Assert.Equal("Added 1 row from last week. Nothing is saved until you press Save timesheet.", page.QuerySelector("#timesheet-notice")?.TextContent.Trim());
        var row = Assert.Single(page.QuerySelectorAll("table.timesheet tbody tr"));
        Assert.Contains("Mobile app", row.QuerySelector("th")!.TextContent, StringComparison.Ordinal);
        Assert.All(row.QuerySelectorAll("input[type=text]").OfType<IHtmlInputElement>(), cell => Assert.Equal("", cell.Value));
        Assert.Empty(await EntriesOnAsync(week.PlusDays(1)));

        // Copied again into the same form: nothing more to add.
        var again = FormFields(page);
        again["Action"] = "copy-rows";
        var second = await Forms.ParseAsync(await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(again)));
        Assert.Equal("This week already has every row of last week.", second.QuerySelector("#timesheet-notice")?.TextContent.Trim());
        Assert.Single(second.QuerySelectorAll("table.timesheet tbody tr"));
    }

    [Fact]
    public async Task Days_after_today_are_shown_read_only_with_the_reason()
    {
        var (client, lastWeek) = await AliceAsync();
        var nextWeek = LocalDatePattern.Iso.Format((await AliceWeekAsync()).Next.Start);
        var page = await AddRowAsync(client, nextWeek, await ProjectIdAsync("Mobile app"));
        var cells = page.QuerySelectorAll("table.timesheet tbody input[type=text]").OfType<IHtmlInputElement>().ToList();
        Assert.Equal(7, cells.Count);
        Assert.All(cells, cell => Assert.True(cell.IsReadOnly));
        Assert.Equal("Days shown read-only cannot change: Time can be added up to today.", page.QuerySelector("#closed-days")?.TextContent.Trim());
        Assert.All(cells, cell => Assert.Equal("closed-days", cell.GetAttribute("aria-describedby")));

        // Last week (all in the past, within the policy's 366 days) is open.
        var open = await client.GetDocumentAsync($"/acme/time/timesheet?week={lastWeek}");
        Assert.All(open.QuerySelectorAll("table.timesheet tbody input[type=text]").OfType<IHtmlInputElement>(), cell => Assert.False(cell.IsReadOnly));
        Assert.Null(open.QuerySelector("#closed-days"));
    }

    [Fact]
    public async Task An_approved_week_is_read_only_with_the_reason_and_without_a_save_button()
    {
        var (client, _) = await AliceAsync();
        var week = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-36);
        var weekText = LocalDatePattern.Iso.Format(week);
        var grid = await AddRowAsync(client, weekText, await ProjectIdAsync("Mobile app"));
        var fields = FormFields(grid);
        fields["Rows[0].Days[0]"] = "4:00";
        fields["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(fields))).StatusCode);
        await using (var scope = await AcmeScopeAsync())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
            var tracking = await scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>().ForAsync(alice);
            var locked = tracking.WeekOf(week);
            db.LockedPeriods.Add(new LockedPeriod
            {
                Id = Guid.CreateVersion7(),
                UserId = alice,
                WeekStart = locked.Start,
                Start = locked.StartInstant,
                End = locked.EndInstant,
                LockedByUserId = await db.Users.Where(u => u.Email == "manager@acme.test").Select(u => u.Id).SingleAsync(),
                LockedAt = SystemClock.Instance.GetCurrentInstant(),
            });
            await db.SaveChangesAsync();
        }

        var page = await client.GetDocumentAsync($"/acme/time/timesheet?week={weekText}");
        Assert.Contains("approved and locked", page.QuerySelector("#timesheet-locked")?.TextContent, StringComparison.Ordinal);
        var cells = page.QuerySelectorAll("table.timesheet tbody input[type=text]").OfType<IHtmlInputElement>().ToList();
        Assert.Equal(7, cells.Count);
        Assert.All(cells, cell => Assert.True(cell.IsReadOnly));
        Assert.Equal("4:00", cells[0].Value);
        Assert.Null(page.QuerySelector("button[value=save]"));
        Assert.Null(page.QuerySelector("button[value=add-row]"));
        Assert.Null(page.QuerySelector("button[value=copy-rows]"));
    }

    [Fact]
    public async Task A_manual_entry_of_a_date_and_a_duration_has_no_clock_times_unless_a_start_is_given()
    {
        var (client, _) = await AliceAsync();
        var day = (await AliceWeekAsync()).Previous.Start.PlusWeeks(-32).PlusDays(5);
        var projectId = await ProjectIdAsync("Mobile app");
        Dictionary<string, string> Entry(string startTime) => new()
        {
            ["Entry.Date"] = LocalDatePattern.Iso.Format(day),
            ["Entry.StartTime"] = startTime,
            ["Entry.Duration"] = "1:15",
            ["Entry.ProjectId"] = projectId.ToString(),
        };
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/acme/time", "/acme/time/entries", Entry(""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/acme/time", "/acme/time/entries", Entry("22:00"))).StatusCode);
        var entries = (await EntriesOnAsync(day)).OrderBy(e => e.IsDurationOnly).ToList();
        Assert.Equal(2, entries.Count);
        Assert.False(entries[0].IsDurationOnly);
        Assert.True(entries[0].IsOutsideHours);
        Assert.True(entries[1].IsDurationOnly);
        Assert.False(entries[1].IsOutsideHours);
        Assert.All(entries, e => Assert.Equal(Duration.FromMinutes(75), e.End!.Value - e.Start));
    }

    private static async Task<IHtmlDocument> AddRowAsync(HttpClient client, string week, Guid projectId, Dictionary<string, string>? current = null)
    {
        var fields = current ?? new Dictionary<string, string> { ["Week"] = week };
        fields["Action"] = "add-row";
        fields["NewProjectId"] = projectId.ToString();
        var added = await client.SubmitAsync($"/acme/time/timesheet?week={week}", "/acme/time/timesheet", fields);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return await Forms.ParseAsync(added);
    }

    private static int DayIndex(IHtmlDocument grid, LocalDate date) =>
        grid.QuerySelectorAll("table.timesheet thead th").Skip(1).ToList()
            .FindIndex(th => th.TextContent.Trim() == TimeTrack.Web.Features.Timesheet.TimesheetModel.DayHeading(date));

    private async Task<Week> AliceWeekAsync()
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        var tracking = await scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>().ForAsync(alice);
        return tracking.WeekContaining(SystemClock.Instance.GetCurrentInstant());
    }

    private async Task<List<TimeEntry>> EntriesOnAsync(LocalDate day)
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        return await db.TimeEntries.AsNoTracking().Where(e => e.UserId == alice && e.Day == day).ToListAsync();
    }

    private async Task<long> OutsideHoursMillisecondsAsync(LocalDate day)
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        return await db.TimeRollups.Where(r => r.UserId == alice && r.Day == day).SumAsync(r => r.OutsideHoursMs);
    }

    private async Task<(HttpClient Client, string Week)> AliceAsync()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");
        await using var scope = await AcmeScopeAsync();
        var people = scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        var tracking = await people.ForAsync(alice);
        var lastWeek = tracking.WeekContaining(SystemClock.Instance.GetCurrentInstant()).Previous;
        return (client, LocalDatePattern.Iso.Format(lastWeek.Start));
    }

    private async Task<AsyncServiceScope> AcmeScopeAsync()
    {
        Guid acme;
        await using (var lookup = factory.Services.CreateAsyncScope())
        {
            acme = await lookup.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Organizations.Where(o => o.Slug == "acme").Select(o => o.Id).SingleAsync();
        }

        return factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme);
    }

    private async Task<Guid> ProjectIdAsync(string name)
    {
        await using var scope = await AcmeScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<TimeEntry, bool>> predicate)
    {
        await using var scope = await AcmeScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var alice = await db.Users.Where(u => u.Email == "alice@acme.test").Select(u => u.Id).SingleAsync();
        return await db.TimeEntries.Where(e => e.UserId == alice).Where(predicate).CountAsync();
    }

    private static int RowIndex(IHtmlDocument page, string label) =>
        page.QuerySelectorAll("table.timesheet tbody tr").ToList().FindIndex(r => r.QuerySelector("th")!.TextContent.Contains(label, StringComparison.Ordinal));

    /// <summary>Every named field of the timesheet form with its current value, as a browser would send it.</summary>
    private static Dictionary<string, string> FormFields(IHtmlDocument page)
    {
        var form = page.QuerySelector("form[action='/acme/time/timesheet']")!;
        return form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Where(i => i.Type is "hidden" or "text")
            .ToDictionary(i => i.Name!, i => i.Value);
    }
}
