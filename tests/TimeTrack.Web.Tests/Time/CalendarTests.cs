using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Time;

/// <summary>The week calendar's data and its writes: own entries only, in the person's zone, every change through the one write path.</summary>
[Collection(AppCollection.Name)]
public sealed class CalendarTests(TimeTrackFactory factory)
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public async Task Events_are_the_persons_own_in_their_zone_with_time_without_clock_times_as_a_day_and_a_length()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-read");
        var other = await TimePeople.CreateAsync(factory, "calendar-other");
        await SetZoneAsync(person, NewYork.Id);
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;

        // 14:00–15:30 UTC on Tuesday is 09:00–10:30 (winter) or 10:00–11:30 (summer) in New York.
        var start = monday.PlusDays(1).At(new LocalTime(14, 0)).InUtc().ToInstant();
        var timed = await CreateAsync(person, mobile, start, start + Duration.FromMinutes(90));
        var durationOnly = await CreateDurationAsync(person, mobile, monday.PlusDays(2), Duration.FromMinutes(150));
        var othersEntry = await CreateAsync(other, mobile, start, start + Duration.FromHours(1));

        // 23:00–23:30 UTC on Friday is after 18:00 in New York, outside the default working hours.
        var evening = monday.PlusDays(4).At(new LocalTime(23, 0)).InUtc().ToInstant();
        var late = await CreateAsync(person, mobile, evening, evening + Duration.FromMinutes(30));

        var response = await person.Client.GetAsync($"/acme/time/calendar/events?week={Iso(monday)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var week = json.RootElement;
        Assert.Equal(Iso(monday), week.GetProperty("weekStart").GetString());
        Assert.Equal(1, week.GetProperty("firstDay").GetInt32());
        var entries = week.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(new[] { timed.Id, durationOnly.Id, late.Id }.Order(), entries.Select(e => e.GetProperty("id").GetGuid()).Order());
        Assert.DoesNotContain(othersEntry.Id, entries.Select(e => e.GetProperty("id").GetGuid()));

        var shown = entries.Single(e => e.GetProperty("id").GetGuid() == timed.Id);
        var local = LocalDateTimePattern.GeneralIso;
        Assert.Equal(local.Format(start.InZone(NewYork).LocalDateTime), shown.GetProperty("start").GetString());
        Assert.Equal(local.Format((start + Duration.FromMinutes(90)).InZone(NewYork).LocalDateTime), shown.GetProperty("end").GetString());
        Assert.False(shown.GetProperty("durationOnly").GetBoolean());
        Assert.True(shown.GetProperty("movable").GetBoolean());
        Assert.Equal(timed.Version, shown.GetProperty("version").GetUInt32());
        Assert.False(shown.GetProperty("outsideHours").GetBoolean());
        Assert.True(entries.Single(e => e.GetProperty("id").GetGuid() == late.Id).GetProperty("outsideHours").GetBoolean());
        Assert.Equal($"/acme/time/entries/{timed.Id}/edit", shown.GetProperty("editUrl").GetString());

        var day = entries.Single(e => e.GetProperty("id").GetGuid() == durationOnly.Id);
        Assert.True(day.GetProperty("durationOnly").GetBoolean());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, day.GetProperty("end").ValueKind);
        Assert.Equal(Iso(monday.PlusDays(2)), day.GetProperty("date").GetString());
        Assert.Equal("2h 30m", day.GetProperty("length").GetString());
        Assert.False(day.GetProperty("movable").GetBoolean());

        var totals = week.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("total").GetString());
        Assert.Equal("1h 30m", totals[Iso(monday.PlusDays(1))]);
        Assert.Equal("2h 30m", totals[Iso(monday.PlusDays(2))]);
        Assert.Equal("30m", totals[Iso(monday.PlusDays(4))]);
        Assert.Equal("0m", totals[Iso(monday)]);
        Assert.Equal("4h 30m", week.GetProperty("total").GetString());

        // The working window is the person's, on their working days only.
        var days = week.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal("08:00:00", days[0].GetProperty("workStart").GetString());
        Assert.Equal("18:00:00", days[0].GetProperty("workEnd").GetString());
        Assert.Equal(JsonValueKind.Null, days[6].GetProperty("workStart").ValueKind);
    }

    [Fact]
    public async Task The_page_lists_the_week_with_edit_links_and_day_totals_without_script()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-page");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        var durationOnly = await CreateDurationAsync(person, mobile, monday.PlusDays(3), Duration.FromMinutes(45));

        var page = await person.Client.GetDocumentAsync($"/acme/time/calendar?week={Iso(monday)}");

        var day = page.QuerySelector($"#day-{Iso(monday.PlusDays(3))}");
        Assert.NotNull(day);
        Assert.Equal("45m", day.QuerySelector(".time-day-total strong")?.TextContent.Trim());
        Assert.Contains("No clock times", day.TextContent, StringComparison.Ordinal);
        Assert.NotNull(day.QuerySelector($"a[href='/acme/time/entries/{durationOnly.Id}/edit']"));
        Assert.NotNull(day.QuerySelector($"a[href='/acme/time?week={Iso(monday)}#day-{Iso(monday.PlusDays(3))}']"));
        Assert.NotNull(page.QuerySelector($"nav.sub-nav a[href='/acme/time/calendar?week={Iso(monday)}'][aria-current='page']"));
    }

    [Fact]
    public async Task Creating_and_moving_without_an_antiforgery_token_is_refused()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-csrf");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        var entry = await CreateAsync(person, mobile, At(monday, 9, 0), At(monday, 10, 0));

        var created = await person.Client.PostAsync("/acme/time/calendar/entries", Form(
            ("projectId", mobile.ToString()), ("start", $"{Iso(monday)}T12:00:00"), ("end", $"{Iso(monday)}T13:00:00")));
        var moved = await person.Client.PostAsync($"/acme/time/calendar/entries/{entry.Id}/times", Form(
            ("version", entry.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("start", $"{Iso(monday)}T11:00:00"), ("end", $"{Iso(monday)}T12:00:00")));

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        var stored = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(At(monday, 9, 0), stored.Start);
    }

    [Fact]
    public async Task Create_and_move_go_through_the_write_path_and_a_stale_version_answers_409()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-write");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        var token = await TokenAsync(person, monday);

        var created = await PostAsync(person, token, "/acme/time/calendar/entries",
            ("projectId", mobile.ToString()), ("start", $"{Iso(monday)}T09:15:00"), ("end", $"{Iso(monday)}T10:45:00"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal((At(monday, 9, 15), At(monday, 10, 45)), (entry.Start, entry.End!.Value));
        Assert.Equal(EntrySource.Manual, entry.Source);

        var moved = await PostAsync(person, token, $"/acme/time/calendar/entries/{entry.Id}/times",
            ("version", V(entry.Version)), ("start", $"{Iso(monday.PlusDays(1))}T13:00:00"), ("end", $"{Iso(monday.PlusDays(1))}T15:00:00"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        using (var body = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()))
        {
            var after = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
            Assert.Equal((At(monday.PlusDays(1), 13, 0), At(monday.PlusDays(1), 15, 0)), (after.Start, after.End!.Value));
            Assert.Equal(after.Version, body.RootElement.GetProperty("version").GetUInt32());
            Assert.NotEqual(entry.Version, after.Version);
        }

        // The version the first move was made from is stale now.
        var stale = await PostAsync(person, token, $"/acme/time/calendar/entries/{entry.Id}/times",
            ("version", V(entry.Version)), ("start", $"{Iso(monday)}T08:00:00"), ("end", $"{Iso(monday)}T09:00:00"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("changed this entry", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(At(monday.PlusDays(1), 13, 0), Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).Start);
    }

    [Fact]
    public async Task A_move_onto_another_entry_is_refused_with_the_services_message()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-overlap");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        await CreateAsync(person, mobile, At(monday, 9, 0), At(monday, 10, 0));
        var later = await CreateAsync(person, mobile, At(monday, 11, 0), At(monday, 12, 0));
        var token = await TokenAsync(person, monday);

        var refused = await PostAsync(person, token, $"/acme/time/calendar/entries/{later.Id}/times",
            ("version", V(later.Version)), ("start", $"{Iso(monday)}T09:30:00"), ("end", $"{Iso(monday)}T10:30:00"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("overlaps your entry", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains((await TimePeople.EntriesOfAsync(factory, person)), e => e.Id == later.Id && e.Start == At(monday, 11, 0));
    }

    [Fact]
    public async Task Moving_someone_elses_entry_answers_404_and_changes_nothing()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-mover");
        var other = await TimePeople.CreateAsync(factory, "calendar-owner");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        var theirs = await CreateAsync(other, mobile, At(monday, 9, 0), At(monday, 10, 0));
        var token = await TokenAsync(person, monday);

        var response = await PostAsync(person, token, $"/acme/time/calendar/entries/{theirs.Id}/times",
            ("version", V(theirs.Version)), ("start", $"{Iso(monday)}T14:00:00"), ("end", $"{Iso(monday)}T15:00:00"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(At(monday, 9, 0), Assert.Single(await TimePeople.EntriesOfAsync(factory, other)).Start);
    }

    [Fact]
    public async Task Time_without_clock_times_cannot_be_moved_on_the_clock()
    {
        var person = await TimePeople.CreateAsync(factory, "calendar-duration");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var monday = TimePeople.LastMonday;
        var entry = await CreateDurationAsync(person, mobile, monday, Duration.FromHours(2));
        var token = await TokenAsync(person, monday);

        var response = await PostAsync(person, token, $"/acme/time/calendar/entries/{entry.Id}/times",
            ("version", V(entry.Version)), ("start", $"{Iso(monday)}T09:00:00"), ("end", $"{Iso(monday)}T11:00:00"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).IsDurationOnly);
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string V(uint version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Instant At(LocalDate date, int hour, int minute) =>
        TimePeople.Berlin.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<string> TokenAsync(TimePerson person, LocalDate week) =>
        (await person.Client.GetDocumentAsync($"/acme/time/calendar?week={Iso(week)}")).AntiforgeryToken();

    /// <summary>Posts as the calendar's script does: the fields as a form, the antiforgery token in its header.</summary>
    private static async Task<HttpResponseMessage> PostAsync(TimePerson person, string token, string url, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Form(fields) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await person.Client.SendAsync(request);
    }

    private async Task SetZoneAsync(TimePerson person, string zone)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(person.Id.ToString()) ?? throw new InvalidOperationException("No such user.");
        user.TimeZoneId = zone;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    private async Task<TimeEntry> CreateAsync(TimePerson person, Guid projectId, Instant start, Instant end)
    {
        await using var tenant = TimePeople.InAcme(factory, person.AcmeId, person.Id);
        var result = await tenant.ServiceProvider.GetRequiredService<TimeEntryService>()
            .CreateAsync(person.Id, new EntryDetails(projectId), start, end, EntrySource.Manual);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Value ?? throw new InvalidOperationException("The service made no entry.");
    }

    private async Task<TimeEntry> CreateDurationAsync(TimePerson person, Guid projectId, LocalDate date, Duration length)
    {
        await using var tenant = TimePeople.InAcme(factory, person.AcmeId, person.Id);
        var result = await tenant.ServiceProvider.GetRequiredService<TimeEntryService>()
            .CreateDurationAsync(person.Id, new EntryDetails(projectId), date, length, EntrySource.Timesheet);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Value ?? throw new InvalidOperationException("The service made no entry.");
    }
}
