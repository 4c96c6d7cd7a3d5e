using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Insights;

[Collection(AppCollection.Name)]
public sealed class InsightsTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Last_week_shows_the_persons_own_totals_focus_blocks_and_tables_beside_the_charts()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("bob@acme.test");
        var timesheet = await client.GetDocumentAsync("/acme/time/timesheet");
        var lastWeek = timesheet.QuerySelector("nav.week-nav a")!.GetAttribute("href")!.Split("week=")[1];

        var page = await client.GetDocumentAsync($"/acme/time/insights?period=week&date={lastWeek}");

        // The seed gives bob 2 h 30 min and 2 h on each weekday of last week: 22:30, ten focus blocks.
        Assert.Equal("22h 30m", page.QuerySelector("#insights-total")?.TextContent.Trim());
        Assert.Contains("10", page.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        var canvases = page.QuerySelectorAll("canvas[data-chart]");
        Assert.Equal(3, canvases.Length);
        foreach (var canvas in canvases)
        {
            // Every chart has a table with the same data right beside it.
            Assert.NotNull(canvas.ParentElement!.NextElementSibling?.QuerySelector("tbody tr"));
        }

        Assert.Contains("Internal tools", page.QuerySelector("#by-project-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_period_says_so_instead_of_drawing_empty_charts()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("bob@acme.test");
        var page = await client.GetDocumentAsync("/acme/time/insights?period=week&date=2025-01-06");
        Assert.Equal("0m", page.QuerySelector("#insights-total")?.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("canvas[data-chart]"));
    }
}
