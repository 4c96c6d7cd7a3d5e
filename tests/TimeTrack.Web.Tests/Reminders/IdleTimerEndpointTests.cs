using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Time;

namespace TimeTrack.Web.Tests.Reminders;

/// <summary>
/// POST /{org}/time/timer/idle, the answer to the idle-time question: the running timer stops when the
/// person went idle, and continues from now with the same details when they ask; anything else is refused
/// with a clear message and changes nothing.
/// </summary>
[Collection(RemindersCollection.Name)]
public sealed class IdleTimerEndpointTests(RemindersFactory factory)
{
    private const string Page = "/acme/time";
    private const string Endpoint = "/acme/time/timer/idle";

    [Fact]
    public async Task The_question_is_on_the_time_page_only_with_an_idle_time_chosen()
    {
        var person = await TimePeople.CreateAsync(factory, "prompt");
        Assert.Null((await person.Client.GetDocumentAsync(Page)).QuerySelector("#idle-dialog"));

        // Chosen, it is on the page before any timer runs (the timer bar starts one without a reload).
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 10);
        Assert.NotNull((await person.Client.GetDocumentAsync(Page)).QuerySelector("dialog#idle-dialog:not([open])"));

        await StartTimerAsync(person, "Prompted");
        var page = await person.Client.GetDocumentAsync(Page);
        var dialog = page.QuerySelector("dialog#idle-dialog");
        Assert.NotNull(dialog);
        Assert.Equal("10", dialog.GetAttribute("data-idle-minutes"));
        Assert.Equal("Europe/Berlin", dialog.GetAttribute("data-zone"));
        Assert.Equal("idle-title", dialog.GetAttribute("aria-labelledby"));
        Assert.Contains("The timer kept running.", dialog.TextContent, StringComparison.Ordinal);
        Assert.NotNull(dialog.QuerySelector($"form[action='{Endpoint}'] input[name='{Forms.TokenField}']"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/idle.js']"));

        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: null);
        Assert.Null((await person.Client.GetDocumentAsync(Page)).QuerySelector("#idle-dialog"));
    }

    [Fact]
    public async Task Discard_and_stop_ends_the_timer_when_the_person_went_idle()
    {
        var person = await TimePeople.CreateAsync(factory, "idle-stop");
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 5);
        var start = await StartTimerAsync(person, "Writing", minutesAgo: 40);
        var idleStart = start + Duration.FromMinutes(25);

