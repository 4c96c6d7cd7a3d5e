using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Import;

/// <summary>
/// Its own app and database (imports add entries, projects and tags to acme). The clock is
/// <see cref="PersonDataFactory"/>'s, Wednesday 25 November 2026; acme is in Europe/Berlin, Bob in
/// Europe/London, and acme refuses overlapping entries.
/// </summary>
public sealed class ImportFactory : PersonDataFactory
{
    /// <summary>Imported entries of <paramref name="email"/>, oldest first, with their tags.</summary>
    public async Task<List<TimeEntry>> ImportedEntriesAsync(string email)
    {
        var userId = await Database.UserIdAsync(email);
        await using var scope = Scopes.CreateScope(AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        return await db.TimeEntries.AsNoTracking().Include(e => e.Tags)
            .Where(e => e.UserId == userId && e.Source == EntrySource.Import)
            .OrderBy(e => e.Start)
            .ToListAsync();
    }

    public async Task<T> InAcmeAsync<T>(Func<TimeTrackDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = Scopes.CreateScope(AcmeId);
        return await query(scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>());
    }
}

/// <summary>Drives the import pages as a browser would.</summary>
public static class Importing
{
    public const string Page = "/acme/import";

    /// <summary>Uploads <paramref name="csv"/> through the page's form; returns the batch page's path.</summary>
    public static Task<string> UploadAsync(HttpClient client, string csv, string fileName = "export.csv", string? scope = null) =>
        UploadAsync(client, Encoding.UTF8.GetBytes(csv), "text/csv", fileName, scope);

    public static Task<HttpResponseMessage> PostFileAsync(HttpClient client, string csv, string fileName = "export.csv", string? scope = null, bool withToken = true) =>
        PostFileAsync(client, Encoding.UTF8.GetBytes(csv), "text/csv", fileName, scope, withToken);

    /// <summary>Uploads a file (an export, a spreadsheet) through the page's form; returns the batch page's path.</summary>
    public static async Task<string> UploadAsync(HttpClient client, byte[] file, string contentType, string fileName, string? scope = null)
    {
        var response = await PostFileAsync(client, file, contentType, fileName, scope, withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.OriginalString;
        Assert.Matches("^/acme/import/[0-9a-f-]{36}$", path);
        return path;
    }

    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, byte[] bytes, string contentType, string fileName, string? scope, bool withToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync(Page);
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.GetAttribute("action") == Page);
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        using var content = new MultipartFormDataContent();
        if (withToken)
        {
            content.Add(new StringContent(form.QuerySelector($"input[name='{Forms.TokenField}']")!.GetAttribute("value")!), Forms.TokenField);
        }

        // As a browser: the chosen scope, else the one the form has checked (or its hidden field).
        scope ??= form.QuerySelector("input[name='Upload.Scope'][checked]")?.GetAttribute("value")
            ?? form.QuerySelector("input[name='Upload.Scope'][type='hidden']")?.GetAttribute("value");
        if (scope is not null)
        {
            content.Add(new StringContent(scope), "Upload.Scope");
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new(contentType);
        content.Add(file, "Upload.File", fileName);
        return await client.PostAsync(Page, content);
    }

    /// <summary>Runs the dry run with the default mapping (or the given choices) and returns the page after it.</summary>
    public static async Task<IHtmlDocument> DryRunAsync(HttpClient client, string batch, IDictionary<string, string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.SubmitAsync(batch, batch + "/mapping", choices ?? new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetDocumentAsync(batch);
    }

    public static async Task<IHtmlDocument> ConfirmAsync(HttpClient client, string batch)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.SubmitAsync(batch, batch + "/confirm", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetDocumentAsync(batch);
    }

    public static async Task<IHtmlDocument> ImportAsync(HttpClient client, string csv, string? scope = null)
    {
        var batch = await UploadAsync(client, csv, scope: scope);
        var dryRun = await DryRunAsync(client, batch);
        Assert.Equal("0", dryRun.QuerySelector("#rejected")?.TextContent.Trim());
        return await ConfirmAsync(client, batch);
    }

    public static string Status(IHtmlDocument page) => page.QuerySelector("#import-status")?.TextContent.Trim() ?? "";

    public static List<string> Rejections(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#rejections li").Select(li => li.TextContent.Trim())];
}
