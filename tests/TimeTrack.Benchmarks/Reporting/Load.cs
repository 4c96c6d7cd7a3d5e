using System.Diagnostics;
using System.Net;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>Latencies of one measured series, in milliseconds, and the wall time it took.</summary>
public sealed record Latencies(IReadOnlyList<double> Milliseconds, TimeSpan Wall)
{
    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double Max => Milliseconds.Count == 0 ? 0 : Milliseconds.Max();

    public double PerSecond => Wall.TotalSeconds > 0 ? Milliseconds.Count / Wall.TotalSeconds : 0;

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the series at or below it.</summary>
    public double Percentile(double fraction)
    {
        if (Milliseconds.Count == 0)
        {
            return 0;
        }

        var sorted = Milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Runs an operation a fixed number of times from a fixed number of concurrent workers.</summary>
public static class Load
{
    /// <summary>
    /// Runs <paramref name="operation"/> <paramref name="total"/> times from <paramref name="concurrency"/>
    /// workers; with a <paramref name="budget"/>, workers take no new run once it has passed, so a slow
    /// series ends early with fewer (but complete) runs.
    /// </summary>
    public static async Task<Latencies> RunAsync(int total, int concurrency, Func<CancellationToken, Task> operation, TimeSpan? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var times = new double[total];
        var done = new bool[total];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < total && (budget is not { } limit || wall.Elapsed < limit); i = Interlocked.Increment(ref next))
                {
                    var start = Stopwatch.GetTimestamp();
                    await operation(cancellationToken);
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    done[i] = true;
                }
            },
            cancellationToken)));
        wall.Stop();
        return new Latencies([.. times.Where((_, i) => done[i])], wall.Elapsed);
    }

    /// <summary>GETs <paramref name="uri"/> and reads the whole body, as a browser or a download would; anything but 200 fails.</summary>
    public static async Task<long> GetAsync(HttpClient client, Uri uri, CancellationToken cancellationToken, string? captureToken = null, string? saveTo = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (captureToken is not null)
        {
            request.Headers.Add(SqlCapture.Header, captureToken);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {uri} returned {(int)response.StatusCode}.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var copy = saveTo is null ? null : File.Create(saveTo);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            length += read;
            if (copy is not null)
            {
                await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return length;
    }
}
