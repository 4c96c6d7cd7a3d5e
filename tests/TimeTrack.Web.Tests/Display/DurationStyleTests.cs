using System.Net;
using System.Text.RegularExpressions;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Display;

/// <summary>Its own app and database: these tests change a person's preference.</summary>
public sealed class DurationStyleFactory : TimeTrackFactory;

public sealed partial class DurationStyleTests(DurationStyleFactory factory) : IClassFixture<DurationStyleFactory>
{
    [Fact]
    public async Task Lengths_follow_the_persons_chosen_style_on_the_time_page_timesheet_insights_and_reports()
    {
        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        var bob = factory.CreateBrowserlikeClient();
        await bob.LogInAsync("bob@acme.test");

        // The default: hours and minutes everywhere.
        Assert.Matches(HoursMinutes(), await WeekTotalAsync(alice));

        await ChooseAsync(alice, "DecimalHours");
        Assert.Matches(DecimalHours(), await WeekTotalAsync(alice));
        var lastWeek = await LastWeekAsync(alice);
        var sheet = await alice.GetDocumentAsync($"/acme/time/timesheet?week={lastWeek}");
        Assert.Equal("22.50", sheet.QuerySelector("#week-total")?.TextContent.Trim());
        var insights = await alice.GetDocumentAsync($"/acme/time/insights?date={lastWeek}");
        Assert.Equal("22.50", insights.QuerySelector("#insights-total")?.TextContent.Trim());
        // The preference is the person's: another person's pages keep their own.
        Assert.Matches(HoursMinutes(), await WeekTotalAsync(bob));

        await ChooseAsync(alice, "Clock");
        sheet = await alice.GetDocumentAsync($"/acme/time/timesheet?week={lastWeek}");
        Assert.Equal("22:30", sheet.QuerySelector("#week-total")?.TextContent.Trim());
        Assert.Matches(ClockTime(), await WeekTotalAsync(alice));

        await ChooseAsync(alice, "HoursMinutes");
        sheet = await alice.GetDocumentAsync($"/acme/time/timesheet?week={lastWeek}");
        Assert.Equal("22h 30m", sheet.QuerySelector("#week-total")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_style_is_refused_and_changes_nothing()
    {
        var carol = factory.CreateBrowserlikeClient();
        await carol.LogInAsync("carol@acme.test");
        var response = await carol.SubmitAsync("/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = "Carol",
            ["DurationStyle"] = "Sundials",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var profile = await carol.GetDocumentAsync("/account/manage");
        Assert.NotNull(profile.QuerySelector("#DurationStyle-HoursMinutes[checked]"));
    }

    private static async Task ChooseAsync(HttpClient client, string style)
    {
        var profile = await client.GetDocumentAsync("/account/manage");
        var name = profile.QuerySelector("#DisplayName")?.GetAttribute("value") ?? "Someone";
        var saved = await client.SubmitAsync("/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = name,
            ["TimeZoneId"] = "",
            ["DurationStyle"] = style,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetDocumentAsync("/account/manage");
        Assert.NotNull(after.QuerySelector($"#DurationStyle-{style}[checked]"));
    }

    private static async Task<string> WeekTotalAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/acme/time")).QuerySelector("#week-total")?.TextContent.Trim() ?? "";

    private static async Task<string> LastWeekAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/acme/time");
        var previous = page.QuerySelector("a[rel=prev]")?.GetAttribute("href") ?? "";
        return previous[(previous.IndexOf("week=", StringComparison.Ordinal) + 5)..];
    }

    [GeneratedRegex(@"^(\d+h( \d\dm)?|\d+m)$")]
    private static partial Regex HoursMinutes();

    [GeneratedRegex(@"^\d+\.\d\d$")]
    private static partial Regex DecimalHours();

    [GeneratedRegex(@"^\d+:\d\d$")]
    private static partial Regex ClockTime();
}
