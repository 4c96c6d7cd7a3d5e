using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Which tracker wrote a file, told from its header alone.</summary>
public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("toggl/detailed.csv", TrackerFormat.TogglTrack)]
    [InlineData("clockify/detailed.csv", TrackerFormat.Clockify)]
    [InlineData("clockify/activity-without-client-or-billable.csv", TrackerFormat.Clockify)]
    [InlineData("harvest/detailed.csv", TrackerFormat.Harvest)]
    [InlineData("kimai/with-rates.csv", TrackerFormat.Kimai)]
    [InlineData("kimai/without-rates.csv", TrackerFormat.Kimai)]
    [InlineData("kimai/excel-semicolon.csv", TrackerFormat.Kimai)]
    public void Each_export_is_recognised_from_its_header(string fixture, TrackerFormat format)
    {
        Assert.Equal(format, Exports.Read(fixture).Export.Format);
    }

    [Fact]
    public void An_unknown_header_is_refused_naming_the_formats_accepted()
    {
        var text = File.ReadAllText(Exports.PathOf("structure/unknown-format.csv"));

        var problem = Exports.Problem(text);

        Assert.StartsWith("The first line of the file is not the header of an export that can be read.", problem, StringComparison.Ordinal);
        Assert.Contains("Toggl Track detailed report (CSV)", problem, StringComparison.Ordinal);
        Assert.Contains("Clockify detailed report (CSV)", problem, StringComparison.Ordinal);
        Assert.Contains("Harvest detailed time report (CSV)", problem, StringComparison.Ordinal);
        Assert.Contains("Kimai export (CSV)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("looks like", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_lacks_a_needed_column_says_which_it_lacks()
    {
        var problem = Exports.Problem("User,Email,Project,Description,Start date,Start time,End date,Duration\n");

        Assert.EndsWith("It looks like a Toggl Track detailed report (CSV) but lacks the column 'End time'.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_archive_that_cannot_be_opened_as_a_workbook_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("xl/workbook.xml");
        }

        stream.Position = 0;
        Assert.False(TrackerExport.TryOpen(stream, out _, out var problem));

        Assert.StartsWith("The file is a ZIP archive but not a spreadsheet that can be read", problem, StringComparison.Ordinal);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void A_first_line_too_long_for_a_header_is_refused_as_unknown()
    {
        var problem = Exports.Problem(new string('x', 100_000));

        Assert.StartsWith("The first line of the file is not the header of an export that can be read.", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_file_is_refused(string text)
    {
        Assert.StartsWith("The file is empty.", Exports.Problem(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_are_matched_without_regard_to_case_or_blanks()
    {
        var reading = Exports.ReadText(" date , CLIENT,project,notes,hours \n2026-03-02,Acme,Website,Copy,2\n");

        Assert.Equal(TrackerFormat.Harvest, reading.Export.Format);
        Assert.Equal("Copy", Assert.Single(reading.Entries).Description);
    }
}
