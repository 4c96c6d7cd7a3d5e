using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Harvest, Reports → Detailed time → CSV: a date and decimal hours, no clock times.</summary>
public sealed class HarvestExportTests
{
    [Fact]
    public void A_detailed_time_report_is_recognised_as_harvest()
    {
        var reading = Exports.Read("harvest/detailed.csv");

        Assert.Equal(TrackerFormat.Harvest, reading.Export.Format);
        Assert.Empty(reading.Rejected);
        Assert.Equal([2, 3], reading.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Entries_are_a_date_and_a_duration_without_clock_times()
    {
        var entry = Exports.Read("harvest/detailed.csv").Entry(2);

        Assert.Equal(new LocalDate(2026, 3, 2), entry.Date);
        Assert.Null(entry.Start);
        Assert.Null(entry.End);
        Assert.Equal(Duration.FromHours(20), entry.Duration);
    }

    [Fact]
    public void Decimal_comma_hours_are_read_to_the_second()
    {
        var reading = Exports.Read("harvest/detailed.csv");

        Assert.Equal(',', reading.Export.DecimalSeparator);
        // 0,01 h is 36 seconds.
        Assert.Equal(Duration.FromSeconds(36), reading.Entry(3).Duration);
    }

    [Fact]
    public void A_thousands_dot_with_a_decimal_comma_is_read()
    {
        var reading = Exports.Read("harvest/detailed.csv");

        Assert.Equal(2000m, reading.Entry(2).Amount);
        Assert.Equal(100m, reading.Entry(2).Rate);
        Assert.Equal(1m, reading.Entry(3).Amount);
    }

    [Fact]
    public void The_currency_is_the_code_in_euro_dash_eur()
    {
        var reading = Exports.Read("harvest/detailed.csv");

        Assert.All(reading.Entries, e => Assert.Equal("EUR", e.Currency));
    }

    [Fact]
    public void The_person_is_first_and_last_name_without_an_email()
    {
        var entry = Exports.Read("harvest/detailed.csv").Entry(3);

        Assert.Equal("Ada Lovelace", entry.UserName);
        Assert.Null(entry.UserEmail);
        Assert.Equal("Acme GmbH", entry.Client);
        Assert.Equal("Design", entry.Task);
        Assert.Equal("Working hard", entry.Description);
        Assert.True(entry.Billable);
        Assert.False(Exports.Read("harvest/detailed.csv").Entry(2).Billable);
    }

    [Fact]
    public void An_empty_client_and_empty_notes_are_null()
    {
        var entry = Exports.Read("harvest/detailed.csv").Entry(2);

        Assert.Null(entry.Client);
        Assert.Null(entry.Description);
        Assert.Equal("Project without client", entry.Project);
    }

    [Fact]
    public void Decimal_points_and_thousands_commas_are_read()
    {
        var reading = Exports.Read("harvest/decimal-point.csv");

        Assert.Equal('.', reading.Export.DecimalSeparator);
        Assert.Equal(Duration.FromMinutes(90), reading.Entry(2).Duration);
        Assert.Equal(187.50m, reading.Entry(2).Amount);
        Assert.Equal(1250m, reading.Entry(3).Amount);
        Assert.Equal("USD", reading.Entry(3).Currency);
    }

    [Fact]
    public void A_number_that_could_be_one_thousand_or_one_is_rejected_when_no_other_number_settles_it()
    {
        var reading = Exports.Read("harvest/ambiguous-thousands.csv");

        Assert.Null(reading.Export.DecimalSeparator);
        Assert.Equal(
            "line 2: the amount '1.000' could be 1 or 1000, and no other number in the file shows whether it uses a decimal point or a decimal comma",
            reading.Rejection(2));
    }

    [Fact]
    public void Missing_hours_are_rejected()
    {
        var reading = Exports.ReadText(
            "Date,Client,Project,Task,Notes,Hours,First Name,Last Name\n"
            + "2026-03-02,Acme,Website,Design,Wireframes,,Ada,Lovelace\n"
            + "2026-03-02,Acme,Website,Design,Wireframes,abc,Ada,Lovelace\n");

        Assert.Equal("line 2: the duration is missing", reading.Rejection(2));
        Assert.Equal("line 3: 'abc' is not a duration", reading.Rejection(3));
    }
}
