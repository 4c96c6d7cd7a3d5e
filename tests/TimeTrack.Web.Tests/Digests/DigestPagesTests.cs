using System.Net;
using AngleSharp.Html.Dom;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>
/// The digest pages and API as the person and others see them: the person first, others only
/// "under self-review" until it is released, reflections only when shared, support requests, and the
/// access log of every read. Each test uses a week of its own.
/// </summary>
[Collection(DigestPagesCollection.Name)]
public sealed class DigestPagesTests(DigestPagesFactory factory)
{
    [Fact]
    public async Task A_manager_sees_only_under_self_review_before_release_and_the_numbers_after_an_early_release()
    {
        var week = new LocalDate(2026, 11, 9);
        var digest = await factory.AddDigestAsync("alice@acme.test", week);
        var alice = await factory.CallerAsync("alice@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        var path = $"/acme/team/digests/{alice.UserId}/2026-11-09";

        var before = await manager.Browser.GetAsync(path);
        var beforeHtml = await before.Content.ReadAsStringAsync();
        var beforePage = await Forms.ParseAsync(before);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var state = beforePage.QuerySelector("#digest-release-state")!.TextContent;
        Assert.Contains("Under self-review.", state, StringComparison.Ordinal);
        Assert.Contains("It will be released on Fri 27 Nov 2026, 13:00 (Europe/Berlin) at the latest.", Normalize(state), StringComparison.Ordinal);
        Assert.Null(beforePage.QuerySelector("#digest-numbers"));
        Assert.DoesNotContain(DigestPagesFactory.TotalText, beforeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(DigestPagesFactory.Highlight, beforeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Website relaunch", beforePage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var apiBefore = await (await manager.Api.GetAsync($"/api/v1/people/{alice.UserId}/digests/2026-11-09")).JsonAsync();
        Assert.Equal("under_self_review", apiBefore["state"]!.GetValue<string>());
        Assert.Equal(InstantPattern.ExtendedIso.Format(digest.EmbargoEndsAt), apiBefore["visible_from"]!.GetValue<string>());
        Assert.Null(apiBefore["content"]);
        Assert.Null(apiBefore["support_request"]);

        // Alice sees everything, and releases it; releasing twice changes nothing.
        var own = await alice.Browser.GetDocumentAsync("/acme/digests/2026-11-09");
        Assert.Equal(DigestPagesFactory.TotalText, own.QuerySelector("#digest-total")?.TextContent.Trim());
        Assert.Contains("Only you can see this until you release it or until Fri 27 Nov 2026, 13:00 (Europe/Berlin).", Normalize(own.QuerySelector("#digest-release-state")!.TextContent), StringComparison.Ordinal);
        // A release cannot be undone, so without the box ticked nothing happens.
        var unconfirmed = await alice.Browser.SubmitAsync("/acme/digests/2026-11-09", "/acme/digests/2026-11-09/release", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        var refused = await Forms.ParseAsync(unconfirmed);
        Assert.Equal(TimeTrack.Web.Features.Digests.DigestsController.ReleaseNeedsConfirmation, refused.QuerySelector("#ConfirmRelease-error")?.TextContent.Trim());
        Assert.Equal("#ConfirmRelease", refused.QuerySelector("#error-summary a")?.GetAttribute("href"));
        Assert.Null((await factory.DigestAsync(digest.Id)).ReleasedAt);
        Assert.Equal(HttpStatusCode.Redirect, (await alice.Browser.SubmitAsync("/acme/digests/2026-11-09", "/acme/digests/2026-11-09/release", new Dictionary<string, string> { ["ConfirmRelease"] = "true" })).StatusCode);
        Assert.Equal(PersonDataFactory.Now, (await factory.DigestAsync(digest.Id)).ReleasedAt);
        var again = await alice.Browser.PostAsync("/acme/digests/2026-11-09/release", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = own.AntiforgeryToken() }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(PersonDataFactory.Now, (await factory.DigestAsync(digest.Id)).ReleasedAt);
        var released = await alice.Browser.GetDocumentAsync("/acme/digests/2026-11-09");
        Assert.Equal("Released early by you on Wed 25 Nov 2026, 13:00 (Europe/Berlin).", Normalize(released.QuerySelector("#digest-release-state")!.TextContent));
        Assert.Null(released.QuerySelector("#digest-release-now"));

        var after = await manager.Browser.GetDocumentAsync(path);
        Assert.Equal(DigestPagesFactory.TotalText, after.QuerySelector("#digest-total")?.TextContent.Trim());
        // The focus block's start is an exact time (entry details) and outside-hours time is its own
        // category: the default policy shows neither to the manager, so the highlights are written anew
        // from the numbers shown.
        Assert.DoesNotContain(DigestPagesFactory.Highlight, after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Tuesday", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Most of your time went to Website relaunch", after.QuerySelector("#digest-highlights")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([["Website relaunch", "16h 40m"], ["Internal tools", "5h 57m"]], Rows(after, "#digest-projects"));
        Assert.StartsWith("Released early by Alice Anders on", Normalize(after.QuerySelector("#digest-release-state")!.TextContent), StringComparison.Ordinal);

        var apiAfter = await (await manager.Api.GetAsync($"/api/v1/people/{alice.UserId}/digests/2026-11-09")).JsonAsync();
        Assert.Equal("released_early", apiAfter["state"]!.GetValue<string>());
        Assert.Equal(DigestPagesFactory.TotalMinutes, apiAfter["content"]!["total_minutes"]!.GetValue<int>());
        Assert.Equal(421, apiAfter["content"]!["focus_minutes"]!.GetValue<int>());
        Assert.Equal("done", apiAfter["content"]!["outcome_moves"]![0]!["status"]!.GetValue<string>());
        Assert.Null(apiAfter["content"]!["longest_focus_block"]);
        Assert.Null(apiAfter["content"]!["outside_hours_minutes"]);
        Assert.DoesNotContain("Tuesday", apiAfter["content"]!["highlights"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(apiAfter["reflection"]);

        var log = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Where(e => e.Resource.Contains("9 Nov 2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                (AccessChannel.Page, "Digests › week of 9 Nov 2026 (under self-review)"),
                (AccessChannel.Api, "API: Digests › week of 9 Nov 2026 (under self-review)"),
                (AccessChannel.Page, "Digests › week of 9 Nov 2026"),
                (AccessChannel.Api, "API: Digests › week of 9 Nov 2026"),
            ],
            log.Select(e => (e.Channel, e.Resource)));
        Assert.All(log, e => Assert.Equal([DataCategory.Digests], e.Categories));
        Assert.All(log, e => Assert.Equal(manager.UserId, e.ViewerUserId));
    }

    [Fact]
    public async Task When_the_embargo_ends_the_digest_is_released_without_the_person()
    {
        await factory.AddDigestAsync("alice@acme.test", new LocalDate(2026, 11, 2), embargoHours: -1);
        var alice = await factory.CallerAsync("alice@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");

        var theirs = await manager.Browser.GetDocumentAsync($"/acme/team/digests/{alice.UserId}/2026-11-02");
        var mine = await alice.Browser.GetDocumentAsync("/acme/digests/2026-11-02");
        var api = await (await manager.Api.GetAsync($"/api/v1/people/{alice.UserId}/digests/2026-11-02")).JsonAsync();

        Assert.Equal(DigestPagesFactory.TotalText, theirs.QuerySelector("#digest-total")?.TextContent.Trim());
        Assert.Equal("Released when the embargo ended on Wed 25 Nov 2026, 12:00 (Europe/Berlin).", Normalize(theirs.QuerySelector("#digest-release-state")!.TextContent));
        Assert.Equal("Released when the embargo ended on Wed 25 Nov 2026, 12:00 (Europe/Berlin).", Normalize(mine.QuerySelector("#digest-release-state")!.TextContent));
        Assert.Null(mine.QuerySelector("#digest-release-now"));
        Assert.Equal("embargo_ended", api["state"]!.GetValue<string>());
        Assert.Equal(DigestPagesFactory.TotalMinutes, api["content"]!["total_minutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_private_reflection_never_reaches_the_manager_unless_it_is_shared()
    {
        await factory.AddDigestAsync("alice@acme.test", new LocalDate(2026, 10, 26), embargoHours: -1);
        var alice = await factory.CallerAsync("alice@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        const string Own = "/acme/digests/2026-10-26";
        var theirs = $"/acme/team/digests/{alice.UserId}/2026-10-26";
        var api = $"/api/v1/people/{alice.UserId}/digests/2026-10-26";
        const string Reflection = "Mondays drain me more than I admit.";

        var saved = await alice.Browser.SubmitAsync(Own, Own + "/reflection", new Dictionary<string, string> { ["Reflection.Text"] = Reflection });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var mine = await alice.Browser.GetDocumentAsync(Own);
        Assert.Equal(Reflection, mine.QuerySelector("textarea[name='Reflection.Text']")?.TextContent.Trim());
        Assert.Null(mine.QuerySelector("input[name='Reflection.Share'][checked]"));
        Assert.Equal(Reflection, (await (await alice.Api.GetAsync("/api/v1/me/digests")).JsonAsync()).AsArray().Single(d => d!["week_start"]!.GetValue<string>() == "2026-10-26")!["reflection"]!.GetValue<string>());

        Assert.DoesNotContain("Mondays drain me", await manager.Browser.GetStringAsync(theirs), StringComparison.Ordinal);
        Assert.DoesNotContain("Mondays drain me", await manager.Api.GetStringAsync(api), StringComparison.Ordinal);

        await alice.Browser.SubmitAsync(Own, Own + "/reflection", new Dictionary<string, string> { ["Reflection.Text"] = Reflection, ["Reflection.Share"] = "true" });
        var shared = await manager.Browser.GetDocumentAsync(theirs);
        Assert.Equal(Reflection, shared.QuerySelector("#digest-shared-reflection")?.TextContent.Trim());
        Assert.Equal(Reflection, (await (await manager.Api.GetAsync(api)).JsonAsync())["reflection"]?.GetValue<string>());

        var log = (await factory.AccessLogOfAsync(alice.UserId, factory.AcmeId)).Where(e => e.Resource.Contains("26 Oct 2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [[DataCategory.Digests], [DataCategory.Digests], [DataCategory.Digests, DataCategory.Reflections], [DataCategory.Digests, DataCategory.Reflections]],
            log.Select(e => e.Categories.ToArray()));
    }

    [Theory]
    [InlineData("bob@acme.test", "acme")]
    [InlineData("otto@acme.test", "acme")]
    [InlineData("admin@acme.test", "acme")]
    [InlineData("owner@acme.test", "acme")]
    [InlineData("pia@acme.test", "acme")]
    [InlineData("dave@globex.test", "globex")]
    public async Task People_the_policy_does_not_let_see_her_digests_get_404_and_leave_no_trace(string email, string org)
    {
        await EnsureDigestAsync("alice@acme.test", new LocalDate(2026, 10, 19));
        var caller = await factory.CallerAsync(email, org);
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var before = (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count;

        Assert.Equal(HttpStatusCode.NotFound, (await caller.Browser.GetAsync($"/{org}/team/digests/{alice}/2026-10-19")).StatusCode);
        await (await caller.Api.GetAsync($"/api/v1/people/{alice}/digests/2026-10-19")).ProblemAsync(HttpStatusCode.NotFound);
        var list = await caller.Browser.GetDocumentAsync($"/{org}/team/digests");
        Assert.Empty(list.QuerySelectorAll($"[data-person='{alice}']"));

        Assert.Equal(before, (await factory.AccessLogOfAsync(alice, factory.AcmeId)).Count);
    }

    [Fact]
    public async Task A_manager_gets_404_for_a_member_of_another_team_an_unknown_week_or_person()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var finn = await factory.Database.UserIdAsync("finn@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var dave = await factory.Database.UserIdAsync("dave@globex.test");

        foreach (var path in new[] { $"/acme/team/digests/{finn}/2026-11-16", $"/acme/team/digests/{alice}/2020-01-06", $"/acme/team/digests/{dave}/2026-11-15", $"/acme/team/digests/{alice}/16.11.2026" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await manager.Browser.GetAsync(path)).StatusCode);
        }

        await (await manager.Api.GetAsync($"/api/v1/people/{finn}/digests/2026-11-16")).ProblemAsync(HttpStatusCode.NotFound);
        await (await manager.Api.GetAsync($"/api/v1/people/{dave}/digests/2026-11-15")).ProblemAsync(HttpStatusCode.NotFound);
        var invalid = await (await manager.Api.GetAsync($"/api/v1/people/{alice}/digests/16.11.2026")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(invalid.FieldErrors("week_start"));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.Browser.GetAsync("/acme/digests/2020-01-06")).StatusCode);
    }

    [Fact]
    public async Task Forms_with_bad_input_answer_422_and_keep_what_was_typed()
    {
        await factory.AddDigestAsync("carol@acme.test", new LocalDate(2026, 10, 12), embargoHours: -1, change: d =>
        {
            d.SupportRequest = "Prioritising the backlog";
            d.SupportRequestedAt = d.CreatedAt;
        });
        var carol = await factory.CallerAsync("carol@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        const string Own = "/acme/digests/2026-10-12";
        var longReflection = new string('r', 4001);
        var longRequest = new string('s', 2001);

        var reflection = await carol.Browser.SubmitAsync(Own, Own + "/reflection", new Dictionary<string, string> { ["Reflection.Text"] = longReflection, ["Reflection.Share"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reflection.StatusCode);
        var reflectionPage = await Forms.ParseAsync(reflection);
        Assert.Equal(longReflection, reflectionPage.QuerySelector("textarea[name='Reflection.Text']")?.TextContent.Trim());
        Assert.Equal("true", reflectionPage.QuerySelector("textarea[name='Reflection.Text']")?.GetAttribute("aria-invalid"));
        Assert.NotNull(reflectionPage.QuerySelector("input[name='Reflection.Share'][checked]"));
        Assert.Equal("Use at most 4,000 characters.", reflectionPage.QuerySelector("#Reflection_Text-error")?.TextContent.Trim());
        Assert.Equal("Prioritising the backlog", reflectionPage.QuerySelector("textarea[name='Support.Request']")?.TextContent.Trim());

        var support = await carol.Browser.SubmitAsync(Own, Own + "/support", new Dictionary<string, string> { ["Support.Request"] = longRequest });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, support.StatusCode);
        var supportPage = await Forms.ParseAsync(support);
        Assert.Equal(longRequest, supportPage.QuerySelector("textarea[name='Support.Request']")?.TextContent.Trim());
        Assert.Equal("Use at most 2,000 characters.", supportPage.QuerySelector("#Support_Request-error")?.TextContent.Trim());

        var theirs = $"/acme/team/digests/{carol.UserId}/2026-10-12";
        var empty = await manager.Browser.SubmitAsync(theirs, theirs + "/respond", new Dictionary<string, string> { ["ResponseForm.Response"] = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Write a response, or use Acknowledge.", (await Forms.ParseAsync(empty)).QuerySelector("#ResponseForm_Response-error")?.TextContent.Trim());
        var tooLong = await manager.Browser.SubmitAsync(theirs, theirs + "/respond", new Dictionary<string, string> { ["ResponseForm.Response"] = longRequest });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal(longRequest, (await Forms.ParseAsync(tooLong)).QuerySelector("textarea[name='ResponseForm.Response']")?.TextContent.Trim());
    }

    [Fact]
    public async Task Support_requests_reach_the_manager_with_the_released_digest_and_are_acknowledged_and_answered()
    {
        var digest = await factory.AddDigestAsync("bob@acme.test", new LocalDate(2026, 10, 5));
        var bob = await factory.CallerAsync("bob@acme.test");
        var manager = await factory.CallerAsync("manager@acme.test");
        const string Own = "/acme/digests/2026-10-05";
        const string Request = "Too many meetings on Tuesdays";

        Assert.Equal(HttpStatusCode.Redirect, (await bob.Browser.SubmitAsync(Own, Own + "/support", new Dictionary<string, string> { ["Support.Request"] = Request })).StatusCode);
        Assert.Equal(PersonDataFactory.Now, (await factory.DigestAsync(digest.Id)).SupportRequestedAt);

        // Still under self-review: the request travels with the digest, so the manager does not see it yet.
        var hidden = await manager.Browser.GetStringAsync("/acme/team/digests");
        Assert.DoesNotContain(Request, hidden, StringComparison.Ordinal);
        Assert.DoesNotContain(Request, await manager.Browser.GetStringAsync($"/acme/team/digests/{bob.UserId}/2026-10-05"), StringComparison.Ordinal);

        await bob.Browser.SubmitAsync(Own, Own + "/release", new Dictionary<string, string> { ["ConfirmRelease"] = "true" });
        var list = await manager.Browser.GetDocumentAsync("/acme/team/digests");
        var item = list.QuerySelector($"#support-requests li[data-person='{bob.UserId}'][data-week='2026-10-05']");
        Assert.NotNull(item);
        Assert.Contains(Request, item.TextContent, StringComparison.Ordinal);

        var acknowledged = await manager.Browser.SubmitAsync("/acme/team/digests", $"/acme/team/digests/{bob.UserId}/2026-10-05/acknowledge", new Dictionary<string, string> { ["back"] = "list" });
        Assert.Equal("/acme/team/digests", acknowledged.Headers.Location?.OriginalString);
        var stored = await factory.DigestAsync(digest.Id);
        Assert.Equal(PersonDataFactory.Now, stored.SupportAcknowledgedAt);
        Assert.Equal(manager.UserId, stored.SupportAcknowledgedBy);

        var theirs = $"/acme/team/digests/{bob.UserId}/2026-10-05";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.Browser.SubmitAsync(theirs, theirs + "/respond", new Dictionary<string, string> { ["ResponseForm.Response"] = "Let's move the Tuesday sync." })).StatusCode);

        var mine = await bob.Browser.GetDocumentAsync(Own);
        var answer = Normalize(mine.QuerySelector("#digest-support-answer")!.TextContent);
        Assert.Contains("Acknowledged by Maya Manager on Wed 25 Nov 2026, 12:00 (Europe/London).", answer, StringComparison.Ordinal);
        Assert.Equal("Let's move the Tuesday sync.", mine.QuerySelector("#digest-support-response")?.TextContent.Trim());

        // Acknowledged requests stay as they are.
        var withdraw = await bob.Browser.PostAsync(Own + "/support", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = mine.AntiforgeryToken(), ["Support.Request"] = "" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withdraw.StatusCode);
        Assert.Equal(Request, (await factory.DigestAsync(digest.Id)).SupportRequest);
    }

    [Fact]
    public async Task Clearing_an_unacknowledged_support_request_withdraws_it()
    {
        var digest = await factory.AddDigestAsync("carol@acme.test", new LocalDate(2026, 9, 28), embargoHours: -1);
        var carol = await factory.CallerAsync("carol@acme.test");
        const string Own = "/acme/digests/2026-09-28";

        await carol.Browser.SubmitAsync(Own, Own + "/support", new Dictionary<string, string> { ["Support.Request"] = "Onboarding the new joiner" });
        Assert.NotNull((await factory.DigestAsync(digest.Id)).SupportRequestedAt);
        Assert.Equal(HttpStatusCode.Redirect, (await carol.Browser.SubmitAsync(Own, Own + "/support", new Dictionary<string, string> { ["Support.Request"] = "" })).StatusCode);

        var stored = await factory.DigestAsync(digest.Id);
        Assert.Null(stored.SupportRequest);
        Assert.Null(stored.SupportRequestedAt);
        var manager = await factory.CallerAsync("manager@acme.test");
        Assert.Empty((await manager.Browser.GetDocumentAsync("/acme/team/digests")).QuerySelectorAll($"#support-requests li[data-person='{carol.UserId}'][data-week='2026-09-28']"));
    }

    [Fact]
    public async Task The_history_lists_ones_own_digests_newest_first_with_the_trend()
    {
        await EnsureDigestAsync("alice@acme.test", new LocalDate(2026, 10, 19));
        var alice = await factory.CallerAsync("alice@acme.test");

        var page = await alice.Browser.GetDocumentAsync("/acme/digests");
        var weeks = page.QuerySelectorAll("#digest-history tbody tr").Select(r => r.GetAttribute("data-week")!).ToList();
        var mine = (await (await alice.Api.GetAsync("/api/v1/me/digests")).JsonAsync()).AsArray();

        Assert.Contains("2026-11-16", weeks);
        Assert.Contains("2026-10-19", weeks);
        Assert.Equal(weeks.OrderDescending(StringComparer.Ordinal), weeks);
        Assert.Equal(weeks, mine.Select(d => d!["week_start"]!.GetValue<string>()));
        Assert.Equal($"/acme/digests/{weeks[0]}", page.QuerySelector("#digest-history tbody tr a")?.GetAttribute("href"));
        Assert.Equal(weeks.Count, page.QuerySelectorAll("#digest-trend tbody tr").Length);
        Assert.NotNull(page.QuerySelector("canvas#digest-trend-chart[data-totals][data-focus]"));
        Assert.All(mine, d => Assert.NotNull(d!["content"]));
    }

    [Fact]
    public async Task The_team_list_names_people_in_order_without_numbers()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var page = await manager.Browser.GetDocumentAsync("/acme/team/digests");

        var rows = page.QuerySelectorAll("#team-digests tbody tr[data-week='2026-11-16']").ToList();
        Assert.Equal(["Alice Anders", "Bob Brown", "Carol Chen"], rows.Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        Assert.All(rows, r => Assert.Equal("under-self-review", r.GetAttribute("data-state")));
        Assert.All(rows, r => Assert.Contains("Under self-review until", r.TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(DigestPagesFactory.TotalText, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var names = page.QuerySelectorAll("#team-digests tbody th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.NotNull((await manager.Browser.GetDocumentAsync("/acme/team")).QuerySelector("a[href='/acme/team/digests']"));
    }

    private async Task EnsureDigestAsync(string email, LocalDate week)
    {
        try
        {
            await factory.AddDigestAsync(email, week, embargoHours: -1);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another test of this class already added it.
        }
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<List<string>> Rows(IHtmlDocument page, string table) =>
        [.. page.QuerySelectorAll($"{table} tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList())];
}
