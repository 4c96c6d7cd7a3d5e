using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>The same two entries saved in each encoding an export comes in.</summary>
public sealed class EncodingTests
{
    private const string Description = "Preis 5 € – netto";

    private static readonly string[] SameEntries = ["encodings/utf8-bom.csv", "encodings/utf8.csv", "encodings/windows-1252.csv"];

    [Fact]
    public void Utf8_with_a_byte_order_mark_is_read_as_utf8()
    {
        var reading = Exports.Read("encodings/utf8-bom.csv");

        Assert.Equal(ExportEncoding.Utf8WithBom, reading.Export.Encoding);
        AssertDecoded(reading);
    }

    [Fact]
    public void Utf8_without_a_byte_order_mark_is_read_as_utf8()
    {
        var reading = Exports.Read("encodings/utf8.csv");

        Assert.Equal(ExportEncoding.Utf8, reading.Export.Encoding);
        AssertDecoded(reading);
    }

    [Fact]
    public void Text_that_is_not_valid_utf8_is_read_as_windows_1252()
    {
        var bytes = Exports.Bytes("encodings/windows-1252.csv");
        // The fixture really is single-byte: "€" is 0x80 and "–" is 0x96, neither valid UTF-8 on its own.
        Assert.Contains((byte)0x80, bytes);
        Assert.Contains((byte)0x96, bytes);

        var reading = Exports.Read(bytes);

        Assert.Equal(ExportEncoding.Windows1252, reading.Export.Encoding);
        AssertDecoded(reading);
    }

    [Fact]
    public void The_same_entries_have_the_same_fingerprints_in_every_encoding()
    {
        var fingerprints = SameEntries
            .Select(f => Exports.Read(f).Entries.Select(e => e.Fingerprint).ToArray())
            .ToArray();

        Assert.Equal(fingerprints[0], fingerprints[1]);
        Assert.Equal(fingerprints[0], fingerprints[2]);
        Assert.NotEqual(fingerprints[0][0], fingerprints[0][1]);
    }

    [Fact]
    public void A_windows_1252_byte_far_into_an_otherwise_ascii_file_still_makes_it_windows_1252()
    {
        var text = Exports.TogglHeader + string.Concat(Enumerable.Repeat(Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00"), 2000))
            + Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", description: "Caf\u00e9");
        var bytes = Exports.Windows1252(text);
        Assert.True(bytes.Length > 128 * 1024);

        var reading = Exports.Read(bytes);

        Assert.Equal(ExportEncoding.Windows1252, reading.Export.Encoding);
        Assert.Equal("Café", reading.Entries[^1].Description);
    }

    [Fact]
    public void A_utf8_character_cut_by_the_read_buffer_does_not_make_the_file_windows_1252()
    {
        // Multi-byte characters throughout, so that some straddle every buffer boundary.
        var rows = Enumerable.Range(0, 3000).Select(i =>
            Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", description: $"ü€🔥 {i}"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(Exports.TogglHeader + string.Concat(rows));

        var reading = Exports.Read(bytes);

        Assert.Equal(ExportEncoding.Utf8, reading.Export.Encoding);
        Assert.Equal("ü€🔥 2999", reading.Entries[^1].Description);
    }

    private static void AssertDecoded(ExportReading reading)
    {
        Assert.Empty(reading.Rejected);
        var entry = reading.Entry(2);
        Assert.Equal("Zoë Ångström", entry.UserName);
        Assert.Equal("Café Müller", entry.Client);
        Assert.Equal("Crème brûlée", entry.Project);
        Assert.Equal(Description, entry.Description);
    }
}
