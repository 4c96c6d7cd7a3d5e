using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>
/// Issue 6's reporting benchmark, a concurrent-load measurement rather than BenchmarkDotNet iterations:
/// seeds (or reuses) a database of 1.5 million entries, hosts the app on Kestrel, and for each page
/// measures latency under concurrent users beside the time PostgreSQL alone needs for the SQL that
/// page runs — captured from the page itself, so whatever the page does is what gets replayed. Then it
/// streams the one-million-row detail export once and watches the process's memory.
/// </summary>
public static class ReportingBenchmark
{
    private const double SqlFactor = 1.5;
    private const double SqlAllowanceMs = 5;
    private const long MemoryBudget = 100L * 1024 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(ReportingOptions.Usage);
            return 0;
        }

        ReportingOptions options;
        try
        {
            options = ReportingOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var log = Console.Out;
        var database = ReportingDatabase.For(options.Scale);
        if (options.Drop)
        {
            await database.DropAsync();
            log.WriteLine($"Dropped {database.Name}.");
            return 0;
        }

        var started = SystemClock.Instance.GetCurrentInstant();
        await database.PrepareAsync(options.Reseed);
        var server = new NpgsqlConnectionStringBuilder(database.AppConnectionString);
        log.WriteLine($"Database {database.Name} on {server.Host}:{server.Port}");
        await using var host = ReportingHost.Start(database);
        log.WriteLine($"App on {host.BaseAddress}");

        var seededNow = database.SeededDescription is null;
        if (seededNow)
        {
            var summary = await new ReportingSeeder(database, options.Scale, log).SeedAsync(SystemClock.Instance);
            await database.MarkSeededAsync(summary.Describe());
        }

        log.WriteLine($"Data: {database.SeededDescription}{(seededNow ? "" : " (reused)")}");
        var facts = await Facts.ReadAsync(database);
        if (Period.Between(facts.To, started.InUtc().Date, PeriodUnits.Days).Days > 7)
        {
            // Pages that show this week or this month would be empty.
            log.WriteLine($"Note: the data ends on {Iso(facts.To)}; --reseed seeds up to yesterday.");
        }

        var builder = new NpgsqlDataSourceBuilder(database.AppConnectionString);
        builder.UseNodaTime();
        await using var sql = builder.Build();
        using var manager = await host.LogInAsync(ReportingSeeder.ManagerEmail);
        using var admin = await host.LogInAsync(ReportingSeeder.AdminEmail);

        var month = $"from={Iso(facts.MonthFrom)}&to={Iso(facts.MonthTo)}";
        var slug = ReportingSeeder.LargestSlug;
        Page[] pages =
        [
            new("Team dashboard", $"manager of a team of {facts.TeamSize}", manager, $"{slug}/team/dashboard"),
            // What the manager may see is their people's time (and their projects'); the team parameter
            // narrows it to the team where the report form knows it, and is ignored where it does not.
            new("Month report by project, as the manager", $"manager of a team of {facts.TeamSize}", manager, $"{slug}/reports?{month}&groupBy=Project&team={facts.TeamId}"),
            new("Month report by project, whole organization", "admin", admin, $"{slug}/reports?{month}&groupBy=Project"),
            new("Month CSV export by project, whole organization", "admin", admin, $"{slug}/reports/export?format=csv&{month}&groupBy=Project"),
        ];

        // What each page returned and the SQL it ran, once, for anyone who wants to check what was measured.
        var saveDirectory = Path.Combine(BenchmarkProgram.ArtifactsPath(), "reporting");
        Directory.CreateDirectory(saveDirectory);
        var results = new List<PageResult>();
        foreach (var page in pages)
        {
            results.Add(await MeasureAsync(page, host, sql, options, saveDirectory, log));
        }

        DetailResult? detail = null;
        if (!options.SkipDetailExport)
        {
            var uri = new Uri($"{slug}/reports/export?format=csv&detail=true&from={Iso(facts.From)}&to={Iso(facts.To)}&groupBy=Person", UriKind.Relative);
            log.WriteLine($"Detail export: GET /{uri}");
            detail = await DetailAsync(admin, uri);
            log.WriteLine($"  {detail.Rows:N0} rows, {detail.Bytes / 1048576.0:F0} MB in {detail.Elapsed.TotalSeconds:F1} s; working set +{Mb(detail.Memory.WorkingSet)} MB, managed heap +{Mb(detail.Memory.Managed)} MB at the peak, {Mb(detail.Memory.Retained)} MB left after a full GC");
        }

        var markdown = await MarkdownAsync(options, database, facts, started, seededNow, results, detail);
        log.WriteLine();
        log.WriteLine(markdown);
        var output = Path.GetFullPath(options.Output ?? Path.Combine(BenchmarkProgram.ArtifactsPath(), $"reporting-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"));
        Directory.CreateDirectory(Path.GetDirectoryName(output) ?? ".");
        await File.WriteAllTextAsync(output, markdown);
        log.WriteLine($"Results: {output}");
        return results.All(r => r.Passed) && detail?.Passed != false ? 0 : 1;
    }

    private static async Task<PageResult> MeasureAsync(Page page, ReportingHost host, NpgsqlDataSource sql, ReportingOptions options, string saveDirectory, TextWriter log)
    {
        var uri = new Uri(page.Path, UriKind.Relative);
        log.WriteLine($"{page.Name}: GET /{page.Path}");
        if (options.Warmup > 0)
        {
            await Load.RunAsync(options.Warmup, options.Users, ct => Load.GetAsync(page.Client, uri, ct), options.Budget);
        }

        // One request alone, recorded: the SQL to replay is whatever this page ran.
        var token = Guid.NewGuid().ToString("N");
        host.Capture.Begin(token);
        var name = string.Concat(page.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var bytes = await Load.GetAsync(page.Client, uri, CancellationToken.None, token, Path.Combine(saveDirectory, name + (page.Path.Contains("format=csv", StringComparison.Ordinal) ? ".csv" : ".html")));
        var steps = host.Capture.End();
        // One replay alone, timed per command, shows which statement a page's SQL time goes to.
        var timings = new List<double>();
        await SqlCapture.ReplayAsync(sql, steps, timings);
        await File.WriteAllTextAsync(Path.Combine(saveDirectory, name + ".sql"), Describe(steps, timings));
        var commands = steps.OfType<SqlExecute>().Count();

        var http = await Load.RunAsync(options.Requests, options.Users, ct => Load.GetAsync(page.Client, uri, ct), options.Budget);

        if (options.Warmup > 0)
        {
            await Load.RunAsync(options.Warmup, options.Users, ct => SqlCapture.ReplayAsync(sql, steps, ct), options.Budget);
        }

        var database = await Load.RunAsync(options.Requests, options.Users, ct => SqlCapture.ReplayAsync(sql, steps, ct), options.Budget);
        var result = new PageResult(page, commands, steps.OfType<SqlOpen>().Count(), bytes, http, database);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {commands} SQL commands on {result.Connections} connection opens, {bytes / 1024.0:F0} KB; page p50 {http.P50:F1} ms p95 {http.P95:F1} ms; SQL p50 {database.P50:F1} ms p95 {database.P95:F1} ms → {(result.Passed ? "pass" : "FAIL")}"));
        return result;
    }

    private static async Task<DetailResult> DetailAsync(HttpClient client, Uri uri)
    {
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        long bytes = 0;
        var sampler = new MemorySampler();
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                rows += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        stopwatch.Stop();
        // The header is a line too.
        return new DetailResult(Math.Max(0, rows - 1), bytes, stopwatch.Elapsed, sampler.Result);
    }

    private static async Task<string> MarkdownAsync(ReportingOptions options, ReportingDatabase database, Facts facts, Instant started, bool seededNow, List<PageResult> results, DetailResult? detail)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Run {started.InUtc():yyyy-MM-dd HH:mm} UTC, scale {options.Scale.ToString(culture)}, {options.Requests} requests per page at {options.Users} concurrent users (and as many SQL replay workers), {options.Warmup} warm-up requests each.");
        text.AppendLine();
        text.AppendLine(culture, $"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; PostgreSQL {await ReportingDatabase.ServerVersionAsync()} on the same machine; load average {LoadAverage()} at the end.");
        text.AppendLine(culture, $"- Data ({database.Name}{(seededNow ? ", seeded in this run" : ", reused")}): {database.SeededDescription}.");
        text.AppendLine(culture, $"- Largest organization: {facts.LargestEntries:N0} entries, {facts.LargestPeople:N0} people; month {Iso(facts.MonthFrom)}..{Iso(facts.MonthTo)}: {facts.MonthEntries:N0} entries; the manager's team has {facts.TeamSize} people.");
        text.AppendLine();
        text.AppendLine("| Page | Viewer | SQL commands | Requests / replays | Page p50 | Page p95 | SQL p50 | SQL p95 | Target: page p95 ≤ 1.5 × SQL p95 + 5 ms | Result |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var r in results)
        {
            text.AppendLine(culture, $"| {r.Page.Name} | {r.Page.Viewer} | {r.Commands} | {r.Http.Milliseconds.Count} / {r.Sql.Milliseconds.Count} | {r.Http.P50:F1} ms | {r.Http.P95:F1} ms | {r.Sql.P50:F1} ms | {r.Sql.P95:F1} ms | {r.Target:F1} ms | {(r.Passed ? "pass" : "**fail**")} |");
        }

        if (detail is not null)
        {
            text.AppendLine();
            var m = detail.Memory;
            text.AppendLine("| Detail CSV export (whole seeded range) | Rows | Size | Time | Working set growth (target < 100 MB) | Private bytes growth | Managed heap growth (peak) | Managed heap left after a full GC | GCs gen0/1/2 | Result |");
            text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
            text.AppendLine(culture, $"| admin, {Iso(facts.From)}..{Iso(facts.To)} | {detail.Rows:N0} | {detail.Bytes / 1048576.0:F0} MB | {detail.Elapsed.TotalSeconds:F1} s | {Mb(m.WorkingSet)} MB | {Mb(m.Private)} MB | {Mb(m.Managed)} MB | {Mb(m.Retained)} MB | {m.Collections.Gen0}/{m.Collections.Gen1}/{m.Collections.Gen2} | {(detail.Passed ? "pass" : "**fail**")} |");
        }

        return text.ToString();
    }

    private static string Describe(IReadOnlyList<SqlStep> steps, List<double> timings)
    {
        var text = new StringBuilder();
        var command = 0;
        foreach (var step in steps)
        {
            switch (step)
            {
                case SqlOpen o:
                    text.AppendLine(CultureInfo.InvariantCulture, $"-- open connection {o.Connection}: tenant {o.Tenant}, user {o.User}");
                    break;
                case SqlExecute e:
                    text.AppendLine(CultureInfo.InvariantCulture, $"-- on connection {e.Connection}, {(command < timings.Count ? timings[command] : double.NaN):F1} ms alone; parameters: {string.Join(", ", e.Parameters.Select(p => $"{p.ParameterName} = {Format(p.Value)}"))}");
                    command++;
                    text.AppendLine(e.Text.TrimEnd() + ";");
                    break;
                case SqlClose c:
                    text.AppendLine(CultureInfo.InvariantCulture, $"-- close connection {c.Connection}");
                    break;
                default:
                    break;
            }
        }

        return text.ToString();

        static string Format(object? value) => value switch
        {
            null => "null",
            string s => s,
            LocalDate d => Iso(d),
            System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private sealed record Page(string Name, string Viewer, HttpClient Client, string Path);

    private sealed record PageResult(Page Page, int Commands, int Connections, long Bytes, Latencies Http, Latencies Sql)
    {
        public double Target => (SqlFactor * Sql.P95) + SqlAllowanceMs;

        public bool Passed => Http.P95 <= Target;
    }

    private sealed record DetailResult(long Rows, long Bytes, TimeSpan Elapsed, MemoryGrowth Memory)
    {
        public bool Passed => Memory.WorkingSet < MemoryBudget;
    }

    /// <summary>What the measured pages are about, read from the seeded data (so a reused database is described as it is).</summary>
    private sealed record Facts(Guid TeamId, int TeamSize, LocalDate From, LocalDate To, LocalDate MonthFrom, LocalDate MonthTo, long LargestEntries, int LargestPeople, long MonthEntries)
    {
        public static async Task<Facts> ReadAsync(ReportingDatabase database)
        {
            var builder = new NpgsqlDataSourceBuilder(database.SuperuserConnectionString);
            builder.UseNodaTime();
            await using var source = builder.Build();
            await using var command = source.CreateCommand(
                """
                SELECT t.id, (SELECT count(*) FROM team_members m WHERE m.tenant_id = o.id AND m.team_id = t.id)::int,
                       (SELECT min(day) FROM time_entries e WHERE e.tenant_id = o.id),
                       (SELECT max(day) FROM time_entries e WHERE e.tenant_id = o.id),
                       (SELECT count(*) FROM time_entries e WHERE e.tenant_id = o.id),
                       (SELECT count(*) FROM memberships m WHERE m.tenant_id = o.id)::int
                FROM organizations o
                JOIN teams t ON t.tenant_id = o.id
                JOIN team_managers tm ON tm.tenant_id = t.tenant_id AND tm.team_id = t.id
                JOIN users u ON u.id = tm.user_id AND u.normalized_email = @manager
                WHERE o.slug = @slug
                """);
            command.Parameters.AddWithValue("slug", ReportingSeeder.LargestSlug);
            command.Parameters.AddWithValue("manager", ReportingSeeder.ManagerEmail.ToUpperInvariant());
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"{database.Name} has no {ReportingSeeder.LargestSlug} organization with a team managed by {ReportingSeeder.ManagerEmail}; run with --reseed.");
            }

            var to = reader.GetFieldValue<LocalDate>(3);
            // The last full calendar month of the data.
            var monthFrom = new LocalDate(to.Year, to.Month, 1).PlusMonths(to.PlusDays(1).Month == to.Month ? -1 : 0);
            var monthTo = monthFrom.PlusMonths(1).PlusDays(-1);
            var facts = new Facts(reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<LocalDate>(2), to, monthFrom, monthTo, reader.GetInt64(4), reader.GetInt32(5), 0);
            await reader.CloseAsync();

            await using var month = source.CreateCommand("SELECT count(*) FROM time_entries e JOIN organizations o ON o.id = e.tenant_id WHERE o.slug = @slug AND e.day BETWEEN @from AND @to");
            month.Parameters.AddWithValue("slug", ReportingSeeder.LargestSlug);
            month.Parameters.AddWithValue("from", monthFrom);
            month.Parameters.AddWithValue("to", monthTo);
            return facts with { MonthEntries = (long)(await month.ExecuteScalarAsync() ?? 0L) };
        }
    }
}
