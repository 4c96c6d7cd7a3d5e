using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Transparency;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Approval;

/// <summary>
/// Submitting, approving, returning and unlocking weeks, and the payroll export of approved hours.
/// Each test works on its own person and week so their order does not matter.
/// </summary>
[Collection(ApprovalCollection.Name)]
public sealed class ApprovalTests(ApprovalFactory factory)
{
    private const string SeededWeek = PersonDataFactory.SeededWeekText;

    [Fact]
    public async Task Approval_locks_the_week_against_the_form_grid_timer_stop_and_api_and_unlocking_is_recorded()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var maya = await factory.CallerAsync("manager@acme.test");
        var otto = await factory.CallerAsync("otto@acme.test");
        var admin = await factory.CallerAsync("admin@acme.test");
        var before = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        await SubmitAsync(alice, SeededWeek);
        Assert.StartsWith("Submitted on", await StateAsync(alice, SeededWeek), StringComparison.Ordinal);
        var submissionId = await SubmissionIdAsync(alice.UserId, new LocalDate(2026, 11, 16));

        // Nobody approves their own week, and a manager of another team cannot even find it.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(alice, $"/acme/team/approvals/{submissionId}/approve", [])).StatusCode);
        var ottoPage = await otto.Browser.GetDocumentAsync("/acme/team/approvals");
        Assert.Null(ottoPage.QuerySelector($"#submission-{submissionId}"));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(otto, $"/acme/team/approvals/{submissionId}/approve", [])).StatusCode);

        // The manager sees the week's totals (an access-logged read) and approves.
        var page = await maya.Browser.GetDocumentAsync("/acme/team/approvals");
        var pending = page.QuerySelector($"#submission-{submissionId}");
        Assert.NotNull(pending);
        Assert.Equal("22h 30m", pending.QuerySelector(".week-total")?.TextContent.Trim());
        Assert.Equal(2, pending.QuerySelectorAll($"form input[name='{Forms.TokenField}']").Length);
        var approve = await PostAsync(maya, $"/acme/team/approvals/{submissionId}/approve", []);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.StartsWith("Approved by Maya Manager on", await StateAsync(alice, SeededWeek), StringComparison.Ordinal);
        Assert.Null((await alice.Browser.GetDocumentAsync($"/acme/time/timesheet?week={SeededWeek}")).QuerySelector("form[action='/acme/time/timesheet/submit']"));

        var logged = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Where(e => !before.Contains(e.Id)).ToList();
        var read = Assert.Single(logged);
        Assert.Equal(maya.UserId, read.ViewerUserId);
        Assert.Equal(AccessChannel.Page, read.Channel);
        Assert.Equal([DataCategory.Totals], read.Categories);
        Assert.Equal("Approvals › week of 16 Nov 2026", read.Resource);

        var (entry, projectId) = await FirstEntryAsync(alice.UserId, new LocalDate(2026, 11, 16));

        // The time form: a new entry and an edit.
        var create = await alice.Browser.SubmitAsync($"/acme/time?week={SeededWeek}", "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.ProjectId"] = projectId.ToString(),
            ["Entry.Date"] = "2026-11-21",
            ["Entry.StartTime"] = "09:00",
            ["Entry.EndTime"] = "10:00",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.StatusCode);
        Assert.Contains("locked", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var editUrl = $"/acme/time/entries/{entry.Id}/edit";
        var editFields = FieldsOf((await alice.Browser.GetDocumentAsync(editUrl)).QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => (f.GetAttribute("action") ?? "").EndsWith("/edit", StringComparison.Ordinal)));
        editFields[editFields.Keys.Single(k => k.EndsWith("Description", StringComparison.Ordinal))] = "Changed after approval";
        var edit = await alice.Browser.PostAsync(editUrl, new FormUrlEncodedContent(editFields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Contains("locked", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The timesheet grid.
        var gridFields = FieldsOf((IHtmlFormElement)(await alice.Browser.GetDocumentAsync($"/acme/time/timesheet?week={SeededWeek}")).QuerySelector("form[action='/acme/time/timesheet']")!);
        gridFields["Rows[0].Days[5]"] = "1:00";
        gridFields["Action"] = "save";
        var grid = await alice.Browser.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(gridFields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, grid.StatusCode);
        Assert.Contains("locked", (await Forms.ParseAsync(grid)).QuerySelector("#cell-0-5-error")?.TextContent ?? "", StringComparison.Ordinal);

        // The API: create, change, delete.
        var apiCreate = await alice.Api.PostAsJsonAsync("/api/v1/entries", new
        {
            project_id = projectId,
            description = "Added after approval",
            start = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
            end = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, apiCreate.StatusCode);
        Assert.Contains("locked", await apiCreate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/entries/{entry.Id}")
        {
            Content = JsonContent.Create(new { project_id = entry.ProjectId, description = "Changed through the API", start = entry.Start.ToDateTimeOffset(), end = entry.End!.Value.ToDateTimeOffset() }),
        })
        {
            put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{entry.Version}\""));
            var apiPut = await alice.Api.SendAsync(put);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, apiPut.StatusCode);
        }

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/entries/{entry.Id}"))
        {
            delete.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{entry.Version}\""));
            var apiDelete = await alice.Api.SendAsync(delete);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, apiDelete.StatusCode);
            Assert.Contains("locked", await apiDelete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Importers write through the same service with EntrySource.Import: refused as well.
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var service = scope.ServiceProvider.GetRequiredService<TimeEntryService>();
            var imported = await service.CreateAsync(
                alice.UserId,
                new EntryDetails(projectId, Description: "Imported from another tracker"),
                Instant.FromUtc(2026, 11, 20, 14, 0),
                Instant.FromUtc(2026, 11, 20, 15, 0),
                EntrySource.Import);
            Assert.False(imported.Succeeded);
            Assert.Contains(imported.Problems, p => p.Message.Contains("locked", StringComparison.Ordinal));
        }

        // A timer that runs in the locked week (the app never lets one start there, nor approves a
        // week with one running, so it is put in directly): stopping it is refused, not clipped.
        var strayTimer = await AddRunningTimerAsync(alice.UserId, projectId, Instant.FromUtc(2026, 11, 22, 20, 0));
        var stop = await alice.Api.PostAsync("/api/v1/timer/stop", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stop.StatusCode);
        Assert.Contains("locked", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var browserStop = await alice.Browser.SubmitAsync("/acme/time", "/acme/time/timer/stop", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, browserStop.StatusCode);
        await RemoveEntryAsync(strayTimer);

        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var after = await db.TimeEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id);
            Assert.Equal(entry.Version, after.Version);
            Assert.Equal(entry.Description, after.Description);
        }

        // Unlocking needs an admin and a reason, which the person then reads on their timesheet.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(maya, $"/acme/team/approvals/{submissionId}/unlock", new() { ["Reason"] = "Because" })).StatusCode);
        var noReason = await PostAsync(admin, $"/acme/team/approvals/{submissionId}/unlock", new() { ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.NotEmpty((await Forms.ParseAsync(noReason)).QuerySelector($"#reason-{submissionId}-error")?.TextContent.Trim() ?? "");
        var unlock = await PostAsync(admin, $"/acme/team/approvals/{submissionId}/unlock", new() { ["Reason"] = "Friday's client call was left out" });
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);

        var state = await StateAsync(alice, SeededWeek);
        Assert.StartsWith("Unlocked by Adam Admin on", state, StringComparison.Ordinal);
        Assert.Contains("because “Friday's client call was left out”", state, StringComparison.Ordinal);
        var timesheet = await alice.Browser.GetDocumentAsync($"/acme/time/timesheet?week={SeededWeek}");
        Assert.NotNull(timesheet.QuerySelector("form[action='/acme/time/timesheet/submit']"));
        var history = timesheet.QuerySelectorAll("#week-approval-history li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, history.Count);
        Assert.Contains("approved by Maya Manager", history[1], StringComparison.Ordinal);

        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            Assert.False(await db.LockedPeriods.AnyAsync(l => l.UserId == alice.UserId && l.WeekStart == new LocalDate(2026, 11, 16)));
            var events = await db.WeekSubmissionEvents.AsNoTracking().Where(e => e.SubmissionId == submissionId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync();
            Assert.Equal([WeekSubmissionEventKind.Submitted, WeekSubmissionEventKind.Approved, WeekSubmissionEventKind.Unlocked], events.Select(e => e.Kind));
            Assert.Equal("Friday's client call was left out", events[2].Text);
            Assert.Contains(await db.Notices.AsNoTracking().Where(n => n.UserId == alice.UserId).Select(n => n.Text).ToListAsync(),
                text => text.Contains("was unlocked", StringComparison.Ordinal));
        }

        // Writes are allowed again.
        var again = await alice.Api.PostAsJsonAsync("/api/v1/entries", new
        {
            project_id = projectId,
            description = "Friday's client call",
            start = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
            end = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
        });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task A_returned_week_shows_the_comment_to_the_person_and_can_be_submitted_again()
    {
        var bob = await factory.CallerAsync("bob@acme.test");
        var maya = await factory.CallerAsync("manager@acme.test");
        await SubmitAsync(bob, SeededWeek);
        var submissionId = await SubmissionIdAsync(bob.UserId, new LocalDate(2026, 11, 16));

        var empty = await PostAsync(maya, $"/acme/team/approvals/{submissionId}/return", new() { ["Comment"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.NotEmpty((await Forms.ParseAsync(empty)).QuerySelector($"#comment-{submissionId}-error")?.TextContent.Trim() ?? "");

        var returned = await PostAsync(maya, $"/acme/team/approvals/{submissionId}/return", new() { ["Comment"] = "Please add Friday's review <b>meeting</b>" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

        var page = await bob.Browser.GetDocumentAsync($"/acme/time/timesheet?week={SeededWeek}");
        var state = page.QuerySelector("#week-approval-state")!.TextContent.Trim();
        Assert.StartsWith("Returned by Maya Manager on", state, StringComparison.Ordinal);
        Assert.Contains("“Please add Friday's review <b>meeting</b>”", state, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[action='/acme/time/timesheet/submit']"));
        Assert.Null((await maya.Browser.GetDocumentAsync("/acme/team/approvals")).QuerySelector($"#submission-{submissionId}"));

        await SubmitAsync(bob, SeededWeek);
        Assert.StartsWith("Submitted on", await StateAsync(bob, SeededWeek), StringComparison.Ordinal);
        Assert.NotNull((await maya.Browser.GetDocumentAsync("/acme/team/approvals")).QuerySelector($"#submission-{submissionId}"));
    }

    [Fact]
    public async Task A_week_with_a_running_timer_is_not_approved_and_an_approved_week_refuses_a_new_timer()
    {
        var carol = await factory.CallerAsync("carol@acme.test");
        var maya = await factory.CallerAsync("manager@acme.test");
        const string thisWeek = "2026-11-23";
        await SubmitAsync(carol, thisWeek);
        var submissionId = await SubmissionIdAsync(carol.UserId, new LocalDate(2026, 11, 23));
        var projectId = await ProjectOfAsync(carol.UserId);

        var started = await carol.Api.PostAsJsonAsync("/api/v1/timer/start", new { project_id = projectId });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var timerId = (await Api.ApiClients.JsonAsync(started))["id"]!.GetValue<string>();
        var refused = await PostAsync(maya, $"/acme/team/approvals/{submissionId}/approve", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("still running", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The clock stands still in these tests, so the timer is discarded rather than stopped after no time.
        using (var discard = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/entries/{timerId}"))
        {
            discard.Headers.IfMatch.Add(started.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NoContent, (await carol.Api.SendAsync(discard)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(maya, $"/acme/team/approvals/{submissionId}/approve", [])).StatusCode);

        var start = await carol.Api.PostAsJsonAsync("/api/v1/timer/start", new { project_id = projectId });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, start.StatusCode);
        Assert.Contains("locked", await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_approves_their_own_week()
    {
        var maya = await factory.CallerAsync("manager@acme.test");
        await SubmitAsync(maya, SeededWeek);
        var submissionId = await SubmissionIdAsync(maya.UserId, new LocalDate(2026, 11, 16));

        Assert.Null((await maya.Browser.GetDocumentAsync("/acme/team/approvals")).QuerySelector($"#submission-{submissionId}"));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(maya, $"/acme/team/approvals/{submissionId}/approve", [])).StatusCode);

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, maya.UserId);
        var viewer = await scope.ServiceProvider.GetRequiredService<ViewerDirectory>().ForMemberAsync(maya.UserId);
        var policy = await scope.ServiceProvider.GetRequiredService<TimeTrack.Web.Transparency.PolicyStore>().ActiveAsync();
        Assert.False(ApprovalService.MayApprove(policy, viewer!, maya.UserId));
        Assert.False(ApprovalService.MayApprove(policy, viewer! with { ManagedUserIds = new HashSet<Guid> { maya.UserId } }, maya.UserId));
    }

    [Fact]
    public async Task Payroll_export_lists_approved_hours_of_the_people_the_viewer_may_see_with_formulas_neutralised_and_logged()
    {
        var maya = await factory.CallerAsync("manager@acme.test");
        var admin = await factory.CallerAsync("admin@acme.test");
        var otto = await factory.CallerAsync("otto@acme.test");
        var eve = await factory.AddMemberAsync("eve.payroll@acme.test", "=HYPERLINK(\"http://x\")", OrgRole.Employee);
        var week = new LocalDate(2026, 11, 9);
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId, eve))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var team = await db.Teams.SingleAsync(t => t.Name == "Product");
            db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = eve });
            var project = await db.Projects.Where(p => p.Name == "Website relaunch").Select(p => p.Id).SingleAsync();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = project, UserId = eve });
            // Monday 2 h, Tuesday 1 h 30 min (Berlin is UTC+1 in November).
            db.TimeEntries.Add(Entry(eve, project, Instant.FromUtc(2026, 11, 9, 8, 0), Instant.FromUtc(2026, 11, 9, 10, 0)));
            db.TimeEntries.Add(Entry(eve, project, Instant.FromUtc(2026, 11, 10, 8, 0), Instant.FromUtc(2026, 11, 10, 9, 30)));
            await db.SaveChangesAsync();
            Assert.True((await scope.ServiceProvider.GetRequiredService<ApprovalService>().SubmitAsync(eve, week)).Succeeded);
        }

        var submissionId = await SubmissionIdAsync(eve, week);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(maya, $"/acme/team/approvals/{submissionId}/approve", [])).StatusCode);
        var before = (await factory.AccessLogOfAsync(eve, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var response = await maya.Browser.GetAsync("/acme/team/payroll?from=2026-11-09&to=2026-11-15");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Person,Person id,Email,Week starting,Approved at,Approved hours", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Equal($"\"'=HYPERLINK(\"\"http://x\"\")\",{eve},eve.payroll@acme.test,2026-11-09,2026-11-25T12:00:00Z,3.50", row);

        var logged = (await factory.AccessLogOfAsync(eve, factory.AcmeId)).Where(e => !before.Contains(e.Id)).ToList();
        var entry = Assert.Single(logged);
        Assert.Equal(AccessChannel.Export, entry.Channel);
        Assert.Equal(maya.UserId, entry.ViewerUserId);
        Assert.Equal([DataCategory.Totals], entry.Categories);
        Assert.NotNull(entry.ExportId);

        // Under the default policy admins and other teams' managers see nobody's totals one by one.
        foreach (var other in new[] { admin, otto })
        {
            var csv = await (await other.Browser.GetAsync("/acme/team/payroll?from=2026-11-09&to=2026-11-15")).Content.ReadAsStringAsync();
            Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Contains("nobody for you", (await admin.Browser.GetDocumentAsync("/acme/team/payroll")).QuerySelector("#payroll-scope")!.TextContent, StringComparison.Ordinal);
        Assert.Single(await factory.AccessLogOfAsync(eve, factory.AcmeId), e => !before.Contains(e.Id));

        var invalid = await maya.Browser.GetAsync("/acme/team/payroll?from=2026-11-31&to=2026-11-15");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var form = await Forms.ParseAsync(invalid);
        Assert.Equal("2026-11-31", form.QuerySelector("#From")?.GetAttribute("value"));
        Assert.NotEmpty(form.QuerySelector("#From-error")?.TextContent.Trim() ?? "");
    }

    private static TimeEntry Entry(Guid userId, Guid projectId, Instant start, Instant end) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        ProjectId = projectId,
        Start = start,
        End = end,
        Source = EntrySource.Manual,
        CreatedAt = start,
    };

    private static async Task SubmitAsync(Caller caller, string week)
    {
        var response = await caller.Browser.SubmitAsync($"/acme/time/timesheet?week={week}", "/acme/time/timesheet/submit", new Dictionary<string, string> { ["week"] = week });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<string> StateAsync(Caller caller, string week) =>
        (await caller.Browser.GetDocumentAsync($"/acme/time/timesheet?week={week}")).QuerySelector("#week-approval-state")!.TextContent.Trim();

    private static Task<HttpResponseMessage> PostAsync(Caller caller, string postUrl, Dictionary<string, string> fields) =>
        PostWithTokenAsync(caller.Browser, postUrl, fields);

    /// <summary>
    /// Posts with the person's antiforgery token taken from their own timesheet, so the post works even
    /// where the approvals page shows no form for it (a forged or stale decision) and reading the
    /// token adds nothing to anyone's access log.
    /// </summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string postUrl, Dictionary<string, string> fields)
    {
        var token = (await client.GetDocumentAsync("/acme/time/timesheet")).AntiforgeryToken();
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [Forms.TokenField] = token }));
    }

    private async Task<Guid> SubmissionIdAsync(Guid userId, LocalDate week)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().WeekSubmissions
            .Where(s => s.UserId == userId && s.WeekStart == week).Select(s => s.Id).SingleAsync();
    }

    private async Task<(TimeEntry Entry, Guid ProjectId)> FirstEntryAsync(Guid userId, LocalDate week)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var tracking = await scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>().ForAsync(userId);
        var theWeek = tracking.WeekOf(week);
        var entry = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId && e.Start >= theWeek.StartInstant && e.Start < theWeek.EndInstant)
            .OrderBy(e => e.Start).FirstAsync();
        return (entry, entry.ProjectId);
    }

    private async Task<Guid> ProjectOfAsync(Guid userId)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects
            .Where(p => !p.IsArchived && p.Members.Any(m => m.UserId == userId)).OrderBy(p => p.Name).Select(p => p.Id).FirstAsync();
    }

    private async Task<Guid> AddRunningTimerAsync(Guid userId, Guid projectId, Instant start)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId, userId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var entry = new TimeEntry { Id = Guid.CreateVersion7(), UserId = userId, ProjectId = projectId, Start = start, Source = EntrySource.Timer, CreatedAt = start };
        db.TimeEntries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task RemoveEntryAsync(Guid entryId)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.Where(e => e.Id == entryId).ExecuteDeleteAsync();
    }

    /// <summary>What a browser would send for a form: inputs (checked boxes only) and selected options.</summary>
    private static Dictionary<string, string> FieldsOf(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked:
                case IHtmlInputElement { Type: "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    fields.TryAdd(name, input.Value);
                    break;
                case IHtmlSelectElement select:
                    fields[name] = select.SelectedOptions.Length > 0 ? select.SelectedOptions[0].Value : "";
                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
            }
        }

        return fields;
    }
}
