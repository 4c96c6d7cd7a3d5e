using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Kimai's timesheet export as CSV, with and without the price columns.</summary>
public sealed class KimaiExportTests
{
    [Fact]
    public void An_export_with_rates_is_recognised_as_kimai()
    {
        var reading = Exports.Read("kimai/with-rates.csv");

        Assert.Equal(TrackerFormat.Kimai, reading.Export.Format);
        Assert.Empty(reading.Rejected);
        Assert.Equal([2, 3], reading.Entries.Select(e => e.Line));
    }

    [Fact]
    public void From_and_to_become_local_start_and_end_and_duration_is_decimal_hours()
    {
        var entry = Exports.Read("kimai/with-rates.csv").Entry(2);

        Assert.Equal(new LocalDateTime(2026, 3, 2, 9, 0), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 10, 30), entry.End);
        Assert.Equal(Duration.FromMinutes(90), entry.Duration);
    }

    [Fact]
    public void The_columns_map_to_person_client_project_activity_and_prices()
    {
        var entry = Exports.Read("kimai/with-rates.csv").Entry(2);

        Assert.Equal("Ada Lovelace", entry.UserName);
        Assert.Equal("ada@example.test", entry.UserEmail);
        Assert.Equal("Acme GmbH", entry.Client);
        Assert.Equal("Website relaunch", entry.Project);
        Assert.Equal("Design", entry.Task);
        Assert.Equal("Wireframes", entry.Description);
        Assert.Equal(["frontend", "review"], entry.Tags);
        Assert.True(entry.Billable);
        Assert.Equal(80m, entry.Rate);
        Assert.Equal(120m, entry.Amount);
        Assert.Equal("EUR", entry.Currency);
    }

    [Fact]
    public void A_to_before_from_ends_on_the_next_day()
    {
        var entry = Exports.Read("kimai/with-rates.csv").Entry(3);

        Assert.Equal(new LocalDateTime(2026, 3, 2, 23, 0), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 3, 1, 0), entry.End);
        Assert.Equal(Duration.FromHours(2), entry.Duration);
    }

    [Theory]
    [InlineData("08:00", "08:00", "24", "2026-03-03T08:00")]
    [InlineData("08:00", "08:00", "0", "2026-03-02T08:00")]
    [InlineData("08:00", "10:00", "26", "2026-03-03T10:00")]
    [InlineData("22:00", "02:00", "52", "2026-03-05T02:00")]
    // The night clocks go back in Europe: 23:00 to 02:00 is four hours, not a day more.
    [InlineData("23:00", "02:00", "4", "2026-03-03T02:00")]
    public void Whole_days_beyond_from_and_to_come_from_the_stated_duration(string from, string to, string hours, string end)
    {
        var reading = Exports.ReadText(
            "Date,From,To,Duration,Name,User,E-mail,Customer,Project,Activity,Description\n"
            + $"2026-03-02,{from},{to},{hours},Ada Lovelace,ada,ada@example.test,Acme,Website,Support,On call\n");

        Assert.Equal(Iso.Local(end), reading.Entry(2).End);
    }

    [Fact]
    public void An_export_without_the_five_price_columns_is_read_without_money()
    {
        var reading = Exports.Read("kimai/without-rates.csv");

        Assert.Equal(TrackerFormat.Kimai, reading.Export.Format);
        var entry = Assert.Single(reading.Entries);
        Assert.Null(entry.Rate);
        Assert.Null(entry.Amount);
        Assert.Null(entry.Currency);
        Assert.Equal(Duration.FromMinutes(90), entry.Duration);
        Assert.Equal(["frontend"], entry.Tags);
    }

    [Fact]
    public void A_running_entry_without_an_end_is_rejected()
    {
        var reading = Exports.ReadText(
            "Date,From,To,Duration,Name,User,E-mail,Customer,Project,Activity,Description\n"
            + "2026-03-02,08:00,,0,Ada Lovelace,ada,ada@example.test,Acme,Website,Support,Still running\n");

        Assert.Equal("line 2: the end time is missing (was the timer still running?)", reading.Rejection(2));
    }

    [Fact]
    public void An_excel_resave_with_semicolons_dotted_dates_and_decimal_commas_is_read()
    {
        var reading = Exports.Read("kimai/excel-semicolon.csv");

        Assert.Equal(';', reading.Export.Delimiter);
        Assert.Equal(ExportEncoding.Windows1252, reading.Export.Encoding);
        var entry = Assert.Single(reading.Entries);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 9, 0), entry.Start);
        Assert.Equal(Duration.FromMinutes(90), entry.Duration);
        Assert.Equal(120m, entry.Amount);
        Assert.Equal("Müller & Söhne", entry.Client);
        Assert.Equal("Rechnungen prüfen", entry.Description);
        Assert.True(entry.Billable);
    }
}
