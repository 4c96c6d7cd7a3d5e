using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>The fingerprint that lets a second import of the same entries be recognised.</summary>
public sealed class FingerprintTests
{
    private static string Fingerprint(string row) =>
        Assert.Single(Exports.ReadText(Exports.TogglHeader + row).Entries).Fingerprint;

    private static readonly string Row = Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00", description: "Work", amount: "80.00");

    [Fact]
    public void A_fingerprint_is_sha256_in_lowercase_hex()
    {
        Assert.Matches("^[0-9a-f]{64}$", Fingerprint(Row));
    }

    [Fact]
    public void The_same_entries_in_another_delimiter_date_format_and_encoding_have_the_same_fingerprints()
    {
        var plain = Exports.ReadText(Exports.TogglHeader
            + "Jürgen Weiß,JUERGEN@example.test,Müller & Söhne,Büro,,\"Ablage, Post\",Yes,2026-03-02,09:05:00,2026-03-02,10:35:00,01:30:00,,99.00\n"
            + "Jürgen Weiß,juergen@example.test,Müller & Söhne,Büro,,\"Angebot; Entwurf\",No,2026-03-31,14:00:00,2026-03-31,14:45:00,00:45:00,,\n");
        var resaved = Exports.Read("toggl/excel-semicolon.csv");

        Assert.Equal(plain.Entries.Select(e => e.Fingerprint), resaved.Entries.Select(e => e.Fingerprint));
    }

    [Fact]
    public void The_line_and_the_money_do_not_change_a_fingerprint()
    {
        var alone = Fingerprint(Row);
        var later = Exports.ReadText(Exports.TogglHeader + "\n\n" + Row.Replace("80.00", "95.50", StringComparison.Ordinal)).Entries.Single();

        Assert.Equal(4, later.Line);
        Assert.Equal(alone, later.Fingerprint);
    }

    [Theory]
    [InlineData("Ada Lovelace,ada@example.test,,Internal,,Work!,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,80.00\n")]
    [InlineData("Ada Lovelace,grace@example.test,,Internal,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,80.00\n")]
    [InlineData("Ada Lovelace,ada@example.test,,Internal,,Work,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,80.00\n")]
    [InlineData("Ada Lovelace,ada@example.test,,Internal,,Work,No,2026-03-02,09:00:01,2026-03-02,10:00:00,00:59:59,,80.00\n")]
    [InlineData("Ada Lovelace,ada@example.test,,Internal,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,Meeting,80.00\n")]
    [InlineData("Ada Lovelace,ada@example.test,Acme,Internal,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,80.00\n")]
    [InlineData("Ada Lovelace,ada@example.test,,Internal,Design,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,80.00\n")]
    public void Any_change_to_who_what_or_when_changes_the_fingerprint(string changed)
    {
        Assert.NotEqual(Fingerprint(Row), Fingerprint(changed));
    }

    [Fact]
    public void Tags_in_another_order_and_surrounding_blanks_do_not_change_the_fingerprint()
    {
        var one = Fingerprint("Ada Lovelace,ada@example.test,,Internal,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,\"a, b\",\n");
        var other = Fingerprint("Ada Lovelace , ada@example.test,,Internal,, Work ,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,\"b,a\",\n");

        Assert.Equal(one, other);
    }

    [Fact]
    public void Fields_cannot_run_into_each_other()
    {
        // "ab" + "c" and "a" + "bc" would be the same text joined without a length in front of each.
        var one = Fingerprint("Ada Lovelace,ada@example.test,ab,c,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,\n");
        var other = Fingerprint("Ada Lovelace,ada@example.test,a,bc,,Work,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,\n");

        Assert.NotEqual(one, other);
    }

    [Fact]
    public void The_same_entry_from_another_tracker_has_another_fingerprint()
    {
        var toggl = Fingerprint(Exports.TogglRow("2026-03-02", "09:00:00", "2026-03-02", "10:00:00"));
        var clockify = Assert.Single(Exports.ReadText(
            "\"User\",\"Email\",\"Project\",\"Description\",\"Billable\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\"\n"
            + "\"Ada Lovelace\",\"ada@example.test\",\"Internal\",\"Work\",\"No\",\"2026-03-02\",\"09:00:00\",\"2026-03-02\",\"10:00:00\",\"01:00:00\"\n").Entries);

        Assert.Equal(TrackerFormat.Clockify, clockify.Format);
        Assert.NotEqual(toggl, clockify.Fingerprint);
    }
}
