using System.Net;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>
/// One way of reading a person's data: its route (as the app's endpoint data source spells it, without
/// constraints), the channel the access log records, and how to call it. <see cref="ReadAsync"/>
/// answers whether the subject's data was shown, and fails on any answer that is neither a view of it
/// nor a denial (404, or a view that leaves the subject out or shows them suppressed).
/// </summary>
/// <param name="OnlyTotals">Shows people only with their totals (team lists, exports), never their other data.</param>
/// <param name="Shows">
/// For routes about one category rather than a person's week (digests): the categories every allowed
/// read records, and <see cref="SeenBy"/> names the cases (of <see cref="PersonDataReadTests"/>) that see it.
/// </param>
public sealed record PersonDataRoute(
    string Template,
    AccessChannel Channel,
    bool OnlyTotals,
    Func<Caller, Guid, string, Task<bool>> ReadAsync,
    DataCategory[]? Shows = null,
    string[]? SeenBy = null)
{
    public override string ToString() => Template;
}

/// <summary>Every route and API endpoint that returns a person's data. The guard test keeps this list complete.</summary>
public static class PersonDataRoutes
{
    public static IReadOnlyList<PersonDataRoute> All { get; } =
    [
        new("/{org}/team", AccessChannel.Page, OnlyTotals: true, ReadAsync: async (caller, subject, week) =>
        {
            var page = await caller.Browser.GetDocumentAsync($"/{caller.Org}/team?week={week}");
            return page.QuerySelectorAll($"tr[data-person='{subject}'] td.person-total").Length > 0;
        }),
        new("/{org}/team/people/{userId}", AccessChannel.Page, OnlyTotals: false, ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Browser.GetAsync($"/{caller.Org}/team/people/{subject}?week={week}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Forms.ParseAsync(response);
            Assert.NotNull(page.QuerySelector("#pw-shown"));
            return true;
        }),
        new("/{org}/team/export", AccessChannel.Export, OnlyTotals: true, ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Browser.GetAsync($"/{caller.Org}/team/export?week={week}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var csv = await response.Content.ReadAsStringAsync();
            return csv.Split("\r\n").Skip(1).Any(line => line.Contains(subject.ToString(), StringComparison.Ordinal));
        }),
        new("/api/v1/people/{userId}/week", AccessChannel.Api, OnlyTotals: false, ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Api.GetAsync($"/api/v1/people/{subject}/week?start={week}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Api.ApiClients.JsonAsync(response);
            Assert.Equal(subject.ToString(), body["user_id"]?.GetValue<string>());
            Assert.NotEmpty(body["categories"]!.AsArray());
            return true;
        }),
        // Under the default policy only the team manager sees a person's digests. The demo seed gives
        // everyone a digest of the seeded week, still under self-review: the manager sees that it exists.
        new("/{org}/team/digests", AccessChannel.Page, OnlyTotals: false, Shows: [DataCategory.Digests], SeenBy: ["own manager"], ReadAsync: async (caller, subject, week) =>
        {
            var page = await caller.Browser.GetDocumentAsync($"/{caller.Org}/team/digests");
            return page.QuerySelectorAll($"#team-digests tr[data-person='{subject}'][data-week='{week}']").Length > 0;
        }),
        new("/{org}/team/digests/{userId}/{weekStart}", AccessChannel.Page, OnlyTotals: false, Shows: [DataCategory.Digests], SeenBy: ["own manager", "herself"], ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Browser.GetAsync($"/{caller.Org}/team/digests/{subject}/{week}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                // One's own digest lives at /{org}/digests/{weekStart}.
                Assert.Equal($"/{caller.Org}/digests/{week}", response.Headers.Location?.OriginalString);
                response = await caller.Browser.GetAsync(response.Headers.Location);
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull((await Forms.ParseAsync(response)).QuerySelector("#digest-release-state"));
            return true;
        }),
        new("/api/v1/people/{userId}/digests/{weekStart}", AccessChannel.Api, OnlyTotals: false, Shows: [DataCategory.Digests], SeenBy: ["own manager", "herself"], ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Api.GetAsync($"/api/v1/people/{subject}/digests/{week}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Api.ApiClients.JsonAsync(response);
            Assert.Equal(subject.ToString(), body["user_id"]?.GetValue<string>());
            return true;
        }),
        // The dashboard's hours include the subject's time where the viewer sees it one by one (their manager,
        // a project manager for the project's time); the page names everyone it shows one by one. The demo seed
        // gives nobody long weeks or an open support request: Team/DashboardTests.cs covers signals.
        new("/{org}/team/dashboard", AccessChannel.Page, OnlyTotals: false, Shows: [DataCategory.ProjectTotals], SeenBy: ["own manager", "project manager of one of her projects"], ReadAsync: async (caller, subject, week) =>
        {
            var page = await caller.Browser.GetDocumentAsync($"/{caller.Org}/team/dashboard?period=custom&from={week}&to={week[..8]}22");
            return page.QuerySelectorAll($"#dashboard-shown-people [data-person='{subject}']").Length > 0;
        }),
        // Reports by person show a person's time per project to whoever may see it one by one.
        new("/{org}/reports", AccessChannel.Page, OnlyTotals: false, Shows: [DataCategory.ProjectTotals], SeenBy: ["own manager", "project manager of one of her projects", "herself"], ReadAsync: async (caller, subject, week) =>
        {
            var page = await caller.Browser.GetDocumentAsync($"/{caller.Org}/reports?{Reports.ReportClient.WeekByPerson(week)}");
            return page.QuerySelectorAll($"#report-table tr[data-key='{subject}'] td.report-hours").Length > 0;
        }),
        new("/{org}/reports/export", AccessChannel.Export, OnlyTotals: false, Shows: [DataCategory.ProjectTotals], SeenBy: ["own manager", "project manager of one of her projects", "herself"], ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Browser.GetAsync($"/{caller.Org}/reports/export?format=csv&{Reports.ReportClient.WeekByPerson(week)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var csv = await response.Content.ReadAsStringAsync();
            return csv.Split("\r\n").Skip(1).Any(line => line.Contains(subject.ToString(), StringComparison.Ordinal));
        }),
        // Approval pages show only submitted or approved weeks, and this database has none: nobody sees
        // the subject here. Approval/ApprovalTests covers the allowed reads and their access-log entries.
        new("/{org}/team/approvals", AccessChannel.Page, OnlyTotals: true, Shows: [DataCategory.Totals], SeenBy: [], ReadAsync: async (caller, subject, week) =>
        {
            var page = await caller.Browser.GetDocumentAsync($"/{caller.Org}/team/approvals");
            return page.QuerySelectorAll($"[data-person='{subject}'][data-week='{week}']").Length > 0;
        }),
        new("/{org}/team/payroll", AccessChannel.Export, OnlyTotals: true, Shows: [DataCategory.Totals], SeenBy: [], ReadAsync: async (caller, subject, week) =>
        {
            var response = await caller.Browser.GetAsync($"/{caller.Org}/team/payroll?from={week}&to={week}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var csv = await response.Content.ReadAsStringAsync();
            return csv.Split("\r\n").Skip(1).Any(line => line.Contains(subject.ToString(), StringComparison.Ordinal));
        }),
        new("/{org}/admin/rates", AccessChannel.Page, OnlyTotals: false, Shows: [DataCategory.Rates], SeenBy: [], ReadAsync: async (caller, subject, week) => (await caller.Browser.GetAsync($"/{caller.Org}/admin/rates")) is { StatusCode: HttpStatusCode.OK } response && (await Forms.ParseAsync(response)).QuerySelectorAll($"#rates tr[data-person='{subject}'] td.rate-amount").Length > 0),
        new("/api/v1/reports", AccessChannel.Api, OnlyTotals: false, Shows: [DataCategory.ProjectTotals], SeenBy: ["own manager", "project manager of one of her projects", "herself"], ReadAsync: async (caller, subject, week) => (await Api.ApiClients.JsonAsync(await caller.Api.GetAsync($"/api/v1/reports?{Reports.ReportClient.Week(week)}&group_by=person")))["rows"]!.AsArray().Any(r => r?["key"]?.GetValue<string>() == subject.ToString() && r["hours"] is not null)),
    ];

    /// <summary>A route template without parameter constraints: <c>{userId:guid}</c> becomes <c>{userId}</c>.</summary>
    public static string Normalize(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:?]+)[^}]*\}", "{$1}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
}
