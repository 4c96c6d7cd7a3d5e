using CsvHelper;

namespace TimeTrack.Web.Reports;

/// <summary>How every CSV download is written, so that no cell a person typed runs as a formula.</summary>
public static class SafeCsv
{
    /// <summary>
    /// Text cells that start like a formula (=, +, -, @, tab, CR) get a leading apostrophe, so a
    /// spreadsheet shows a person's name or description as text instead of running it.
    /// </summary>
    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionEscape = '\'' };
}
