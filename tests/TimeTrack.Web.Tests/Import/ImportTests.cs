using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Import;

/// <summary>
/// Imports through the pages, end to end on PostgreSQL: upload, mapping, dry run, confirmation. Each
/// test uses its own people and days, since acme refuses overlapping entries.
/// </summary>
public sealed class ImportTests(ImportFactory factory) : IClassFixture<ImportFactory>
{
    private const string TogglHeader = "\uFEFFUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\n";

    private const string ClockifyHeader = "\"Project\",\"Client\",\"Description\",\"Task\",\"User\",\"Group\",\"Email\",\"Tags\",\"Type\",\"Billable\",\"Invoiced\",\"Invoice ID\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\",\"Duration (decimal)\",\"Billable Rate (EUR)\",\"Billable Amount (EUR)\",\"Date of creation\"\n";

    private const string HarvestHeader = "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n";

    private const string KimaiHeader = "Date,From,To,Duration,Name,User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,category,Account,Project number,VAT-ID,Order number\n";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task Toggl_export_lands_for_each_person_in_their_zone_with_project_task_tags_and_billable()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Alice Anders,alice@acme.test,,Website relaunch,Design,Homepage mock-ups,Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,01:30:00,\"Backend, Frontend\",150.00\n"
            + "Bob Brown,BOB@acme.test,,website relaunch,design,Copy review,No,2026-11-02,09:00:00,2026-11-02,09:45:00,00:45:00,,\n";

        var done = await Importing.ImportAsync(admin, csv, "Organization");

        Assert.Equal("Imported", Importing.Status(done));
        var website = await factory.InAcmeAsync(db => db.Projects.SingleAsync(p => p.Name == "Website relaunch"));
        var design = await factory.InAcmeAsync(db => db.Tasks.SingleAsync(t => t.ProjectId == website.Id && t.Name == "Design"));
        var alice = Assert.Single(await factory.ImportedEntriesAsync("alice@acme.test"), e => e.Description == "Homepage mock-ups");
        Assert.Equal(Instant.FromUtc(2026, 11, 2, 8, 0), alice.Start);
        Assert.Equal(Instant.FromUtc(2026, 11, 2, 9, 30), alice.End);
        Assert.Equal(website.Id, alice.ProjectId);
        Assert.Equal(design.Id, alice.TaskId);
        Assert.True(alice.IsBillable);
        Assert.Equal(new LocalDate(2026, 11, 2), alice.Day);
        Assert.Equal([5_400_000L], alice.DayMilliseconds ?? []);
        var tags = await factory.InAcmeAsync(db => db.Tags.Where(t => t.Name == "Backend" || t.Name == "Frontend").Select(t => t.Id).ToListAsync());
        Assert.Equal(tags.Order(), alice.Tags.Select(t => t.TagId).Order());

