using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Input;

/// <summary>The fuzz test writes whatever its hostile values make valid, so it gets its own app and database.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<TimeTrackFactory>
{
    public const string Name = "fuzz";
}

/// <summary>
/// Every route the app maps (from its endpoint data source) × every value it binds (from its action
/// descriptor: route values, query and form fields down into nested view models, headers, JSON
/// properties of request bodies) × the hostile values for that kind of value, sent by a signed-in member
/// with a valid antiforgery token (pages) or an API token, so that each request gets past antiforgery
/// and authentication to model binding and beyond. Every other value of the request is what the app's
/// own pages (or API lists) would send: ids of things that exist, forms as their page fills them.
/// Nothing may answer 5xx, and nothing under <c>/api/</c> may answer anything but JSON. A new
/// endpoint, parameter or view-model property is covered the day it is added.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class HostileInputFuzzTests(TimeTrackFactory factory)
{
    private const string Org = "acme";

    /// <summary>A form field no action binds: a hostile value there must be as harmless as anywhere else.</summary>
    private const string UnboundField = "unbound_field";

    private const string Placeholder = "__fuzz_value__";

    private static readonly string[] JsonTypes = ["application/json", "application/problem+json"];

    [Fact]
    public async Task No_route_answers_a_server_error_to_any_hostile_value_in_any_bound_input()
    {
        var routes = AppRoute.All(factory.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Where(r => !r.Template.StartsWith("/errors/", StringComparison.Ordinal))
            .ToList();
        await GiveEveryPageSomethingToShowAsync();

        // The owner reaches every admin page; the manager has time, digests, a team and its approvals.
        var visitors = new List<Visitor>();
        foreach (var email in (string[])["owner@acme.test", "manager@acme.test"])
        {
            visitors.Add(await Visitor.StartAsync(factory, email, routes));
        }

        var cases = routes.SelectMany(route => Cases(route, visitors)).Select((c, i) => c with { Index = i }).ToList();
        Assert.True(cases.Count > 2000, $"Only {cases.Count} cases: the discovery of bound inputs is broken.");
        Assert.Contains(cases, c => c.Field is { Location: InputLocation.Json, Name: "description" });
        Assert.Contains(cases, c => c.Field is { Location: InputLocation.Form, Name: "Project.IsBillableByDefault" });
        Assert.Contains(cases, c => c.Field is { Location: InputLocation.Query, Name: "week" });
        Assert.All(HostileValues.All, value => Assert.Contains(cases, c => c.Value == value));

        var failures = new ConcurrentBag<string>();
        var sessionChanging = cases.Where(ChangesSession).ToList();

        // Reads all at once; writes by controller, each controller's one after another: two requests racing
        // for the same row (a double-clicked delete) are another matter than hostile values.
        var rest = cases.Where(c => !ChangesSession(c)).ToList();
        var lanes = rest.Where(c => c.Route.Method is "GET" or "HEAD").Select(c => (IReadOnlyList<FuzzCase>)[c])
            .Concat(rest.Where(c => c.Route.Method is not ("GET" or "HEAD"))
                .GroupBy(c => c.Route.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerTypeInfo)
                .Select(g => (IReadOnlyList<FuzzCase>)[.. g]))
            .OrderByDescending(lane => lane.Count);
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (lane, cancellationToken) =>
        {
            foreach (var fuzz in lane)
            {
                using var request = Build(fuzz);
                using var response = await fuzz.Visitor.ClientFor(fuzz.Route).SendAsync(request, cancellationToken);
                await CheckAsync(fuzz, response, failures);
            }
        });

        // Requests that may end or change the session run last, one at a time, logging in again when one did.
        foreach (var fuzz in sessionChanging.OrderBy(c => c.Route.Template.EndsWith("/logout", StringComparison.Ordinal)))
        {
            using var request = Build(fuzz);
            using var response = await fuzz.Visitor.Browser.SendAsync(request);
            await CheckAsync(fuzz, response, failures);
            await fuzz.Visitor.StaySignedInAsync();
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} hostile requests failed:\n" + string.Join("\n", failures.Order().Take(120)));
    }

    /// <summary>A pulse survey, a saved report, a rate, a client, a submitted week and an entry, so the pages that show them have links and forms.</summary>
    private async Task GiveEveryPageSomethingToShowAsync()
    {
        var owner = factory.CreateBrowserlikeClient();
        await owner.LogInAsync("owner@acme.test");
        var setups = new List<HttpResponseMessage>
        {
            await owner.SubmitAsync($"/{Org}/pulse/new", new Dictionary<string, string>
            {
                ["Title"] = "Fuzz pulse",
                ["Questions[0].Kind"] = "Likert",
                ["Questions[0].Text"] = "Statement",
                ["command"] = "open",
            }),
            await owner.SubmitAsync($"/{Org}/reports", $"/{Org}/reports/saved", new Dictionary<string, string> { ["Name"] = "Fuzz report", ["preset"] = "last-month" }),
            await owner.SubmitAsync($"/{Org}/admin/rates", new Dictionary<string, string> { ["NewRate.EffectiveFrom"] = "2026-01-01", ["NewRate.HourlyAmount"] = "50" }),
            await owner.SubmitAsync($"/{Org}/work", $"/{Org}/work/clients", new Dictionary<string, string> { ["NewClient.Name"] = "Fuzz client" }),
        };
        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        var lastWeek = DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        setups.Add(await alice.SubmitAsync($"/{Org}/time/timesheet?week={lastWeek}", $"/{Org}/time/timesheet/submit", new Dictionary<string, string> { ["week"] = lastWeek }));
        Assert.All(setups, response => Assert.Equal(HttpStatusCode.Redirect, response.StatusCode));

        // An entry of the manager's this week (most likely: early on a Monday it lands in the last one).
        var manager = factory.CreateApiClient(await factory.CreateTokenAsync("manager@acme.test", Org, "Fuzz setup"));
        var project = (await (await manager.GetAsync("/api/v1/projects")).JsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var entry = await manager.PostJsonAsync("/api/v1/entries", new Dictionary<string, object>
        {
            ["project_id"] = project,
            ["start"] = start.ToString("O"),
            ["end"] = start.AddMinutes(15).ToString("O"),
        });
        Assert.Equal(HttpStatusCode.Created, entry.StatusCode);
    }

    private static IEnumerable<FuzzCase> Cases(AppRoute route, IReadOnlyList<Visitor> visitors)
    {
        var (visitor, values) = visitors.Select(v => (Visitor: v, Values: v.Sample(route))).FirstOrDefault(s => s.Values is not null, (visitors[0], null));
        var fields = RouteInputs.Of(route, visitor.Services).ToList();
        if (route.Method is not ("GET" or "HEAD") && !IsApi(route))
        {
            fields.Add(new(UnboundField, InputLocation.Form, InputKind.Text));
        }

        // A NUL in the path never reaches the app: the server refuses the request line (Kestrel answers 400).
        return fields.SelectMany(field => (field.Name == UnboundField ? HostileValues.Unbound : HostileValues.For(field.Kind))
            .Where(value => !(field.Location == InputLocation.Route && value.Text.Contains('\0', StringComparison.Ordinal)))
            .Select(value => new FuzzCase(route, visitor, values ?? Plausible(route), field, value)));
    }

    private static bool IsApi(AppRoute route) => route.Template.StartsWith("/api/", StringComparison.Ordinal);

    private static bool ChangesSession(FuzzCase fuzz) =>
        fuzz.Route.Method != "GET"
        && (fuzz.Route.Template.StartsWith("/account/manage", StringComparison.Ordinal) || fuzz.Route.Template.StartsWith("/account/logout", StringComparison.Ordinal));

    private static RouteValueDictionary Plausible(AppRoute route)
    {
        var values = new RouteValueDictionary();
        new TemplateMatcher(TemplateParser.Parse(route.Pattern.RawText ?? ""), []).TryMatch(route.Fill(Org), values);
        return values;
    }

    private static HttpRequestMessage Build(FuzzCase fuzz)
    {
        var (route, field, value) = (fuzz.Route, fuzz.Field, fuzz.Value);
        string Segment(RoutePatternParameterPart parameter) =>
            field.Location == InputLocation.Route && field.Name == parameter.Name ? HostileValues.Encoded(value)
            : parameter.Name == OrganizationRouteMiddleware.RouteKey ? Org
            : Uri.EscapeDataString(fuzz.Values[parameter.Name]?.ToString() ?? "");
        var path = "/" + string.Join("/", route.Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Segment(parameter),
            _ => "",
        }))));
        var query = field.Location == InputLocation.Query ? $"?{Uri.EscapeDataString(field.Name)}={HostileValues.Encoded(value)}" : "";
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path + query);
        if (field.Location == InputLocation.Header && !request.Headers.TryAddWithoutValidation(field.Name, value.Text))
        {
            request.Headers.TryAddWithoutValidation(field.Name, "\"1\"");
        }

        if (route.Method is "GET" or "HEAD")
        {
            return request;
        }

        if (IsApi(route))
        {
            request.Content = JsonBody(fuzz);
            return request;
        }

        // The form as its page fills it, with the visitor's antiforgery token and the one hostile value.
        var form = new Dictionary<string, string>(fuzz.Visitor.FormDefaults(path), StringComparer.Ordinal) { [Forms.TokenField] = fuzz.Visitor.Token };
        var body = new StringBuilder();
        foreach (var (name, text) in form.Where(f => !(field.Location == InputLocation.Form && f.Key == field.Name)))
        {
            body.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(text)).Append('&');
        }

        if (field.Location == InputLocation.Form)
        {
            body.Append(Uri.EscapeDataString(field.Name)).Append('=').Append(HostileValues.Encoded(value));
        }

        request.Content = new StringContent(body.ToString(), Encoding.ASCII, "application/x-www-form-urlencoded");
        return request;
    }

    /// <summary>A plausible body for the route (a real project, a minute of its own) with the fuzzed property replaced.</summary>
    private static ByteArrayContent JsonBody(FuzzCase fuzz)
    {
        var properties = RouteInputs.Of(fuzz.Route, fuzz.Visitor.Services).Where(f => f.Location == InputLocation.Json).ToList();
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero).AddSeconds(fuzz.Index * 10);
        var root = new JsonObject();
        foreach (var property in properties)
        {
            JsonNode? plausible = property.Name switch
            {
                _ when property == fuzz.Field => Placeholder,
                "project_id" => fuzz.Visitor.ProjectId,
                "start" => start.ToString("O"),
                "end" => start.AddSeconds(5).ToString("O"),
                _ when property.Kind == InputKind.Text => "fuzz",
                _ => null,
            };
            var parent = root;
            foreach (var name in property.JsonPath.SkipLast(1))
            {
                parent = (parent[name] ??= new JsonObject()).AsObject();
            }

            parent[property.JsonPath[^1]] = plausible;
        }

        var json = Encoding.UTF8.GetBytes(root.ToJsonString());
        var marker = Encoding.UTF8.GetBytes($"\"{Placeholder}\"");
        var at = json.AsSpan().IndexOf(marker);
        var bytes = at < 0 ? json : [.. json[..at], .. HostileValues.Json(fuzz.Value), .. json[(at + marker.Length)..]];
        return new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } };
    }

    private static async Task CheckAsync(FuzzCase fuzz, HttpResponseMessage response, ConcurrentBag<string> failures)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        var what = $"{fuzz.Route.Method} {fuzz.Route.Template} {fuzz.Field} = {fuzz.Value}";
        if (status >= 500)
        {
            failures.Add($"{what}: {status} {Summary(await response.Content.ReadAsStringAsync())}");
        }
        else if (IsApi(fuzz.Route) && type is not null && !JsonTypes.Contains(type))
        {
            failures.Add($"{what}: {status} as {type}");
        }
    }

    /// <summary>The exception the developer exception page names (or the problem's title), to say why a request failed.</summary>
    private static string Summary(string body)
    {
        var match = Regex.Match(body, "class=\"titleerror\">([^<]*)<|\"title\":\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(1));
        var text = match.Success ? match.Groups[1].Value + match.Groups[2].Value : body;
        return WebUtility.HtmlDecode(text[..Math.Min(text.Length, 200)]).ReplaceLineEndings(" ");
    }

    private sealed record FuzzCase(AppRoute Route, Visitor Visitor, RouteValueDictionary Values, InputField Field, HostileValue Value)
    {
        public int Index { get; init; }
    }

    /// <summary>One signed-in member: their cookies and antiforgery token, an API token, and what their pages and API lists show.</summary>
    private sealed class Visitor(TimeTrackFactory factory, string email, HttpClient browser)
    {
        private SiteMap _site = new();
        private ApiSamples _api = new();

        public HttpClient Browser { get; } = browser;

        public HttpClient Api { get; private set; } = browser;

        public string Token { get; private set; } = "";

        public string? ProjectId { get; private set; }

        public IServiceProvider Services => factory.Services;

        public static async Task<Visitor> StartAsync(TimeTrackFactory factory, string email, IReadOnlyList<AppRoute> routes)
        {
            var browser = factory.CreateBrowserlikeClient();
            browser.DefaultRequestHeaders.Accept.ParseAdd("text/html"); // so a server error names its exception
            var visitor = new Visitor(factory, email, browser);
            await visitor.StaySignedInAsync();
            visitor.Api = factory.CreateApiClient(await factory.CreateTokenAsync(email, Org, "Fuzz"));
            visitor.ProjectId = (await (await visitor.Api.GetAsync("/api/v1/projects")).JsonAsync()).AsArray().FirstOrDefault()?["id"]?.GetValue<string>();
            var starts = routes
                .Where(r => r.Method == "GET" && r.Pattern.Parameters.All(p => p.Name == OrganizationRouteMiddleware.RouteKey))
                .Select(r => r.Fill(Org));
            visitor._site = await SiteMap.CrawlAsync(browser, starts, Org);
            visitor._api = await ApiSamples.ReadAsync(visitor.Api, routes);
            return visitor;
        }

        public HttpClient ClientFor(AppRoute route) => IsApi(route) ? Api : Browser;

        public RouteValueDictionary? Sample(AppRoute route) => IsApi(route) ? _api.Sample(route) : _site.Sample(route);

        public IReadOnlyDictionary<string, string> FormDefaults(string path) => _site.FormDefaults(path);

        /// <summary>Signs in again if a request ended the session (logging out, changing the password).</summary>
        public async Task StaySignedInAsync()
        {
            using var response = await Browser.GetAsync($"/{Org}/time");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Browser.LogInAsync(email);
            }

            Token = (await Browser.GetDocumentAsync($"/{Org}/time")).AntiforgeryToken();
        }
    }
}
