using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TimeTrack.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TimeTrack.Web.Tests.Api;

/// <summary>
/// The published description of the API: only <c>/api/v1</c>, every operation tested, and clean under
/// Redocly's linter (run offline) so generated clients can rely on it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(TimeTrackFactory factory, ITestOutputHelper output)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task Document_describes_exactly_the_tested_api_operations_and_the_bearer_scheme()
    {
        var document = await ReadDocumentAsync();

        var paths = document["paths"]!.AsObject();
        Assert.All(paths.Select(p => p.Key), path => Assert.StartsWith("/api/v1/", path, StringComparison.Ordinal));
        var operations = paths
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ApiEndpointTests.TestedOperations.Order(StringComparer.Ordinal), operations);

        // Every operation may answer 401; changes and deletes take the entry's ETag in If-Match.
        Assert.All(paths, p => Assert.All(
            p.Value!.AsObject().Where(o => Methods.Contains(o.Key)),
            o => Assert.NotNull(o.Value?["responses"]?["401"])));
        foreach (var method in new[] { "put", "delete" })
        {
            var parameters = paths["/api/v1/entries/{id}"]?[method]?["parameters"]?.AsArray();
            Assert.NotNull(parameters);
            Assert.Contains(parameters, p => p?["name"]?.GetValue<string>() == "If-Match" && p["in"]?.GetValue<string>() == "header");
            Assert.NotNull(paths["/api/v1/entries/{id}"]?[method]?["responses"]?["412"]);
        }

        var scheme = document["components"]?["securitySchemes"]?["PersonalAccessToken"];
        Assert.Equal("http", scheme?["type"]?.GetValue<string>());
        Assert.Equal("bearer", scheme?["scheme"]?.GetValue<string>());
        Assert.NotNull(document["security"]?.AsArray().SingleOrDefault(r => r?["PersonalAccessToken"] is not null));

        // Snake_case on the wire, and the request bodies offer nothing a client must not set.
        var entryRequest = document["components"]?["schemas"]?["EntryRequest"]?["properties"]?.AsObject();
        Assert.NotNull(entryRequest);
        Assert.Equal(
            ["billable", "description", "end", "outcome_id", "project_id", "start", "tag_ids", "task_id"],
            entryRequest.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Document_passes_redocly_lint()
    {
        var redocly = FindRedocly();
        var config = Path.Combine(FindRepositoryRoot(), "tests", "TimeTrack.Web.Tests", "Api", "redocly.yaml");
        Assert.True(File.Exists(config), $"{config} is missing.");
        var directory = Directory.CreateTempSubdirectory("timetrack-openapi-");
        try
        {
            var documentPath = Path.Combine(directory.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentPath, (await ReadDocumentAsync()).ToJsonString());

            var start = new ProcessStartInfo(redocly)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.FullName,
            };
            foreach (var argument in new[] { "lint", documentPath, "--config", config, "--format=json" })
            {
                start.ArgumentList.Add(argument);
            }

            // Offline: no usage reports, no update checks.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            start.Environment["NO_UPDATE_NOTIFIER"] = "1";
            start.Environment["CI"] = "true";

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {redocly}.");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("redocly lint did not finish within two minutes.");
            }

            var report = await stdout;
            output.WriteLine(report);
            output.WriteLine(await stderr);
            var result = JsonNode.Parse(report) ?? throw new InvalidOperationException("redocly printed no report.");
            var problems = result["problems"]?.AsArray()
                .Select(p => $"{p?["severity"]} {p?["ruleId"]} at {p?["location"]?[0]?["pointer"]}: {p?["message"]}")
                .ToList() ?? [];
            // Warnings count too: a rule that does not fit is switched off in redocly.yaml, with its reason.
            Assert.True(problems.Count == 0, "redocly lint found problems:\n" + string.Join("\n", problems));
            Assert.Equal(0, result["totals"]?["errors"]?.GetValue<int>());
            Assert.Equal(0, result["totals"]?["warnings"]?.GetValue<int>());
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Reference_page_lists_every_operation_with_an_example_request()
    {
        var page = await factory.CreateBrowserlikeClient().GetDocumentAsync("/api");

        var headings = page.QuerySelectorAll("section h2 code").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(ApiEndpointTests.TestedOperations.Order(StringComparer.Ordinal), headings.Order(StringComparer.Ordinal));
        var create = page.QuerySelectorAll("section").Single(s => s.QuerySelector("h2 code")?.TextContent == "POST /api/v1/entries");
        Assert.Contains("Authorization: Bearer", create.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"project_id\"", create.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script:not([src]), style, [style]"));
    }

    private async Task<JsonNode> ReadDocumentAsync()
    {
        var response = await factory.CreateApiClient(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>TIMETRACK_REDOCLY (scripts/test.sh sets it), else the browser tests' node_modules.</summary>
    private static string FindRedocly()
    {
        var configured = Environment.GetEnvironmentVariable("TIMETRACK_REDOCLY");
        var path = !string.IsNullOrEmpty(configured)
            ? configured
            : Path.Combine(FindRepositoryRoot(), "tests", "TimeTrack.Browser.Tests", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(path), $"redocly not found at {path}: run `npm ci` in tests/TimeTrack.Browser.Tests or set TIMETRACK_REDOCLY.");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "tests", "TimeTrack.Browser.Tests")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}
