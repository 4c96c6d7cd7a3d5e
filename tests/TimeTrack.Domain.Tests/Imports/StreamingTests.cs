using System.Diagnostics;
using System.Text;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Runs alone: the memory it measures is the whole process's, which other tests would disturb.</summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;

/// <summary>A large export is read row by row, with memory flat in the size of the file.</summary>
[Collection(nameof(AloneCollection))]
public sealed class StreamingTests : IDisposable
{
    private const int Rows = 200_000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"timetrack-import-{Guid.NewGuid():N}.csv");

    [Fact]
    public void Two_hundred_thousand_rows_are_read_without_memory_growing_with_the_rows()
    {
        Generate(_path, Rows);
        var stopwatch = Stopwatch.StartNew();
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);

        Assert.True(TrackerExport.TryOpen(stream, out var export, out var problem), problem);
        long atTwentyThousand = 0, atTheEnd = 0;
        int entries = 0, rejected = 0, lastLine = 0;
        foreach (var row in export.ReadRows())
        {
            Assert.True(row.Line > lastLine);
            lastLine = row.Line;
            if (row is ImportedEntry)
            {
                entries++;
            }
            else
            {
                rejected++;
            }

            if (entries + rejected == 20_000)
            {
                atTwentyThousand = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        atTheEnd = GC.GetTotalMemory(forceFullCollection: true);
        stopwatch.Stop();

        Assert.Equal(Rows - (Rows / 1000), entries);
        Assert.Equal(Rows / 1000, rejected);
        Assert.Equal(Rows + 1, lastLine);
        // Ten times the rows, and what is held afterwards has not grown with them: a list of the rows read
        // (or of their fingerprints) would hold tens of megabytes more than at 20,000.
        Assert.True(atTheEnd - atTwentyThousand < 4 * 1024 * 1024,
            $"Memory held grew from {atTwentyThousand:N0} to {atTheEnd:N0} bytes between row 20,000 and row {Rows:N0}.");
        Assert.True(stream.Length > 30 * 1024 * 1024, $"The file is only {stream.Length:N0} bytes.");
        // A few seconds on a quiet machine; the bound only catches work that grows faster than the rows.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"Reading took {stopwatch.Elapsed}.");
    }

    public void Dispose() => File.Delete(_path);

    /// <summary>A Toggl export with a distinct entry per row and a broken duration every thousandth row.</summary>
    private static void Generate(string path, int rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        writer.Write(Exports.TogglHeader);
        var day = new DateOnly(2020, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var date = day.AddDays(i / 20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var hour = 4 + (i % 20);
            var duration = i % 1000 == 999 ? "broken" : "00:45:00";
            writer.Write(
                $"Person {i % 50},person{i % 50}@example.test,Client {i % 7},Project {i % 30},Task {i % 11},\"Entry {i}, with a comma and some words to make the row as long as real ones\",{(i % 2 == 0 ? "Yes" : "No")},{date},{hour:00}:00:00,{date},{hour:00}:45:00,{duration},\"tag{i % 5}, tag{i % 3}\",{i % 100}.50\n");
        }
    }
}
