using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>Drives server-rendered forms like a browser would: GET the page, read the antiforgery token, POST.</summary>
public static class Forms
{
    public const string TokenField = "__RequestVerificationToken";

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} returned {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public static string AntiforgeryToken(this IHtmlDocument document) =>
        document.QuerySelector($"input[name='{TokenField}']")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>
    /// GETs <paramref name="pageUrl"/>, finds the form on it that posts to <paramref name="postUrl"/>, and
    /// POSTs <paramref name="fields"/> with that form's own antiforgery token — so a form that forgets its
    /// token fails here as it would in a browser.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, string postUrl, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var postPath = postUrl.Split('?')[0];
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .FirstOrDefault(f => string.Equals(ActionPath(f, pageUrl), postPath, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{pageUrl} has no form that posts to {postPath}.");
        var token = form.QuerySelector($"input[name='{TokenField}']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"The form posting to {postPath} on {pageUrl} has no antiforgery token.");
        var values = new Dictionary<string, string>(fields) { [TokenField] = token };
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(values));
    }

    private static string ActionPath(IHtmlFormElement form, string pageUrl)
    {
        var action = form.GetAttribute("action");
        var path = string.IsNullOrEmpty(action) ? pageUrl : System.Net.WebUtility.HtmlDecode(action);
        return path.Split('?')[0];
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, IDictionary<string, string> fields) =>
        client.SubmitAsync(url, url, fields);

    /// <summary>Signs in with email and password through the login form; asserts it redirected (success).</summary>
    public static async Task LogInAsync(this HttpClient client, string email, string password = "Demo-Password-2026")
    {
        var response = await client.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Login of {email} returned {(int)response.StatusCode}");
    }
}
