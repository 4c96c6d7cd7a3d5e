using System.IO.Compression;
using NodaTime;
using TimeTrack.Domain.Imports;
using static TimeTrack.Domain.Tests.Imports.KimaiWorkbook;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Kimai's timesheet export as an XLSX spreadsheet, built here with the Open XML SDK.</summary>
public sealed class KimaiSpreadsheetTests
{
    private static string Problem(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        Assert.False(TrackerExport.TryOpen(stream, out var export, out var problem));
        Assert.Null(export);
        Assert.Equal(0, stream.Position);
        return problem;
    }

    [Fact]
    public void Date_and_time_cells_are_read_as_the_date_and_times_of_day()
    {
        var reading = Exports.Read(Build(
            (1, HeaderCells()),
            (2, Row(new Styled(Serial(2026, 3, 13), DateStyle), new Styled(Serial(1899, 12, 30, 9, 0), TimeStyle), new Styled(Serial(1899, 12, 30, 10, 30), TimeStyle), 1.5))));

        Assert.Equal(TrackerFormat.Kimai, reading.Export.Format);
        Assert.Equal("Kimai export (XLSX)", reading.Export.FormatName);
        var entry = Assert.Single(reading.Entries);
        Assert.Equal(2, entry.Line);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 9, 0), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 10, 30), entry.End);
        Assert.Equal(Duration.FromMinutes(90), entry.Duration);
        Assert.Equal("Ada Lovelace", entry.UserName);
        Assert.Equal("Acme GmbH", entry.Client);
        Assert.Equal("Design", entry.Task);
        Assert.Equal(80m, entry.Rate);
        Assert.Equal(120m, entry.Amount);
        Assert.Equal("EUR", entry.Currency);
        Assert.True(entry.Billable);
    }

    [Fact]
    public void Text_cells_are_read_as_the_csv_export_writes_them()
    {
        var reading = Exports.Read(Build(
            (1, HeaderCells()),
            (2, Row("2026-03-02", "inline:23:00", "01:00", "inline:2", description: "inline:Night deployment"))));

        var entry = Assert.Single(reading.Entries);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 23, 0), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 3, 1, 0), entry.End);
        Assert.Equal(Duration.FromHours(2), entry.Duration);
        Assert.Equal("Night deployment", entry.Description);
    }

    [Fact]
    public void From_and_to_as_date_and_time_cells_give_their_time_of_day()
    {
        var reading = Exports.Read(Build(
            (1, HeaderCells()),
            (2, Row(new Styled(Serial(2026, 3, 13), DateStyle), new Styled(Serial(2026, 3, 13, 14, 15), DateTimeStyle), new Styled(Serial(2026, 3, 13, 15, 0), DateTimeStyle), 0.75))));

        var entry = Assert.Single(reading.Entries);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 14, 15), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 15, 0), entry.End);
    }

    [Fact]
    public void A_time_formatted_duration_is_a_fraction_of_a_day()
    {
        var reading = Exports.Read(Build(
            (1, HeaderCells()),
            (2, Row(new Styled(Serial(2026, 3, 13), DateStyle), "09:00", "10:30", new Styled(1.5 / 24, ElapsedStyle)))));

        Assert.Equal(Duration.FromMinutes(90), Assert.Single(reading.Entries).Duration);
    }

    [Fact]
    public void A_broken_row_is_refused_by_its_spreadsheet_row_and_the_rows_after_it_are_read()
    {
        var reading = Exports.Read(Build(
            (1, HeaderCells()),
            (2, Row("2026-03-02", "09:00", "10:30", 1.5)),
            (5, Row("next Tuesday", "09:00", "10:30", 1.5)),
            (9, Row("2026-03-04", "09:00", "10:00", 1.0))));

        Assert.Equal([2, 9], reading.Entries.Select(e => e.Line));
        Assert.Contains("'next Tuesday' is not a date", reading.Rejection(5), StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_read_again_on_each_enumeration_and_the_stream_is_left_open()
    {
        using var stream = new MemoryStream(Build((1, HeaderCells()), (2, Row("2026-03-02", "09:00", "10:30", 1.5))));
        Assert.True(TrackerExport.TryOpen(stream, out var export, out var problem), problem);

        Assert.Single(export.ReadRows());
        Assert.Single(export.ReadRows());
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void A_german_header_in_a_spreadsheet_is_read()
    {
        const string german = "Datum,Von,Bis,Dauer,Währung,Preis,Interner Preis,Stundensatz,Festpreis,Name,Benutzer,E-Mail,Personalnummer,Kunde,Projekt,Tätigkeit,Beschreibung,Abrechenbar,Schlagworte,Typ,Kategorie,Konto,Projektnummer,USt-IdNr.,Bestellnummer";
        var reading = Exports.Read(Build((1, HeaderCells(german)), (2, Row("13.03.2026", "09:00", "10:30", "1,5"))));

        var entry = Assert.Single(reading.Entries);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 9, 0), entry.Start);
        Assert.Equal(Duration.FromMinutes(90), entry.Duration);
    }

    [Fact]
    public void Another_trackers_spreadsheet_is_refused()
    {
        var problem = Problem(Build(
            (1, ["Date", "Client", "Project", "Task", "Notes", "Hours"]),
            (2, ["2026-03-02", "Acme", "Website", "Design", "Copy", 2.0])));

        Assert.StartsWith("This spreadsheet is not a Kimai export: its first row is the header of a Harvest detailed time report (CSV)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sheet_that_is_not_an_export_is_refused()
    {
        var problem = Problem(Build((1, ["Budget", "Q1", "Q2"]), (2, ["Travel", 100.0, 200.0])));

        Assert.StartsWith("This spreadsheet is not a Kimai export: its first row is not the header of Kimai's export", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_sheet_is_refused()
    {
        Assert.StartsWith("This spreadsheet is not a Kimai export: its first worksheet is empty.", Problem(Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_archive_that_is_not_a_workbook_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("readme.txt");
        }

        Assert.StartsWith("The file is a ZIP archive but not a spreadsheet that can be read", Problem(stream.ToArray()), StringComparison.Ordinal);
    }
}