        var response = await person.Client.SubmitAsync(Page, Endpoint, Answer(idleStart, "stop"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Page, response.Headers.Location?.OriginalString);
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(start, entry.Start);
        Assert.Equal(idleStart, entry.End);
        var after = await person.Client.GetDocumentAsync(Page);
        Assert.Contains("Idle time discarded", after.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("25m recorded", after.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector(".timer-running"));
    }

    [Fact]
    public async Task Discard_and_continue_stops_at_the_idle_start_and_starts_again_now_with_the_same_details()
    {
        var person = await TimePeople.CreateAsync(factory, "idle-continue");
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 5);
        var start = await StartTimerAsync(person, "Reviewing the copy", minutesAgo: 50, tagged: true, billable: "false");
        var idleStart = start + Duration.FromMinutes(30);
        var before = SystemClock.Instance.GetCurrentInstant();

        var response = await person.Client.SubmitAsync(Page, Endpoint, Answer(idleStart, "continue"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entries = await TimePeople.EntriesOfAsync(factory, person);
        Assert.Equal(2, entries.Count);
        var (stopped, continued) = (entries[0], entries[1]);
        Assert.Equal(idleStart, stopped.End);
        Assert.Null(continued.End);
        Assert.InRange(continued.Start, before, SystemClock.Instance.GetCurrentInstant());
        Assert.Equal(stopped.ProjectId, continued.ProjectId);
        Assert.Equal(stopped.TaskId, continued.TaskId);
        Assert.Equal(stopped.OutcomeId, continued.OutcomeId);
        Assert.Equal("Reviewing the copy", continued.Description);
        Assert.False(continued.IsBillable);
        Assert.Equal(stopped.IsBillable, continued.IsBillable);
        Assert.NotEmpty(stopped.Tags);
        Assert.Equal(stopped.Tags.Select(t => t.TagId).Order(), continued.Tags.Select(t => t.TagId).Order());
        var after = await person.Client.GetDocumentAsync(Page);
        Assert.Contains("started again now", after.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Reviewing the copy", after.QuerySelector(".timer-running")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "cannot start before the timer did")]
    [InlineData(60 + 10, "cannot start in the future")]
    public async Task An_idle_start_outside_the_running_timer_is_refused_and_nothing_changes(int minutesAfterStart, string message)
    {
        var person = await TimePeople.CreateAsync(factory, "idle-outside");
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 5);
        var start = await StartTimerAsync(person, "Outside", minutesAgo: 60);

        var response = await person.Client.SubmitAsync(Page, Endpoint, Answer(start + Duration.FromMinutes(minutesAfterStart), "stop"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("#error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/acme/time']"));
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(start, entry.Start);
        Assert.Null(entry.End);
    }

    [Theory]
    [InlineData("yesterday", "stop", "was not sent as a date and time")]
    [InlineData("", "continue", "was not sent as a date and time")]
    [InlineData(null, "keep", "Choose to discard the idle time and stop the timer, or to discard it and continue")]
    public async Task An_answer_that_is_not_one_the_question_sends_is_refused(string? idleStart, string choice, string message)
    {
        var person = await TimePeople.CreateAsync(factory, "idle-garbled");
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 5);
        var start = await StartTimerAsync(person, "Garbled", minutesAgo: 20);

        var response = await person.Client.SubmitAsync(Page, Endpoint, new Dictionary<string, string>
        {
            ["IdleStart"] = idleStart ?? InstantPattern.ExtendedIso.Format(start + Duration.FromMinutes(5)),
            ["Choice"] = choice,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, (await Forms.ParseAsync(response)).QuerySelector("#error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).End);
    }

    [Fact]
    public async Task With_no_timer_running_the_answer_is_refused_with_a_clear_message()
    {
        var person = await TimePeople.CreateAsync(factory, "idle-none");
        var token = (await person.Client.GetDocumentAsync(Page)).AntiforgeryToken();

        var response = await person.Client.PostAsync(Endpoint, new FormUrlEncodedContent(new Dictionary<string, string>(Answer(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(5), "stop"))
        {
            [Forms.TokenField] = token,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("No timer is running", (await Forms.ParseAsync(response)).QuerySelector("#error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task An_answer_without_an_antiforgery_token_is_refused()
    {
        var person = await TimePeople.CreateAsync(factory, "idle-forged");
        var start = await StartTimerAsync(person, "Forged", minutesAgo: 20);

        var response = await person.Client.PostAsync(Endpoint, new FormUrlEncodedContent(Answer(start + Duration.FromMinutes(5), "stop")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).End);
    }

    [Fact]
    public async Task Another_persons_running_timer_is_untouched()
    {
        var person = await TimePeople.CreateAsync(factory, "idle-mine");
        var other = await TimePeople.CreateAsync(factory, "idle-theirs");
        await factory.SetRemindersAsync(person.Id, nothingLogged: false, idleMinutes: 5);
        var mine = await StartTimerAsync(person, "Mine", minutesAgo: 30);
        var theirs = await StartTimerAsync(other, "Theirs", minutesAgo: 30);

        var response = await person.Client.SubmitAsync(Page, Endpoint, Answer(theirs + Duration.FromMinutes(10), "continue"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stopped = (await TimePeople.EntriesOfAsync(factory, person))[0];
        Assert.Equal(mine, stopped.Start);
        Assert.Equal(theirs + Duration.FromMinutes(10), stopped.End);
        var untouched = Assert.Single(await TimePeople.EntriesOfAsync(factory, other));
        Assert.Equal(theirs, untouched.Start);
        Assert.Null(untouched.End);
        Assert.Equal("Theirs", untouched.Description);
    }

    private static Dictionary<string, string> Answer(Instant idleStart, string choice) => new()
    {
        ["IdleStart"] = InstantPattern.ExtendedIso.Format(idleStart),
        ["Choice"] = choice,
    };

    /// <summary>
    /// Starts the person's timer through the time page's form, then moves its start <paramref name="minutesAgo"/>
    /// minutes back below the app (whole seconds), as if it had been running that long. Returns the start.
    /// </summary>
    private async Task<Instant> StartTimerAsync(TimePerson person, string description, int minutesAgo = 0, bool tagged = false, string billable = "")
    {
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var fields = new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = website.ToString(),
            ["Timer.Description"] = description,
            ["Timer.IsBillable"] = billable,
        };
        if (tagged)
        {
            await using var scope = TimePeople.InAcme(factory, person.AcmeId);
            fields["Timer.TagIds"] = (await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Tags.OrderBy(t => t.Name).Select(t => t.Id).FirstAsync()).ToString();
        }

        var started = await person.Client.SubmitAsync(Page, "/acme/time/timer/start", fields);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        var now = SystemClock.Instance.GetCurrentInstant();
        var start = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) - Duration.FromMinutes(minutesAgo);
        await using var superuser = await factory.SuperuserAsync();
        Assert.Equal(1, await superuser.ExecuteAsync(
            "UPDATE time_entries SET start_at = @start, created_at = @start, day = @day WHERE user_id = @user AND end_at IS NULL",
            ("start", start.ToDateTimeUtc()),
            ("day", start.InZone(TimePeople.Berlin).Date.ToDateOnly()),
            ("user", person.Id)));
        return start;
    }
}
