using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Reports;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// The conformance matrix: every endpoint that shows people's data (declared with
/// <see cref="ReadsPersonDataAttribute"/>, taken from the app's endpoint data source) × every format
/// it declares × every relationship to the subject × three policies. <see cref="MatrixFactory"/> gives
/// the subject, Alice, marker values that appear nowhere else; each answer must contain no marker of a
/// kind of data the policy withholds from the viewer, and at least one marker of each kind it grants
/// (where the endpoint shows that kind). Every answer that shows her data one by one adds exactly one
/// row to her access log, naming the viewer, the channel and the kinds shown; any other answer adds none.
/// </summary>
[Collection(MatrixCollection.Name)]
public sealed class ConformanceMatrixTests(MatrixFactory factory)
{
    private const string Week = PersonDataFactory.SeededWeekText;

    /// <summary>The viewer's relationship to Alice.</summary>
    public enum Relationship
    {
        Self,
        OwnManager,
        OtherTeamsManager,
        ProjectManager,
        Admin,
        Teammate,
        OtherOrganization,
    }

    public enum PolicyName
    {
        Default,
        AggregateOnly,
        EverythingToManagers,
    }

    private static readonly Dictionary<Relationship, (string Email, string Org)> Callers = new()
    {
        [Relationship.Self] = ("alice@acme.test", "acme"),
        [Relationship.OwnManager] = ("manager@acme.test", "acme"),
        [Relationship.OtherTeamsManager] = ("otto@acme.test", "acme"),
        [Relationship.ProjectManager] = ("pia@acme.test", "acme"),
        [Relationship.Admin] = ("admin@acme.test", "acme"),
        [Relationship.Teammate] = ("bob@acme.test", "acme"),
        [Relationship.OtherOrganization] = ("dave@globex.test", "globex"),
    };

    /// <summary>What each kind of data of Alice's looks like in each format: any one present means the kind was shown.</summary>
    private static readonly Dictionary<DataCategory, string[]> Markers = new()
    {
        [DataCategory.EntryDetails] = [MatrixFactory.Description, MatrixFactory.Tag, "07:13", "06:13:00Z"],
        [DataCategory.Totals] = ["26h 11m", Number("26.18"), Number("94260"), Number("46.12")],
        [DataCategory.ProjectTotals] = ["3h 41m", Number("3.68"), Number("13260")],
        [DataCategory.OutsideHours] = ["1h 59m", Number("7140"), "2h 19m", "\"outside_hours_minutes\":139"],
        [DataCategory.LiveTimer] = ["A timer is running now.", "\"timer_running\":true"],
        [DataCategory.Digests] = [MatrixFactory.Support, "16h 53m", "\"total_minutes\":1013"],
        [DataCategory.Reflections] = [MatrixFactory.Reflection],
        [DataCategory.Rates] = [Number("123.45")],
        [DataCategory.WorkloadSignals] = ["may need support: several long weeks"],
    };

