using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using TimeTrack.Benchmarks.Infrastructure;
using TimeTrack.Benchmarks.Reporting;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Import;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Benchmarks.Import;

/// <summary>
/// The import pipeline (ADR 020) on a generated Toggl Track detailed export — read, map, stage by
/// binary COPY, check, confirm with one INSERT … SELECT — beside a plain <c>COPY … FROM STDIN (FORMAT
/// csv)</c> (what psql's <c>\copy</c> sends) of the same entries, already turned into
/// <c>time_entries</c> columns, into an equally fresh database. Both databases have the rollup trigger
/// and every index and constraint. Prints rows per second, their ratio and the pipeline's peak memory.
/// </summary>
public static class ImportBenchmark
{
    private static readonly string[] People = ["owner@acme.test", "admin@acme.test", "manager@acme.test", "alice@acme.test", "bob@acme.test", "carol@acme.test"];
    private static readonly string[] Projects = ["Website relaunch", "Mobile app", "Internal tools"];
    private static readonly string[] Tasks = ["Design", "Build", "Review"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var csv = Path.Combine(Path.GetTempPath(), $"timetrack-import-bench-{rows}.csv");
        var firstDay = LocalDate.FromDateTime(DateTime.UtcNow).PlusDays(-30 - DaysOf(rows) - 1);
        var generated = Stopwatch.StartNew();
        await WriteTogglAsync(csv, rows, firstDay);
        Console.WriteLine($"Generated {rows:N0} rows ({new FileInfo(csv).Length / 1024.0 / 1024.0:N1} MiB) in {generated.Elapsed.TotalSeconds:N1} s: {csv}");

        var pipeline = await RunPipelineAsync(csv, rows);
        Console.WriteLine($"Pipeline: upload {pipeline.Upload.TotalSeconds:N1} s, dry run {pipeline.Stage.TotalSeconds:N1} s, confirm {pipeline.Confirm.TotalSeconds:N1} s; now COPY of the same rows");
        var copy = await RunCopyAsync(csv, rows);
        File.Delete(csv);

        Console.WriteLine();
        Console.WriteLine($"Rows: {rows:N0}; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Console.WriteLine($"Pipeline upload (read names, store file): {pipeline.Upload.TotalSeconds:N1} s");
        Console.WriteLine($"Pipeline dry run (parse, COPY to staging, checks): {pipeline.Stage.TotalSeconds:N1} s");
        Console.WriteLine($"Pipeline confirm (re-check, INSERT … SELECT): {pipeline.Confirm.TotalSeconds:N1} s");
        var pipelineSeconds = (pipeline.Upload + pipeline.Stage + pipeline.Confirm).TotalSeconds;
        Console.WriteLine($"Pipeline total: {pipelineSeconds:N1} s = {rows / pipelineSeconds:N0} rows/s; imported {pipeline.Imported:N0}");
        Console.WriteLine($"COPY into time_entries: {copy.TotalSeconds:N1} s = {rows / copy.TotalSeconds:N0} rows/s");
        Console.WriteLine($"Ratio pipeline / COPY: {copy.TotalSeconds / pipelineSeconds:N2}");
        var memory = pipeline.Memory;
        Console.WriteLine($"Pipeline memory: managed peak +{memory.Managed / 1024.0 / 1024.0:N1} MiB, working set peak +{memory.WorkingSet / 1024.0 / 1024.0:N1} MiB ({memory.Samples} samples)");
        return pipeline.Imported == rows ? 0 : 1;
    }

    private sealed record PipelineResult(TimeSpan Upload, TimeSpan Stage, TimeSpan Confirm, int Imported, MemoryGrowth Memory);

    private static async Task<PipelineResult> RunPipelineAsync(string csv, int rows)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var acme = await app.OrganizationIdAsync("acme");
        var admin = await app.UserIdAsync("admin@acme.test");
        await AllowHistoryAsync(app, acme, rows);
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        var batchId = Guid.CreateVersion7();

        var sampler = new MemorySampler();
        var upload = Stopwatch.StartNew();
        await using (var scope = scopes.CreateScope(acme, admin))
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<TimeTrackDbContext>();
            await using var file = File.OpenRead(csv);
            if (!TrackerExport.TryOpen(file, out var export, out var problem))
            {
                throw new InvalidOperationException(problem);
            }

            var plan = ImportPlanner.Collect(export, CancellationToken.None);
            await services.GetRequiredService<ImportPlanner>().ResolveAsync(plan, ImportScope.Organization, admin, null, null, CancellationToken.None);
            var now = SystemClock.Instance.GetCurrentInstant();
            db.ImportBatches.Add(new ImportBatch
            {
                Id = batchId,
                UserId = admin,
                Scope = ImportScope.Organization,
                FileName = Path.GetFileName(csv),
                SizeBytes = file.Length,
                FormatName = export.FormatName,
                Status = ImportStatus.Staging,
                Mappings = plan.ToJson(),
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await services.GetRequiredService<ImportFiles>().StoreAsync(batchId, file, CancellationToken.None);
        }

        upload.Stop();
        var stage = Stopwatch.StartNew();
        await using (var scope = scopes.CreateScope(acme, admin))
        {
            await scope.ServiceProvider.GetRequiredService<ImportRunner>().StageAsync(batchId, CancellationToken.None);
        }

        stage.Stop();
        var confirm = Stopwatch.StartNew();
        int imported;
        await using (var scope = scopes.CreateScope(acme, admin))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var staged = await db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == batchId);
            if (staged.Status != ImportStatus.Staged || staged.RejectedRows > 0)
            {
                var first = (await scope.ServiceProvider.GetRequiredService<ImportRunner>().RejectionsAsync(batchId, CancellationToken.None)).Take(3);
                throw new InvalidOperationException(
                    $"The dry run ended {staged.Status} with {staged.RejectedRows} rejected rows: {staged.Message} {string.Join("; ", first.Select(r => $"line {r.Line}: {r.Reason}"))}");
            }

            await db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, ImportStatus.Importing));
            await scope.ServiceProvider.GetRequiredService<ImportRunner>().ConfirmAsync(batchId, CancellationToken.None);
            imported = await db.ImportBatches.AsNoTracking().Where(b => b.Id == batchId).Select(b => b.Imported).SingleAsync();
        }

        confirm.Stop();
        await sampler.DisposeAsync();
        return new PipelineResult(upload.Elapsed, stage.Elapsed, confirm.Elapsed, imported, sampler.Result);
    }

    /// <summary>
    /// The same entries as the time_entries rows the import writes — every column it fills, its import
    /// key and task included — read from the same file (untimed) and copied as CSV by the superuser
    /// (row-level security refuses COPY to any other role).
    /// </summary>
    private static async Task<TimeSpan> RunCopyAsync(string csv, int rows)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var acme = await app.OrganizationIdAsync("acme");
        var users = new Dictionary<string, (Guid Id, DateTimeZone Zone)>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in People)
        {
            users[email] = (await app.UserIdAsync(email), DateTimeZoneProviders.Tzdb[email.StartsWith("bob", StringComparison.Ordinal) ? "Europe/London" : "Europe/Berlin"]);
        }

        Dictionary<string, Guid> projects;
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            projects = await db.Projects.Where(p => Projects.Contains(p.Name)).ToDictionaryAsync(p => p.Name, p => p.Id);
        }

        // The COPY's answer comes once the rollup trigger has run for every row: no command timeout.
        var unlimited = new NpgsqlConnectionStringBuilder(app.Database.SuperuserConnectionString) { CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(unlimited.ConnectionString);
        await connection.OpenAsync();
        // The file's tasks, as the import finds or creates them; here they exist before the COPY.
        var tasks = new Dictionary<(string, string), Guid>();
        foreach (var (project, task) in Projects.Zip(Tasks))
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO tasks (tenant_id, id, project_id, name, is_archived) VALUES (@t, @id, @p, @n, false) ON CONFLICT DO NOTHING; "
                + "SELECT id FROM tasks WHERE tenant_id = @t AND project_id = @p AND name = @n",
                connection);
            insert.Parameters.AddWithValue("t", acme);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("p", projects[project]);
            insert.Parameters.AddWithValue("n", task);
            tasks[(project, task)] = (Guid)(await insert.ExecuteScalarAsync())!;
        }

        var path = Path.Combine(Path.GetTempPath(), $"timetrack-copy-bench-{rows}.csv");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        await using (var file = File.OpenRead(csv))
        {
            if (!TrackerExport.TryOpen(file, out var export, out var problem))
            {
                throw new InvalidOperationException(problem);
            }

            var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            var occurrences = new Dictionary<(Guid, string), int>();
            foreach (var row in export.ReadRows())
            {
                var entry = (ImportedEntry)row;
                var (userId, zone) = users[entry.UserEmail!];
                var timeEntry = new TimeEntry
                {
                    Start = zone.AtLeniently(entry.Start!.Value).ToInstant(),
                    End = zone.AtLeniently(entry.End!.Value).ToInstant(),
                };
                timeEntry.CountDaysIn(zone);
                var occurrence = occurrences[(userId, entry.Fingerprint)] = occurrences.GetValueOrDefault((userId, entry.Fingerprint)) + 1;
                await writer.WriteLineAsync(string.Join(',',
                    acme, Guid.CreateVersion7(), userId, projects[entry.Project!], tasks[(entry.Project!, entry.Task!)],
                    "\"" + entry.Description + "\"", entry.Billable == true ? "t" : "f",
                    timeEntry.Start.ToString(), timeEntry.End!.Value.ToString(),
                    timeEntry.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "\"{" + string.Join(',', timeEntry.DayMilliseconds ?? []) + "}\"",
                    "Import", entry.Start.Value.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? "t" : "f", "t", entry.Fingerprint + "#" + occurrence.ToString(CultureInfo.InvariantCulture), now, now));
            }
        }

        var watch = Stopwatch.StartNew();
        await using (var import = await connection.BeginTextImportAsync(
            "COPY time_entries (tenant_id, id, user_id, project_id, task_id, description, is_billable, start_at, end_at, day, day_milliseconds, source, is_outside_hours, no_overlap, import_key, created_at, updated_at) FROM STDIN (FORMAT csv)"))
        {
            using var reader = new StreamReader(path);
            var buffer = new char[64 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await import.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        watch.Stop();
        File.Delete(path);
        return watch.Elapsed;
    }

    /// <summary>
    /// A million rows reach fourteen years back: acme lets entries start that long ago, and its policy
    /// keeps entry details for as long as a person is a member (published as an owner would), so that
    /// the retention check refuses none of them.
    /// </summary>
    private static async Task AllowHistoryAsync(BenchmarkApp app, Guid acme, int rows)
    {
        var owner = await app.UserIdAsync("owner@acme.test");
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, owner);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var organization = await db.Organizations.SingleAsync(o => o.Id == acme);
        organization.Tracking.MaximumDaysInPast = 60 + DaysOf(rows);
        await db.SaveChangesAsync();

        var active = await scope.ServiceProvider.GetRequiredService<PolicyStore>().ActiveAsync();
        var details = active.For(DataCategory.EntryDetails);
        var daysInPast = Math.Min(PolicyValidation.LargestMaximumDaysInPast, 60 + DaysOf(rows));
        if (details.RetentionDays is not null || active.Settings.MaximumDaysInPast < daysInPast)
        {
            var publisher = scope.ServiceProvider.GetRequiredService<PolicyPublisher>();
            var policy = active.With(details with { RetentionDays = null }).With(active.Settings with { MaximumDaysInPast = daysInPast });
            await publisher.SaveDraftAsync(policy, owner);
            var published = await publisher.PublishAsync(owner, "Olivia Owner", "Importing our history.", SystemClock.Instance.GetCurrentInstant());
            if (!published.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", published.Problems.Select(p => p.Message)));
            }
        }
    }

    private readonly record struct GeneratedRow(int Index, int Person, LocalDateTime Start);

    /// <summary>Entries of a person per day: consecutive ten minutes from 08:00 to 16:00 local.</summary>
    private const int SlotsPerDay = 48;

    private const int SlotMinutes = 10;

    /// <summary>How many days the rows take (a million rows fit in the ten years an organization may allow).</summary>
    private static int DaysOf(int rows) => rows / (People.Length * SlotsPerDay);

    /// <summary>Six people, day after day, weekends included: no overlaps, no daylight-saving gaps.</summary>
    private static IEnumerable<GeneratedRow> Rows(int rows, LocalDate firstDay)
    {
        for (var i = 0; i < rows; i++)
        {
            var perDay = People.Length * SlotsPerDay;
            var day = firstDay.PlusDays(i / perDay);
            var person = i % perDay / SlotsPerDay;
            var slot = i % SlotsPerDay;
            yield return new GeneratedRow(i, person, day.At(new LocalTime(8, 0)).PlusMinutes(SlotMinutes * slot));
        }
    }

    private static async Task WriteTogglAsync(string path, int rows, LocalDate firstDay)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(true));
        await writer.WriteLineAsync("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)");
        foreach (var row in Rows(rows, firstDay))
        {
            var end = row.Start.PlusMinutes(SlotMinutes);
            await writer.WriteLineAsync(string.Join(',',
                "Person", People[row.Person], "", Projects[row.Index % 3], Tasks[row.Index % 3], "Work item " + row.Index.ToString(CultureInfo.InvariantCulture),
                row.Index % 2 == 0 ? "Yes" : "No",
                row.Start.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Start.TimeOfDay.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                end.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end.TimeOfDay.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                "00:10:00", row.Index % 3 == 0 ? "Backend" : "", ""));
        }
    }
}
