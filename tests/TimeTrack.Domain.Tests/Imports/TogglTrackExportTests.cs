using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Toggl Track, Reports → Detailed → CSV, and what spreadsheets make of it.</summary>
public sealed class TogglTrackExportTests
{
    [Fact]
    public void A_detailed_report_with_a_byte_order_mark_is_recognised_as_toggl()
    {
        var reading = Exports.Read("toggl/detailed.csv");

        Assert.Equal(TrackerFormat.TogglTrack, reading.Export.Format);
        Assert.Equal(ExportEncoding.Utf8WithBom, reading.Export.Encoding);
        Assert.Equal(',', reading.Export.Delimiter);
        Assert.Empty(reading.Rejected);
        Assert.Equal([2, 3], reading.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Iso_dates_and_clock_times_become_local_start_and_end()
    {
        var entry = Exports.Read("toggl/detailed.csv").Entry(3);

        Assert.Equal(new LocalDate(2026, 3, 2), entry.Date);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 10, 23, 0), entry.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 11, 23, 1), entry.End);
        Assert.Equal(Duration.FromSeconds(3601), entry.Duration);
    }

    [Fact]
    public void Who_and_what_are_read_from_their_columns()
    {
        var entry = Exports.Read("toggl/detailed.csv").Entry(3);

        Assert.Equal("Ada Lovelace", entry.UserName);
        Assert.Equal("ada@example.test", entry.UserEmail);
        Assert.Equal("Acme GmbH", entry.Client);
        Assert.Equal("Website relaunch", entry.Project);
        Assert.Equal("Design", entry.Task);
        Assert.Equal("Homepage mock-ups", entry.Description);
    }

    [Fact]
    public void Empty_client_task_and_description_are_null()
    {
        var entry = Exports.Read("toggl/detailed.csv").Entry(2);

        Assert.Null(entry.Client);
        Assert.Null(entry.Task);
        Assert.Null(entry.Description);
        Assert.Equal("Internal", entry.Project);
    }

    [Fact]
    public void Billable_yes_and_no_are_true_and_false()
    {
        var reading = Exports.Read("toggl/detailed.csv");

        Assert.False(reading.Entry(2).Billable);
        Assert.True(reading.Entry(3).Billable);
    }

    [Fact]
    public void Comma_joined_tags_in_one_field_are_a_list()
    {
        var reading = Exports.Read("toggl/detailed.csv");

        Assert.Equal(["Development", "Backend"], reading.Entry(2).Tags);
        Assert.Empty(reading.Entry(3).Tags);
    }

    [Fact]
    public void The_currency_comes_from_the_amount_header()
    {
        var reading = Exports.Read("toggl/detailed.csv");

        Assert.Equal(111.11m, reading.Entry(3).Amount);
        Assert.Equal("EUR", reading.Entry(3).Currency);
        Assert.Null(reading.Entry(3).Rate);
        // No amount, no currency to go with it.
        Assert.Null(reading.Entry(2).Amount);
        Assert.Null(reading.Entry(2).Currency);
    }

    [Fact]
    public void A_zero_length_entry_is_read_with_start_equal_to_end()
    {
        var entry = Exports.Read("toggl/detailed.csv").Entry(2);

        Assert.Equal(new LocalDateTime(2026, 3, 2, 10, 23, 52), entry.Start);
        Assert.Equal(entry.Start, entry.End);
        Assert.Equal(Duration.Zero, entry.Duration);
    }

    [Fact]
    public void An_entry_across_midnight_ends_on_its_end_date()
    {
        var reading = Exports.Read("toggl/across-midnight.csv");

        Assert.Empty(reading.Rejected);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 23, 30), reading.Entry(2).Start);
        Assert.Equal(new LocalDateTime(2026, 3, 3, 0, 45), reading.Entry(2).End);
        Assert.Equal(new LocalDate(2026, 3, 2), reading.Entry(2).Date);
        Assert.Equal(new LocalDateTime(2026, 3, 4, 0, 0), reading.Entry(3).End);
    }

    [Fact]
    public void An_end_before_the_start_on_the_same_date_is_rejected_and_the_rows_around_it_are_read()
    {
        var reading = Exports.Read("toggl/end-before-start.csv");

        Assert.Equal("line 3: the end 09:00 is before the start 17:00", Assert.Single(reading.Rejected).Message);
        Assert.Equal(["Morning", "Evening"], reading.Entries.Select(e => e.Description));
    }

    [Fact]
    public void An_end_date_before_the_start_date_names_both_dates()
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-03", "08:00:00", "2026-03-02", "09:00:00"));

        Assert.Equal("line 2: the end 2026-03-02 09:00 is before the start 2026-03-03 08:00", reading.Rejection(2));
    }

    [Fact]
    public void Day_first_dates_are_settled_by_a_later_row_with_a_day_above_twelve()
    {
        var reading = Exports.Read("toggl/day-first-dates.csv");

        Assert.Equal(DateOrder.DayFirst, reading.Export.DateOrder);
        Assert.Equal(new LocalDate(2026, 4, 3), reading.Entry(2).Date);
        Assert.Equal(new LocalDate(2026, 3, 31), reading.Entry(3).Date);
    }

    [Fact]
    public void Dates_no_row_settles_are_rejected_with_both_readings()
    {
        var reading = Exports.Read("toggl/ambiguous-dates.csv");

        Assert.Null(reading.Export.DateOrder);
        Assert.Equal(
            "line 2: the date '03/04/2026' could be 3 April 2026 or 4 March 2026, and no other date in the file shows whether the day or the month comes first",
            reading.Rejection(2));
        Assert.StartsWith("line 4: the date '05/06/2026' could be 5 June 2026 or 6 May 2026", reading.Rejection(4), StringComparison.Ordinal);
        // The same either way round.
        Assert.Equal(new LocalDate(2026, 7, 7), reading.Entry(3).Date);
    }

    [Theory]
    [InlineData(DateOrder.DayFirst, 4, 3)]
    [InlineData(DateOrder.MonthFirst, 3, 4)]
    public void Dates_no_row_settles_are_read_in_the_order_chosen_for_the_import(DateOrder order, int month, int day)
    {
        var reading = Exports.Read("toggl/ambiguous-dates.csv", new TrackerExportOptions(order));

        Assert.Empty(reading.Rejected);
        Assert.Equal(order, reading.Export.DateOrder);
        Assert.Equal(new LocalDate(2026, month, day), reading.Entry(2).Date);
    }

    [Fact]
    public void A_file_with_day_first_and_month_first_dates_reads_only_the_dates_that_are_the_same_either_way()
    {
        var reading = Exports.Read("toggl/mixed-date-orders.csv", new TrackerExportOptions(DateOrder.DayFirst));

        Assert.Null(reading.Export.DateOrder);
        Assert.Equal(
            "line 4: this file writes some dates with the day first and others with the month first (13/04/2026 on line 2, 04/14/2026 on line 3), so the date '03/04/2026' cannot be read safely",
            reading.Rejection(4));
        Assert.StartsWith("line 2: this file writes some dates", reading.Rejection(2), StringComparison.Ordinal);
        Assert.StartsWith("line 3: this file writes some dates", reading.Rejection(3), StringComparison.Ordinal);
        Assert.Equal(new LocalDate(2026, 7, 7), reading.Entry(5).Date);
        Assert.Equal(new LocalDate(2026, 4, 15), reading.Entry(6).Date);
    }

    [Fact]
    public void An_excel_resave_with_semicolons_dotted_dates_short_times_and_decimal_commas_is_read()
    {
        var reading = Exports.Read("toggl/excel-semicolon.csv");

        Assert.Equal(';', reading.Export.Delimiter);
        Assert.Equal(ExportEncoding.Windows1252, reading.Export.Encoding);
        Assert.Equal(',', reading.Export.DecimalSeparator);
        Assert.Empty(reading.Rejected);
        var first = reading.Entry(2);
        Assert.Equal("Müller & Söhne", first.Client);
        Assert.Equal("Jürgen Weiß", first.UserName);
        Assert.True(first.Billable);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 9, 5), first.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 2, 10, 35), first.End);
        Assert.Equal(Duration.FromMinutes(90), first.Duration);
        Assert.Equal(1234.50m, first.Amount);
        Assert.Equal("Ablage, Post", first.Description);
        var second = reading.Entry(3);
        Assert.Equal("Angebot; Entwurf", second.Description);
        Assert.False(second.Billable);
        Assert.Equal(new LocalDate(2026, 3, 31), second.Date);
    }
}
