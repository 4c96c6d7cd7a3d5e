using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Validation;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Digests;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Input;

/// <summary>
/// The hostile inputs the fuzzing of the demo deployment found, one named test each: every one is
/// answered 400 or 422 with the field's error, a form comes back with what was typed, and nothing is
/// written. The clock stands at Wednesday 25 November 2026 (<see cref="DigestPagesFactory"/>).
/// </summary>
public sealed class HostileInputTests(DigestPagesFactory factory) : IClassFixture<DigestPagesFactory>
{
    private const string Range = "Use a date from 1900-01-01 to 2200-12-31.";
    private const string Time = "/acme/time";

    [Fact]
    public void The_messages_name_the_supported_range_and_the_control_character()
    {
        Assert.Equal(Range, SupportedDates.OutOfRangeMessage);
        Assert.Contains("NUL", PlainText.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NUL_in_a_form_field_is_refused_next_to_the_field_with_everything_typed_kept_and_nothing_written()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var project = ProjectOption(await alice.Browser.GetDocumentAsync(Time), "Entry.ProjectId");

        var response = await alice.Browser.SubmitAsync(Time, "/acme/time/entries", new Dictionary<string, string>
        {
            ["Entry.Date"] = "2026-11-24",
            ["Entry.StartTime"] = "10:05",
            ["Entry.EndTime"] = "11:35",
            ["Entry.ProjectId"] = project,
            ["Entry.Description"] = "Standup\0notes",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal(PlainText.Message, page.QuerySelector("#Entry_Description-error")?.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#Entry_Description")?.GetAttribute("aria-invalid"));
        var description = page.QuerySelector("#Entry_Description")?.GetAttribute("value") ?? "";
        Assert.StartsWith("Standup", description, StringComparison.Ordinal);
        Assert.EndsWith("notes", description, StringComparison.Ordinal);
        Assert.Equal("2026-11-24", page.QuerySelector("#Entry_Date")?.GetAttribute("value"));
        Assert.Equal("10:05", page.QuerySelector("#Entry_StartTime")?.GetAttribute("value"));
        Assert.Equal("11:35", page.QuerySelector("#Entry_EndTime")?.GetAttribute("value"));
        Assert.Equal(project, page.QuerySelector("#Entry_ProjectId option[selected]")?.GetAttribute("value"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM time_entries WHERE description LIKE 'Standup%'"));
    }

    /// <summary>The form reader refused the whole form for a NUL in any field; antiforgery then failed and the 400 page crashed re-reading it.</summary>
    [Fact]
    public async Task A_NUL_in_a_field_nobody_binds_leaves_the_rest_of_the_form_working()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var response = await manager.Browser.SubmitAsync("/acme/work", "/acme/work/clients", new Dictionary<string, string>
        {
            ["NewClient.Name"] = "Nul Tolerant Ltd",
            ["unbound"] = "x\0y",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM clients WHERE name = 'Nul Tolerant Ltd'"));
    }

    [Fact]
    public async Task A_form_with_a_NUL_and_no_antiforgery_token_gets_the_400_page_not_a_server_error()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var response = await manager.Browser.PostAsync("/acme/work/clients", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewClient.Name"] = "No token Ltd",
            ["code"] = "x\0y",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Something was wrong with that request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM clients WHERE name = 'No token Ltd'"));
    }

    [Fact]
    public async Task A_project_billable_by_default_that_is_not_a_boolean_is_a_field_error_and_the_form_comes_back_as_typed()
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var response = await manager.Browser.SubmitAsync("/acme/work/projects/new", "/acme/work/projects", new Dictionary<string, string>
        {
            ["Project.Name"] = "Maybe billable",
            ["Project.Color"] = "#2f6f4f",
            ["Project.IsBillableByDefault"] = "maybe",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Billable by default must be true or false.", page.QuerySelector("#Project_IsBillableByDefault-error")?.TextContent.Trim());
        Assert.Equal("Maybe billable", page.QuerySelector("#Project_Name")?.GetAttribute("value"));
        Assert.Equal("#2f6f4f", page.QuerySelector("#Project_Color")?.GetAttribute("value"));
        Assert.False(page.QuerySelector("#Project_IsBillableByDefault")?.HasAttribute("checked"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM projects WHERE name = 'Maybe billable'"));
    }

    [Fact]
    public async Task A_new_member_project_manager_flag_that_is_not_a_boolean_is_a_field_error_and_nobody_is_added()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var projectPath = $"/acme/work/projects/{await ScalarAsync<Guid>("SELECT id FROM projects WHERE name = 'Internal tools' AND tenant_id = @t", ("t", factory.AcmeId))}";
        var person = (await manager.Browser.GetDocumentAsync(projectPath)).QuerySelectorAll("#NewMember_UserId option")
            .Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        var members = await CountAsync("SELECT count(*) FROM project_members");

        var response = await manager.Browser.SubmitAsync(projectPath, projectPath + "/members", new Dictionary<string, string>
        {
            ["NewMember.UserId"] = person,
            ["NewMember.IsProjectManager"] = "maybe",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Project manager must be true or false.", page.QuerySelector("#NewMember_IsProjectManager-error")?.TextContent.Trim());
        Assert.Equal(person, page.QuerySelector("#NewMember_UserId option[selected]")?.GetAttribute("value"));
        Assert.Equal(members, await CountAsync("SELECT count(*) FROM project_members"));
    }

    [Fact]
    public async Task A_reflection_share_flag_that_is_not_a_boolean_is_a_field_error_the_text_is_kept_and_nothing_is_saved()
    {
        var digest = await factory.AddDigestAsync("alice@acme.test", new LocalDate(2026, 10, 5));
        var alice = await factory.CallerAsync("alice@acme.test");
        const string Own = "/acme/digests/2026-10-05";

        var response = await alice.Browser.SubmitAsync(Own, Own + "/reflection", new Dictionary<string, string>
        {
            ["Reflection.Text"] = "A calm week with one long afternoon.",
            ["Reflection.Share"] = "maybe",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Share my reflection with people who can see this digest must be true or false.", page.QuerySelector("#Reflection_Share-error")?.TextContent.Trim());
        Assert.Equal("A calm week with one long afternoon.", page.QuerySelector("#Reflection_Text")?.TextContent.Trim());
        var saved = await factory.DigestAsync(digest.Id);
        Assert.Null(saved.Reflection);
        Assert.False(saved.ReflectionShared);
    }

    public static TheoryData<string> WeekPages() =>
    [
        "/acme/time?week=9999-12-31",
        "/acme/time/timesheet?week=9999-12-31",
        "/acme/time/insights?date=9999-12-31",
        "/acme/time/insights?period=month&date=9999-12-31",
        "/acme/team?week=9999-12-31",
        "/acme/team/export?week=9999-12-31",
        "/acme/team/people/{alice}?week=9999-12-31",
        "/acme/transparency/manager-view?week=9999-12-31",
    ];

    [Theory]
    [MemberData(nameof(WeekPages))]
    public async Task A_week_of_9999_12_31_is_a_400_naming_the_supported_range(string url)
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var response = await manager.Browser.GetAsync(url.Replace("{alice}", alice.ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        var error = Assert.Single(page.QuerySelectorAll(".field-errors li"));
        Assert.Equal(url.Contains("date=", StringComparison.Ordinal) ? "date" : "week", error.QuerySelector("code")?.TextContent);
        Assert.Equal(Range, error.QuerySelector(".field-error")?.TextContent);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_week_outside_the_range_in_the_people_api_is_a_400_problem_naming_the_range(string start)
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var alice = await factory.Database.UserIdAsync("alice@acme.test");

        var problem = await (await manager.Api.GetAsync($"/api/v1/people/{alice}/week?start={start}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([Range], problem.FieldErrors("start"));
    }

    [Theory]
    [InlineData("0001-01-01", "0001-01-07")]
    [InlineData("9999-12-25", "9999-12-31")]
    public async Task A_dashboard_period_outside_the_range_is_a_422_with_the_dates_kept_as_typed(string from, string to)
    {
        var manager = await factory.CallerAsync("manager@acme.test");

        var response = await manager.Browser.GetAsync($"/acme/team/dashboard?period=custom&from={from}&to={to}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal(Range, page.QuerySelector("#dashboard-from-error")?.TextContent.Trim());
        Assert.Equal(Range, page.QuerySelector("#dashboard-to-error")?.TextContent.Trim());
        Assert.Equal(from, page.QuerySelector("#dashboard-from")?.GetAttribute("value"));
        Assert.Equal(to, page.QuerySelector("#dashboard-to")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_NUL_in_an_api_entry_description_is_a_400_problem_for_the_description_and_nothing_is_written()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var project = (await (await alice.Api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var body = $$"""{"project_id":"{{project}}","description":"Standup\u0000notes","start":"2026-11-23T09:00:00Z","end":"2026-11-23T10:00:00Z"}""";

        var response = await alice.Api.PostAsync("/api/v1/entries", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([PlainText.Message], problem.FieldErrors("description"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM time_entries WHERE start_at = '2026-11-23T09:00:00Z'"));
    }

    [Fact]
    public async Task An_api_entry_far_outside_the_range_is_a_400_problem_naming_the_range()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var project = (await (await alice.Api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var body = $$"""{"project_id":"{{project}}","start":"0001-01-01T09:00:00Z","end":"9999-12-31T10:00:00Z"}""";

        var problem = await (await alice.Api.PostAsync("/api/v1/entries", new StringContent(body, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([Range], problem.FieldErrors("start"));
        Assert.Equal([Range], problem.FieldErrors("end"));
    }

    [Fact]
    public async Task A_timesheet_for_the_week_of_1_January_0001_cannot_be_submitted()
    {
        var alice = await factory.CallerAsync("alice@acme.test");

        var response = await alice.Browser.SubmitAsync("/acme/time/timesheet", "/acme/time/timesheet/submit?week=0001-01-01", new Dictionary<string, string> { ["week"] = "0001-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Range, (await Forms.ParseAsync(response)).QuerySelector(".field-errors .field-error")?.TextContent);

        // Nor through the service behind the page, which the API and any later caller share.
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId, alice.UserId))
        {
            var result = await scope.ServiceProvider.GetRequiredService<ApprovalService>().SubmitAsync(alice.UserId, new LocalDate(1, 1, 1));
            Assert.Equal(TrackingFailure.Invalid, result.Failure);
            Assert.Equal(Range, Assert.Single(result.Problems).Message);
        }

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM week_submissions WHERE week_start < '1900-01-01'"));
    }

    [Fact]
    public async Task A_timesheet_posted_for_a_week_outside_the_range_saves_nothing_and_says_why()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var entries = await CountAsync("SELECT count(*) FROM time_entries");

        var response = await alice.Browser.SubmitAsync("/acme/time/timesheet", "/acme/time/timesheet", new Dictionary<string, string>
        {
            ["Week"] = "9999-12-27",
            ["Rows[0].ProjectId"] = await ScalarAsync<Guid>("SELECT id FROM projects WHERE name = 'Website relaunch' AND tenant_id = @t", ("t", factory.AcmeId)) is var id ? id.ToString() : "",
            ["Rows[0].Days[0]"] = "2h",
            ["Action"] = "save",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Week: " + Range, (await Forms.ParseAsync(response)).QuerySelector("#Week-error")?.TextContent.Trim());
        Assert.Equal(entries, await CountAsync("SELECT count(*) FROM time_entries"));
    }

    [Fact]
    public async Task A_form_body_over_the_limit_is_a_413_page()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        var token = (await manager.Browser.GetDocumentAsync("/acme/work")).AntiforgeryToken();
        var body = $"{Forms.TokenField}={Uri.EscapeDataString(token)}&NewClient.Name=" + new string('x', (int)InputLimits.RequestBodyBytes);

        var response = await manager.Browser.PostAsync("/acme/work/clients", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("That was too much to send", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_a_413_problem()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var body = $$"""{"description":"{{new string('x', (int)InputLimits.RequestBodyBytes)}}"}""";

        var problem = await (await alice.Api.PostAsync("/api/v1/entries", new StringContent(body, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("Request body too large", problem["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_body_the_api_does_not_read_is_a_415_problem()
    {
        var alice = await factory.CallerAsync("alice@acme.test");

        var response = await alice.Api.PostAsync("/api/v1/entries", new StringContent("description=hello", Encoding.UTF8, "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_method_the_api_does_not_accept_is_a_405_problem()
    {
        var alice = await factory.CallerAsync("alice@acme.test");

        var problem = await (await alice.Api.DeleteAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.MethodNotAllowed);

        Assert.Equal("Method not allowed", problem["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Text_longer_than_its_column_or_the_default_limit_is_a_field_error()
    {
        var alice = await factory.CallerAsync("alice@acme.test");
        var project = (await (await alice.Api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var body = $$"""{"project_id":"{{project}}","description":"{{new string('x', 2001)}}","start":"2026-11-23T11:00:00Z","end":"2026-11-23T12:00:00Z"}""";

        var tooLong = await (await alice.Api.PostAsync("/api/v1/entries", new StringContent(body, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        var cursor = await (await alice.Api.GetAsync("/api/v1/entries?cursor=" + new string('c', InputLimits.LongestText + 1))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["Use at most 2,000 characters."], tooLong.FieldErrors("description"));
        Assert.Equal(["Use at most 4,000 characters."], cursor.FieldErrors("cursor"));
    }

    [Theory]
    [InlineData("NaN", "Enter the hourly amount as a number, such as 85.50.")]
    [InlineData("Infinity", "Enter the hourly amount as a number, such as 85.50.")]
    [InlineData("1e400", "Enter the hourly amount as a number, such as 85.50.")]
    [InlineData("-1", "The hourly amount cannot be negative.")]
    [InlineData("99999999999999999999999999999", "The hourly amount is too large.")]
    public async Task A_malformed_rate_is_a_field_error_and_nothing_is_written(string amount, string error)
    {
        var owner = await factory.CallerAsync("owner@acme.test");
        var rates = await CountAsync("SELECT count(*) FROM rates");

        var response = await owner.Browser.SubmitAsync("/acme/admin/rates", "/acme/admin/rates", new Dictionary<string, string>
        {
            ["NewRate.EffectiveFrom"] = "2026-12-01",
            ["NewRate.HourlyAmount"] = amount,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(error, page.QuerySelector("#NewRate_HourlyAmount-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(amount, page.QuerySelector("#NewRate_HourlyAmount")?.GetAttribute("value"));
        Assert.Equal(rates, await CountAsync("SELECT count(*) FROM rates"));
    }

    private static string ProjectOption(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"select[name='{name}'] option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;

    private Task<long> CountAsync(string sql) => ScalarAsync<long>(sql);

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<T>(sql, parameters);
    }
}
