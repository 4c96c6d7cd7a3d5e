using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Parser;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using TimeTrack.Web.Data.Seed;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Benchmarks.Proof;

/// <summary>
/// The load half of <c>scripts/prove.sh</c>: drives a running app over loopback HTTP (timer, entries,
/// a person's week read by their manager, one's own week page, reports, the API) while the script
/// stops PostgreSQL and kills the app, then checks the database against what the app acknowledged and
/// prints the figures. The script writes what it did and when into <c>events</c> in the control
/// directory and creates <c>stop</c> there when the run is over.
/// </summary>
public static class ProofRun
{
    private const string Org = "acme";

    /// <summary><c>prove load --base-url URL --db SUPERUSER_CS --control DIR [--report FILE]</c> or <c>prove trigger-digests --app-db APP_CS</c>.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        var options = Options.Parse(args);
        return options.Command switch
        {
            "load" => await LoadAsync(options),
            "trigger-digests" => TriggerDigests(options),
            _ => throw new ArgumentException("Usage: prove load|trigger-digests [options]"),
        };
    }

    /// <summary>Runs the digest fan-out now, as the recurring job would, through Hangfire's storage.</summary>
    private static int TriggerDigests(Options options)
    {
        var storageOptions = JobsExtensions.StorageOptions();
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(options.Required("--app-db"), storageOptions), storageOptions);
        new RecurringJobManager(storage).Trigger(DigestJobs.RecurringId);
        return 0;
    }

    private static async Task<int> LoadAsync(Options options)
    {
        var baseUrl = new Uri(options.Required("--base-url"));
        var control = options.Required("--control");
        var database = options.Required("--db");
        var marker = "Proof " + Guid.NewGuid().ToString("N")[..8];
        var started = DateTimeOffset.UtcNow;

        var people = await PeopleAsync(database);
        var manager = await Session.SignInAsync(baseUrl, "manager@acme.test");
        var admin = await Session.SignInAsync(baseUrl, "admin@acme.test");
        var aliceWeb = await Session.SignInAsync(baseUrl, "alice@acme.test");
        var alice = Session.Api(baseUrl, await aliceWeb.CreateTokenAsync());
        var carol = Session.Api(baseUrl, await (await Session.SignInAsync(baseUrl, "carol@acme.test")).CreateTokenAsync());
        var bob = Session.Api(baseUrl, await (await Session.SignInAsync(baseUrl, "bob@acme.test")).CreateTokenAsync());
        await File.WriteAllTextAsync(Path.Combine(control, "ready"), "");
        Console.WriteLine($"[prove] signed in; load running (marker \"{marker}\")");

        var log = new ConcurrentQueue<Request>();
        var acknowledged = new ConcurrentDictionary<string, byte>();
        var slot = 0;
        var firstSlot = started.AddDays(-60);
        var today = started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = started.AddDays(-35).ToString("yyyy-MM-01", CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();

        async Task LoopAsync(string kind, Func<Task<HttpResponseMessage>> send, Action<HttpResponseMessage>? onSuccess = null)
        {
            while (!stop.IsCancellationRequested)
            {
                var at = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                int status;
                try
                {
                    using var response = await send();
                    await response.Content.LoadIntoBufferAsync();
                    status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        onSuccess?.Invoke(response);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    status = 0; // no answer: the app was down or the connection was cut
                }

                log.Enqueue(new Request(kind, at, clock.Elapsed.TotalMilliseconds, status));
                if (status is 0 or 503)
                {
                    await Task.Delay(100);
                }
            }
        }

        Task WriterAsync(HttpClient api, Guid projectId) => LoopAsync("entry", () =>
        {
            var n = Interlocked.Increment(ref slot);
            var start = firstSlot.AddMinutes(2 * n);
            var description = $"{marker} #{n}";
            return api.PostAsJsonAsync("/api/v1/entries", new
            {
                project_id = projectId,
                billable = false,
                description,
                start = start.ToString("O", CultureInfo.InvariantCulture),
                end = start.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture),
            }).ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully && t.Result.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[description] = 0;
                }

                return t;
            }).Unwrap();
        });

        var running = false;
        var load = Task.WhenAll(
            WriterAsync(alice, people.AliceProject),
            WriterAsync(carol, people.CarolProject),
            LoopAsync("timer", async () =>
            {
                var response = running
                    ? await bob.PostAsync("/api/v1/timer/stop", null)
                    : await bob.PostAsJsonAsync("/api/v1/timer/start", new { project_id = people.BobProject, description = marker + " timer" });
                // A 4xx: the timer was already in the state asked for (an answer lost to a fault); flip and go on.
                if ((int)response.StatusCode is >= 200 and < 500)
                {
                    running = !running;
                }

                return response;
            }),
            LoopAsync("person week (logged read)", () => manager.Client.GetAsync($"/{Org}/team/people/{people.Alice}")),
            LoopAsync("own week page", () => aliceWeb.Client.GetAsync($"/{Org}/time?week={today}")),
            LoopAsync("report", () => admin.Client.GetAsync($"/{Org}/reports?from={month}&to={today}&groupBy=Project")),
            LoopAsync("api entries", () => alice.GetAsync("/api/v1/entries?limit=50")));

        while (!File.Exists(Path.Combine(control, "stop")))
        {
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await load;
        var events = Event.Read(Path.Combine(control, "events"));
        await File.WriteAllLinesAsync(
            Path.Combine(control, "requests.csv"),
            ["at_unix_ms,kind,status,ms", .. log.OrderBy(r => r.At).Select(r => FormattableString.Invariant($"{r.At.ToUnixTimeMilliseconds()},{r.Kind},{r.Status},{r.Milliseconds:F1}"))]);
        var report = await ReportAsync(database, people, marker, started, [.. log], acknowledged.Keys.ToHashSet(), events);
        Console.WriteLine(report.Text);
        if (options.Optional("--report") is { } file)
        {
            await File.WriteAllTextAsync(file, report.Text);
        }

        return report.Passed ? 0 : 1;
    }

    private static async Task<(bool Passed, string Text)> ReportAsync(
        string database, People people, string marker, DateTimeOffset started, IReadOnlyList<Request> log, HashSet<string> acknowledged, IReadOnlyList<Event> events)
    {
        // The database was restarted under the pool's connections.
        NpgsqlConnection.ClearAllPools();
        await using var sql = new NpgsqlConnection(database);
        await sql.OpenAsync();
        var stored = await sql.QueryAsync<string>("SELECT description FROM time_entries WHERE description LIKE @m || ' #%'", ("m", marker));
        var duplicates = stored.GroupBy(d => d).Count(g => g.Count() > 1);
        var lost = acknowledged.Except(stored).Count();
        var unacknowledged = stored.Distinct().Except(acknowledged).Count();
        var logged = await sql.ScalarAsync<long>(
            "SELECT count(*) FROM access_log_entries WHERE subject_user_id = @s AND viewer_user_id = @v AND occurred_at >= @t",
            ("s", people.Alice), ("v", people.Manager), ("t", started));
        var readsAnswered = log.Count(r => r.Kind.StartsWith("person week", StringComparison.Ordinal) && r.Status == 200);
        var readsCut = log.Count(r => r.Kind.StartsWith("person week", StringComparison.Ordinal) && r.Status == 0);
        var digestDuplicates = await sql.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT 1 FROM digests GROUP BY tenant_id, user_id, week_start HAVING count(*) > 1) d");
        var restartsNeeded = events.Where(e => e.Name == "restart-needed").Count();

        var served = log.Count(r => r.Status is >= 200 and < 300);
        var refused = log.Count(r => r.Status is >= 400 and < 500);
        var unavailable = log.Count(r => r.Status == 503);
        var serverErrors = log.Count(r => r.Status >= 500 && r.Status != 503);
        var noAnswer = log.Count(r => r.Status == 0);
        var latencies = log.Select(r => r.Milliseconds).Order().ToList();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];

        // How long after each return of the database (or restart of the app) the first request succeeded.
        var recoveries = events.Where((e, i) => e.Name == "db-up" || (e.Name == "app-up" && i > 0 && events[i - 1].Name == "app-killed"))
            .Select(e => (e.Name, Seconds: log.Where(r => r.At >= e.At && r.Status is >= 200 and < 300).Select(r => (r.At - e.At).TotalSeconds + r.Milliseconds / 1000).DefaultIfEmpty(double.PositiveInfinity).Min()))
            .ToList();
        // Outside the faults: requests that neither overlapped a fault nor started within 5 s of the return (of the database, or of the app after its restart).
        var faults = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Name is "db-down" or "app-killed" && events.Skip(i + 1).FirstOrDefault(e => e.Name is "db-up" or "app-up") is { } back)
            {
                faults.Add((events[i].At, back.At.AddSeconds(5)));
            }
        }

        var calm = log.Where(r => !faults.Any(f => r.At.AddMilliseconds(r.Milliseconds) >= f.From && r.At <= f.To)).ToList();
        var calmFailures = calm.Count(r => r.Status is 0 or >= 500);
        var worstDbRecovery = recoveries.Where(r => r.Name == "db-up").Select(r => r.Seconds).DefaultIfEmpty(0).Max();

        var checks = new List<(string What, bool Ok)>
        {
            ("acknowledged writes lost = 0", lost == 0),
            ("duplicate rows = 0 (entries and digests)", duplicates == 0 && digestDuplicates == 0),
            ("access-log rows >= reads answered, and any extra row belongs to a read cut off by a fault", logged >= readsAnswered && logged - readsAnswered <= readsCut),
            ("no 5xx other than 503 while the database was away", serverErrors == 0),
            ("serving again within 5 s of every database return", worstDbRecovery <= 5),
            ("restarts needed = 0", restartsNeeded == 0),
        };

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Proof run — {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s");
        text.AppendLine();
        text.AppendLine("Faults injected: " + string.Join(", ", events.Where(e => e.Name is "db-down" or "app-killed" or "digests-triggered").GroupBy(e => e.Name).Select(g => $"{g.Key} ×{g.Count()}")));
        text.AppendLine();
        text.AppendLine("| Figure | Value |");
        text.AppendLine("|---|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Requests sent | {log.Count:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Served (2xx) | {served:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| 503 while the database was away | {unavailable:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| No answer (app killed, connection cut) | {noAnswer:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Other 5xx | {serverErrors:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| 4xx (a timer already in the state asked for) | {refused:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Error rate (everything not 2xx/4xx) | {(log.Count == 0 ? 0 : 100.0 * (unavailable + serverErrors + noAnswer) / log.Count):F1} % |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Outside the faults (not in flight during one, nor within 5 s of a return): requests / failed | {calm.Count:N0} / {calmFailures} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Latency p50 / p95 / max (all requests) | {P(0.5):F0} / {P(0.95):F0} / {P(1):F0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Writes acknowledged / rows stored | {acknowledged.Count:N0} / {stored.Count:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Acknowledged writes lost | {lost} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Stored but not acknowledged (answer lost to a fault) | {unacknowledged} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Duplicates (entries, digests) | {duplicates}, {digestDuplicates} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Access-log: reads answered / rows | {readsAnswered:N0} / {logged:N0} (reads cut off: {readsCut}) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Serving again after each database return | {string.Join(", ", recoveries.Where(r => r.Name == "db-up").Select(r => $"{r.Seconds:F1} s"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Serving again after the app's restart | {string.Join(", ", recoveries.Where(r => r.Name == "app-up").Select(r => $"{r.Seconds:F1} s"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Restarts needed | {restartsNeeded} |");
        text.AppendLine();
        text.AppendLine("| Kind | Requests | 2xx | 503 | no answer | p95 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in log.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = kind.Select(r => r.Milliseconds).Order().ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Key} | {kind.Count():N0} | {kind.Count(r => r.Status is >= 200 and < 300):N0} | {kind.Count(r => r.Status == 503)} | {kind.Count(r => r.Status == 0)} | {times[Math.Clamp((int)Math.Ceiling(0.95 * times.Count) - 1, 0, times.Count - 1)]:F0} |");
        }

        text.AppendLine();
        foreach (var (what, ok) in checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {(ok ? "PASS" : "FAIL")}: {what}");
        }

        return (checks.All(c => c.Ok), text.ToString());
    }

    private static async Task<People> PeopleAsync(string database)
    {
        await using var sql = new NpgsqlConnection(database);
        await sql.OpenAsync();
        async Task<Guid> UserAsync(string email) => await sql.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = upper(@e)", ("e", email));
        async Task<Guid> ProjectAsync(Guid user) => await sql.ScalarAsync<Guid>(
            "SELECT p.id FROM projects p JOIN project_members m ON m.project_id = p.id JOIN organizations o ON o.id = p.tenant_id WHERE m.user_id = @u AND o.slug = @o AND NOT p.is_archived ORDER BY p.name LIMIT 1",
            ("u", user), ("o", Org));
        var alice = await UserAsync("alice@acme.test");
        var carol = await UserAsync("carol@acme.test");
        var bob = await UserAsync("bob@acme.test");
        return new People(alice, await UserAsync("manager@acme.test"), await ProjectAsync(alice), await ProjectAsync(carol), await ProjectAsync(bob));
    }

    private sealed record Request(string Kind, DateTimeOffset At, double Milliseconds, int Status);

    private sealed record People(Guid Alice, Guid Manager, Guid AliceProject, Guid CarolProject, Guid BobProject);

    /// <summary>A line of the script's events file: unix milliseconds and a name.</summary>
    private sealed record Event(DateTimeOffset At, string Name)
    {
        public static List<Event> Read(string path) =>
            !File.Exists(path) ? [] :
            [.. File.ReadAllLines(path)
                .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Where(parts => parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out _))
                .Select(parts => new Event(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)), parts[1]))];
    }

    /// <summary>A signed-in browser session (cookies, no redirects followed).</summary>
    private sealed record Session(HttpClient Client)
    {
        public static async Task<Session> SignInAsync(Uri baseUrl, string email)
        {
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
            {
                BaseAddress = baseUrl,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var session = new Session(client);
            using var response = await session.SubmitAsync("/account/login", new() { ["Email"] = email, ["Password"] = DemoSeeder.Password });
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in as {email} returned {(int)response.StatusCode}.");
            }

            return session;
        }

        public static HttpClient Api(Uri baseUrl, string token)
        {
            var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            return client;
        }

        public async Task<string> CreateTokenAsync()
        {
            using var response = await SubmitAsync($"/{Org}/settings/tokens", new() { ["NewToken.Name"] = "Proof " + Guid.NewGuid().ToString("N")[..6], ["NewToken.LifetimeDays"] = "30" });
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            return page.QuerySelector("#created-token")?.TextContent.Trim() ?? throw new InvalidOperationException($"No token created ({(int)response.StatusCode}).");
        }

        private async Task<HttpResponseMessage> SubmitAsync(string path, Dictionary<string, string> fields)
        {
            var page = new HtmlParser().ParseDocument(await Client.GetStringAsync(new Uri(path, UriKind.Relative)));
            fields["__RequestVerificationToken"] = page.QuerySelector("form[method='post'] input[name='__RequestVerificationToken'], form input[name='__RequestVerificationToken']")?.GetAttribute("value")
                ?? throw new InvalidOperationException($"{path} has no antiforgery token.");
            using var form = new FormUrlEncodedContent(fields);
            return await Client.PostAsync(new Uri(path, UriKind.Relative), form);
        }
    }

    private sealed record Options(string Command, Dictionary<string, string> Values)
    {
        public static Options Parse(string[] args)
        {
            if (args.Length == 0)
            {
                throw new ArgumentException("Usage: prove load|trigger-digests [options]");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            return new Options(args[0], values);
        }

        public string Required(string name) => Values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required.");

        public string? Optional(string name) => Values.GetValueOrDefault(name);
    }
}
