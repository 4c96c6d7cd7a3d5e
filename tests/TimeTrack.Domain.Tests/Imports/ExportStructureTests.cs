using System.Text;
using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Rows, lines and fields: what any export may hold, whichever tracker wrote it.</summary>
public sealed class ExportStructureTests
{
    [Fact]
    public void A_broken_row_in_the_middle_is_reported_with_its_line_and_the_rows_around_it_are_read()
    {
        var reading = Exports.Read("structure/broken-row-in-the-middle.csv");

        Assert.Equal("line 4: 'abc' is not a duration", Assert.Single(reading.Rejected).Message);
        Assert.Equal([2, 3, 5, 6], reading.Entries.Select(e => e.Line));
        Assert.Equal(["One", "Two", "Four", "Five"], reading.Entries.Select(e => e.Description));
        Assert.Equal([2, 3, 4, 5, 6], reading.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_quoted_description_over_several_lines_keeps_the_line_numbers_of_the_rows_after_it()
    {
        var reading = Exports.Read("structure/multi-line-description.csv");

        Assert.Equal("Notes:\n- first point\n- second, with \"quotes\"", reading.Entry(2).Description);
        Assert.Equal("After the notes", reading.Entry(5).Description);
        Assert.Equal("line 6: '1h' is not a duration", Assert.Single(reading.Rejected).Message);
    }

    [Fact]
    public void A_quote_never_closed_is_reported_at_the_line_it_opens_and_reading_ends_there()
    {
        var reading = Exports.Read("structure/unclosed-quote.csv");

        Assert.Equal("One", Assert.Single(reading.Entries).Description);
        Assert.Equal("line 3: a quoted field opened on this line is never closed", Assert.Single(reading.Rejected).Message);
    }

    [Fact]
    public void A_row_longer_than_the_limit_is_reported_and_ends_reading_with_memory_bounded()
    {
        var text = Exports.TogglHeader
            + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00")
            + "Ada Lovelace,ada@example.test,,Internal,,\"" + new string('x', 5000) + "\n" + new string('y', 5000);

        var reading = Exports.ReadText(text, new TrackerExportOptions { MaxRowCharacters = 1000 });

        Assert.Single(reading.Entries);
        Assert.Equal("line 3: the row is longer than 1,000 characters, so a quote was probably left open; nothing after it can be read",
            Assert.Single(reading.Rejected).Message);
    }

    [Fact]
    public void A_row_with_more_fields_than_the_header_is_rejected()
    {
        var reading = Exports.Read("structure/unquoted-delimiter.csv");

        Assert.Equal("line 2: the row has 15 fields but the header has 14; a value holding the delimiter may have lost its quotes",
            Assert.Single(reading.Rejected).Message);
        Assert.Equal("Fine", reading.Entry(3).Description);
    }

    [Fact]
    public void An_excel_sep_line_names_the_delimiter_and_rows_of_only_delimiters_are_skipped()
    {
        var reading = Exports.Read("structure/excel-sep-line.csv");

        Assert.Equal(';', reading.Export.Delimiter);
        Assert.Equal(TrackerFormat.TogglTrack, reading.Export.Format);
        Assert.Equal(3, Assert.Single(reading.Rows).Line);
        Assert.Equal("One", reading.Entry(3).Description);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_counted()
    {
        var text = Exports.TogglHeader + "\n" + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00") + "\r\n\n"
            + Exports.TogglRow("2026-03-02", "10:00:00", "2026-03-02", "11:00:00", duration: "x");

        var reading = Exports.ReadText(text);

        Assert.Equal(3, reading.Entries.Single().Line);
        Assert.Equal("line 6: 'x' is not a duration", reading.Rejected.Single().Message);
    }

    [Theory]
    [InlineData("\n", "\n")]
    [InlineData("\r\n", "\r\n")]
    [InlineData("\r", "\r")]
    public void Lines_end_in_lf_crlf_or_cr(string headerEnd, string rowEnd)
    {
        var row = Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", description: "\"a" + rowEnd + "b\"").TrimEnd('\n');
        var text = Exports.TogglHeader.TrimEnd('\n') + headerEnd + row + rowEnd + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00").TrimEnd('\n');

        var reading = Exports.ReadText(text);

        Assert.Equal("a\nb", reading.Entry(2).Description);
        Assert.Equal(4, reading.Entries[1].Line);
    }

    [Fact]
    public void A_control_character_in_a_description_is_rejected()
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", description: "bad\0text"));

        Assert.Equal("line 2: the description holds a control character (such as NUL), which cannot be saved", reading.Rejection(2));
    }

    [Fact]
    public void A_date_outside_the_supported_range_is_rejected()
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("1899-12-31", "09:00:00", "1899-12-31", "10:00:00"));

        Assert.Equal("line 2: the start date 1899-12-31 is outside the dates the app accepts (1900-01-01 to 2200-12-31)", reading.Rejection(2));
    }

    [Theory]
    [InlineData("2026-02-30", "line 2: '2026-02-30' is not a date")]
    [InlineData("", "line 2: the start date is missing")]
    [InlineData("yesterday", "line 2: 'yesterday' is not a date")]
    public void A_start_date_that_cannot_be_read_is_rejected(string date, string message)
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow(date, "09:00:00", "2026-03-02", "10:00:00"));

        Assert.Equal(message, reading.Rejection(2));
    }

    [Fact]
    public void A_billable_value_other_than_yes_or_no_is_rejected()
    {
        var row = Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00").Replace(",No,", ",Maybe,", StringComparison.Ordinal);

        var reading = Exports.ReadText(Exports.TogglHeader + row);

        Assert.Equal("line 2: 'Maybe' is not Yes or No (billable)", reading.Rejection(2));
    }

    [Fact]
    public void Reading_rows_twice_reads_the_file_again_from_the_start()
    {
        using var stream = new MemoryStream(Exports.Bytes("toggl/detailed.csv"));
        Assert.True(TrackerExport.TryOpen(stream, out var export, out _));

        var first = export.ReadRows().ToList();
        var second = export.ReadRows().ToList();

        Assert.Equal(first.Select(r => r.Line), second.Select(r => r.Line));
        Assert.Equal(first.OfType<ImportedEntry>().Select(e => e.Fingerprint), second.OfType<ImportedEntry>().Select(e => e.Fingerprint));
    }

    [Fact]
    public void Opening_leaves_the_stream_where_it_was()
    {
        var prefix = Encoding.UTF8.GetBytes("ignored prefix|");
        using var stream = new MemoryStream([.. prefix, .. Exports.Bytes("harvest/detailed.csv")]);
        stream.Position = prefix.Length;

        Assert.True(TrackerExport.TryOpen(stream, out var export, out _));

        Assert.Equal(prefix.Length, stream.Position);
        Assert.Equal(2, export.ReadRows().OfType<ImportedEntry>().Count());
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused()
    {
        using var stream = new ForwardOnlyStream(Exports.Bytes("toggl/detailed.csv"));

        Assert.Throws<ArgumentException>(() => TrackerExport.TryOpen(stream, out _, out _));
    }

    [Fact]
    public void Rows_come_with_a_duration_of_whole_seconds_from_hours_past_a_day()
    {
        var reading = Exports.ReadText(Exports.TogglHeader + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-04", "10:00:00", duration: "49:00:00"));

        Assert.Equal(Duration.FromHours(49), reading.Entry(2).Duration);
        Assert.Equal(new LocalDateTime(2026, 3, 4, 10, 0), reading.Entry(2).End);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
