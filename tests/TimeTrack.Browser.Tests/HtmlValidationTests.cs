using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TimeTrack.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TimeTrack.Browser.Tests;

/// <summary>
/// The HTML the server sends for every page the shell reaches, checked by the Nu HTML Checker (vnu.jar from
/// the test project's node_modules, or TIMETRACK_VNU_JAR) in a single Java run over all the documents.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class HtmlValidationTests(BrowserAppFactory app, ChromiumFixture chromium, ITestOutputHelper output)
    : BrowserTest(app, chromium)
{
    private const string VnuRelativePath = "tests/TimeTrack.Browser.Tests/node_modules/vnu-jar/build/dist/vnu.jar";

    // Checked along with the pages: a run that does not report this document's error proves nothing.
    private const string CanaryFile = "canary.html";
    private const string CanaryHtml = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Canary</title></head>
        <body><span><div>A div may not sit inside a span.</div></span></body>
        </html>
        """;

    private static readonly TimeSpan VnuTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> VnuJar = new(FindJar);

    private readonly Dictionary<string, IPage> _pages = [];

    [Fact]
    public async Task Served_html_of_every_shell_page_is_valid()
    {
        var documents = new List<ServedDocument>();
        foreach (var shellPage in ShellPages.All)
        {
            var page = await PageForAsync(shellPage.User);
            var response = await page.GotoAsync(shellPage.Path)
                ?? throw new InvalidOperationException($"The {shellPage.Name} page ({shellPage.Path}) gave no response.");
            Assert.True(
                response.Status == shellPage.Status,
                $"The {shellPage.Name} page ({shellPage.Path}) answered {response.Status} instead of {shellPage.Status}.");
            documents.Add(await ServedDocument.FromAsync($"the {shellPage.Name} page", response));
        }

        foreach (var form in ShellPages.FormsSentEmpty)
        {
            var page = await PageForAsync(form.User);
            await page.GotoAsync(form.Path);
            var response = await SubmitAsync(page, form.Button);
            Assert.True(response.Status == 422, $"The {form.Name} form ({form.Path}) sent empty answered {response.Status} instead of 422.");
            documents.Add(await ServedDocument.FromAsync($"the {form.Name} form sent empty", response));
        }

        // The login form with its error about the whole form. An unknown address, so that no demo person's
        // count of failed attempts (and with it a lockout) grows for the other tests.
        var loginPage = await PageForAsync(null);
        await loginPage.GotoAsync("/account/login");
        await loginPage.GetByLabel("Email", new() { Exact = true }).FillAsync("nobody@acme.test");
        await loginPage.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        var failedLogin = await SubmitAsync(loginPage, "Log in");
        Assert.True(failedLogin.Status == 422, $"A login with an unknown address answered {failedLogin.Status} instead of 422.");
        documents.Add(await ServedDocument.FromAsync("the login form with a wrong password", failedLogin));

        var problems = await ValidateAsync(documents);
        Assert.True(
            problems.Count == 0,
            $"The Nu HTML Checker found {problems.Count} problem(s) in the served HTML:\n" + string.Join("\n", problems));
    }

    /// <summary>A feature works end to end or is not shown: no page announces one that is not built.</summary>
    [Fact]
    public async Task No_shell_page_announces_a_feature_that_is_not_built()
    {
        var announcements = new List<string>();
        foreach (var shellPage in ShellPages.All)
        {
            var page = await PageForAsync(shellPage.User);
            await page.GotoAsync(shellPage.Path);
            var text = await page.Locator("main").InnerTextAsync();
            announcements.AddRange(Unbuilt().Matches(text).Select(m => $"the {shellPage.Name} page ({shellPage.Path}): \"{m.Value}\""));
        }

        Assert.True(announcements.Count == 0, "Pages announce unbuilt features:\n" + string.Join("\n", announcements));
    }

    [GeneratedRegex(@"coming (next|soon)|not (yet )?(available|implemented)|will be (configured|available|added) here|under construction", RegexOptions.IgnoreCase)]
    private static partial Regex Unbuilt();

    /// <summary>One page per person (null: anonymous), signed in once.</summary>
    private async Task<IPage> PageForAsync(string? user)
    {
        var key = user ?? "";
        if (!_pages.TryGetValue(key, out var page))
        {
            page = user is null ? await NewPageAsync() : await NewSignedInPageAsync(user);
            _pages[key] = page;
        }

        return page;
    }

    private static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.Load);
        return response;
    }

    /// <summary>Writes the documents to a temporary directory, checks them in one vnu run, and describes every problem.</summary>
    private async Task<IReadOnlyList<string>> ValidateAsync(IReadOnlyList<ServedDocument> documents)
    {
        var directory = Directory.CreateTempSubdirectory("timetrack-vnu-");
        try
        {
            var byFile = new Dictionary<string, ServedDocument>(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                var file = $"page-{byFile.Count + 1:00}.html";
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, file), document.Html);
                byFile.Add(file, document);
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, CanaryFile), CanaryHtml);

            var stopwatch = Stopwatch.StartNew();
            var messages = await RunVnuAsync([CanaryFile, .. byFile.Keys], directory.FullName);
            stopwatch.Stop();

            var canaryErrors = messages.Count(m => m.File == CanaryFile && m.Type == "error");
            if (canaryErrors == 0)
            {
                throw new InvalidOperationException(
                    "vnu reported no error in a document with a known error, so its silence about the pages means nothing.");
            }

            var problems = new List<string>();
            var ignored = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var message in messages.Where(m => m.File != CanaryFile))
            {
                if (IsIgnored(message))
                {
                    ignored[message.Text] = ignored.GetValueOrDefault(message.Text) + 1;
                    continue;
                }

                var where = byFile.TryGetValue(message.File, out var document)
                    ? $"{document.What} ({document.Url})"
                    : $"{message.File} (not a page this test wrote)";
                problems.Add($"{where}{message.At}: {message.Kind}: {message.Text}{message.Extract}");
            }

            output.WriteLine($"vnu checked {documents.Count} documents in {stopwatch.Elapsed.TotalSeconds:0.0} s: {problems.Count} problem(s).");
            foreach (var (text, count) in ignored)
            {
                output.WriteLine($"ignored {count}×: {text}");
            }

            return problems;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Plain "info" messages (no subType) are notes, not findings: vnu files the no-effect trailing slash on
    /// void elements (the views write &lt;meta ... /&gt;, &lt;input ... /&gt;) there. Razor CSS isolation's
    /// scope attributes (b-xxxxxxxxxx) are no HTML attribute; the app uses no CSS isolation today, but should
    /// it start, exactly that message is not a finding. Errors, warnings and checker failures all count.
    /// </summary>
    private static bool IsIgnored(VnuMessage message) =>
        (message.Type == "info" && message.SubType is null)
        || (message.Type == "error" && CssIsolationAttribute().IsMatch(message.Text));

    [GeneratedRegex("^Attribute “b-[a-z0-9]{10}” not allowed on element “[^”]+” at this point\\.$")]
    private static partial Regex CssIsolationAttribute();

    private static async Task<IReadOnlyList<VnuMessage>> RunVnuAsync(IReadOnlyList<string> files, string directory)
    {
        var start = new ProcessStartInfo("java")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // A short run: the quick (C1) compiler alone starts about a second sooner. Its bigger frames need
        // a larger thread stack than the default, or vnu's schema check overflows it (vnu asks for -Xss).
        string[] java = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", VnuJar.Value];
        foreach (var argument in java.Concat(["--format", "json", "--exit-zero-always", .. files]))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("java did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Java is needed to run the Nu HTML Checker: put `java` on the PATH.", e);
        }

        using (process)
        {
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(VnuTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"vnu did not finish within {VnuTimeout}.");
            }

            // The JSON report is written to standard error.
            var report = await standardError;
            var stdout = await standardOutput;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"vnu exited with {process.ExitCode}:\n{report}\n{stdout}");
            }

            try
            {
                using var json = JsonDocument.Parse(report);
                return [.. json.RootElement.GetProperty("messages").EnumerateArray().Select(VnuMessage.From)];
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidOperationException($"vnu wrote no JSON report:\n{report}\n{stdout}", e);
            }
        }
    }

    private static string FindJar()
    {
        if (Environment.GetEnvironmentVariable("TIMETRACK_VNU_JAR") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"TIMETRACK_VNU_JAR points to a missing file: {configured}");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, VnuRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"vnu.jar was not found above {AppContext.BaseDirectory}. Run `npm ci --ignore-scripts` in tests/TimeTrack.Browser.Tests or set TIMETRACK_VNU_JAR.");
    }

    /// <summary>A document as the server sent it, with what it is and where it came from.</summary>
    private sealed record ServedDocument(string What, string Url, string Html)
    {
        public static async Task<ServedDocument> FromAsync(string what, IResponse response) =>
            new(what, response.Url, await response.TextAsync());
    }

    /// <summary>One message of vnu's JSON report.</summary>
    private sealed record VnuMessage(string File, string Type, string? SubType, int? Line, string Text, string Extract)
    {
        /// <summary>"error", "warning", "info", or the checker's own failure ("non-document-error io").</summary>
        public string Kind => (Type, SubType) switch
        {
            ("info", "warning") => "warning",
            (_, null) => Type,
            _ => $"{Type} {SubType}",
        };

        public string At => Line is { } line ? $", line {line}" : "";

        public static VnuMessage From(JsonElement message)
        {
            var url = message.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
            var extract = message.TryGetProperty("extract", out var e) && e.GetString() is { Length: > 0 } text
                ? $"\n    {text.ReplaceLineEndings(" ").Trim()}"
                : "";
            return new VnuMessage(
                File: url[(url.LastIndexOf('/') + 1)..],
                Type: message.GetProperty("type").GetString() ?? "",
                SubType: message.TryGetProperty("subType", out var subType) ? subType.GetString() : null,
                Line: message.TryGetProperty("lastLine", out var line) ? line.GetInt32() : null,
                Text: message.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "",
                Extract: extract);
        }
    }
}