    /// <summary>Every endpoint and format that shows people's data, how to ask it about Alice, and what it shows.</summary>
    private static readonly Endpoint[] Endpoints =
    [
        new("/{org}/team", "html", AccessChannel.Page, [DataCategory.Totals], (org, _) => $"/{org}/team?week={Week}"),
        new("/{org}/team/export", "csv", AccessChannel.Export, [DataCategory.Totals], (org, _) => $"/{org}/team/export?week={Week}"),
        new(
            "/{org}/team/people/{userId}",
            "html",
            AccessChannel.Page,
            [DataCategory.Totals, DataCategory.ProjectTotals, DataCategory.EntryDetails, DataCategory.OutsideHours, DataCategory.LiveTimer],
            (org, alice) => $"/{org}/team/people/{alice}?week={Week}"),
        new(
            "/api/v1/people/{userId}/week",
            "json",
            AccessChannel.Api,
            [DataCategory.Totals, DataCategory.ProjectTotals, DataCategory.EntryDetails, DataCategory.OutsideHours, DataCategory.LiveTimer],
            (_, alice) => $"/api/v1/people/{alice}/week?start={Week}"),
        new("/{org}/team/digests", "html", AccessChannel.Page, [DataCategory.Digests], (org, _) => $"/{org}/team/digests") { NotForSelf = true },
        new(
            "/{org}/team/digests/{userId}/{weekStart}",
            "html",
            AccessChannel.Page,
            [DataCategory.Digests, DataCategory.EntryDetails, DataCategory.OutsideHours, DataCategory.Reflections],
            (org, alice) => $"/{org}/team/digests/{alice}/{Week}") { Requires = DataCategory.Digests },
        new(
            "/api/v1/people/{userId}/digests/{weekStart}",
            "json",
            AccessChannel.Api,
            [DataCategory.Digests, DataCategory.EntryDetails, DataCategory.OutsideHours, DataCategory.Reflections],
            (_, alice) => $"/api/v1/people/{alice}/digests/{Week}") { Requires = DataCategory.Digests },
        new("/{org}/team/dashboard", "html", AccessChannel.Page, [DataCategory.ProjectTotals, DataCategory.WorkloadSignals], (org, _) => $"/{org}/team/dashboard") { NotToSelf = [DataCategory.WorkloadSignals] },
        new("/{org}/reports", "html", AccessChannel.Page, [DataCategory.ProjectTotals], (org, _) => $"/{org}/reports?{ReportClient.Week(Week)}&groupBy=project") { ShowsAmounts = true },
        new("/{org}/reports/export", "csv", AccessChannel.Export, [DataCategory.ProjectTotals], (org, _) => $"/{org}/reports/export?format=csv&{ReportClient.Week(Week)}&groupBy=project") { ShowsAmounts = true },
        new("/{org}/reports/export", "xlsx", AccessChannel.Export, [DataCategory.ProjectTotals], (org, _) => $"/{org}/reports/export?format=xlsx&{ReportClient.Week(Week)}&groupBy=project") { ShowsAmounts = true },
        new("/{org}/reports/export", "pdf", AccessChannel.Export, [DataCategory.ProjectTotals], (org, _) => $"/{org}/reports/export?format=pdf&{ReportClient.Week(Week)}&groupBy=project") { ShowsAmounts = true },
        new("/{org}/reports/export", "entries", AccessChannel.Export, [DataCategory.EntryDetails], (org, _) => $"/{org}/reports/export?format=csv&detail=true&{ReportClient.Week(Week)}") { AlsoLogs = [DataCategory.ProjectTotals] },
        new("/api/v1/reports", "json", AccessChannel.Api, [DataCategory.ProjectTotals], (_, _) => $"/api/v1/reports?{ReportClient.Week(Week)}&group_by=project") { ShowsAmounts = true },
        new("/{org}/team/approvals", "html", AccessChannel.Page, [DataCategory.Totals], (org, _) => $"/{org}/team/approvals") { OnlyFor = Relationship.OwnManager },
        new("/{org}/team/payroll", "csv", AccessChannel.Export, [DataCategory.Totals], (org, _) => $"/{org}/team/payroll?from=2026-11-09&to=2026-11-09"),
        new("/{org}/admin/rates", "html", AccessChannel.Page, [DataCategory.Rates], (org, _) => $"/{org}/admin/rates") { OnlyFor = Relationship.Admin },
    ];

