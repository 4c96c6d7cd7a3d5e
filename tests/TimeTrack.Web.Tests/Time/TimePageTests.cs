using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Time;

[Collection(AppCollection.Name)]
public sealed class TimePageTests(TimeTrackFactory factory)
{
    private const string Page = "/acme/time";

    [Fact]
    public async Task Timer_starts_and_stops_through_the_forms()
    {
        var person = await TimePeople.CreateAsync(factory, "timer");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");

        var started = await person.Client.SubmitAsync(Page, "/acme/time/timer/start", new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = website.ToString(),
            ["Timer.Description"] = "Writing the launch copy",
        });

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var running = await person.Client.GetDocumentAsync(Page);
        var timer = running.QuerySelector(".timer-running")?.TextContent ?? "";
        Assert.Contains("Website relaunch", timer, StringComparison.Ordinal);
        Assert.Contains("Writing the launch copy", timer, StringComparison.Ordinal);
        Assert.NotNull(running.QuerySelector("[data-timer-start]"));

        var stopped = await person.Client.SubmitAsync(Page, "/acme/time/timer/stop", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        var after = await person.Client.GetDocumentAsync(stopped.Headers.Location!.OriginalString);
        Assert.Null(after.QuerySelector(".timer-running"));
        Assert.NotNull(FormPostingTo(after, "/acme/time/timer/start"));
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.NotNull(entry.End);
        Assert.Equal(EntrySource.Timer, entry.Source);
        Assert.Equal(website, entry.ProjectId);
    }

