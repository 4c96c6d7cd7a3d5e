using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Team;

/// <summary>The team page's download: one row per person with their daily and week totals in hours.</summary>
public static class TeamExport
{
    public static string FileName(LocalDate weekStart) => $"team-week-{LocalDatePattern.Iso.Format(weekStart)}.csv";

    public static byte[] Write(LocalDate weekStart, IReadOnlyList<(PersonName Person, WeekTotals Totals)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var days = Enumerable.Range(0, 7).Select(weekStart.PlusDays).ToList();
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, SafeCsv.Options, leaveOpen: true))
        {
            csv.WriteHeader(["Person", "Person id", "Week starting", .. days.Select(LocalDatePattern.Iso.Format), "Week total (hours)"]);
            foreach (var (person, totals) in rows)
            {
                csv.WriteRecord(
                [
                    person.DisplayName,
                    person.UserId.ToString(),
                    LocalDatePattern.Iso.Format(weekStart),
                    .. days.Select(day => Hours(totals.On(day))),
                    Hours(totals.Total),
                ]);
            }
        }

        return stream.ToArray();
    }

    private static string Hours(Duration duration) =>
        Math.Round(duration.TotalHours, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