        // Bob works in London: nine o'clock there is nine UTC in November. Names match whatever their case.
        var bob = Assert.Single(await factory.ImportedEntriesAsync("bob@acme.test"), e => e.Description == "Copy review");
        Assert.Equal(Instant.FromUtc(2026, 11, 2, 9, 0), bob.Start);
        Assert.Equal(website.Id, bob.ProjectId);
        Assert.Equal(design.Id, bob.TaskId);
        Assert.False(bob.IsBillable);
    }

    [Fact]
    public async Task Clockify_export_of_a_member_becomes_their_own_time_whatever_the_email_column_says()
    {
        var alice = (await factory.CallerAsync("alice@acme.test")).Browser;
        var csv = ClockifyHeader
            + "\"Mobile app\",\"\",\"Standup notes\",\"Build\",\"Ada Lovelace\",\"\",\"ada@example.test\",\"\",\"Regular\",\"Yes\",\"No\",\"\",\"11/03/2026\",\"09:00:00 AM\",\"11/03/2026\",\"10:30:00 AM\",\"01:30:00\",\"1.50\",\"100.00\",\"150.00\",\"11/03/2026\"\n"
            + "\"Mobile app\",\"\",\"Release\",\"\",\"Ada Lovelace\",\"\",\"ada@example.test\",\"\",\"Regular\",\"No\",\"No\",\"\",\"11/13/2026\",\"01:15 PM\",\"11/13/2026\",\"02:00 PM\",\"00:45:00\",\"0.75\",\"100.00\",\"75.00\",\"11/13/2026\"\n";

        var done = await Importing.ImportAsync(alice, csv);

        Assert.Equal("Imported", Importing.Status(done));
        var mobile = await factory.InAcmeAsync(db => db.Projects.SingleAsync(p => p.Name == "Mobile app"));
        var entries = (await factory.ImportedEntriesAsync("alice@acme.test")).Where(e => e.ProjectId == mobile.Id).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(Instant.FromUtc(2026, 11, 3, 8, 0), entries[0].Start);
        Assert.NotNull(entries[0].TaskId);
        Assert.True(entries[0].IsBillable);
        Assert.Equal(Instant.FromUtc(2026, 11, 13, 12, 15), entries[1].Start);
        Assert.Equal(Instant.FromUtc(2026, 11, 13, 13, 0), entries[1].End);
        Assert.Null(entries[1].TaskId);
        Assert.False(entries[1].IsBillable);
    }

    [Fact]
    public async Task Harvest_export_maps_a_name_to_a_member_and_creates_the_project_its_client_and_task()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var carolId = await factory.Database.UserIdAsync("carol@acme.test");
        var csv = HarvestHeader
            + "2026-11-04,Lovelace Labs,Analytical engine,,Design,Gears,\"1,5\",Yes,No,No,Ada,Lovelace,,Yes,\"100,0\",\"150,0\",\"0,0\",\"0,0\",Euro - EUR,\n";

        var batch = await Importing.UploadAsync(admin, csv);
        var mapping = await admin.GetDocumentAsync(batch);
        Assert.Contains("Ada Lovelace", mapping.QuerySelector("#people")?.TextContent, StringComparison.Ordinal);
        var dryRun = await Importing.DryRunAsync(admin, batch, new Dictionary<string, string>
        {
            ["Mapping.People[0]"] = carolId.ToString(),
            ["Mapping.Projects[0]"] = "new",
        });
        Assert.Equal("1", dryRun.QuerySelector("#to-import")?.TextContent.Trim());
        Assert.Equal("Imported", Importing.Status(await Importing.ConfirmAsync(admin, batch)));

        var entry = Assert.Single(await factory.ImportedEntriesAsync("carol@acme.test"), e => e.Description == "Gears");
        // A day and hours: time on that day without clock times (kept from local midnight), never
        // outside working hours, lasting what the export says.
        Assert.True(entry.IsDurationOnly);
        Assert.False(entry.IsOutsideHours);
        Assert.Equal(new LocalDate(2026, 11, 4), entry.Day);
        Assert.Equal(Instant.FromUtc(2026, 11, 3, 23, 0), entry.Start);
        Assert.Equal(Duration.FromMinutes(90), entry.End!.Value - entry.Start);
        Assert.True(entry.IsBillable);
        var project = await factory.InAcmeAsync(db => db.Projects.Include(p => p.Members).SingleAsync(p => p.Id == entry.ProjectId));
        Assert.Equal("Analytical engine", project.Name);
        Assert.Contains(project.Members, m => m.UserId == carolId);
        var client = await factory.InAcmeAsync(db => db.Clients.SingleAsync(c => c.Id == project.ClientId));
        Assert.Equal("Lovelace Labs", client.Name);
        var task = await factory.InAcmeAsync(db => db.Tasks.SingleAsync(t => t.Id == entry.TaskId));
        Assert.Equal(("Design", project.Id), (task.Name, task.ProjectId));
    }

    [Fact]
    public async Task Kimai_export_lands_with_activity_as_task_and_its_tags()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = KimaiHeader
            + "2026-11-05,14:00,15:30,1.5,Carol Chen,carol,carol@acme.test,0042,Acme GmbH,Internal tools,Review,Code review,Yes,\"quality,pairing\",timesheet,work,,P-7,,\n";

        Assert.Equal("Imported", Importing.Status(await Importing.ImportAsync(admin, csv)));

        var entry = Assert.Single(await factory.ImportedEntriesAsync("carol@acme.test"), e => e.Description == "Code review");
        Assert.Equal(Berlin.AtStrictly(new LocalDateTime(2026, 11, 5, 14, 0)).ToInstant(), entry.Start);
        Assert.Equal(Instant.FromUtc(2026, 11, 5, 14, 30), entry.End);
        var tools = await factory.InAcmeAsync(db => db.Projects.SingleAsync(p => p.Name == "Internal tools"));
        var review = await factory.InAcmeAsync(db => db.Tasks.SingleAsync(t => t.ProjectId == tools.Id && t.Name == "Review"));
        Assert.Equal((tools.Id, review.Id), (entry.ProjectId, entry.TaskId));
        Assert.Equal(2, entry.Tags.Count);
    }

    [Fact]
    public async Task Kimai_spreadsheet_uploaded_through_the_page_lands_like_its_csv_export()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var header = KimaiHeader.TrimEnd('\n').Split(',');
        string[] row = ["2026-10-12", "13:00", "14:15", "1.25", "Carol Chen", "carol", "carol@acme.test", "", "", "Internal tools", "Review", "From the spreadsheet", "No", "", "timesheet", "work", "", "", "", ""];

        var batch = await Importing.UploadAsync(admin, Spreadsheet(header, row), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "kimai.xlsx");
        Assert.Contains("Kimai export (XLSX)", (await admin.GetDocumentAsync(batch)).Body!.TextContent, StringComparison.Ordinal);
        var dryRun = await Importing.DryRunAsync(admin, batch);
        Assert.Empty(Importing.Rejections(dryRun));
        Assert.Equal("Imported", Importing.Status(await Importing.ConfirmAsync(admin, batch)));

        var entry = Assert.Single(await factory.ImportedEntriesAsync("carol@acme.test"), e => e.Description == "From the spreadsheet");
        Assert.Equal(Berlin.AtStrictly(new LocalDateTime(2026, 10, 12, 13, 0)).ToInstant(), entry.Start);
        Assert.Equal(Berlin.AtStrictly(new LocalDateTime(2026, 10, 12, 14, 15)).ToInstant(), entry.End);
    }

    /// <summary>A one-sheet workbook of inline strings, as the Open XML SDK writes one.</summary>
    private static byte[] Spreadsheet(params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var sheet = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var line = new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = (uint)(r + 1) };
                foreach (var value in rows[r])
                {
                    line.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell(new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value)))
                    {
                        DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString,
                    });
                }

                data.Append(line);
            }

            sheet.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
            workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(
                new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Timesheet" }));
        }

        return stream.ToArray();
    }

    [Fact]
    public async Task A_broken_row_in_the_middle_imports_nothing_and_the_page_names_its_line()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Alice Anders,alice@acme.test,,Website relaunch,,Morning,No,2026-11-06,08:00:00,2026-11-06,09:00:00,01:00:00,,\n"
            + "Alice Anders,alice@acme.test,,Website relaunch,,Swapped,No,2026-11-06,17:00:00,2026-11-06,09:30:00,08:00:00,,\n"
            + "Alice Anders,alice@acme.test,,Website relaunch,,Evening,No,2026-11-06,18:00:00,2026-11-06,19:30:00,01:30:00,,\n";

        var batch = await Importing.UploadAsync(admin, csv);
        var dryRun = await Importing.DryRunAsync(admin, batch);

        var rejection = Assert.Single(Importing.Rejections(dryRun));
        Assert.StartsWith("line 3:", rejection, StringComparison.Ordinal);
        Assert.Equal("2", dryRun.QuerySelector("#to-import")?.TextContent.Trim());
        Assert.Null(dryRun.QuerySelector($"form[action='{batch}/confirm']"));

        // Posting the confirmation anyway changes nothing.
        var token = dryRun.AntiforgeryToken();
        var forced = await admin.PostAsync(batch + "/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        Assert.Equal(HttpStatusCode.Redirect, forced.StatusCode);
        Assert.Equal("Staged", Importing.Status(await admin.GetDocumentAsync(batch)));
        Assert.DoesNotContain(await factory.ImportedEntriesAsync("alice@acme.test"), e => e.Start.InZone(Berlin).Date == new LocalDate(2026, 11, 6));
    }

    [Fact]
    public async Task The_same_file_twice_imports_once()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        // Two identical rows are two entries (a genuine duplicate), as overlaps are refused only
        // where they overlap: these follow each other.
        var csv = TogglHeader
            + "Bob Brown,bob@acme.test,,Mobile app,,Triage,No,2026-10-26,09:00:00,2026-10-26,10:00:00,01:00:00,,\n"
            + "Bob Brown,bob@acme.test,,Mobile app,,Triage,No,2026-10-26,10:00:00,2026-10-26,11:00:00,01:00:00,,\n";

        Assert.Equal("Imported", Importing.Status(await Importing.ImportAsync(admin, csv)));
        var before = (await factory.ImportedEntriesAsync("bob@acme.test")).Count(e => e.Description == "Triage");
        Assert.Equal(2, before);

        var again = await Importing.UploadAsync(admin, csv, "again.csv");
        var dryRun = await Importing.DryRunAsync(admin, again);
        Assert.Equal("0", dryRun.QuerySelector("#to-import")?.TextContent.Trim());
        Assert.Equal("2", dryRun.QuerySelector("#already-imported")?.TextContent.Trim());
        var done = await Importing.ConfirmAsync(admin, again);
        Assert.Equal("Imported", Importing.Status(done));
        Assert.StartsWith("0 entries imported", done.QuerySelector("#imported")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, (await factory.ImportedEntriesAsync("bob@acme.test")).Count(e => e.Description == "Triage"));
    }

    [Fact]
    public async Task The_same_file_confirmed_twice_after_two_dry_runs_imports_once()
    {
        // Both dry runs find nothing imported yet; the second confirmation finds the first one's entries
        // by their import keys (not as overlaps) and imports none of them again.
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Bob Brown,bob@acme.test,,Mobile app,,Twice staged,No,2026-10-14,09:00:00,2026-10-14,10:00:00,01:00:00,,\n";
        var first = await Importing.UploadAsync(admin, csv, "first.csv");
        var second = await Importing.UploadAsync(admin, csv, "second.csv");
        Assert.Equal("1", (await Importing.DryRunAsync(admin, first)).QuerySelector("#to-import")?.TextContent.Trim());
        Assert.Equal("1", (await Importing.DryRunAsync(admin, second)).QuerySelector("#to-import")?.TextContent.Trim());

        Assert.Equal("Imported", Importing.Status(await Importing.ConfirmAsync(admin, first)));
        var again = await Importing.ConfirmAsync(admin, second);

        Assert.Equal("Imported", Importing.Status(again));
        Assert.StartsWith("0 entries imported", again.QuerySelector("#imported")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Single(await factory.ImportedEntriesAsync("bob@acme.test"), e => e.Description == "Twice staged");
    }

    [Fact]
    public async Task Rows_in_an_approved_week_are_refused_by_line_also_when_approved_after_the_dry_run()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        await LockAsync("alice@acme.test", new LocalDate(2026, 11, 9));
        var csv = TogglHeader
            + "Alice Anders,alice@acme.test,,Internal tools,,Before,No,2026-10-30,09:00:00,2026-10-30,10:00:00,01:00:00,,\n"
            + "Alice Anders,alice@acme.test,,Internal tools,,Locked,No,2026-11-10,09:00:00,2026-11-10,10:00:00,01:00:00,,\n";

        var dryRun = await Importing.DryRunAsync(admin, await Importing.UploadAsync(admin, csv));
        Assert.Equal(["line 3: the week of 9 November 2026 is approved and locked"], Importing.Rejections(dryRun));

        // Approved between the dry run and the confirmation: the confirmation checks again and imports nothing.
        var bobCsv = TogglHeader
            + "Bob Brown,bob@acme.test,,Internal tools,,Late approval,No,2026-10-20,09:00:00,2026-10-20,10:00:00,01:00:00,,\n";
        var batch = await Importing.UploadAsync(admin, bobCsv);
        Assert.Equal("1", (await Importing.DryRunAsync(admin, batch)).QuerySelector("#to-import")?.TextContent.Trim());
        await LockAsync("bob@acme.test", new LocalDate(2026, 10, 19));
        var refused = await Importing.ConfirmAsync(admin, batch);
        Assert.StartsWith("Nothing was imported", refused.QuerySelector("#import-message")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["line 2: the week of 19 October 2026 is approved and locked"], Importing.Rejections(refused));
        Assert.DoesNotContain(await factory.ImportedEntriesAsync("bob@acme.test"), e => e.Description == "Late approval");
        Assert.DoesNotContain(await factory.ImportedEntriesAsync("alice@acme.test"), e => e.Description == "Before");
    }

    [Fact]
    public async Task Rows_older_than_the_policy_keeps_entries_are_refused_at_the_dry_run_by_line()
    {
        // acme keeps entry details for 730 days: on 25 November 2026 that reaches back to 25 November 2024.
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Carol Chen,carol@acme.test,,Internal tools,,Kept,No,2026-10-22,09:00:00,2026-10-22,10:00:00,01:00:00,,\n"
            + "Carol Chen,carol@acme.test,,Internal tools,,Too old,No,2023-03-03,09:00:00,2023-03-03,10:00:00,01:00:00,,\n";

        var dryRun = await Importing.DryRunAsync(admin, await Importing.UploadAsync(admin, csv));

        Assert.Equal(["line 3: 3 March 2023 is older than the 730 days this organization keeps entries"], Importing.Rejections(dryRun));
        Assert.Equal("1", dryRun.QuerySelector("#to-import")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_overlap_with_a_recorded_entry_is_told_in_the_persons_zone()
    {
        // 19 October 2026 is still summer time in Berlin: nine there is seven UTC.
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var first = TogglHeader
            + "Alice Anders,alice@acme.test,,Internal tools,,Recorded,No,2026-10-19,09:00:00,2026-10-19,10:00:00,01:00:00,,\n";
        Assert.Equal("Imported", Importing.Status(await Importing.ImportAsync(admin, first)));

        var second = TogglHeader
            + "Alice Anders,alice@acme.test,,Internal tools,,Clashing,No,2026-10-19,09:30:00,2026-10-19,10:30:00,01:00:00,,\n";
        var dryRun = await Importing.DryRunAsync(admin, await Importing.UploadAsync(admin, second));

        Assert.Equal(
            ["line 2: it overlaps time already recorded for alice@acme.test (an entry on Mon 19 Oct from 09:00 to 10:00)"],
            Importing.Rejections(dryRun));
    }

    [Fact]
    public async Task Rows_of_the_file_that_overlap_each_other_are_each_refused_naming_the_other_line()
    {
        // Line 4 is inside line 2 although line 3, which starts between them, ends first: every row
        // that overlaps is found, not only neighbours. Line 5 starts where line 2 ends: no overlap.
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Carol Chen,carol@acme.test,,Internal tools,,Long,No,2026-10-13,09:00:00,2026-10-13,12:00:00,03:00:00,,\n"
            + "Carol Chen,carol@acme.test,,Internal tools,,Inside early,No,2026-10-13,09:30:00,2026-10-13,10:00:00,00:30:00,,\n"
            + "Carol Chen,carol@acme.test,,Internal tools,,Inside late,No,2026-10-13,11:00:00,2026-10-13,11:30:00,00:30:00,,\n"
            + "Carol Chen,carol@acme.test,,Internal tools,,Touching,No,2026-10-13,12:00:00,2026-10-13,13:00:00,01:00:00,,\n"
            + "Carol Chen,carol@acme.test,,Internal tools,,Alone,No,2026-10-13,14:00:00,2026-10-13,15:00:00,01:00:00,,\n";

        var dryRun = await Importing.DryRunAsync(admin, await Importing.UploadAsync(admin, csv));

        Assert.Equal(
            ["line 2: it overlaps line 3", "line 3: it overlaps line 2", "line 4: it overlaps line 2"],
            Importing.Rejections(dryRun));
        Assert.Equal("2", dryRun.QuerySelector("#to-import")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_row_after_the_start_of_a_running_timer_is_refused_naming_the_timer()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var carol = await factory.Database.UserIdAsync("carol@acme.test");
        var timer = await factory.InAcmeAsync(async db =>
        {
            var project = await db.Projects.Where(p => p.Name == "Internal tools").Select(p => p.Id).SingleAsync();
            var start = Berlin.AtStrictly(new LocalDateTime(2026, 10, 8, 16, 0)).ToInstant();
            var entry = new TimeEntry { Id = Guid.CreateVersion7(), UserId = carol, ProjectId = project, Start = start, Source = EntrySource.Timer, CreatedAt = start };
            db.TimeEntries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
        try
        {
            var csv = TogglHeader
                + "Carol Chen,carol@acme.test,,Internal tools,,Morning,No,2026-10-08,09:00:00,2026-10-08,10:00:00,01:00:00,,\n"
                + "Carol Chen,carol@acme.test,,Internal tools,,While running,No,2026-10-09,09:00:00,2026-10-09,10:00:00,01:00:00,,\n";

            var dryRun = await Importing.DryRunAsync(admin, await Importing.UploadAsync(admin, csv));

            Assert.Equal(
                ["line 3: it overlaps time already recorded for carol@acme.test (a running timer, started Thu 8 Oct at 16:00)"],
                Importing.Rejections(dryRun));
        }
        finally
        {
            await factory.InAcmeAsync(db => db.TimeEntries.Where(e => e.Id == timer).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task A_large_file_is_checked_by_the_background_job_with_progress_and_cancel_leaves_nothing_behind()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = LargeToggl("Finn Field", "finn@acme.test", rows: 2_200);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(csv) > TimeTrack.Web.Features.Import.ImportJobs.InlineBytes);

        // Dry run in the job (the request only enqueues it), then cancelled once staged.
        var batch = await Importing.UploadAsync(admin, csv);
        var id = Guid.Parse(batch.Split('/')[^1]);
        await Importing.DryRunAsync(admin, batch);
        var staged = await WaitForStatusAsync(id, ImportStatus.Staged);
        Assert.Equal(2_200, staged.RowsRead);
        Assert.Equal(staged.SizeBytes, staged.BytesRead);
        Assert.Equal(2_200, await StagedAsync(id));
        await CancelAsync(admin, batch);
        await AssertNothingLeftAsync(admin, batch, id);

        // Cancelled as soon as the job is enqueued: the job notices between chunks, or finds the batch ended.
        var early = await Importing.UploadAsync(admin, csv, "again.csv");
        var earlyId = Guid.Parse(early.Split('/')[^1]);
        await Importing.DryRunAsync(admin, early);
        await CancelAsync(admin, early);
        await WaitForStatusAsync(earlyId, ImportStatus.Cancelled);
        await AssertNothingLeftAsync(admin, early, earlyId);
    }

    [Fact]
    public async Task Staged_rows_lost_since_the_dry_run_import_nothing_and_send_the_batch_back_to_its_mapping()
    {
        // The staging table is unlogged: a restart of the database server empties it.
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Bob Brown,bob@acme.test,,Internal tools,,Lost,No,2026-10-21,09:00:00,2026-10-21,10:00:00,01:00:00,,\n";
        var batch = await Importing.UploadAsync(admin, csv);
        var id = Guid.Parse(batch.Split('/')[^1]);
        Assert.Equal("1", (await Importing.DryRunAsync(admin, batch)).QuerySelector("#to-import")?.TextContent.Trim());
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.ExecuteAsync("DELETE FROM import_staged_entries WHERE batch_id = @batch", ("batch", id));
        }

        var page = await Importing.ConfirmAsync(admin, batch);

        Assert.Equal("Mapping", Importing.Status(page));
        Assert.StartsWith("Nothing was imported", page.QuerySelector("#import-message")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(await factory.ImportedEntriesAsync("bob@acme.test"), e => e.Description == "Lost");
        Assert.True(await factory.InAcmeAsync(db => db.ImportFileChunks.AnyAsync(c => c.BatchId == id)));
    }

    [Fact]
    public async Task A_member_imports_only_into_their_own_projects_and_cannot_create_any()
    {
        var erin = (await factory.CallerAsync("erin@acme.test")).Browser;
        var csv = TogglHeader
            + "Erin Elsewhere,erin@acme.test,,Secret project,,Mine,No,2026-10-27,09:00:00,2026-10-27,10:00:00,01:00:00,,\n"
            + "Erin Elsewhere,erin@acme.test,,Research,,Globex's,No,2026-10-27,11:00:00,2026-10-27,12:00:00,01:00:00,,\n"
            + "Erin Elsewhere,erin@acme.test,,Website relaunch,,Not a member,No,2026-10-27,13:00:00,2026-10-27,14:00:00,01:00:00,,\n";

        var index = await erin.GetDocumentAsync(Importing.Page);
        Assert.Null(index.QuerySelector("input[name='Upload.Scope'][value='Organization']"));
        var refusedScope = await Importing.PostFileAsync(erin, csv, scope: "Organization");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedScope.StatusCode);

        var batch = await Importing.UploadAsync(erin, csv);
        var mapping = await erin.GetDocumentAsync(batch);
        Assert.Null(mapping.QuerySelector("option[value='new']"));
        Assert.Null(mapping.QuerySelector("#people"));
        var offered = mapping.QuerySelectorAll("#projects option").Select(o => o.TextContent.Trim()).ToList();
        Assert.DoesNotContain("Research", offered);
        Assert.DoesNotContain("Website relaunch", offered);

        var dryRun = await Importing.DryRunAsync(erin, batch);
        var rejections = Importing.Rejections(dryRun);
        Assert.Equal(3, rejections.Count);
        Assert.All(rejections, r => Assert.Contains("you are not a member of a project called", r, StringComparison.Ordinal));
        Assert.Empty(await factory.ImportedEntriesAsync("erin@acme.test"));
        Assert.False(await factory.InAcmeAsync(db => db.Projects.AnyAsync(p => p.Name == "Secret project")));
    }

    [Fact]
    public async Task Cancel_leaves_nothing_behind()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var csv = TogglHeader
            + "Carol Chen,carol@acme.test,,Brand new,,Cancelled work,No,2026-10-28,09:00:00,2026-10-28,10:00:00,01:00:00,Unheard,\n";
        var batch = await Importing.UploadAsync(admin, csv);
        var id = Guid.Parse(batch.Split('/')[^1]);
        Assert.Equal("1", (await Importing.DryRunAsync(admin, batch)).QuerySelector("#to-import")?.TextContent.Trim());
        Assert.True(await StagedAsync(id) > 0);

        var unconfirmed = await admin.SubmitAsync(batch, batch + "/cancel", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.True(await StagedAsync(id) > 0);
        var response = await admin.SubmitAsync(batch, batch + "/cancel", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal("Cancelled", Importing.Status(await admin.GetDocumentAsync(batch)));
        Assert.Equal(0, await StagedAsync(id));
        Assert.False(await factory.InAcmeAsync(db => db.ImportFileChunks.AnyAsync(c => c.BatchId == id)));
        Assert.DoesNotContain(await factory.ImportedEntriesAsync("carol@acme.test"), e => e.Description == "Cancelled work");
        Assert.False(await factory.InAcmeAsync(db => db.Projects.AnyAsync(p => p.Name == "Brand new")));
        Assert.False(await factory.InAcmeAsync(db => db.Tags.AnyAsync(t => t.Name == "Unheard")));
        // A cancelled batch cannot be confirmed any more.
        Assert.Null((await admin.GetDocumentAsync(batch)).QuerySelector($"form[action='{batch}/confirm']"));
    }

    [Fact]
    public async Task An_unreadable_file_is_an_error_on_the_form_and_a_batch_is_only_its_importers()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var response = await Importing.PostFileAsync(admin, "Name,Colour\nAda,blue\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains("Toggl", page.QuerySelector("#Upload_File-error")?.TextContent, StringComparison.Ordinal);

        var batch = await Importing.UploadAsync(admin, TogglHeader + "Alice Anders,alice@acme.test,,Website relaunch,,X,No,2026-10-29,09:00:00,2026-10-29,10:00:00,01:00:00,,\n");
        var other = (await factory.CallerAsync("alice@acme.test")).Browser;
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(batch)).StatusCode);
    }

    [Fact]
    public async Task Imports_left_unconfirmed_for_a_week_are_cancelled_and_their_file_deleted()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var batch = await Importing.UploadAsync(admin, TogglHeader + "Carol Chen,carol@acme.test,,Website relaunch,,Forgotten,No,2026-10-29,14:00:00,2026-10-29,15:00:00,01:00:00,,\n");
        var id = Guid.Parse(batch.Split('/')[^1]);
        var recent = await Importing.UploadAsync(admin, TogglHeader + "Carol Chen,carol@acme.test,,Website relaunch,,Recent,No,2026-10-29,16:00:00,2026-10-29,17:00:00,01:00:00,,\n");
        await factory.InAcmeAsync(db => db.ImportBatches.Where(b => b.Id == id)
            .ExecuteUpdateAsync(b => b.SetProperty(x => x.UpdatedAt, ImportFactory.Now - Duration.FromDays(8))));

        await using var scope = factory.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<TimeTrack.Web.Features.Import.ImportCleanupJob>();
        Assert.Equal(1, await job.RunForTenantAsync(factory.AcmeId, CancellationToken.None));

        Assert.Equal("Cancelled", Importing.Status(await admin.GetDocumentAsync(batch)));
        Assert.False(await factory.InAcmeAsync(db => db.ImportFileChunks.AnyAsync(c => c.BatchId == id)));
        Assert.Equal("Mapping", Importing.Status(await admin.GetDocumentAsync(recent)));
    }

    [Fact]
    public async Task Every_import_post_requires_the_antiforgery_token()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var upload = await Importing.PostFileAsync(admin, TogglHeader, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);

        var batch = await Importing.UploadAsync(admin, TogglHeader + "Alice Anders,alice@acme.test,,Website relaunch,,Y,No,2026-10-29,11:00:00,2026-10-29,12:00:00,01:00:00,,\n");
        foreach (var action in new[] { "mapping", "confirm", "cancel" })
        {
            var response = await admin.PostAsync($"{batch}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>()));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal("Mapping", Importing.Status(await admin.GetDocumentAsync(batch)));
    }

    private static string LargeToggl(string name, string email, int rows)
    {
        // Half hours from 08:00 to 16:00, day after day from 1 June 2026, with long descriptions.
        var text = new System.Text.StringBuilder(TogglHeader);
        var padding = new string('x', 1_100);
        for (var i = 0; i < rows; i++)
        {
            var day = new LocalDate(2026, 6, 1).PlusDays(i / 16).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var start = new LocalTime(8, 0).PlusMinutes(30 * (i % 16));
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name},{email},,Internal tools,,Row {i} {padding},No,{day},{start:HH:mm:ss},{day},{start.PlusMinutes(30):HH:mm:ss},00:30:00,,\n");
        }

        return text.ToString();
    }

    private async Task<ImportBatch> WaitForStatusAsync(Guid id, ImportStatus status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var batch = await factory.InAcmeAsync(db => db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == id));
            if (batch.Status == status)
            {
                return batch;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The import job had not reached {status} after 60 s (it is {batch.Status}).");
            await Task.Delay(250);
        }
    }

    private static async Task CancelAsync(HttpClient client, string batch)
    {
        var response = await client.SubmitAsync(batch, batch + "/cancel", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task AssertNothingLeftAsync(HttpClient client, string batch, Guid id)
    {
        Assert.Equal("Cancelled", Importing.Status(await client.GetDocumentAsync(batch)));
        Assert.Equal(0, await StagedAsync(id));
        Assert.False(await factory.InAcmeAsync(db => db.ImportFileChunks.AnyAsync(c => c.BatchId == id)));
        Assert.Empty(await factory.ImportedEntriesAsync("finn@acme.test"));
    }

    private async Task LockAsync(string email, LocalDate monday)
    {
        var userId = await factory.Database.UserIdAsync(email);
        var lockedBy = await factory.Database.UserIdAsync("manager@acme.test");
        await factory.InAcmeAsync(async db =>
        {
            db.LockedPeriods.Add(new LockedPeriod
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                WeekStart = monday,
                Start = Berlin.AtStartOfDay(monday).ToInstant(),
                End = Berlin.AtStartOfDay(monday.PlusWeeks(1)).ToInstant(),
                LockedByUserId = lockedBy,
                LockedAt = ImportFactory.Now,
            });
            return await db.SaveChangesAsync();
        });
    }

    private Task<int> StagedAsync(Guid batchId) =>
        factory.InAcmeAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM import_staged_entries WHERE batch_id = {0}", batchId)
            .SingleAsync());
}
