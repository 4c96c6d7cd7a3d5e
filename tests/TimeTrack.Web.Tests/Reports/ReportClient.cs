using System.Globalization;
using System.Net;
using MiniExcelLibs;
using UglyToad.PdfPig;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>Report URLs and readers for the downloads (CSV lines, XLSX rows, PDF text).</summary>
public static class ReportClient
{
    /// <summary>The query string of a report by person over the week starting on <paramref name="week"/> (yyyy-MM-dd).</summary>
    public static string WeekByPerson(string week) => Week(week) + "&groupBy=person";

    public static string Week(string week) =>
        $"from={week}&to={DateOnly.ParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(6):yyyy-MM-dd}";

    public static async Task<byte[]> DownloadAsync(HttpClient client, string url, string mediaType)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<string[]> CsvLinesAsync(HttpClient client, string url)
    {
        var bytes = await DownloadAsync(client, url, "text/csv");
        return System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The first sheet's rows, by header.</summary>
    public static List<IDictionary<string, object>> XlsxRows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>()];
    }

    /// <summary>Every page's words, a page per line.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
