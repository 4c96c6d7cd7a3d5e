using AngleSharp.Html.Dom;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Work;

/// <summary>Form posts with a field sent more than once (checkbox groups), which a dictionary cannot hold.</summary>
internal static class RepeatedFields
{
    public static async Task<HttpResponseMessage> SubmitRepeatedAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .FirstOrDefault(f => string.Equals(System.Net.WebUtility.HtmlDecode(f.GetAttribute("action") ?? ""), url, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{url} has no form that posts to itself.");
        var token = form.QuerySelector($"input[name='{Forms.TokenField}']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"The form on {url} has no antiforgery token.");
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new(Forms.TokenField, token)]));
    }
}
