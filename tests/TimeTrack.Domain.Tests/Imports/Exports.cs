using System.Text;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>An export opened and read to the end, for assertions.</summary>
internal sealed record ExportReading(TrackerExport Export, IReadOnlyList<ImportedRow> Rows)
{
    public IReadOnlyList<ImportedEntry> Entries => [.. Rows.OfType<ImportedEntry>()];

    public IReadOnlyList<RejectedRow> Rejected => [.. Rows.OfType<RejectedRow>()];

    public ImportedEntry Entry(int line) => Rows.OfType<ImportedEntry>().Single(e => e.Line == line);

    public string Rejection(int line) => Rows.OfType<RejectedRow>().Single(r => r.Line == line).Message;
}

/// <summary>Opens the test's own fixture files (Imports/Fixtures, copied to the output) and inline text.</summary>
internal static class Exports
{
    public static string PathOf(string fixture) => Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", fixture);

    public static byte[] Bytes(string fixture) => File.ReadAllBytes(PathOf(fixture));

    public static ExportReading Read(string fixture, TrackerExportOptions? options = null) => Read(Bytes(fixture), options);

    /// <summary>Reads text as UTF-8 without a byte order mark.</summary>
    public static ExportReading ReadText(string text, TrackerExportOptions? options = null) =>
        Read(Encoding.UTF8.GetBytes(text), options);

    public static ExportReading Read(byte[] bytes, TrackerExportOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        Assert.True(TrackerExport.TryOpen(stream, out var export, out var problem, options), problem);
        return new(export, [.. export.ReadRows()]);
    }

    public static byte[] Windows1252(string text) =>
        CodePagesEncodingProvider.Instance.GetEncoding(1252)?.GetBytes(text) ?? throw new InvalidOperationException("No Windows-1252.");

    public static string Problem(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        Assert.False(TrackerExport.TryOpen(stream, out var export, out var problem));
        Assert.Null(export);
        return problem;
    }

    /// <summary>A Toggl Track header, for inline rows in the columns: user, email, client, project, task, description, billable, start date, start time, end date, end time, duration, tags, amount.</summary>
    public const string TogglHeader = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\n";

    /// <summary>One Toggl row with the given start and end (date and time) and duration, everything else plain.</summary>
    public static string TogglRow(string startDate, string startTime, string endDate, string endTime, string duration = "01:00:00", string description = "Work", string amount = "") =>
        $"Ada Lovelace,ada@example.test,,Internal,,{description},No,{startDate},{startTime},{endDate},{endTime},{duration},,{amount}\n";
}
