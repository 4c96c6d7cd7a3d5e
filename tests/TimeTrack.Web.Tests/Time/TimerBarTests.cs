using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// The timer bar's posts in place: with the fragment header, Start, Stop and Switch answer with the
/// changed parts of the page (no layout, no redirect); without it, they post, redirect and get as before.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TimerBarTests(TimeTrackFactory factory)
{
    private const string Page = "/acme/time";

    [Fact]
    public async Task Start_switch_and_stop_in_place_answer_with_the_timer_bar_and_the_week_only()
    {
        var person = await TimePeople.CreateAsync(factory, "inplace");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");

        var started = await PostInPlaceAsync(person, "/acme/time/timer/start", new()
        {
            ["Timer.ProjectId"] = website.ToString(),
            ["Timer.Description"] = "Launch copy",
        });

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var fragment = await Forms.ParseAsync(started);
        AssertIsFragment(fragment);
        Assert.Equal("Timer started.", fragment.QuerySelector("#timer-status")?.TextContent.Trim());
        var running = fragment.QuerySelector("#timer-bar .timer-running")?.TextContent ?? "";
        Assert.Contains("Website relaunch", running, StringComparison.Ordinal);
        Assert.Contains("Launch copy", running, StringComparison.Ordinal);
        Assert.NotNull(fragment.QuerySelector("#timer-bar [data-timer-start]"));
        Assert.NotNull(fragment.QuerySelector("#timer-bar form#timer-stop-form[data-offline-timer='stop']"));
        Assert.NotNull(fragment.QuerySelector("#timer-bar form[action='/acme/time/timer/switch'][data-offline-timer='switch']"));
        Assert.Contains("Launch copy", fragment.QuerySelector("#time-week")?.TextContent ?? "", StringComparison.Ordinal);

        var switched = await PostInPlaceAsync(person, "/acme/time/timer/switch", new()
        {
            ["Switch.ProjectId"] = mobile.ToString(),
            ["Switch.Description"] = "Release notes",
        });

        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        fragment = await Forms.ParseAsync(switched);
        AssertIsFragment(fragment);
        Assert.StartsWith("Switched", fragment.QuerySelector("#timer-status")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Mobile app", fragment.QuerySelector("#timer-bar .timer-running")?.TextContent ?? "", StringComparison.Ordinal);

        var stopped = await PostInPlaceAsync(person, "/acme/time/timer/stop", []);

        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        fragment = await Forms.ParseAsync(stopped);
        AssertIsFragment(fragment);
        Assert.StartsWith("Timer stopped:", fragment.QuerySelector("#timer-status")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(fragment.QuerySelector(".timer-running"));
        Assert.NotNull(fragment.QuerySelector("#timer-bar form#timer-start-form[data-offline-timer='start']"));

        var entries = await TimePeople.EntriesOfAsync(factory, person);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.NotNull(e.End));
        Assert.Equal([website, mobile], entries.Select(e => e.ProjectId));

        // An in-place change leaves no notice behind for the next full page.
        var next = await person.Client.GetDocumentAsync(Page);
        Assert.Null(next.QuerySelector("p.notice"));
    }

    [Fact]
    public async Task Without_the_fragment_header_the_same_posts_redirect_to_the_week()
    {
        var person = await TimePeople.CreateAsync(factory, "plainpost");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");

        var started = await person.Client.SubmitAsync(Page, "/acme/time/timer/start", new Dictionary<string, string> { ["Timer.ProjectId"] = website.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.StartsWith("/acme/time?week=", started.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var switched = await person.Client.SubmitAsync(Page, "/acme/time/timer/switch", new Dictionary<string, string> { ["Switch.ProjectId"] = website.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        var stopped = await person.Client.SubmitAsync(Page, "/acme/time/timer/stop", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        var page = await person.Client.GetDocumentAsync(stopped.Headers.Location!.OriginalString);
        Assert.StartsWith("Timer stopped:", page.QuerySelector("p.notice")?.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_of_another_project_is_refused_in_place_next_to_the_picker()
    {
        var person = await TimePeople.CreateAsync(factory, "wrongtask");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        Guid mobileTask;
        await using (var tenant = TimePeople.InAcme(factory, person.AcmeId))
        {
            mobileTask = await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Tasks
                .Where(t => t.ProjectId == mobile && t.Name == "Design").Select(t => t.Id).SingleAsync();
        }

        var response = await PostInPlaceAsync(person, "/acme/time/timer/start", new()
        {
            ["Timer.ProjectId"] = website.ToString(),
            ["Timer.TaskId"] = mobileTask.ToString(),
            ["Timer.Description"] = "Kept as typed",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fragment = await Forms.ParseAsync(response);
        AssertIsFragment(fragment);
        Assert.Equal("Choose a task of this project.", fragment.QuerySelector("#timer-bar #Timer_TaskId-error")?.TextContent.Trim());
        var picker = fragment.QuerySelector("#timer-bar #Timer_Pick");
        Assert.Equal("combobox", picker?.GetAttribute("role"));
        Assert.Equal("true", picker?.GetAttribute("aria-invalid"));
        Assert.Contains("Timer_TaskId-error", picker?.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal("true", fragment.QuerySelector("#Timer_TaskId")?.GetAttribute("aria-invalid"));
        Assert.Equal("Kept as typed", fragment.QuerySelector("#Timer_Description")?.GetAttribute("value"));
        Assert.Equal("", fragment.QuerySelector("#timer-status")?.TextContent.Trim());
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task In_place_posts_need_the_antiforgery_token()
    {
        var person = await TimePeople.CreateAsync(factory, "forgery");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/acme/time/timer/start")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Timer.ProjectId"] = website.ToString() }),
        };
        forged.Headers.Add(TimerFragment.Header, TimerFragment.Value);
        var refused = await person.Client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));

        // The same post with the form's token goes through, so the refusal above was the token's.
        var accepted = await PostInPlaceAsync(person, "/acme/time/timer/start", new() { ["Timer.ProjectId"] = website.ToString() });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Picker_offers_only_tasks_and_outcomes_of_their_own_project()
    {
        var person = await TimePeople.CreateAsync(factory, "picks");
        var page = await person.Client.GetDocumentAsync(Page);
        var json = page.QuerySelector("#timer-start-form [data-picker]")?.GetAttribute("data-choices")
            ?? throw new InvalidOperationException("The timer bar has no picker.");
        var picks = JsonSerializer.Deserialize<List<Pick>>(json) ?? [];

        Dictionary<Guid, string> projects;
        Dictionary<Guid, (Guid Project, string Name)> tasks, outcomes;
        await using (var tenant = TimePeople.InAcme(factory, person.AcmeId))
        {
            var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            projects = await db.Projects.Where(p => TimePeople.DemoProjects.Contains(p.Name)).ToDictionaryAsync(p => p.Id, p => p.Name);
            tasks = (await db.Tasks.Where(t => projects.Keys.Contains(t.ProjectId) && !t.IsArchived).ToListAsync()).ToDictionary(t => t.Id, t => (t.ProjectId, t.Name));
            outcomes = (await db.Outcomes.Where(o => projects.Keys.Contains(o.ProjectId)).ToListAsync()).ToDictionary(o => o.Id, o => (o.ProjectId, o.Name));
        }

        Assert.NotEmpty(tasks);
        Assert.NotEmpty(outcomes);
        Assert.Equal(projects.Keys.Order(), picks.Select(p => p.P).Distinct().Order());
        foreach (var pick in picks)
        {
            var parts = new List<string> { projects[pick.P] };
            if (pick.T is { } task)
            {
                Assert.Equal(pick.P, tasks[task].Project);
                parts.Add(tasks[task].Name);
            }

            if (pick.O is { } outcome)
            {
                Assert.Equal(pick.P, outcomes[outcome].Project);
                parts.Add(outcomes[outcome].Name);
            }

            Assert.Equal(string.Join(" · ", parts), pick.L);
        }

        // Every task and every outcome can be reached, alone and together, under its own project only.
        foreach (var (id, (project, _)) in tasks)
        {
            Assert.Contains(picks, p => p.T == id && p.O is null && p.P == project);
        }

        foreach (var (id, (project, _)) in outcomes)
        {
            Assert.Contains(picks, p => p.O == id && p.T is null && p.P == project);
            Assert.Equal(tasks.Count(t => t.Value.Project == project), picks.Count(p => p.O == id && p.T is not null));
        }

        Assert.Equal(projects.Count, picks.Count(p => p.T is null && p.O is null));
    }

    private sealed record Pick(
        [property: System.Text.Json.Serialization.JsonPropertyName("p")] Guid P,
        [property: System.Text.Json.Serialization.JsonPropertyName("t")] Guid? T,
        [property: System.Text.Json.Serialization.JsonPropertyName("o")] Guid? O,
        [property: System.Text.Json.Serialization.JsonPropertyName("l")] string L);

    /// <summary>A fragment: the parts that change, no layout around them.</summary>
    private static void AssertIsFragment(IHtmlDocument fragment)
    {
        Assert.NotNull(fragment.QuerySelector("section#timer-bar[data-fragment='replace']"));
        Assert.NotNull(fragment.QuerySelector("section#time-week[data-fragment='replace']"));
        Assert.NotNull(fragment.QuerySelector("#timer-status[data-fragment='inner']"));
        Assert.Null(fragment.QuerySelector("h1"));
        Assert.Null(fragment.QuerySelector("header, footer, nav.sub-nav, #manual-entry-form"));
    }

    /// <summary>Posts as timer-bar.js does: the form's fields with its antiforgery token, and the fragment header.</summary>
    private static async Task<HttpResponseMessage> PostInPlaceAsync(TimePerson person, string action, Dictionary<string, string> fields)
    {
        var page = await person.Client.GetDocumentAsync(Page);
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.GetAttribute("action") == action);
        Assert.True(form.HasAttribute("data-in-place"), $"The form posting to {action} is not posted in place.");
        var values = new Dictionary<string, string>(fields)
        {
            [Forms.TokenField] = form.QuerySelector($"input[name='{Forms.TokenField}']")?.GetAttribute("value") ?? "",
            ["week"] = form.QuerySelector("input[name='week']")?.GetAttribute("value") ?? "",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add(TimerFragment.Header, TimerFragment.Value);
        return await person.Client.SendAsync(request);
    }
}
