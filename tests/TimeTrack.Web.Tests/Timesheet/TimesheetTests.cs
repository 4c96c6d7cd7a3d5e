using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
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
        Assert.Equal("22:30", page.QuerySelector("#week-total")?.TextContent.Trim());
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
        Assert.Equal("26:00", after.QuerySelector("#week-total")?.TextContent.Trim());
        Assert.Equal(3, await CountAsync(e => e.Source == EntrySource.Timesheet));

        // Shrink Saturday's cell from 1:30 to 0:45: the timesheet's own entry gets shorter.
        var shrink = FormFields(after);
        var row = RowIndex(after, "Mobile app");
        shrink[$"Rows[{row}].Days[5]"] = "0:45";
        shrink["Action"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(shrink))).StatusCode);
        var final = await client.GetDocumentAsync($"/acme/time/timesheet?week={week}");
        Assert.Equal("25:15", final.QuerySelector("#week-total")?.TextContent.Trim());
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
