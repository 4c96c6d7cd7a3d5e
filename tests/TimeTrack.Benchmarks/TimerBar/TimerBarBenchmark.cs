using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Benchmarks.Infrastructure;
using TimeTrack.Benchmarks.Reporting;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Benchmarks.TimerBar;

/// <summary>
/// Starting a timer from the timer bar in place (one POST answered with the changed parts of the page)
/// beside the same start as a plain form post (POST, redirect, GET of the whole page), each timed from
/// the request to the last byte of the HTML that shows the running timer. Tries alternate between the
/// two ways; after each one the timer is stopped and its entry deleted, untimed, so every try starts
/// from the same week. Not BenchmarkDotNet iterations: a series of whole requests, reported as
/// percentiles.
/// </summary>
public static class TimerBarBenchmark
{
    private const string Person = "carol@acme.test";
    private const string Page = "/acme/time";
    private const string StartAction = "/acme/time/timer/start";

    public static async Task<int> RunAsync(string[] args)
    {
        var tries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var warmup = Math.Max(10, tries / 10);

        await using var app = await BenchmarkApp.StartAsync();
        var acme = await app.OrganizationIdAsync("acme");
        var carol = await app.UserIdAsync(Person);
        using var client = await app.LogInAsync(Person);
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri(Page, UriKind.Relative)));
        var form = page.QuerySelector($"form[action='{StartAction}']") ?? throw new InvalidOperationException("The time page has no timer bar.");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value") ?? throw new InvalidOperationException("The timer bar has no antiforgery token.");
        var week = form.QuerySelector("input[name='week']")?.GetAttribute("value") ?? "";
        var project = await ProjectIdAsync(scopes, acme, carol, "Mobile app");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["week"] = week,
            ["Timer.ProjectId"] = project.ToString(),
            ["Timer.Description"] = "Benchmark timer",
        };

        var inPlace = new List<double>(tries);
        var fullPage = new List<double>(tries);
        long inPlaceBytes = 0, fullPageBytes = 0;
        var wall = Stopwatch.StartNew();
        for (var i = -warmup; i < tries; i++)
        {
            // Alternating, so a slower moment of a shared machine falls on both ways alike.
            var (fragmentMs, fragmentBytes) = await StartInPlaceAsync(client, fields);
            await ResetAsync(scopes, acme, carol);
            var (pageMs, pageBytes) = await StartWithFullPageAsync(client, fields);
            await ResetAsync(scopes, acme, carol);
            if (i >= 0)
            {
                inPlace.Add(fragmentMs);
                fullPage.Add(pageMs);
                inPlaceBytes = fragmentBytes;
                fullPageBytes = pageBytes;
            }
        }

        var fragment = new Latencies(inPlace, wall.Elapsed);
        var full = new Latencies(fullPage, wall.Elapsed);
        var report = Report(tries, warmup, fragment, full, inPlaceBytes, fullPageBytes);
        Console.WriteLine(report);
        var artifacts = Path.Combine(BenchmarkProgram.ArtifactsPath(), $"timer-bar-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(artifacts)!);
        await File.WriteAllTextAsync(artifacts, report);
        Console.WriteLine($"Written to {artifacts}");
        return 0;
    }

    private static async Task<(double Milliseconds, long Bytes)> StartInPlaceAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var timer = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, StartAction) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TimerFragment.Header, TimerFragment.Value);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = timer.Elapsed.TotalMilliseconds;
        Expect(response.StatusCode == HttpStatusCode.OK && body.Contains("timer-running", StringComparison.Ordinal), "the in-place start", response.StatusCode);
        return (elapsed, Encoding.UTF8.GetByteCount(body));
    }

    private static async Task<(double Milliseconds, long Bytes)> StartWithFullPageAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var timer = Stopwatch.StartNew();
        using var posted = await client.PostAsync(new Uri(StartAction, UriKind.Relative), new FormUrlEncodedContent(fields));
        Expect(posted.StatusCode == HttpStatusCode.Redirect && posted.Headers.Location is not null, "the plain start", posted.StatusCode);
        using var response = await client.GetAsync(posted.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = timer.Elapsed.TotalMilliseconds;
        Expect(response.StatusCode == HttpStatusCode.OK && body.Contains("timer-running", StringComparison.Ordinal), "the page after the plain start", response.StatusCode);
        return (elapsed, Encoding.UTF8.GetByteCount(body));
    }

    /// <summary>Stops the timer and deletes its entry through the service, so the next try meets the same week.</summary>
    private static async Task ResetAsync(TenantScopeFactory scopes, Guid acme, Guid person)
    {
        await using var scope = scopes.CreateScope(acme, person);
        var entries = scope.ServiceProvider.GetRequiredService<TimeEntryService>();
        var stopped = await entries.StopTimerAsync(person);
        if (stopped.Value is not { } entry)
        {
            throw new InvalidOperationException("No timer was running after a start.");
        }

        var deleted = await entries.DeleteAsync(person, entry.Id, entry.Version);
        if (!deleted.Succeeded)
        {
            throw new InvalidOperationException("The benchmark's entry could not be deleted.");
        }
    }

    private static async Task<Guid> ProjectIdAsync(TenantScopeFactory scopes, Guid acme, Guid person, string name)
    {
        await using var scope = scopes.CreateScope(acme, person);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects
            .Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private static void Expect(bool condition, string what, HttpStatusCode status)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Unexpected answer to {what}: {(int)status}.");
        }
    }

    private static string Report(int tries, int warmup, Latencies fragment, Latencies full, long fragmentBytes, long fullBytes)
    {
        static string Ms(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Timer bar: start in place vs. full page post ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{tries} tries each, alternating, after {warmup} untimed warm-up tries each; {Environment.ProcessorCount} cores, {Environment.OSVersion}.");
        text.AppendLine();
        text.AppendLine("| Way | p50 (ms) | p95 (ms) | max (ms) | HTML received |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Timer bar, in place (POST → fragment) | {Ms(fragment.P50)} | {Ms(fragment.P95)} | {Ms(fragment.Max)} | {fragmentBytes / 1024.0:N1} KiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Full page post (POST → 302 → GET page) | {Ms(full.P50)} | {Ms(full.P95)} | {Ms(full.Max)} | {fullBytes / 1024.0:N1} KiB |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Ratio full page / in place: p50 {(full.P50 / fragment.P50).ToString("N2", CultureInfo.InvariantCulture)}, p95 {(full.P95 / fragment.P95).ToString("N2", CultureInfo.InvariantCulture)}.");
        return text.ToString();
    }
}
