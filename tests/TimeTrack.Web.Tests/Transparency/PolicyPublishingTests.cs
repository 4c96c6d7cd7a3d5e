using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Admin;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>The policy editor, publishing, the history every member reads, and the acknowledgement the timer asks for.</summary>
public sealed class PolicyPublishingTests(PolicyFactory factory) : IClassFixture<PolicyFactory>
{
    private const string EntryDetailsToManager = "Categories[EntryDetails].Grants[TeamManager]";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb[PolicyOrganization.TimeZoneId];

    [Fact]
    public async Task Invalid_draft_comes_back_with_each_problem_next_to_its_field_and_the_typed_values_and_is_not_saved()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);

        var response = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .Set("Categories[OutsideHours].Purpose", "  ")
            .Set("Categories[Digests].RetentionDays", "a year")
            .Set("Categories[Reflections].Grants[TeamManager]", "IndividualTotals")
            .Set("Settings.MinimumGroupSize", "1")
            .Set("Settings.WorkdayStart", "17:00")
            .Set("Settings.WorkdayEnd", "09:00")
            .Set("NewException.ViewerUserId", org.Manager.Id.ToString())
            .Set("NewException.Category", "Totals")
            .Set("NewException.Reason", ""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Say why “Entries outside your working hours” is tracked.", page.QuerySelector("#Categories_OutsideHours__Purpose-error").Text());
        Assert.Contains("whole number of days", page.QuerySelector("#Categories_Digests__RetentionDays-error").Text(), StringComparison.Ordinal);
        Assert.Contains("Reflections stay private", page.QuerySelector("#Categories_Reflections__Grants_TeamManager_-error").Text(), StringComparison.Ordinal);
        Assert.Contains("a group of one is one person's data", page.QuerySelector("#Settings_MinimumGroupSize-error").Text(), StringComparison.Ordinal);
        Assert.Equal("The workday must end after it starts, on the same day.", page.QuerySelector("#Settings_WorkdayEnd-error").Text());
        Assert.Contains("Give the reason for this exception", page.QuerySelector("#NewException_Reason-error").Text(), StringComparison.Ordinal);
        Assert.Contains("Choose what the exception lets the person see", page.QuerySelector("#NewException_Granularity-error").Text(), StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Settings_MinimumGroupSize")?.GetAttribute("aria-invalid"));

        // What was typed stays, so nothing has to be typed twice.
        Assert.Equal("a year", page.QuerySelector("#Categories_Digests__RetentionDays")?.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector("#Settings_MinimumGroupSize")?.GetAttribute("value"));
        Assert.Equal("17:00", page.QuerySelector("#Settings_WorkdayStart")?.GetAttribute("value"));
        Assert.Equal("IndividualTotals", SelectedValue(page, "Categories[Reflections].Grants[TeamManager]"));
        Assert.Equal(org.Manager.Id.ToString(), SelectedValue(page, "NewException.ViewerUserId"));
        Assert.Equal("Totals", SelectedValue(page, "NewException.Category"));

        Assert.Null(await DraftAsync(org));
        Assert.Equal(1, await LatestNumberAsync(org));
    }

    [Fact]
    public async Task Publishing_without_a_reason_is_refused_and_nothing_is_published()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveEntryDetailsForManagerAsync(owner, org)).StatusCode);

        var response = await PolicyEditor.PublishAsync(owner, org.Slug, "  ", Today());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Say why the policy changes; every member will read it.", page.QuerySelector("#Publish_Reason-error").Text());
        Assert.Equal(1, await LatestNumberAsync(org));
        Assert.NotNull(await DraftAsync(org));
        Assert.Equal(0L, await NoticeCountAsync(org));
    }

    [Fact]
    public async Task Saves_of_the_draft_sent_at_once_all_succeed_and_leave_one_draft_holding_one_of_them()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var (_, fields) = await PolicyEditor.OpenAsync(owner, org.Slug);
        int[] sizes = [3, 4, 5, 6, 7, 8, 9, 10];

        // Two tabs, a double click: no draft exists yet, so each save would create one.
        var responses = await Task.WhenAll(sizes.Select(size =>
        {
            var mine = fields.ToList().Set("Settings.MinimumGroupSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return owner.PostAsync($"/{org.Slug}/admin/policy", new FormUrlEncodedContent(mine));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            Assert.Equal(1L, await superuser.ScalarAsync<long>(
                "SELECT count(*) FROM policy_versions WHERE tenant_id = @tenant AND number IS NULL", ("tenant", org.Id)));
        }

        var draft = await DraftAsync(org);
        Assert.NotNull(draft);
        Assert.Contains(draft.Policy.Settings.MinimumGroupSize, sizes);
    }

    [Fact]
    public async Task Publishing_makes_the_next_version_with_its_changes_author_and_reason_tells_every_member_and_shows_in_the_history()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var saved = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .Set(EntryDetailsToManager, "IndividualDetail")
            .Set("NewException.ViewerUserId", org.Manager.Id.ToString())
            .Set("NewException.Category", "WorkloadSignals")
            .Set("NewException.Granularity", "IndividualTotals")
            .Set("NewException.SubjectTeamId", "")
            .Set("NewException.Reason", "Milo leads the wellbeing programme."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/{org.Slug}/admin/policy#review", saved.Headers.Location?.OriginalString);

        // The review shows the plain-language changes before anything is published.
        var review = await owner.GetDocumentAsync(org.Path("admin/policy"));
        var changes = review.QuerySelectorAll("#policy-changes li").Select(li => li.Text()).ToList();
        Assert.Contains(EntryDetailsChange, changes);
        Assert.Contains(changes, c => c.StartsWith("New exception: Milo Manager may see “Workload signals” for everyone in the organization", StringComparison.Ordinal));
        Assert.Equal("Publish version 2", review.QuerySelector("#publish-heading").Text());

        var published = await PolicyEditor.PublishAsync(owner, org.Slug, "Managers review detailed entries for client billing.", Today());
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal($"/{org.Slug}/transparency/history#v2", published.Headers.Location?.OriginalString);

        await using (var scope = TenantScope(org))
        {
            var version = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveVersionAsync();
            Assert.NotNull(version);
            Assert.Equal(2, version.Number);
            Assert.Equal("Olga Owner", version.AuthorName);
            Assert.Equal(org.Owner.Id, version.AuthorUserId);
            Assert.Equal("Managers review detailed entries for client billing.", version.Reason);
            Assert.Equal(changes, version.Changes);
            Assert.Equal(Granularity.IndividualDetail, version.Policy.GrantFor(DataCategory.EntryDetails, Audience.TeamManager));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<PolicyStore>().DraftAsync());
        }

        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            var notices = await superuser.QueryAsync(
                "SELECT user_id, link FROM notices WHERE tenant_id = @tenant ORDER BY user_id",
                r => (UserId: r.GetGuid(0), Link: r.GetString(1)),
                ("tenant", org.Id));
            Assert.Equal(org.Members.Select(m => m.Id).Order(), notices.Select(n => n.UserId));
            Assert.All(notices, n => Assert.Equal($"/{org.Slug}/transparency/history#v2", n.Link));
        }

        var employee = await SignInAsync(org.Employee);
        var time = await employee.GetDocumentAsync(org.Path("time"));
        Assert.Contains(time.QuerySelectorAll(".notices .notice a"), a => a.GetAttribute("href") == $"/{org.Slug}/transparency/history#v2");

        var history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        var versions = history.QuerySelectorAll("article[id^='v']").Select(a => a.Id).ToList();
        Assert.Equal(["v2", "v1"], versions);
        var latest = history.QuerySelector("#v2")!;
        Assert.Contains("In force", latest.QuerySelector("h2").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("In force", history.QuerySelector("#v1 h2").Text(), StringComparison.Ordinal);
        Assert.Equal("Managers review detailed entries for client billing.", latest.QuerySelector(".policy-reason").Text());
        Assert.Contains("Olga Owner", latest.TextContent, StringComparison.Ordinal);
        Assert.Contains(EntryDetailsChange, latest.QuerySelectorAll(".policy-changes li").Select(li => li.Text()));

        var whole = await employee.GetDocumentAsync(org.Path("transparency/history/2"));
        Assert.Contains("Milo leads the wellbeing programme.", whole.QuerySelector("section[aria-labelledby='exceptions-heading']").Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync(org.Path("transparency/history/3"))).StatusCode);
    }

    [Fact]
    public async Task A_member_who_joined_before_a_new_version_acknowledges_it_before_tracking_more_time()
    {
        var org = await CreateOrganizationAsync();
        var employee = await SignInAsync(org.Employee);
        var owner = await SignInAsync(org.Owner);
        await PublishEntryDetailsForManagerAsync(owner, org);

        var time = await employee.GetDocumentAsync(org.Path("time"));
        var callout = time.QuerySelector("#acknowledge-policy");
        Assert.NotNull(callout);
        Assert.Contains("A new transparency policy is in force", callout.Text(), StringComparison.Ordinal);
        Assert.Equal($"/{org.Slug}/transparency/history#v2", callout.QuerySelector("a")?.GetAttribute("href"));
        Assert.Null(time.QuerySelector($"form[action='/{org.Slug}/time/timer/start']"));
        Assert.NotNull((await employee.GetDocumentAsync(org.Path("transparency/history"))).QuerySelector("#acknowledge-policy"));

        // Adding time by hand is refused with the reason, next to the form.
        var manual = await employee.SubmitAsync(org.Path("time"), org.Path("time/entries"), ManualEntry(org));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, manual.StatusCode);
        Assert.Contains(TimeEntryService.AcknowledgePolicyFirst, (await Forms.ParseAsync(manual)).Body!.TextContent, StringComparison.Ordinal);
        // So is a timer started without the form, as a stale tab would.
        var timer = await employee.PostAsync(org.Path("time/timer/start"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = org.ProjectId.ToString(),
            [Forms.TokenField] = time.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, timer.StatusCode);
        Assert.Contains(TimeEntryService.AcknowledgePolicyFirst, (await Forms.ParseAsync(timer)).Body!.TextContent, StringComparison.Ordinal);

        var versionId = callout.QuerySelector("input[name='versionId']")!.GetAttribute("value")!;
        var acknowledged = await employee.SubmitAsync(org.Path("time"), org.Path("transparency/acknowledge"), new Dictionary<string, string>
        {
            ["versionId"] = versionId,
            ["returnUrl"] = org.Path("time"),
        });
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Equal(org.Path("time"), acknowledged.Headers.Location?.OriginalString);

        time = await employee.GetDocumentAsync(org.Path("time"));
        Assert.Null(time.QuerySelector("#acknowledge-policy"));
        Assert.NotNull(time.QuerySelector($"form[action='/{org.Slug}/time/timer/start']"));
        Assert.Equal(HttpStatusCode.Redirect, (await employee.SubmitAsync(org.Path("time"), org.Path("time/entries"), ManualEntry(org))).StatusCode);
        var started = await employee.SubmitAsync(org.Path("time"), org.Path("time/timer/start"), new Dictionary<string, string>
        {
            ["Timer.ProjectId"] = org.ProjectId.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        // The author does not have to confirm reading what they published.
        Assert.Null((await owner.GetDocumentAsync(org.Path("transparency/history"))).QuerySelector("#acknowledge-policy"));
    }

    [Fact]
    public async Task Acknowledging_goes_back_only_to_a_local_address_and_needs_a_published_version()
    {
        var org = await CreateOrganizationAsync();
        var employee = await SignInAsync(org.Employee);
        await PublishEntryDetailsForManagerAsync(await SignInAsync(org.Owner), org);
        var history = org.Path("transparency/history");
        var versionId = (await employee.GetDocumentAsync(history)).QuerySelector("#acknowledge-policy input[name='versionId']")!.GetAttribute("value")!;

        var unknown = await employee.SubmitAsync(history, org.Path("transparency/acknowledge"), new Dictionary<string, string> { ["versionId"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var response = await employee.SubmitAsync(history, org.Path("transparency/acknowledge"), new Dictionary<string, string>
        {
            ["versionId"] = versionId,
            ["returnUrl"] = "https://evil.example/phish",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(history, response.Headers.Location?.OriginalString);
        Assert.Null((await employee.GetDocumentAsync(history)).QuerySelector("#acknowledge-policy"));
    }

    [Fact]
    public async Task A_version_effective_later_leaves_the_policy_in_force_until_then_and_then_puts_its_settings_in_force()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        // The settings alone would ask nobody to acknowledge anything; managers seeing entry details does.
        var saved = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .Set("Settings.Overlaps", "Allowed")
            .Set("Settings.WorkdayStart", "07:00")
            .Set("Settings.WorkdayEnd", "19:30")
            .Set("Settings.Days", "Monday", "Tuesday", "Wednesday", "Thursday")
            .Set("Settings.MaximumDaysInPast", "45")
            .Set("Settings.MaximumDaysInFuture", "10")
            .Set(EntryDetailsToManager, "IndividualDetail"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var effectiveOn = factory.Clock.GetCurrentInstant().InZone(Berlin).Date.PlusDays(3);
        var published = await PolicyEditor.PublishAsync(owner, org.Slug, "Longer days for the launch.", Iso(effectiveOn));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        Assert.Equal(1, (await ActiveVersionAsync(org))?.Number);
        Assert.Equal("Rejected 31 08:00:00 18:00:00 366 0", await TrackingSettingsAsync(org));
        var employee = await SignInAsync(org.Employee);
        var history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        Assert.Contains("Upcoming", history.QuerySelector("#v2 h2").Text(), StringComparison.Ordinal);
        Assert.Contains("Takes effect on " + effectiveOn.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), history.QuerySelector("#v2").Text(), StringComparison.Ordinal);
        Assert.Contains("In force", history.QuerySelector("#v1 h2").Text(), StringComparison.Ordinal);
        Assert.Null(history.QuerySelector("#acknowledge-policy"));
        Assert.NotNull((await employee.GetDocumentAsync(org.Path("time"))).QuerySelector($"form[action='/{org.Slug}/time/timer/start']"));
        // Its start is the start of that day in the organization's time zone.
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            var effectiveAt = await superuser.ScalarAsync<DateTime>("SELECT effective_at FROM policy_versions WHERE tenant_id = @tenant AND number = 2", ("tenant", org.Id));
            Assert.Equal(Berlin.AtStartOfDay(effectiveOn).ToInstant(), Instant.FromDateTimeUtc(DateTime.SpecifyKind(effectiveAt, DateTimeKind.Utc)));
        }

        factory.Clock.Advance(Duration.FromDays(4));
        await using (var scope = TenantScope(org))
        {
            // The recurring job may have got there first; either way the settings are now in force.
            await scope.ServiceProvider.GetRequiredService<PolicyPublisher>().ActivateDueAsync();
        }

        Assert.Equal(2, (await ActiveVersionAsync(org))?.Number);
        Assert.Equal("Allowed 15 07:00:00 19:30:00 45 10", await TrackingSettingsAsync(org));
        history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        Assert.Contains("In force", history.QuerySelector("#v2 h2").Text(), StringComparison.Ordinal);
        Assert.NotNull(history.QuerySelector("#acknowledge-policy"));
    }

    [Fact]
    public async Task Days_ahead_in_the_policy_let_people_add_planned_time_up_to_that_day_and_no_further()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var today = factory.Clock.GetCurrentInstant().InZone(Berlin).Date;
        var employee = await SignInAsync(org.Employee);

        // By default nothing can start after today.
        var early = await employee.SubmitAsync(org.Path("time"), org.Path("time/entries"), Planned(org, today.PlusDays(3)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("An entry cannot start after today.", (await Forms.ParseAsync(early)).Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields.Set("Settings.MaximumDaysInFuture", "10"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.PublishAsync(owner, org.Slug, "Plan leave ahead.", Today())).StatusCode);

        // Everyone reads the new limit on the transparency page, in words.
        var transparency = await employee.GetDocumentAsync(org.Path("transparency"));
        Assert.Contains("How far ahead you can add entries", transparency.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("10 days", transparency.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await employee.SubmitAsync(org.Path("time"), org.Path("time/entries"), Planned(org, today.PlusDays(10)))).StatusCode);
        var late = await employee.SubmitAsync(org.Path("time"), org.Path("time/entries"), Planned(org, today.PlusDays(11)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("An entry can start at most 10 days ahead.", (await Forms.ParseAsync(late)).Body!.TextContent, StringComparison.Ordinal);

        // The timesheet opens exactly the days the policy allows.
        var sheet = await employee.GetDocumentAsync(org.Path($"time/timesheet?week={Iso(today.PlusDays(10))}"));
        var weekStart = NodaTime.Text.LocalDatePattern.Iso.Parse(sheet.QuerySelector("input[name=Week]")!.GetAttribute("value")!).Value;
        var cells = sheet.QuerySelectorAll("table.timesheet tbody tr:first-child input[type=text]").OfType<IHtmlInputElement>().ToList();
        Assert.Equal(7, cells.Count);
        for (var d = 0; d < 7; d++)
        {
            Assert.Equal(weekStart.PlusDays(d) > today.PlusDays(10), cells[d].IsReadOnly);
        }

        // The change is announced in words in the history everyone reads.
        var history = await employee.GetDocumentAsync(org.Path("transparency/history"));
        Assert.Contains("You can now add entries up to 10 days ahead (before: up to today).", history.Body!.TextContent, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Planned(PolicyOrganization org, LocalDate day) => new()
    {
        ["Entry.Date"] = Iso(day),
        ["Entry.StartTime"] = "09:00",
        ["Entry.EndTime"] = "10:00",
        ["Entry.ProjectId"] = org.ProjectId.ToString(),
    };

    [Fact]
    public async Task An_exception_about_another_organizations_member_or_an_unknown_team_is_refused_next_to_it_and_nothing_is_saved()
    {
        var org = await CreateOrganizationAsync();
        var outsider = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);

        var response = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .AddException(0, outsider.Employee.Id, "Mallory Made-up", null, "")
            .AddException(1, org.Manager.Id, "Milo Manager", outsider.TeamId, "Pilots")
            .AddException(2, org.Manager.Id, "Milo Manager", Guid.NewGuid(), "The board"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal(
            "This person is not a member of the organization. Remove the exception, or add one for a member.",
            page.QuerySelector("#exception-0-error").Text());
        Assert.Equal(
            "This team is not one of the organization's teams. Remove the exception, or add one about an existing team or everyone.",
            page.QuerySelector("#exception-1-error").Text());
        Assert.Equal(page.QuerySelector("#exception-1-error").Text(), page.QuerySelector("#exception-2-error").Text());
        // The rows name what the organization knows, never what was posted.
        Assert.Contains(PolicyForm.NotAMember, page.QuerySelector("#exception-0").Text(), StringComparison.Ordinal);
        Assert.Contains(PolicyForm.NotATeam, page.QuerySelector("#exception-2").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", page.Body?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("The board", page.Body?.TextContent, StringComparison.Ordinal);

        Assert.Null(await DraftAsync(org));
        Assert.Equal(1, await LatestNumberAsync(org));
    }

    [Fact]
    public async Task Names_posted_with_an_exception_are_replaced_by_the_organizations_own()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);

        var saved = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .AddException(0, org.Manager.Id, "Mallory Made-up", org.TeamId, "The board"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var draft = await DraftAsync(org);
        var exception = Assert.Single(draft?.Policy.Exceptions ?? []);
        Assert.Equal(("Milo Manager", "Pilots"), (exception.ViewerName, exception.SubjectGroupName));
        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.PublishAsync(owner, org.Slug, "Milo covers the pilot's totals.", Today())).StatusCode);
        var history = await owner.GetDocumentAsync(org.Path("transparency/history/2"));
        Assert.Contains("Milo Manager may see", history.Body?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", history.Body?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("The board", history.Body?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Publishing_checks_the_exceptions_again_against_the_members_and_teams_of_the_moment(bool personLeaves)
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        var saved = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .Set("NewException.ViewerUserId", org.Employee.Id.ToString())
            .Set("NewException.Category", "Totals")
            .Set("NewException.Granularity", "IndividualTotals")
            .Set("NewException.SubjectTeamId", org.TeamId.ToString())
            .Set("NewException.Reason", "Emma plans the pilot's rota."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.ExecuteAsync(
                personLeaves
                    ? "DELETE FROM memberships WHERE tenant_id = @tenant AND user_id = @id"
                    : "DELETE FROM teams WHERE tenant_id = @tenant AND id = @id",
                ("tenant", org.Id),
                ("id", personLeaves ? org.Employee.Id : org.TeamId));
        }

        var response = await PolicyEditor.PublishAsync(owner, org.Slug, "Emma plans the rota.", Today());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(
            personLeaves ? "This person is not a member of the organization." : "This team is not one of the organization's teams.",
            page.QuerySelector("#exception-0-error").Text(),
            StringComparison.Ordinal);
        Assert.Contains(PolicyController.ExceptionsNeedAttention, page.QuerySelectorAll(".validation-summary li").Select(li => li.Text()));
        Assert.Equal(1, await LatestNumberAsync(org));
        Assert.NotNull(await DraftAsync(org));
        Assert.Equal(0L, await NoticeCountAsync(org));
    }

    [Fact]
    public async Task Billing_is_offered_only_nothing_or_its_totals_per_client_and_project_and_refused_per_person()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);

        var (page, _) = await PolicyEditor.OpenAsync(owner, org.Slug);
        Assert.Equal(
            ["None", "Aggregate"],
            page.QuerySelectorAll("select[name='Categories[Billing].Grants[OrganizationAdmins]'] option").Select(o => o.GetAttribute("value")));
        Assert.Equal("Aggregate", SelectedValue(page, "Categories[Billing].Grants[OrganizationAdmins]"));
        Assert.Equal(
            "Totals per client and project, by calendar month; never per person",
            page.QuerySelector("select[name='Categories[Billing].Grants[OrganizationAdmins]'] option[selected]").Text());

        var response = await PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields
            .Set("Categories[Billing].Grants[TeamManager]", "IndividualTotals")
            .Set("NewException.ViewerUserId", org.Manager.Id.ToString())
            .Set("NewException.Category", "Billing")
            .Set("NewException.Granularity", "IndividualDetail")
            .Set("NewException.Reason", "Milo invoices the pilot."));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var refused = await Forms.ParseAsync(response);
        Assert.Equal("Billing figures are per client and project, never per person.", refused.QuerySelector("#Categories_Billing__Grants_TeamManager_-error").Text());
        Assert.Equal("Billing figures are per client and project, never per person.", refused.QuerySelector("#NewException_Granularity-error").Text());
        Assert.Null(await DraftAsync(org));
    }

    [Fact]
    public async Task Discarding_the_draft_leaves_the_published_policy_as_it_was()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);
        await SaveEntryDetailsForManagerAsync(owner, org);
        Assert.NotNull(await DraftAsync(org));

        // Without the ticked box the draft stays, and the editor says why (back on the page it came from).
        var token = (await owner.GetDocumentAsync(org.Path("admin/policy"))).AntiforgeryToken();
        using (var request = new HttpRequestMessage(HttpMethod.Post, org.Path("admin/policy/discard")) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }) })
        {
            request.Headers.Referrer = new Uri(owner.BaseAddress!, org.Path("admin/policy"));
            var unconfirmed = await owner.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
            Assert.Equal(org.Path("admin/policy"), unconfirmed.Headers.Location?.OriginalString);
        }

        Assert.NotNull(await DraftAsync(org));
        var editor = await owner.GetDocumentAsync(org.Path("admin/policy"));
        Assert.Equal("Nothing was discarded: tick “Yes, discard the draft” to confirm; a discarded draft cannot be brought back.", editor.QuerySelector("p.notice-refused")?.TextContent);
        var discarded = await owner.SubmitAsync(org.Path("admin/policy"), org.Path("admin/policy/discard"), new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);

        Assert.Null(await DraftAsync(org));
        Assert.Equal(1, await LatestNumberAsync(org));
        var (page, _) = await PolicyEditor.OpenAsync(owner, org.Slug);
        Assert.Equal("None", SelectedValue(page, EntryDetailsToManager));
    }

    [Fact]
    public async Task Only_admins_open_the_policy_editor()
    {
        var org = await CreateOrganizationAsync();
        foreach (var person in new[] { org.Employee, org.Manager })
        {
            var client = await SignInAsync(person);
            var response = await client.GetAsync(org.Path("admin/policy"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);

            var token = (await client.GetDocumentAsync(org.Path("time"))).AntiforgeryToken();
            var publish = await client.PostAsync(org.Path("admin/policy/publish"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Publish.Reason"] = "sneaky",
                ["Publish.EffectiveFrom"] = Today(),
                [Forms.TokenField] = token,
            }));
            Assert.StartsWith("/account/access-denied", publish.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
        }

        // Someone from another organization does not learn that it exists.
        var outsider = await CreateOrganizationAsync();
        var stranger = await SignInAsync(outsider.Owner);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(org.Path("admin/policy"))).StatusCode);
        Assert.Equal(1, await LatestNumberAsync(org));
    }

    [Fact]
    public async Task The_old_tracking_settings_page_leads_to_the_policys_settings()
    {
        var org = await CreateOrganizationAsync();
        var owner = await SignInAsync(org.Owner);

        var response = await owner.GetAsync(org.Path("admin/tracking"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{org.Slug}/admin/policy#settings", response.Headers.Location?.OriginalString);
        var (page, _) = await PolicyEditor.OpenAsync(owner, org.Slug);
        Assert.NotNull(page.QuerySelector("#settings #Settings_WorkdayStart"));
        var admin = await owner.GetDocumentAsync(org.Path("admin"));
        Assert.NotNull(admin.QuerySelector($"a[href='/{org.Slug}/admin/policy']"));
    }

    private const string EntryDetailsChange = "Entry details: your team's manager could see nothing; now: everything, with details.";

    private async Task<PolicyOrganization> CreateOrganizationAsync()
    {
        var org = await PolicyOrganization.CreateAsync(factory.Services);
        // Members have joined before anything the test publishes.
        factory.Clock.Advance(Duration.FromMinutes(1));
        return org;
    }

    private static Task<HttpResponseMessage> SaveEntryDetailsForManagerAsync(HttpClient owner, PolicyOrganization org) =>
        PolicyEditor.SaveDraftAsync(owner, org.Slug, fields => fields.Set(EntryDetailsToManager, "IndividualDetail"));

    private async Task PublishEntryDetailsForManagerAsync(HttpClient owner, PolicyOrganization org)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await SaveEntryDetailsForManagerAsync(owner, org)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PolicyEditor.PublishAsync(owner, org.Slug, "Billing needs the detail.", Today())).StatusCode);
    }

    private async Task<HttpClient> SignInAsync(PolicyPerson person)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(person.Email, PolicyOrganization.Password);
        return client;
    }

    private string Today() => Iso(factory.Clock.GetCurrentInstant().InZone(Berlin).Date);

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    private Dictionary<string, string> ManualEntry(PolicyOrganization org) => new()
    {
        ["Entry.Date"] = Iso(factory.Clock.GetCurrentInstant().InZone(Berlin).Date.PlusDays(-1)),
        ["Entry.StartTime"] = "09:00",
        ["Entry.EndTime"] = "10:00",
        ["Entry.ProjectId"] = org.ProjectId.ToString(),
    };

    private AsyncServiceScope TenantScope(PolicyOrganization org) =>
        factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(org.Id, org.Owner.Id);

    private async Task<PolicyVersion?> ActiveVersionAsync(PolicyOrganization org)
    {
        await using var scope = TenantScope(org);
        return await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveVersionAsync();
    }

    private async Task<PolicyVersion?> DraftAsync(PolicyOrganization org)
    {
        await using var scope = TenantScope(org);
        return await scope.ServiceProvider.GetRequiredService<PolicyStore>().DraftAsync();
    }

    private async Task<int?> LatestNumberAsync(PolicyOrganization org)
    {
        await using var scope = TenantScope(org);
        return (await scope.ServiceProvider.GetRequiredService<PolicyStore>().LatestPublishedAsync())?.Number;
    }

    private async Task<long> NoticeCountAsync(PolicyOrganization org)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>("SELECT count(*) FROM notices WHERE tenant_id = @tenant", ("tenant", org.Id));
    }

    private async Task<string> TrackingSettingsAsync(PolicyOrganization org)
    {
        await using var scope = TenantScope(org);
        var tracking = (await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == org.Id)).Tracking;
        return FormattableString.Invariant($"{tracking.Overlaps} {tracking.WorkingDays} {tracking.WorkdayStart:HH:mm:ss} {tracking.WorkdayEnd:HH:mm:ss} {tracking.MaximumDaysInPast} {tracking.MaximumDaysInFuture}");
    }

    private static string? SelectedValue(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"select[name='{name}'] option").FirstOrDefault(o => o.HasAttribute("selected"))?.GetAttribute("value");
}