    public static TheoryData<PolicyName, string, string, Relationship> Cases()
    {
        var data = new TheoryData<PolicyName, string, string, Relationship>();
        foreach (var policy in Enum.GetValues<PolicyName>())
        {
            foreach (var endpoint in Endpoints)
            {
                foreach (var relationship in Enum.GetValues<Relationship>())
                {
                    data.Add(policy, endpoint.Template, endpoint.Format, relationship);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_answer_shows_exactly_the_kinds_the_policy_grants_and_each_individual_read_is_one_access_log_row(
        PolicyName policyName, string template, string format, Relationship relationship)
    {
        var endpoint = Endpoints.Single(e => e.Template == template && e.Format == format);
        var policy = Policy(policyName);
        await factory.PublishAsync(policy);
        var (email, org) = Callers[relationship];
        var caller = await factory.CallerAsync(email, org);
        var before = (await factory.AccessLogOfAsync(factory.AliceId, factory.AcmeId)).Select(e => e.Id).ToHashSet();

        var body = await FetchAsync(caller, endpoint, endpoint.Url(org, factory.AliceId));

        var shown = endpoint.Shows
            .Where(c => Granted(policy, relationship, c) && endpoint.AppliesTo(relationship, c))
            .Where(c => endpoint.Requires is not { } required || Granted(policy, relationship, required))
            .ToHashSet();
        foreach (var category in Enum.GetValues<DataCategory>().Where(c => Markers.ContainsKey(c)))
        {
            var found = Markers[category].Where(m => Contains(body, m)).ToList();
            if (shown.Contains(category))
            {
                Assert.True(found.Count > 0, $"{template} ({format}) for {relationship} under {policyName}: {category} is granted but none of its markers is in the answer.");
            }
            else if (!Granted(policy, relationship, category))
            {
                Assert.True(found.Count == 0, $"{template} ({format}) for {relationship} under {policyName}: {category} is withheld but the answer holds {string.Join(", ", found.Select(m => Around(body, m)))}.");
            }
        }

        var written = (await factory.AccessLogOfAsync(factory.AliceId, factory.AcmeId)).Where(e => !before.Contains(e.Id) && e.GroupSize is null).ToList();
        if (relationship == Relationship.Self || shown.Count == 0)
        {
            Assert.True(written.Count == 0, $"{template} ({format}) for {relationship} under {policyName} showed nothing of Alice one by one but wrote {written.Count} row(s) to her log.");
            return;
        }

        var row = Assert.Single(written);
        Assert.Equal(caller.UserId, row.ViewerUserId);
        Assert.Equal(endpoint.Channel, row.Channel);
        var logged = shown.Concat(endpoint.AlsoLogs.Where(c => Granted(policy, relationship, c) || relationship == Relationship.ProjectManager));
        if (endpoint.ShowsAmounts && Granted(policy, relationship, DataCategory.Rates, projectScoped: true))
        {
            logged = logged.Append(DataCategory.Rates);
        }

        if (relationship == Relationship.ProjectManager && endpoint.Shows.Contains(DataCategory.LiveTimer) && shown.Contains(DataCategory.EntryDetails)
            && policy.GrantFor(DataCategory.OutsideHours, Audience.ProjectManagers) >= Granularity.IndividualTotals)
        {
            // Each entry's outside-hours flag is about time on the project they manage.
            logged = logged.Append(DataCategory.OutsideHours);
        }

        Assert.Equal(logged.Distinct().Order(), row.Categories);
        Assert.Equal(endpoint.Channel == AccessChannel.Export, row.ExportId is not null);
    }

    /// <summary>
    /// The attack from the issue: a report of one day on which only Alice worked on a project shows her
    /// time as the project's row. Whichever way it is read, it is a read of her data, in her log.
    /// </summary>
    [Theory]
    [InlineData("html", AccessChannel.Page)]
    [InlineData("csv", AccessChannel.Export)]
    [InlineData("xlsx", AccessChannel.Export)]
    [InlineData("pdf", AccessChannel.Export)]
    [InlineData("json", AccessChannel.Api)]
    public async Task The_managers_one_day_report_of_a_project_only_Alice_worked_on_is_in_her_log(string format, AccessChannel channel)
    {
        await factory.PublishAsync(Policy(PolicyName.Default));
        var manager = await factory.CallerAsync("manager@acme.test", "acme");
        var before = (await factory.AccessLogOfAsync(factory.AliceId, factory.AcmeId)).Select(e => e.Id).ToHashSet();
        const string Day = "from=2026-11-17&to=2026-11-17";
        var url = format switch
        {
            "html" => $"/acme/reports?{Day}&groupBy=project",
            "json" => $"/api/v1/reports?{Day}&group_by=project",
            _ => $"/acme/reports/export?format={format}&{Day}&groupBy=project",
        };

        var body = await FetchAsync(manager, new Endpoint("/one-day", format, channel, [DataCategory.ProjectTotals], (_, _) => url), url);

        Assert.Contains("Lighthouse", body, StringComparison.Ordinal);
        var row = Assert.Single(await factory.AccessLogOfAsync(factory.AliceId, factory.AcmeId), e => !before.Contains(e.Id) && e.GroupSize is null);
        Assert.Equal(manager.UserId, row.ViewerUserId);
        Assert.Equal(channel, row.Channel);
        Assert.Contains(DataCategory.ProjectTotals, row.Categories);
        Assert.DoesNotContain(DataCategory.EntryDetails, row.Categories);
        Assert.Equal(new NodaTime.LocalDate(2026, 11, 17), row.PeriodStart);
        Assert.Equal(new NodaTime.LocalDate(2026, 11, 17), row.PeriodEnd);
    }

    [Fact]
    public void Every_endpoint_answers_the_question_and_every_declared_format_is_in_the_matrix()
    {
        var actions = AppRoute.All(factory.Services)
            .Where(r => r.Method is "GET" or "HEAD")
            .Where(r => r.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .ToList();
        Assert.NotEmpty(actions);

        // Every GET action says whether it shows anyone else's data.
        var undeclared = actions
            .Where(r => r.Endpoint.Metadata.GetMetadata<ReadsPersonDataAttribute>() is null && r.Endpoint.Metadata.GetMetadata<ShowsNoOneElsesDataAttribute>() is null)
            .Select(r => r.Template)
            .Distinct()
            .ToList();
        Assert.True(undeclared.Count == 0, "Declare [ReadsPersonData] or [ShowsNoOneElsesData] on: " + string.Join(", ", undeclared));

        // An endpoint with someone's id in its address shows that person's data, whatever it claims.
        var idButNoDeclaration = actions
            .Where(r => r.Pattern.GetParameter("userId") is not null && r.Endpoint.Metadata.GetMetadata<ReadsPersonDataAttribute>() is null)
            .Select(r => r.Template)
            .ToList();
        Assert.Empty(idButNoDeclaration);

        var declared = actions
            .Select(r => (Route: r, Reads: r.Endpoint.Metadata.GetMetadata<ReadsPersonDataAttribute>()))
            .Where(x => x.Reads is not null)
            .SelectMany(x => (x.Reads?.Formats ?? []).Select(f => (Template: Normalize(x.Route.Template), Format: f)))
            .Distinct()
            .Order()
            .ToList();
        var covered = Endpoints.Select(e => (e.Template, e.Format)).Distinct().Order().ToList();
        var missing = declared.Except(covered).ToList();
        Assert.True(missing.Count == 0, "Add to the matrix: " + string.Join(", ", missing));
        var stale = covered.Except(declared).ToList();
        Assert.True(stale.Count == 0, "In the matrix but not declared: " + string.Join(", ", stale));
    }

    /// <summary>The three policies of the matrix.</summary>
    public static TransparencyPolicy Policy(PolicyName name)
    {
        var policy = TransparencyPolicy.Default;
        switch (name)
        {
            case PolicyName.AggregateOnly:
                foreach (var category in Enum.GetValues<DataCategory>())
                {
                    var grants = category is DataCategory.Reflections or DataCategory.Billing
                        ? new Dictionary<Audience, Granularity>()
                        : Enum.GetValues<Audience>().ToDictionary(a => a, _ => Granularity.Aggregate);
                    policy = policy.With(policy.For(category) with { Grants = grants });
                }

                return policy.With(policy.Settings with { MinimumGroupSize = 5 });
            case PolicyName.EverythingToManagers:
                foreach (var category in Enum.GetValues<DataCategory>().Where(c => c is not (DataCategory.Reflections or DataCategory.Billing)))
                {
                    var rule = policy.For(category);
                    policy = policy.With(rule with
                    {
                        Grants = new Dictionary<Audience, Granularity>(rule.Grants)
                        {
                            [Audience.TeamManager] = Granularity.IndividualDetail,
                            [Audience.ProjectManagers] = Granularity.IndividualDetail,
                        },
                    });
                }

                return policy;
            default:
                return policy;
        }
    }

    /// <summary>
    /// Whether the policy lets someone in <paramref name="relationship"/> see <paramref name="category"/> of
    /// Alice one by one — worked out here from the policy's grants, not by the app's own decision point.
    /// A project manager's grants reach only time on their project (Lighthouse): its hours and entries.
    /// </summary>
    private static bool Granted(TransparencyPolicy policy, Relationship relationship, DataCategory category, bool projectScoped = false)
    {
        if (category == DataCategory.Reflections)
        {
            // Alice shared her reflection: it goes wherever her digest may go (the policy can never open it).
            return Granted(policy, relationship, DataCategory.Digests);
        }

        var needed = category == DataCategory.EntryDetails ? Granularity.IndividualDetail : Granularity.IndividualTotals;
        Granularity Grant(Audience audience) => policy.Tracks(category) ? policy.GrantFor(category, audience) : Granularity.None;
        return relationship switch
        {
            Relationship.Self => true,
            Relationship.OwnManager => Grant(Audience.TeamManager) >= needed,
            Relationship.Teammate => Grant(Audience.Teammates) >= needed,
            Relationship.Admin => Grant(Audience.OrganizationAdmins) >= needed,
            Relationship.ProjectManager => (projectScoped || category is DataCategory.ProjectTotals or DataCategory.EntryDetails) && Grant(Audience.ProjectManagers) >= needed,
            _ => false,
        };
    }

    private static async Task<string> FetchAsync(Caller caller, Endpoint endpoint, string url)
    {
        var client = endpoint.Format == "json" ? caller.Api : caller.Browser;
        var response = await client.GetAsync(url);
        if (response.StatusCode is HttpStatusCode.Redirect && response.Headers.Location is { } location && location.OriginalString.Contains("/digests/", StringComparison.Ordinal))
        {
            // One's own digest lives at /{org}/digests/{weekStart}.
            response = await client.GetAsync(location);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return "";
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        return endpoint.Format switch
        {
            "xlsx" => ReportClient.XlsxText(bytes),
            "pdf" => ReportClient.PdfText(bytes),
            _ => WebUtility.HtmlDecode(System.Text.Encoding.UTF8.GetString(bytes)),
        };
    }

    /// <summary>A marker is in the answer: as written, or as a whole number where it is one.</summary>
    private static bool Contains(string body, string marker) => IndexOf(body, marker) >= 0;

    /// <summary>
    /// Where the marker first occurs, or -1. A number counts only where it starts as a number: not inside
    /// a longer number, and not inside an identifier or token — a version 7 GUID such as a notice's id
    /// (…-7140-…) or an antiforgery token holds any four digits now and then, which is no leak.
    /// </summary>
    private static int IndexOf(string body, string marker)
    {
        if (!marker.StartsWith('#'))
        {
            return body.IndexOf(marker, StringComparison.Ordinal);
        }

        var match = Regex.Match(body, @"(?<![\w.-])" + Regex.Escape(marker[1..]) + @"(?![\d-])", RegexOptions.None, TimeSpan.FromSeconds(5));
        return match.Success ? match.Index : -1;
    }

    private static string Number(string digits) => "#" + digits;

    /// <summary>The marker with what surrounds its first occurrence, so a failure shows where the leak is.</summary>
    private static string Around(string body, string marker)
    {
        var at = IndexOf(body, marker);
        var start = Math.Max(0, at - 80);
        return $"{marker} in “…{body[start..Math.Min(body.Length, at + marker.Length + 80)]}…”";
    }

    /// <summary>A route template without parameter constraints: <c>{userId:guid}</c> becomes <c>{userId}</c>.</summary>
    private static string Normalize(string template) =>
        Regex.Replace(template, @"\{([^}:?]+)[^}]*\}", "{$1}", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>One endpoint in one format.</summary>
    private sealed record Endpoint(string Template, string Format, AccessChannel Channel, DataCategory[] Shows, Func<string, Guid, string> Url)
    {
        /// <summary>The endpoint never lists the viewer's own data (the team digests list is about others).</summary>
        public bool NotForSelf { get; init; }

        /// <summary>The endpoint shows Alice's data only to this relationship (approvals to her manager, rates to admins).</summary>
        public Relationship? OnlyFor { get; init; }

        /// <summary>Amounts (hours priced at her rate) are part of the answer where her rates are granted.</summary>
        public bool ShowsAmounts { get; init; }

        /// <summary>Kinds the access log names besides those with markers (the entries export is also her time per project).</summary>
        public DataCategory[] AlsoLogs { get; init; } = [];

        /// <summary>Kinds the endpoint shows only about others (the dashboard's signals never name the viewer).</summary>
        public DataCategory[] NotToSelf { get; init; } = [];

        /// <summary>A kind the viewer must be granted for the endpoint to show anything (a digest's parts travel with the digest).</summary>
        public DataCategory? Requires { get; init; }

        public bool AppliesTo(Relationship relationship, DataCategory category) =>
            (OnlyFor is not { } only || only == relationship)
            && !(NotForSelf && relationship == Relationship.Self)
            && !(relationship == Relationship.Self && NotToSelf.Contains(category));
    }
}
