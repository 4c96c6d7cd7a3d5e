using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Clockify, Reports → Detailed → CSV, in the variants its export settings produce.</summary>
public sealed class ClockifyExportTests
{
    [Fact]
    public void A_detailed_report_with_every_field_quoted_is_recognised_as_clockify()
    {
        var reading = Exports.Read("clockify/detailed.csv");

        Assert.Equal(TrackerFormat.Clockify, reading.Export.Format);
        Assert.Equal(ExportEncoding.Utf8, reading.Export.Encoding);
        Assert.Empty(reading.Rejected);
        Assert.Equal([2, 3], reading.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Month_first_dates_and_twelve_hour_times_with_seconds_become_local_start_and_end()
    {
        var reading = Exports.Read("clockify/detailed.csv");

        Assert.Equal(DateOrder.MonthFirst, reading.Export.DateOrder);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 11, 0), reading.Entry(2).Start);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 11, 30), reading.Entry(2).End);
        Assert.Equal(new LocalDateTime(2026, 10, 16, 13, 15), reading.Entry(3).Start);
        Assert.Equal(new LocalDateTime(2026, 10, 16, 14, 0), reading.Entry(3).End);
        Assert.Equal(Duration.FromMinutes(45), reading.Entry(3).Duration);
    }

    [Fact]
    public void Special_characters_and_a_backslash_before_the_closing_quote_are_kept_as_written()
    {
        var entry = Exports.Read("clockify/detailed.csv").Entry(2);

        Assert.Equal(@"\\ 🔥 Special characters  ''''''`!@#$%^&*()_+\-=\[\]{};':''\\|,.''<>\/?~ \\\", entry.Description);
        Assert.Equal("Design", entry.Task);
        Assert.Equal("Ada Lovelace", entry.UserName);
    }

    [Fact]
    public void The_currency_comes_from_the_rate_and_amount_headers()
    {
        var entry = Exports.Read("clockify/detailed.csv").Entry(2);

        Assert.Equal(1000.00m, entry.Rate);
        Assert.Equal(500.00m, entry.Amount);
        Assert.Equal("EUR", entry.Currency);
        Assert.True(entry.Billable);
    }

    [Fact]
    public void Comma_joined_tags_are_a_list_and_empty_tags_none()
    {
        var reading = Exports.Read("clockify/detailed.csv");

        Assert.Empty(reading.Entry(2).Tags);
        Assert.Equal(["Review", "Client call"], reading.Entry(3).Tags);
    }

    [Fact]
    public void Twelve_hour_times_without_seconds_are_read_and_noon_is_twelve()
    {
        var reading = Exports.Read("clockify/times-without-seconds.csv");

        Assert.Empty(reading.Rejected);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 10, 23), reading.Entry(2).Start);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 11, 5), reading.Entry(2).End);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 12, 0), reading.Entry(3).Start);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 12, 30), reading.Entry(3).End);
    }

    [Fact]
    public void An_entry_across_midnight_ends_after_midnight_on_its_end_date()
    {
        var entry = Exports.Read("clockify/across-midnight.csv").Entry(2);

        Assert.Equal(new LocalDateTime(2026, 10, 15, 23, 45), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 10, 16, 0, 15), entry.End);
    }

    [Fact]
    public void Activity_instead_of_task_and_no_client_or_billable_column_are_accepted()
    {
        var reading = Exports.Read("clockify/activity-without-client-or-billable.csv");

        Assert.Equal(TrackerFormat.Clockify, reading.Export.Format);
        var entry = Assert.Single(reading.Entries);
        Assert.Equal("Design", entry.Task);
        Assert.Null(entry.Client);
        Assert.Null(entry.Billable);
        Assert.Null(entry.Amount);
        Assert.Null(entry.Currency);
        Assert.Equal(["UX"], entry.Tags);
        Assert.Equal(new LocalDateTime(2026, 10, 15, 10, 30), entry.End);
    }

    [Fact]
    public void Day_first_dates_and_a_twenty_four_hour_clock_from_the_users_settings_are_read()
    {
        var reading = Exports.Read("clockify/day-first-24-hour.csv");

        Assert.Equal(DateOrder.DayFirst, reading.Export.DateOrder);
        Assert.Equal(new LocalDateTime(2026, 10, 2, 14, 0), reading.Entry(2).Start);
        Assert.Equal(new LocalDateTime(2026, 10, 2, 15, 30), reading.Entry(2).End);
        Assert.Equal(new LocalDate(2026, 10, 15), reading.Entry(3).Date);
        Assert.Equal("GBP", reading.Entry(2).Currency);
        Assert.Equal(120m, reading.Entry(2).Amount);
    }

    [Fact]
    public void Only_a_decimal_duration_column_is_enough()
    {
        var reading = Exports.ReadText(
            "\"Project\",\"Description\",\"User\",\"Email\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (decimal)\"\n"
            + "\"Website relaunch\",\"Copy\",\"Ada Lovelace\",\"ada@example.test\",\"10/15/2026\",\"09:00 AM\",\"10/15/2026\",\"10:15 AM\",\"1.25\"\n");

        Assert.Equal(TrackerFormat.Clockify, reading.Export.Format);
        Assert.Equal(Duration.FromMinutes(75), Assert.Single(reading.Entries).Duration);
    }
}
