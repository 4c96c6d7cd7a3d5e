using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Input;

/// <summary>
/// What a signed-in person can reach by following the app's own links from its pages: real addresses
/// for each route (so ids in the path name things that exist) and, for each form, the values a browser
/// would send unchanged — so a fuzzed request differs from a plausible one in one value only.
/// </summary>
public sealed class SiteMap
{
    private const int MostPages = 250;

    private readonly Dictionary<string, Dictionary<string, string>> _forms = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _addresses = [];

    /// <summary>The fields a browser would post to <paramref name="actionPath"/>, as the page that holds the form fills them.</summary>
    public IReadOnlyDictionary<string, string> FormDefaults(string actionPath) =>
        _forms.TryGetValue(actionPath, out var fields) ? fields : new Dictionary<string, string>();

    /// <summary>A path that a page links to or posts to and that <paramref name="route"/> matches, with its route values.</summary>
    public RouteValueDictionary? Sample(AppRoute route)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(route.Pattern.RawText ?? ""), []);
        foreach (var address in _addresses)
        {
            var values = new RouteValueDictionary();
            if (matcher.TryMatch(address, values) && Satisfies(route, values))
            {
                return values;
            }
        }

        return null;
    }

    public static async Task<SiteMap> CrawlAsync(HttpClient client, IEnumerable<string> starts, string org)
    {
        var map = new SiteMap();
        var queue = new Queue<string>(starts);

        // Each path once: the same page for another week or filter has the same forms and links.
        var seen = new HashSet<string>(queue.Select(Path), StringComparer.Ordinal);
        var pages = 0;
        while (queue.Count > 0 && pages < MostPages)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            pages++;
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            map._addresses.Add(Path(url));
            var document = await Forms.ParseAsync(response);
            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                var action = WebUtility.HtmlDecode(form.GetAttribute("action") ?? "");
                var path = Path(action.Length == 0 ? url : action);
                map._addresses.Add(path);
                if (string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase) && !map._forms.ContainsKey(path))
                {
                    map._forms[path] = Defaults(form);
                }
            }

            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => WebUtility.HtmlDecode(a.GetAttribute("href") ?? "")))
            {
                if (link.StartsWith($"/{org}/", StringComparison.Ordinal) && seen.Add(Path(link)))
                {
                    queue.Enqueue(link);
                }
            }
        }

        return map;
    }

    private static string Path(string url) => url.Split('?', '#')[0];

    private static Dictionary<string, string> Defaults(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name.Length: > 0 } input when input.Type is "submit" or "button" or "file":
                    break;
                case IHtmlInputElement { Name.Length: > 0 } input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        fields.TryAdd(input.Name, input.Value);
                    }

                    break;
                case IHtmlInputElement { Name.Length: > 0 } input:
                    fields.TryAdd(input.Name, input.Value);
                    break;
                case IHtmlSelectElement { Name.Length: > 0 } select:
                    var option = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault(o => o.Value.Length > 0);
                    fields.TryAdd(select.Name, option?.Value ?? "");
                    break;
                case IHtmlTextAreaElement { Name.Length: > 0 } text:
                    fields.TryAdd(text.Name, text.Value);
                    break;
            }
        }

        fields.Remove(Forms.TokenField);
        return fields;
    }

    private static bool Satisfies(AppRoute route, RouteValueDictionary values) =>
        route.Pattern.Parameters.All(parameter =>
        {
            var value = values[parameter.Name]?.ToString() ?? "";
            var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
            return constraints.Any(c => c.StartsWith("guid", StringComparison.OrdinalIgnoreCase)) ? Guid.TryParse(value, out _)
                : !constraints.Any(c => c.StartsWith("int", StringComparison.OrdinalIgnoreCase)) || int.TryParse(value, out _);
        });
}