    [Fact]
    public async Task Manual_entry_appears_in_its_day_and_the_totals_change()
    {
        var person = await TimePeople.CreateAsync(factory, "manual");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var today = TimePeople.Today;
        var before = await person.Client.GetDocumentAsync(Page);
        Assert.Equal("0m", before.QuerySelector("#week-total")?.TextContent.Trim());

        var added = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(today),
            ["Entry.StartTime"] = "10:00",
            ["Entry.EndTime"] = "11:30",
            ["Entry.ProjectId"] = website.ToString(),
            ["Entry.Description"] = "Homepage wireframes",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await person.Client.GetDocumentAsync(added.Headers.Location!.OriginalString);
        var day = page.QuerySelector($"#day-{Iso(today)}");
        Assert.NotNull(day);
        Assert.Contains("10:00–11:30", day.TextContent, StringComparison.Ordinal);
        Assert.Contains("Homepage wireframes", day.TextContent, StringComparison.Ordinal);
        Assert.Equal("1h 30m", day.QuerySelector(".time-day-total strong")?.TextContent.Trim());
        Assert.Equal("1h 30m", page.QuerySelector("#week-total")?.TextContent.Trim());

        var byDuration = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(today),
            ["Entry.StartTime"] = "12:00",
            ["Entry.Duration"] = "45m",
            ["Entry.ProjectId"] = website.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, byDuration.StatusCode);
        var after = await person.Client.GetDocumentAsync(byDuration.Headers.Location!.OriginalString);
        Assert.Contains("12:00–12:45", after.QuerySelector($"#day-{Iso(today)}")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("2h 15m", after.QuerySelector("#week-total")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_end_at_or_before_the_start_is_the_next_day_and_each_day_gets_its_part()
    {
        var person = await TimePeople.CreateAsync(factory, "midnight");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var wednesday = TimePeople.LastMonday.PlusDays(2);

        var added = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(wednesday),
            ["Entry.StartTime"] = "22:00",
            ["Entry.EndTime"] = "02:00",
            ["Entry.ProjectId"] = website.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{Page}?week={Iso(TimePeople.LastMonday)}", added.Headers.Location?.OriginalString);
        var page = await person.Client.GetDocumentAsync(added.Headers.Location!.OriginalString);
        Assert.Equal("2h", page.QuerySelector($"#day-{Iso(wednesday)} .time-day-total strong")?.TextContent.Trim());
        Assert.Equal("2h", page.QuerySelector($"#day-{Iso(wednesday.PlusDays(1))} .time-day-total strong")?.TextContent.Trim());
        Assert.Equal("4h", page.QuerySelector("#week-total")?.TextContent.Trim());
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(Duration.FromHours(4), entry.End!.Value - entry.Start);
    }

    [Fact]
    public async Task Unreadable_end_time_comes_back_next_to_the_end_with_the_typed_values()
    {
        var person = await TimePeople.CreateAsync(factory, "badend");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");

        var response = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(TimePeople.Today),
            ["Entry.StartTime"] = "09:15",
            ["Entry.EndTime"] = "9:75",
            ["Entry.ProjectId"] = mobile.ToString(),
            ["Entry.Description"] = "Typed and kept",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Enter a time like 17:30.", page.QuerySelector("#Entry_EndTime-error")?.TextContent.Trim());
        var end = page.QuerySelector("#Entry_EndTime");
        Assert.Equal("true", end?.GetAttribute("aria-invalid"));
        Assert.Contains("Entry_EndTime-error", end?.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal("9:75", end?.GetAttribute("value"));
        Assert.Equal("09:15", page.QuerySelector("#Entry_StartTime")?.GetAttribute("value"));
        Assert.Equal("Typed and kept", page.QuerySelector("#Entry_Description")?.GetAttribute("value"));
        Assert.Equal(mobile.ToString(), page.QuerySelector("#Entry_ProjectId option[selected]")?.GetAttribute("value"));
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Clearing_the_end_of_a_finished_entry_shows_the_services_message_next_to_the_end()
    {
        var person = await TimePeople.CreateAsync(factory, "noend");
        var entry = await CreateEntryAsync(person, TimePeople.LastMonday.PlusDays(1), new LocalTime(10, 0), Duration.FromHours(1));
        var edit = $"/acme/time/entries/{entry.Id}/edit";

        var response = await person.Client.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Entry.Version"] = entry.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Entry.Date"] = Iso(TimePeople.LastMonday.PlusDays(1)),
            ["Entry.StartTime"] = "10:00",
            ["Entry.EndTime"] = "",
            ["Entry.ProjectId"] = entry.ProjectId.ToString(),
            ["Entry.Description"] = "Kept while wrong",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Enter when the entry ended.", page.QuerySelector("#Entry_EndTime-error")?.TextContent.Trim());
        Assert.Equal("Kept while wrong", page.QuerySelector("#Entry_Description")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Project_the_person_is_not_a_member_of_is_rejected()
    {
        var person = await TimePeople.CreateAsync(factory, "outsider");
        var secret = Guid.CreateVersion7();
        await using (var tenant = TimePeople.InAcme(factory, person.AcmeId))
        {
            var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            db.Projects.Add(new Project { Id = secret, Name = "Members only " + secret.ToString("N")[..6] });
            await db.SaveChangesAsync();
        }

        var page = await person.Client.GetDocumentAsync(Page);
        Assert.Null(page.QuerySelector($"#Entry_ProjectId option[value='{secret}']"));
        var response = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(TimePeople.Today),
            ["Entry.StartTime"] = "08:00",
            ["Entry.EndTime"] = "08:30",
            ["Entry.ProjectId"] = secret.ToString(),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var rendered = await Forms.ParseAsync(response);
        Assert.Equal("Choose a project you are a member of.", rendered.QuerySelector("#Entry_ProjectId-error")?.TextContent.Trim());
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));

        var timer = await person.Client.SubmitAsync(Page, "/acme/time/timer/start", new Dictionary<string, string> { ["Timer.ProjectId"] = secret.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, timer.StatusCode);
        Assert.Equal("Choose a project you are a member of.", (await Forms.ParseAsync(timer)).QuerySelector("#Timer_ProjectId-error")?.TextContent.Trim());
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Editing_with_a_stale_version_shows_the_conflict_and_keeps_the_other_change()
    {
        var person = await TimePeople.CreateAsync(factory, "conflict");
        var day = TimePeople.LastMonday.PlusDays(3);
        var entry = await CreateEntryAsync(person, day, new LocalTime(14, 0), Duration.FromHours(2));
        var edit = $"/acme/time/entries/{entry.Id}/edit";
        var opened = await person.Client.GetDocumentAsync(edit);
        var staleVersion = opened.QuerySelector("input[name='Entry.Version']")?.GetAttribute("value");
        Assert.Equal(entry.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), staleVersion);

        // Another tab saves first.
        await using (var tenant = TimePeople.InAcme(factory, person.AcmeId, person.Id))
        {
            var service = tenant.ServiceProvider.GetRequiredService<TimeEntryService>();
            var other = await service.UpdateAsync(person.Id, entry.Id, entry.Version, TimeEntryService.DetailsOf(entry) with { Description = "Changed in another tab" }, entry.Start, entry.End);
            Assert.True(other.Succeeded);
        }

        var response = await person.Client.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Entry.Version"] = staleVersion!,
            ["Entry.Date"] = Iso(day),
            ["Entry.StartTime"] = "14:00",
            ["Entry.EndTime"] = "15:00",
            ["Entry.ProjectId"] = entry.ProjectId.ToString(),
            ["Entry.Description"] = "My change",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains("Someone changed this entry after you opened it", page.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("My change", page.QuerySelector("#Entry_Description")?.GetAttribute("value"));
        Assert.Equal("15:00", page.QuerySelector("#Entry_EndTime")?.GetAttribute("value"));
        var saved = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal("Changed in another tab", saved.Description);
        Assert.Equal(Duration.FromHours(2), saved.End!.Value - saved.Start);
    }

    [Fact]
    public async Task Editing_and_deleting_own_entries_work_through_the_forms()
    {
        var person = await TimePeople.CreateAsync(factory, "editor");
        var day = TimePeople.LastMonday.PlusDays(4);
        var entry = await CreateEntryAsync(person, day, new LocalTime(9, 0), Duration.FromHours(1));
        var internalTools = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Internal tools");
        var edit = $"/acme/time/entries/{entry.Id}/edit";
        var form = await person.Client.GetDocumentAsync(edit);
        Assert.Equal("09:00", form.QuerySelector("#Entry_StartTime")?.GetAttribute("value"));
        Assert.Equal("10:00", form.QuerySelector("#Entry_EndTime")?.GetAttribute("value"));

        var saved = await person.Client.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Entry.Version"] = form.QuerySelector("input[name='Entry.Version']")!.GetAttribute("value")!,
            ["Entry.Date"] = Iso(day),
            ["Entry.StartTime"] = "09:00",
            ["Entry.EndTime"] = "11:15",
            ["Entry.ProjectId"] = internalTools.ToString(),
            ["Entry.IsBillable"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var week = await person.Client.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("09:00–11:15", week.QuerySelector($"#day-{Iso(day)}")?.TextContent ?? "", StringComparison.Ordinal);
        var changed = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(internalTools, changed.ProjectId);
        Assert.False(changed.IsBillable);

        var deleted = await person.Client.SubmitAsync(saved.Headers.Location!.OriginalString, $"/acme/time/entries/{entry.Id}/delete", new Dictionary<string, string>
        {
            ["version"] = changed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Entries_of_other_people_and_organizations_are_not_found()
    {
        var person = await TimePeople.CreateAsync(factory, "nosy");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var dave = await factory.Database.UserIdAsync("dave@globex.test");
        var page = await person.Client.GetDocumentAsync(Page);
        var token = page.AntiforgeryToken();

        foreach (var owner in new[] { alice, dave })
        {
            var (id, version) = await AnyEntryOfAsync(owner);
            Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync($"/acme/time/entries/{id}/edit")).StatusCode);
            foreach (var (action, fields) in new (string, Dictionary<string, string>)[]
            {
                ("edit", new() { ["Entry.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Entry.Date"] = Iso(TimePeople.Today), ["Entry.StartTime"] = "01:00", ["Entry.EndTime"] = "02:00" }),
                ("delete", new() { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                ("duplicate", new()),
                ("continue", new()),
            })
            {
                fields[Forms.TokenField] = token;
                var response = await person.Client.PostAsync($"/acme/time/entries/{id}/{action}", new FormUrlEncodedContent(fields));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{action} of another person's entry answered {(int)response.StatusCode}");
            }

            Assert.Equal(version, (await AnyEntryOfAsync(owner, id)).Version);
        }

        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Over_posted_fields_have_no_effect()
    {
        var person = await TimePeople.CreateAsync(factory, "overposter");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var globex = await factory.Database.OrganizationIdAsync("globex");
        var (aliceEntry, aliceVersion) = await AnyEntryOfAsync(alice);
        var tuesday = TimePeople.LastMonday.PlusDays(1);
        var version = aliceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await person.Client.SubmitAsync(Page, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(tuesday),
            ["Entry.StartTime"] = "10:00",
            ["Entry.EndTime"] = "11:00",
            ["Entry.ProjectId"] = website.ToString(),
            ["Entry.UserId"] = alice.ToString(),
            ["Entry.TenantId"] = globex.ToString(),
            ["Entry.IsOutsideHours"] = "true",
            ["Entry.NoOverlap"] = "false",
            ["Entry.Source"] = "Import",
            ["Entry.Id"] = aliceEntry.ToString(),
            ["Entry.Version"] = version,
            ["UserId"] = alice.ToString(),
            ["TenantId"] = globex.ToString(),
            ["IsOutsideHours"] = "true",
            ["Version"] = version,
            ["Id"] = aliceEntry.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.NotEqual(aliceEntry, entry.Id);
        Assert.Equal(person.AcmeId, entry.TenantId);
        Assert.False(entry.IsOutsideHours);
        Assert.True(entry.NoOverlap);
        Assert.Equal(EntrySource.Manual, entry.Source);
        Assert.Equal(aliceVersion, (await AnyEntryOfAsync(alice, aliceEntry)).Version);

        // Editing one's own entry with another entry's version is a conflict, never a write.
        var edit = await person.Client.SubmitAsync($"/acme/time/entries/{entry.Id}/edit", new Dictionary<string, string>
        {
            ["Entry.Version"] = version,
            ["Entry.Date"] = Iso(tuesday),
            ["Entry.StartTime"] = "10:00",
            ["Entry.EndTime"] = "12:00",
            ["Entry.ProjectId"] = website.ToString(),
            ["Entry.UserId"] = alice.ToString(),
        });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(person.Id, Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).UserId);
    }

    [Fact]
    public async Task Switch_continue_and_duplicate_go_through_the_service()
    {
        var person = await TimePeople.CreateAsync(factory, "switcher");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var entry = await CreateEntryAsync(person, TimePeople.LastMonday.PlusDays(1), new LocalTime(10, 0), Duration.FromHours(1));
        var lastWeek = $"{Page}?week={Iso(TimePeople.LastMonday)}";

        var duplicated = await person.Client.SubmitAsync(lastWeek, $"/acme/time/entries/{entry.Id}/duplicate", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, duplicated.StatusCode);
        var copy = Assert.Single(await TimePeople.EntriesOfAsync(factory, person), e => e.Id != entry.Id);
        Assert.Equal(TimePeople.Today, copy.Start.InZone(TimePeople.Berlin).Date);
        Assert.Equal(Duration.FromHours(1), copy.End!.Value - copy.Start);

        // Continue starts a timer now; the duplicate at 10:00 today could overlap it, so it goes first.
        var deleted = await person.Client.SubmitAsync(Page, $"/acme/time/entries/{copy.Id}/delete", new Dictionary<string, string>
        {
            ["version"] = copy.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        var continued = await person.Client.SubmitAsync(lastWeek, $"/acme/time/entries/{entry.Id}/continue", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, continued.StatusCode);
        var timer = Assert.Single(await TimePeople.EntriesOfAsync(factory, person), e => e.End is null);
        Assert.Equal(entry.ProjectId, timer.ProjectId);

        var switched = await person.Client.SubmitAsync(Page, "/acme/time/timer/switch", new Dictionary<string, string>
        {
            ["Switch.ProjectId"] = mobile.ToString(),
            ["Switch.Description"] = "Switched over",
        });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var all = await TimePeople.EntriesOfAsync(factory, person);
        Assert.NotNull(Assert.Single(all, e => e.Id == timer.Id).End);
        var now = Assert.Single(all, e => e.End is null);
        Assert.Equal(mobile, now.ProjectId);
        Assert.Equal("Switched over", now.Description);
    }

    private async Task<TimeEntry> CreateEntryAsync(TimePerson person, LocalDate date, LocalTime start, Duration length)
    {
        await using var tenant = TimePeople.InAcme(factory, person.AcmeId, person.Id);
        var service = tenant.ServiceProvider.GetRequiredService<TimeEntryService>();
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var from = TimePeople.Berlin.AtStrictly(date + start).ToInstant();
        var result = await service.CreateAsync(person.Id, new EntryDetails(website, Description: "Seeded for the test"), from, from + length, EntrySource.Manual);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return Assert.Single(await TimePeople.EntriesOfAsync(factory, person), e => e.Id == result.Value!.Id);
    }

    private async Task<(Guid Id, uint Version)> AnyEntryOfAsync(Guid userId, Guid? id = null)
    {
        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        var rows = await connection.QueryAsync(
            "SELECT id, xmin::text::bigint FROM time_entries WHERE user_id = @user AND (@id = '00000000-0000-0000-0000-000000000000'::uuid OR id = @id) ORDER BY start_at LIMIT 1",
            reader => (reader.GetGuid(0), (uint)reader.GetInt64(1)),
            ("user", userId),
            ("id", id ?? Guid.Empty));
        return Assert.Single(rows);
    }

    private static IHtmlFormElement? FormPostingTo(IHtmlDocument page, string path) =>
        page.QuerySelectorAll("form").OfType<IHtmlFormElement>().FirstOrDefault(f => f.GetAttribute("action") == path);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
