using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.MyData;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.MyData;

public sealed class MyDataTests(MyDataFactory factory) : IClassFixture<MyDataFactory>
{
    [Fact]
    public async Task Person_downloads_all_their_data_as_json_and_csv_without_survey_answers_or_anyone_elses_data()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var bob = await factory.Database.UserIdAsync("bob@acme.test");
        var manager = await factory.Database.UserIdAsync("manager@acme.test");
        var entry = $"Reconciled the quarterly ledger {marker}";
        var othersEntry = $"Bob's private planning {marker}";
        var reflection = $"A calm week, the ledger finally balanced {marker}";
        var support = $"I could use a second pair of eyes on the ledger {marker}";
        var answer = $"Anonymous words nobody may trace {marker}";
        var looked = $"Team › week of 16 Nov 2026 {marker}";
        await factory.AddEntryAsync(factory.AcmeId, alice, entry, Instant.FromUtc(2026, 11, 23, 8, 30));
        await factory.AddEntryAsync(factory.AcmeId, bob, othersEntry, Instant.FromUtc(2026, 11, 23, 8, 30));
        await factory.AddDigestAsync(factory.AcmeId, alice, new LocalDate(2026, 11, 9), reflection, support);
        await factory.AddDigestAsync(factory.AcmeId, bob, new LocalDate(2026, 11, 9), $"Bob's reflection {marker}", $"Bob's request {marker}");
        await factory.AddAccessLogRowAsync(factory.AcmeId, alice, manager, looked);
        await factory.AddAccessLogRowAsync(factory.AcmeId, bob, manager, $"Bob's week {marker}");
        var version = await factory.AddAcknowledgedVersionAsync(factory.AcmeId, alice);
        await factory.AddSurveyAnswerAsync(factory.AcmeId, alice, answer);

        var client = await SignInAsync("alice@acme.test");
        var page = await client.GetDocumentAsync("/acme/me/data");
        Assert.Contains("pulse survey answers", page.QuerySelector("#no-survey-answers")?.TextContent, StringComparison.OrdinalIgnoreCase);

