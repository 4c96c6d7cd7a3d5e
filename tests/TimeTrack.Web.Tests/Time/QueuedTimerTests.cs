using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// Timer actions made while the browser was offline and sent when it was back (POST
/// /{org}/time/timer/queued): applied at their instants through the one write path, bounded, idempotent.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class QueuedTimerTests(TimeTrackFactory factory)
{
    private const string Page = "/acme/time";
    private const string Endpoint = "/acme/time/timer/queued";

    [Fact]
    public async Task A_start_and_a_stop_made_offline_are_applied_at_their_instants()
    {
        var person = await TimePeople.CreateAsync(factory, "queued");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var startedAt = Now() - Duration.FromMinutes(50);
        var stoppedAt = Now() - Duration.FromMinutes(5);

        var started = await SendAsync(person.Client, Guid.NewGuid(), "start", startedAt, new() { ["Details.ProjectId"] = website.ToString(), ["Details.Description"] = "On the train" });
        var startAnswer = await OkAsync(started);
        Assert.Equal("applied", startAnswer["status"]?.GetValue<string>());
        Assert.StartsWith("Timer started at", startAnswer["message"]?.GetValue<string>(), StringComparison.Ordinal);
        var running = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(startedAt, running.Start);
        Assert.Null(running.End);
        Assert.Equal("On the train", running.Description);
        Assert.Equal(EntrySource.Timer, running.Source);

        var stopped = await SendAsync(person.Client, Guid.NewGuid(), "stop", stoppedAt);
        Assert.Equal("applied", (await OkAsync(stopped))["status"]?.GetValue<string>());
        var entry = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(startedAt, entry.Start);
        Assert.Equal(stoppedAt, entry.End);
        Assert.Equal(website, entry.ProjectId);
    }

    [Fact]
    public async Task A_switch_made_offline_ends_the_running_timer_and_starts_the_next_at_its_instant()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-switch");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var mobile = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Mobile app");
        var startedAt = Now() - Duration.FromMinutes(40);
        var switchedAt = Now() - Duration.FromMinutes(15);
        await OkAsync(await SendAsync(person.Client, Guid.NewGuid(), "start", startedAt, new() { ["Details.ProjectId"] = website.ToString() }));

        await OkAsync(await SendAsync(person.Client, Guid.NewGuid(), "switch", switchedAt, new() { ["Details.ProjectId"] = mobile.ToString() }));

        var entries = await TimePeople.EntriesOfAsync(factory, person);
        Assert.Equal(2, entries.Count);
        Assert.Equal((startedAt, switchedAt, website), (entries[0].Start, entries[0].End!.Value, entries[0].ProjectId));
        Assert.Equal((switchedAt, (Instant?)null, mobile), (entries[1].Start, entries[1].End, entries[1].ProjectId));
    }

    [Fact]
    public async Task Answers_are_written_in_the_persons_language()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-de");
        person.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");

        var started = await OkAsync(await SendAsync(person.Client, Guid.NewGuid(), "start", Now() - Duration.FromMinutes(30), new() { ["Details.ProjectId"] = website.ToString() }));
        Assert.Matches(@"^Timer um \d\d:\d\d gestartet\.$", started["message"]?.GetValue<string>());
        var stopped = await OkAsync(await SendAsync(person.Client, Guid.NewGuid(), "stop", Now() - Duration.FromMinutes(20)));
        Assert.Matches(@"^Timer um \d\d:\d\d gestoppt: [0-9hm: ]+ erfasst\.$", stopped["message"]?.GetValue<string>());

        var nothingToStop = await (await SendAsync(person.Client, Guid.NewGuid(), "stop", Now() - Duration.FromMinutes(1)))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Der offline gemachte Timer-Stopp wurde nicht übernommen", nothingToStop["title"]?.GetValue<string>());
        Assert.Matches(@"^Um \d\d:\d\d lief kein Timer, der zu stoppen war; nichts wurde geändert\.$", nothingToStop["detail"]?.GetValue<string>());
    }

    [Fact]
    public async Task Sending_the_same_actions_again_changes_nothing()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-retry");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var start = (Id: Guid.NewGuid(), At: Now() - Duration.FromMinutes(30));
        var stop = (Id: Guid.NewGuid(), At: Now() - Duration.FromMinutes(10));
        var details = new Dictionary<string, string> { ["Details.ProjectId"] = website.ToString() };
        await OkAsync(await SendAsync(person.Client, start.Id, "start", start.At, details));

        // The answer was lost; the browser sends the start again before the stop.
        var again = await OkAsync(await SendAsync(person.Client, start.Id, "start", start.At, details));
        Assert.Equal("already-applied", again["status"]?.GetValue<string>());
        Assert.Single(await TimePeople.EntriesOfAsync(factory, person));

        await OkAsync(await SendAsync(person.Client, stop.Id, "stop", stop.At));
        // A new timer started since (on another device): a repeated stop leaves it running.
        var later = await person.Client.SubmitAsync(Page, "/acme/time/timer/start", new Dictionary<string, string> { ["Timer.ProjectId"] = website.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var stopAgain = await OkAsync(await SendAsync(person.Client, stop.Id, "stop", stop.At));
        Assert.Equal("already-applied", stopAgain["status"]?.GetValue<string>());
        var startAgain = await OkAsync(await SendAsync(person.Client, start.Id, "start", start.At, details));
        Assert.Equal("already-applied", startAgain["status"]?.GetValue<string>());

        var entries = await TimePeople.EntriesOfAsync(factory, person);
        Assert.Equal(2, entries.Count);
        Assert.Equal((start.At, (Instant?)stop.At), (entries[0].Start, entries[0].End));
        Assert.Null(entries[1].End);
    }

    [Fact]
    public async Task An_instant_still_to_come_or_beyond_the_limits_is_refused_with_problem_details()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-bounds");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var details = new Dictionary<string, string> { ["Details.ProjectId"] = website.ToString() };

        var future = await (await SendAsync(person.Client, Guid.NewGuid(), "start", Now() + Duration.FromMinutes(10), details))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("still to come", future.FieldErrors("At").Single(), StringComparison.Ordinal);

        // A running timer may be at most a day long: a start two days back cannot be one.
        var old = await (await SendAsync(person.Client, Guid.NewGuid(), "start", Now() - Duration.FromDays(2), details))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("at most", old.FieldErrors("At").Single(), StringComparison.Ordinal);

        // Far back, beyond the days an entry may start in the past.
        var ancient = await (await SendAsync(person.Client, Guid.NewGuid(), "start", Now() - Duration.FromDays(400), details))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(ancient.FieldErrors("At"));

        var noTimer = await (await SendAsync(person.Client, Guid.NewGuid(), "stop", Now() - Duration.FromMinutes(1)))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("No timer was running", noTimer["detail"]?.GetValue<string>(), StringComparison.Ordinal);

        var unreadable = await (await SendAsync(person.Client, Guid.NewGuid(), "start", "yesterday at ten", details))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(unreadable.FieldErrors("At"));

        var outOfRange = await (await SendAsync(person.Client, Guid.NewGuid(), "stop", "1800-01-01T00:00:00Z"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(outOfRange.FieldErrors("At"));

        var noProject = await (await SendAsync(person.Client, Guid.NewGuid(), "start", Now() - Duration.FromMinutes(5)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(noProject.FieldErrors("Details.ProjectId"));

        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Without_an_antiforgery_token_nothing_is_applied()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-csrf");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");

        var response = await person.Client.PostAsync(Endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Id"] = Guid.NewGuid().ToString(),
            ["Kind"] = "start",
            ["At"] = Text(Now() - Duration.FromMinutes(5)),
            ["Details.ProjectId"] = website.ToString(),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Another_persons_timer_and_another_organization_stay_untouched()
    {
        var person = await TimePeople.CreateAsync(factory, "queued-own");
        var colleague = await TimePeople.CreateAsync(factory, "queued-colleague");
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var details = new Dictionary<string, string> { ["Details.ProjectId"] = website.ToString() };
        var colleagueStart = Now() - Duration.FromMinutes(20);
        await OkAsync(await SendAsync(colleague.Client, Guid.NewGuid(), "start", colleagueStart, details));

        // The person has no timer: their stop stops nothing, the colleague's timer least of all.
        await (await SendAsync(person.Client, Guid.NewGuid(), "stop", Now() - Duration.FromMinutes(1))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var theirs = Assert.Single(await TimePeople.EntriesOfAsync(factory, colleague));
        Assert.Null(theirs.End);
        Assert.Equal(colleagueStart, theirs.Start);

        // The same action id from two people makes two entries, each their own.
        var shared = Guid.NewGuid();
        await OkAsync(await SendAsync(person.Client, shared, "start", Now() - Duration.FromMinutes(3), details));
        await OkAsync(await SendAsync(colleague.Client, shared, "stop", Now() - Duration.FromMinutes(2)));
        Assert.Null(Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).End);
        Assert.NotNull(Assert.Single(await TimePeople.EntriesOfAsync(factory, colleague)).End);

        // An organization the person does not belong to is not there for them.
        var token = (await person.Client.GetDocumentAsync(Page)).AntiforgeryToken();
        var elsewhere = await person.Client.PostAsync("/globex/time/timer/queued", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token,
            ["Id"] = Guid.NewGuid().ToString(),
            ["Kind"] = "stop",
            ["At"] = Text(Now()),
        }));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Null(Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).End);
    }

    /// <summary>Now, to the millisecond (what a browser's clock gives).</summary>
    private static Instant Now() => Instant.FromUnixTimeMilliseconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeMilliseconds());

    private static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid id, string kind, Instant at, Dictionary<string, string>? details = null) =>
        SendAsync(client, id, kind, Text(at), details);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Guid id, string kind, string at, Dictionary<string, string>? details = null)
    {
        var token = (await client.GetDocumentAsync(Page)).AntiforgeryToken();
        var fields = new Dictionary<string, string>(details ?? [])
        {
            [Forms.TokenField] = token,
            ["Id"] = id.ToString(),
            ["Kind"] = kind,
            ["At"] = at,
        };
        return await client.PostAsync(Endpoint, new FormUrlEncodedContent(fields));
    }

    private static async Task<JsonNode> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty body.");
    }

}
