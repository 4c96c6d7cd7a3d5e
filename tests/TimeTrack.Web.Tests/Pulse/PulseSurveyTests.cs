using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Pulse;

public sealed class PulseSurveyTests(PulseFactory factory) : IClassFixture<PulseFactory>
{
    private const string Understand = "I understand what TimeTrack records about me and why.";
    private const string Fair = "Tracking my time feels fair.";
    private const string Better = "What would make tracking feel better?";

    // The scores and texts are made for groups of five.
    private static readonly int K = TransparencyPolicy.Default.MinimumGroupSize;

    [Fact]
    public async Task Results_stay_hidden_below_k_answers_and_show_counts_and_means_at_k()
    {
        Assert.Equal(5, K);
        var org = await PulseOrganization.CreateAsync(factory, employees: K - 1);
        var surveyId = await OpenSurveyAsync(org, "Autumn pulse");
        string[] understand = ["5", "4", "4", "2", "5"];
        string[] fair = ["1", "3", "3", "3", "2"];
        string[] better = ["zebra crossings for timers", "Apples would help", "", "mango sized reminders", "banana breaks"];

        for (var i = 0; i < K - 1; i++)
        {
            var answered = await AnswerAsync(org.Members[i].Client, org.Slug, surveyId, understand[i], fair[i], better[i]);
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        // k - 1 answers: the page says how many answered and nothing else, for every member.
        foreach (var reader in new[] { org.Owner, org.Employees[^1] })
        {
            var hidden = await reader.Client.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}/results");
            Assert.Equal($"Results appear once at least {K} people have answered ({K - 1} so far).", hidden.QuerySelector("#pulse-suppressed")?.TextContent.Trim());
            var main = hidden.QuerySelector("main")!;
            Assert.Null(main.QuerySelector("#pulse-statements"));
            Assert.Empty(main.QuerySelectorAll("table, td, li"));
            Assert.Empty(main.QuerySelectorAll("section[aria-labelledby^='open-question']"));
            foreach (var text in better.Where(t => t.Length > 0))
            {
                Assert.DoesNotContain(text, hidden.Source.Text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Average", main.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(Understand, main.TextContent, StringComparison.Ordinal);
        }

        var last = await AnswerAsync(org.Members[K - 1].Client, org.Slug, surveyId, understand[K - 1], fair[K - 1], better[K - 1]);
        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);

        // k answers: counts per score and the mean per statement, free text in a fixed order that is not the order of answering.
        var page = await org.Employees[0].Client.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}/results");
        Assert.Null(page.QuerySelector("#pulse-suppressed"));
        Assert.Equal(K.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#pulse-respondents")?.TextContent.Trim());
        Assert.Equal(["0", "1", "0", "2", "2", "4.0"], RowOf(page, Understand));
        Assert.Equal(["1", "1", "3", "0", "0", "2.4"], RowOf(page, Fair));
        var texts = page.QuerySelectorAll("section[aria-labelledby^='open-question'] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Apples would help", "banana breaks", "mango sized reminders", "zebra crossings for timers"], texts);

        // Nothing on the page names anyone who answered (the reader's own address is in the account menu).
        foreach (var member in org.Members.Where(m => m != org.Employees[0]))
        {
            Assert.DoesNotContain(member.Email, page.Source.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Stored_answers_carry_no_person_no_time_and_random_ids()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 2);
        var surveyId = await OpenSurveyAsync(org, "Schema check");
        foreach (var member in org.Members)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(member.Client, org.Slug, surveyId, "3", "4", "Some words")).StatusCode);
        }

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        var columns = await connection.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'pulse_answers' ORDER BY column_name");
        // Exactly these: any column added later (a user, a timestamp, a session) must be a deliberate change to this test.
        Assert.Equal(["id", "question_id", "score", "survey_id", "tenant_id", "text"], columns);
        var referenced = await connection.QueryAsync<string>("""
            SELECT DISTINCT confrelid::regclass::text FROM pg_constraint
            WHERE conrelid = 'pulse_answers'::regclass AND contype = 'f' ORDER BY 1
            """);
        Assert.Equal(["pulse_questions", "pulse_surveys"], referenced);
        var participationColumns = await connection.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'pulse_participations' ORDER BY column_name");
        Assert.Equal(["survey_id", "tenant_id", "user_id"], participationColumns);

        var ids = await connection.QueryAsync<Guid>("SELECT id FROM pulse_answers WHERE survey_id = @survey", ("survey", surveyId));
        Assert.Equal(org.Members.Count * 3, ids.Count);
        // Version 4 (random), not version 7 (time-ordered): ids say nothing about when or in which order answers came.
        Assert.All(ids, id => Assert.Equal(4, id.Version));
    }

    [Fact]
    public async Task A_person_answers_once_even_when_submitting_twice_at_the_same_time()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 2);
        var surveyId = await OpenSurveyAsync(org, "Once only");
        var alice = org.Employees[0];

        // Two submits of the same form at once: one is recorded, the other refused.
        var page = await alice.Client.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}");
        var fields = AnswerFields(page, "4", "4", "first try");
        var both = await Task.WhenAll(
            alice.Client.PostAsync($"/{org.Slug}/pulse/{surveyId}", new FormUrlEncodedContent(fields)),
            alice.Client.PostAsync($"/{org.Slug}/pulse/{surveyId}", new FormUrlEncodedContent(fields)));
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());

        var answered = await alice.Client.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}");
        Assert.Contains("You have answered this survey.", answered.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(answered.QuerySelector($"form[action='/{org.Slug}/pulse/{surveyId}']"));

        // A later submit, with a valid token from any page, gets a clear message and changes nothing.
        var again = await alice.Client.PostAsync($"/{org.Slug}/pulse/{surveyId}", new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            [Forms.TokenField] = answered.AntiforgeryToken(),
            ["Answers[2].Text"] = "second try",
        }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("You have already answered this survey", (await Forms.ParseAsync(again)).QuerySelector("[role='alert']")?.TextContent, StringComparison.Ordinal);

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(1L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_participations WHERE survey_id = @survey", ("survey", surveyId)));
        Assert.Equal(3L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_answers WHERE survey_id = @survey", ("survey", surveyId)));
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_answers WHERE text = 'second try'"));
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_422_keeping_what_was_typed_and_writing_nothing()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 1);
        var surveyId = await OpenSurveyAsync(org, "Careful answers");
        var client = org.Employees[0].Client;
        var url = $"/{org.Slug}/pulse/{surveyId}";

        var missing = await AnswerAsync(client, org.Slug, surveyId, "4", null, "kept words");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var page = await Forms.ParseAsync(missing);
        Assert.Equal("Choose how much you agree.", page.QuerySelector("#Answers_1__Score-error")?.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#Answers_1__Score_3")?.GetAttribute("aria-invalid"));
        Assert.True(page.QuerySelector("#Answers_0__Score_4")?.HasAttribute("checked"));
        Assert.Equal("kept words", page.QuerySelector("#Answers_2__Text")?.TextContent);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AnswerAsync(client, org.Slug, surveyId, "4", "9", "")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AnswerAsync(client, org.Slug, surveyId, "0", "3", "")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AnswerAsync(client, org.Slug, surveyId, "many", "3", "")).StatusCode);
        var tooLong = await AnswerAsync(client, org.Slug, surveyId, "4", "3", new string('x', 2001));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal("Keep your answer under 2000 characters.", (await Forms.ParseAsync(tooLong)).QuerySelector("#Answers_2__Text-error")?.TextContent.Trim());

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_participations WHERE survey_id = @survey", ("survey", surveyId)));
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_answers WHERE survey_id = @survey", ("survey", surveyId)));

        // The open question may stay blank; then no row is stored for it.
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(client, org.Slug, surveyId, "4", "3", "  ")).StatusCode);
        Assert.Equal(2L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_answers WHERE survey_id = @survey", ("survey", surveyId)));
        Assert.Contains("recorded", (await client.GetDocumentAsync($"/{org.Slug}/pulse")).QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Admin_opens_a_survey_from_the_suggested_questions_and_bad_input_is_refused_with_422()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 0);
        var admin = org.Owner.Client;
        var url = $"/{org.Slug}/pulse/new";

        var form = await admin.GetDocumentAsync(url);
        Assert.Equal(Understand, form.QuerySelector("#Questions_0__Text")?.GetAttribute("value"));
        Assert.Equal(Better, form.QuerySelectorAll("input[name$='.Text']")[^1].GetAttribute("value"));
        Assert.Equal("FreeText", ((IHtmlSelectElement)form.QuerySelectorAll("select[name$='.Kind']")[^1]).Value);

        var noTitle = await admin.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Title"] = " ",
            ["Introduction"] = "Kept introduction",
            ["Questions[0].Kind"] = "Likert",
            ["Questions[0].Text"] = "Kept statement",
            ["command"] = "open",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTitle.StatusCode);
        var page = await Forms.ParseAsync(noTitle);
        Assert.Equal("Give the survey a title.", page.QuerySelector("#Title-error")?.TextContent.Trim());
        Assert.Equal("Kept statement", page.QuerySelector("#Questions_0__Text")?.GetAttribute("value"));
        Assert.Equal("Kept introduction", page.QuerySelector("#Introduction")?.TextContent.Trim());

        var emptyQuestion = await admin.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Title"] = "Kept title",
            ["Questions[0].Kind"] = "Likert",
            ["Questions[0].Text"] = "A statement",
            ["Questions[1].Kind"] = "FreeText",
            ["Questions[1].Text"] = "",
            ["command"] = "open",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptyQuestion.StatusCode);
        page = await Forms.ParseAsync(emptyQuestion);
        Assert.Equal("Write the question, or remove it.", page.QuerySelector("#Questions_1__Text-error")?.TextContent.Trim());
        Assert.Equal("Kept title", page.QuerySelector("#Title")?.GetAttribute("value"));

        var tooMany = new Dictionary<string, string> { ["Title"] = "Too long", ["command"] = "open" };
        for (var i = 0; i < 11; i++)
        {
            tooMany[$"Questions[{i}].Kind"] = "Likert";
            tooMany[$"Questions[{i}].Text"] = $"Statement {i}";
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.SubmitAsync(url, tooMany)).StatusCode);
        var none = await admin.SubmitAsync(url, new Dictionary<string, string> { ["Title"] = "No questions", ["command"] = "open" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("Ask at least one question.", (await Forms.ParseAsync(none)).QuerySelector(".validation-summary")?.TextContent, StringComparison.Ordinal);

        await using (var connection = await factory.Database.OpenAsSuperuserAsync())
        {
            Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_surveys WHERE tenant_id = @org", ("org", org.Id)));
        }

        // Adding and removing questions shows the form again with what was typed, and saves nothing.
        var fields = new Dictionary<string, string>
        {
            ["Title"] = "Work in progress",
            ["Questions[0].Kind"] = "Likert",
            ["Questions[0].Text"] = "First",
            ["Questions[1].Kind"] = "FreeText",
            ["Questions[1].Text"] = "Second",
        };
        var added = await admin.SubmitAsync(url, new Dictionary<string, string>(fields) { ["command"] = "add" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        page = await Forms.ParseAsync(added);
        Assert.Equal(3, page.QuerySelectorAll("input[name$='.Text']").Length);
        Assert.Equal("Work in progress", page.QuerySelector("#Title")?.GetAttribute("value"));
        var removed = await admin.SubmitAsync(url, new Dictionary<string, string>(fields) { ["command"] = "remove-0" });
        page = await Forms.ParseAsync(removed);
        Assert.Equal("Second", Assert.Single(page.QuerySelectorAll("input[name$='.Text']")).GetAttribute("value"));
        Assert.Equal("FreeText", ((IHtmlSelectElement)page.QuerySelector("#Questions_0__Kind")!).Value);

        var created = await admin.SubmitAsync(url, new Dictionary<string, string>(fields) { ["command"] = "open" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetDocumentAsync($"/{org.Slug}/pulse");
        Assert.Contains("Survey “Work in progress” is open.", list.QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Work in progress", list.QuerySelector("section[aria-labelledby='open-heading'] table")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_survey_takes_no_answers_and_keeps_its_results_readable()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 1);
        var surveyId = await OpenSurveyAsync(org, "Short lived");
        var employee = org.Employees[0].Client;
        var answerPage = await employee.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}");

        var closed = await org.Owner.Client.SubmitAsync($"/{org.Slug}/pulse", $"/{org.Slug}/pulse/{surveyId}/close", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var list = await employee.GetDocumentAsync($"/{org.Slug}/pulse");
        Assert.Contains("Short lived", list.QuerySelector("section[aria-labelledby='closed-heading'] table")?.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector("section[aria-labelledby='open-heading'] table"));

        // A form opened before the survey closed is refused when sent after.
        var late = await employee.PostAsync($"/{org.Slug}/pulse/{surveyId}", new FormUrlEncodedContent(AnswerFields(answerPage, "5", "5", "late")));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("This survey has closed", (await Forms.ParseAsync(late)).QuerySelector("[role='alert']")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("This survey is closed", (await employee.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var results = await employee.GetDocumentAsync($"/{org.Slug}/pulse/{surveyId}/results");
        Assert.Equal($"Results appear once at least {K} people have answered (0 so far).", results.QuerySelector("#pulse-suppressed")?.TextContent.Trim());

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_answers WHERE survey_id = @survey", ("survey", surveyId)));
    }

    [Fact]
    public async Task Employee_cannot_open_or_close_surveys()
    {
        var org = await PulseOrganization.CreateAsync(factory, employees: 1);
        var surveyId = await OpenSurveyAsync(org, "Admins only");
        var employee = org.Employees[0].Client;

        var list = await employee.GetDocumentAsync($"/{org.Slug}/pulse");
        Assert.Null(list.QuerySelector($"a[href='/{org.Slug}/pulse/new']"));
        Assert.Null(list.QuerySelector($"form[action='/{org.Slug}/pulse/{surveyId}/close']"));

        var form = await employee.GetAsync($"/{org.Slug}/pulse/new");
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/account/access-denied", form.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync(form.Headers.Location)).StatusCode);

        var token = list.AntiforgeryToken();
        var create = await employee.PostAsync($"/{org.Slug}/pulse/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token,
            ["Title"] = "Sneaky",
            ["Questions[0].Kind"] = "Likert",
            ["Questions[0].Text"] = "Statement",
            ["command"] = "open",
        }));
        Assert.StartsWith("/account/access-denied", create.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
        var close = await employee.PostAsync($"/{org.Slug}/pulse/{surveyId}/close", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        Assert.StartsWith("/account/access-denied", close.Headers.Location?.AbsolutePath, StringComparison.Ordinal);

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(1L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_surveys WHERE tenant_id = @org AND closed_at IS NULL", ("org", org.Id)));
    }

    [Fact]
    public async Task Another_organizations_surveys_are_not_found_and_their_answers_never_appear()
    {
        var ours = await PulseOrganization.CreateAsync(factory, employees: K - 1);
        var theirs = await PulseOrganization.CreateAsync(factory, employees: 1);
        var ourSurvey = await OpenSurveyAsync(ours, "Our pulse");
        var theirSurvey = await OpenSurveyAsync(theirs, "Their pulse");
        foreach (var member in theirs.Members)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(member.Client, theirs.Slug, theirSurvey, "1", "1", "their private words")).StatusCode);
        }

        foreach (var member in ours.Members)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(member.Client, ours.Slug, ourSurvey, "5", "5", "our words")).StatusCode);
        }

        var results = await ours.Owner.Client.GetDocumentAsync($"/{ours.Slug}/pulse/{ourSurvey}/results");
        Assert.Equal([.. Enumerable.Repeat("0", 4), K.ToString(System.Globalization.CultureInfo.InvariantCulture), "5.0"], RowOf(results, Understand));
        Assert.DoesNotContain("their private words", results.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Their pulse", (await ours.Owner.Client.GetDocumentAsync($"/{ours.Slug}/pulse")).Source.Text, StringComparison.Ordinal);

        // Their survey's id under our organization is not found, whatever the route.
        var client = ours.Owner.Client;
        var token = results.AntiforgeryToken();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{ours.Slug}/pulse/{theirSurvey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{ours.Slug}/pulse/{theirSurvey}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/{ours.Slug}/pulse/{theirSurvey}", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/{ours.Slug}/pulse/{theirSurvey}/close", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }))).StatusCode);
        // And their organization's pages are not found for someone who is not a member.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{theirs.Slug}/pulse")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{theirs.Slug}/pulse/{theirSurvey}/results")).StatusCode);

        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_surveys WHERE id = @survey AND closed_at IS NOT NULL", ("survey", theirSurvey)));
        Assert.Equal((long)theirs.Members.Count, await connection.ScalarAsync<long>("SELECT count(*) FROM pulse_participations WHERE survey_id = @survey", ("survey", theirSurvey)));
    }

    /// <summary>Opens a survey through the admin's form: two statements and one open question.</summary>
    private async Task<Guid> OpenSurveyAsync(PulseOrganization org, string title)
    {
        var created = await org.Owner.Client.SubmitAsync($"/{org.Slug}/pulse/new", new Dictionary<string, string>
        {
            ["Title"] = title,
            ["Introduction"] = "Be honest.",
            ["Questions[0].Kind"] = "Likert",
            ["Questions[0].Text"] = Understand,
            ["Questions[1].Kind"] = "Likert",
            ["Questions[1].Text"] = Fair,
            ["Questions[2].Kind"] = "FreeText",
            ["Questions[2].Text"] = Better,
            ["command"] = "open",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using var connection = await factory.Database.OpenAsSuperuserAsync();
        return await connection.ScalarAsync<Guid>("SELECT id FROM pulse_surveys WHERE tenant_id = @org AND title = @title", ("org", org.Id), ("title", title));
    }

    /// <summary>Answers through the survey's form; a null answer is left out, as a browser leaves out an unchosen radio group.</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, string slug, Guid surveyId, params string?[] answers)
    {
        var page = await client.GetDocumentAsync($"/{slug}/pulse/{surveyId}");
        return await client.PostAsync($"/{slug}/pulse/{surveyId}", new FormUrlEncodedContent(AnswerFields(page, answers)));
    }

    private static Dictionary<string, string> AnswerFields(IHtmlDocument page, params string?[] answers)
    {
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => f.QuerySelector("input[name$='.QuestionId']") is not null);
        var fields = new Dictionary<string, string> { [Forms.TokenField] = form.QuerySelector($"input[name='{Forms.TokenField}']")!.GetAttribute("value")! };
        var questions = form.QuerySelectorAll("input[name$='.QuestionId']").ToList();
        Assert.Equal(answers.Length, questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            fields[$"Answers[{i}].QuestionId"] = questions[i].GetAttribute("value")!;
            if (answers[i] is not { } answer)
            {
                continue;
            }

            var isStatement = form.QuerySelector($"input[type='radio'][name='Answers[{i}].Score']") is not null;
            fields[isStatement ? $"Answers[{i}].Score" : $"Answers[{i}].Text"] = answer;
        }

        return fields;
    }

    /// <summary>The cells (counts for scores 1 to 5, then the average) of a statement's row in the results table.</summary>
    private static string[] RowOf(IDocument page, string statement)
    {
        var row = page.QuerySelectorAll("#pulse-statements tbody tr")
            .Single(r => r.QuerySelector("th")?.TextContent.Trim() == statement);
        return [.. row.QuerySelectorAll("td").Select(td => td.TextContent.Trim())];
    }
}