        var exportId = await PrepareAsync(client, "acme", factory.AcmeId, alice, runJob: false);
        var preparing = await client.GetDocumentAsync("/acme/me/data");
        Assert.Contains("Preparing", preparing.QuerySelector("#export-status")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(preparing.QuerySelector("meta[http-equiv='refresh']"));

        // A second click while it is being prepared shows the same request rather than starting another.
        var again = await client.PostAsync("/acme/me/data", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = (await client.GetDocumentAsync("/acme/me/data")).AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Single(await factory.ExportsOfAsync(factory.AcmeId, alice), e => e.Status == PersonalDataExportStatus.Preparing);

        Assert.True(await factory.RunPrepareJobAsync(factory.AcmeId, exportId));
        Assert.False(await factory.RunPrepareJobAsync(factory.AcmeId, exportId)); // a retry does nothing
        var ready = await client.GetDocumentAsync("/acme/me/data");
        Assert.Equal($"/acme/me/data/{exportId}/download", ready.QuerySelector("#download-link")?.GetAttribute("href"));
        Assert.Contains("26 Nov 2026, 13:00", ready.QuerySelector("#export-status")?.TextContent, StringComparison.Ordinal); // noon UTC + 24 h, in Berlin

        using var response = await client.GetAsync($"/acme/me/data/{exportId}/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("timetrack-acme-2026-11-25.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var files = await UnzipAsync(response);

        var expected = PersonalDataArchive.Files.SelectMany(f => new[] { f.Name + ".json", f.Name + ".csv" }).Append("README.txt").Order().ToList();
        Assert.Equal(expected, files.Keys.Order().ToList());
        foreach (var (name, text) in files.Where(f => f.Key.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(text);
            Assert.True(json.RootElement.ValueKind == JsonValueKind.Array, name);
        }

        Assert.Contains("Acme", files["README.txt"], StringComparison.Ordinal);
        Assert.Contains($"version {version}", files["README.txt"], StringComparison.Ordinal);
        foreach (var format in new[] { "json", "csv" })
        {
            Assert.Contains(entry, files[$"time-entries.{format}"], StringComparison.Ordinal);
            Assert.Contains(reflection, files[$"reflections.{format}"], StringComparison.Ordinal);
            Assert.Contains(support, files[$"support-requests.{format}"], StringComparison.Ordinal);
            Assert.Contains(looked, files[$"access-log.{format}"], StringComparison.Ordinal);
            Assert.Contains(await DisplayNameAsync("manager@acme.test"), files[$"access-log.{format}"], StringComparison.Ordinal);
            Assert.Contains("alice@acme.test", files[$"profile.{format}"], StringComparison.Ordinal);
            Assert.Contains("Person data tests", files[$"access-tokens.{format}"], StringComparison.Ordinal);
        }

        using (var acknowledgements = JsonDocument.Parse(files["policy-acknowledgements.json"]))
        {
            Assert.Contains(acknowledgements.RootElement.EnumerateArray(), a => a.GetProperty("policyVersion").GetInt32() == version);
        }

        using (var entries = JsonDocument.Parse(files["time-entries.json"]))
        {
            var mine = Assert.Single(entries.RootElement.EnumerateArray(), e => e.GetProperty("description").GetString() == entry);
            Assert.Equal("2026-11-23T08:30:00Z", mine.GetProperty("start").GetString());
            Assert.Equal("2026-11-23T09:30:00", mine.GetProperty("startLocal").GetString());
            Assert.Equal(95, mine.GetProperty("minutes").GetInt64());
            Assert.True(mine.GetProperty("billable").GetBoolean());
            Assert.Equal("Manual", mine.GetProperty("source").GetString());
        }

        // Nothing anonymous, nothing of anyone else, and never a token's secret.
        foreach (var (name, text) in files)
        {
            Assert.DoesNotContain(answer, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bob's", text, StringComparison.Ordinal);
            Assert.DoesNotContain(othersEntry, text, StringComparison.Ordinal);
            Assert.False(text.Contains("hash", StringComparison.OrdinalIgnoreCase), name);
        }
    }

    [Fact]
    public async Task Only_the_person_can_download_their_file_and_only_for_24_hours()
    {
        var carol = await factory.Database.UserIdAsync("carol@acme.test");
        var client = await SignInAsync("carol@acme.test");
        var exportId = await PrepareAsync(client, "acme", factory.AcmeId, carol);
        var download = $"/acme/me/data/{exportId}/download";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(download)).StatusCode);

        // Someone else, even the organization's owner or an admin, is told it does not exist.
        foreach (var other in new[] { "owner@acme.test", "admin@acme.test", "bob@acme.test" })
        {
            var them = await SignInAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await them.GetAsync(download)).StatusCode);
            Assert.Null((await them.GetDocumentAsync("/acme/me/data")).QuerySelector($"a[href='{download}']"));
        }

        try
        {
            factory.Clock.Advance(PersonalDataExport.OfferedFor);
            var gone = await client.GetAsync(download);
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Contains("expired", (await Forms.ParseAsync(gone)).QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
            Assert.Contains("expired", (await client.GetDocumentAsync("/acme/me/data")).QuerySelector("#export-status")?.TextContent, StringComparison.Ordinal);

            Assert.True(await factory.RunCleanupAsync(factory.AcmeId) >= 1);
            Assert.DoesNotContain(await factory.ExportsOfAsync(factory.AcmeId, carol), e => e.Id == exportId);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(download)).StatusCode);
        }
        finally
        {
            factory.Clock.Reset(MyDataFactory.Now);
        }
    }

    [Fact]
    public async Task Preparing_my_data_needs_the_antiforgery_token()
    {
        var erin = await AddMemberAsync(factory.AcmeId, OrgRole.Employee);
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(erin.Email, Password);
        var response = await client.PostAsync("/acme/me/data", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await factory.ExportsOfAsync(factory.AcmeId, erin.Id));
    }

    [Fact]
    public async Task A_person_in_two_organizations_gets_one_archive_for_each()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var person = await AddMemberAsync(factory.AcmeId, OrgRole.Employee);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(factory.GlobexId, person.Id, OrgRole.Employee);
        }

        await factory.AddEntryAsync(factory.AcmeId, person.Id, $"Acme work {marker}", Instant.FromUtc(2026, 11, 23, 8, 0));
        await factory.AddEntryAsync(factory.GlobexId, person.Id, $"Globex work {marker}", Instant.FromUtc(2026, 11, 23, 14, 0));
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(person.Email, Password);

        var acmeExport = await PrepareAsync(client, "acme", factory.AcmeId, person.Id);
        var globexExport = await PrepareAsync(client, "globex", factory.GlobexId, person.Id);
        var acme = await UnzipAsync(await client.GetAsync($"/acme/me/data/{acmeExport}/download"));
        var globex = await UnzipAsync(await client.GetAsync($"/globex/me/data/{globexExport}/download"));
        Assert.Contains($"Acme work {marker}", acme["time-entries.csv"], StringComparison.Ordinal);
        Assert.DoesNotContain($"Globex work {marker}", string.Concat(acme.Values), StringComparison.Ordinal);
        Assert.Contains($"Globex work {marker}", globex["time-entries.csv"], StringComparison.Ordinal);
        Assert.DoesNotContain($"Acme work {marker}", string.Concat(globex.Values), StringComparison.Ordinal);

        // One organization's export is not found through another's address.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/globex/me/data/{acmeExport}/download")).StatusCode);
    }

    private const string Password = "plain lowercase words are fine here";

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email);
        // A token, so that the archive has one to list (by name, never its value).
        var created = await client.SubmitAsync("/acme/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = "Person data tests",
            ["NewToken.LifetimeDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return client;
    }

    private async Task<(Guid Id, string Email)> AddMemberAsync(Guid tenantId, OrgRole role)
    {
        var id = Guid.CreateVersion7();
        var email = $"mydata-{id:N}@example.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Export tester", TimeZoneId = "Europe/Berlin" },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(tenantId, id, role);
        return (id, email);
    }

    private async Task<string> DisplayNameAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return user?.DisplayName ?? throw new InvalidOperationException($"No user {email}.");
    }

    /// <summary>Presses "Prepare my data" on the page and, unless told not to, runs the job; returns the request's id.</summary>
    private async Task<Guid> PrepareAsync(HttpClient client, string org, Guid tenantId, Guid userId, bool runJob = true)
    {
        var response = await client.SubmitAsync($"/{org}/me/data", $"/{org}/me/data", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var export = (await factory.ExportsOfAsync(tenantId, userId))[0];
        Assert.Equal(PersonalDataExportStatus.Preparing, export.Status);
        if (runJob)
        {
            Assert.True(await factory.RunPrepareJobAsync(tenantId, export.Id));
        }

        return export.Id;
    }

    private static async Task<Dictionary<string, string>> UnzipAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            await using var stream = entry.Open();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files[entry.FullName] = await reader.ReadToEndAsync();
        }

        return files;
    }
}
