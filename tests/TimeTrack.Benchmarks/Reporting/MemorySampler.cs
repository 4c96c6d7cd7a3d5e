using System.Diagnostics;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>Memory of this process (the app, hosted here) before a measurement and at its peak, in bytes.</summary>
/// <param name="ManagedAfter">The managed heap after a full collection at the end: what the work left alive.</param>
/// <param name="Collections">Garbage collections of generations 0, 1 and 2 while sampling.</param>
public sealed record MemoryGrowth(
    long ManagedBefore,
    long ManagedPeak,
    long ManagedAfter,
    long WorkingSetBefore,
    long WorkingSetPeak,
    long PrivateBefore,
    long PrivatePeak,
    int Samples,
    (int Gen0, int Gen1, int Gen2) Collections)
{
    public long Retained => ManagedAfter - ManagedBefore;

    public long Managed => ManagedPeak - ManagedBefore;

    public long WorkingSet => WorkingSetPeak - WorkingSetBefore;

    public long Private => PrivatePeak - PrivateBefore;
}

/// <summary>
/// Samples the managed heap (<see cref="GC.GetTotalMemory(bool)"/>), the working set and private bytes
/// every 50 ms until disposed. The baseline is taken after a full collection, so growth is what the
/// measured work kept alive or made the process take from the system.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _managedBefore;
    private readonly long _workingSetBefore;
    private readonly long _privateBefore;
    private readonly int[] _collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private long _managedPeak;
    private long _managedAfter;
    private (int, int, int) _collections;
    private long _workingSetPeak;
    private long _privatePeak;
    private int _samples;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _process.Refresh();
        _managedBefore = _managedPeak = GC.GetTotalMemory(false);
        _workingSetBefore = _workingSetPeak = _process.WorkingSet64;
        _privateBefore = _privatePeak = _process.PrivateMemorySize64;
        _loop = Task.Run(LoopAsync);
    }

    public MemoryGrowth Result => new(_managedBefore, _managedPeak, _managedAfter, _workingSetBefore, _workingSetPeak, _privateBefore, _privatePeak, _samples, _collections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        Sample();
        _collections = (GC.CollectionCount(0) - _collectionsBefore[0], GC.CollectionCount(1) - _collectionsBefore[1], GC.CollectionCount(2) - _collectionsBefore[2]);
        _managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        _stop.Dispose();
        _process.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Sample();
        }
    }

    private void Sample()
    {
        _process.Refresh();
        _managedPeak = Math.Max(_managedPeak, GC.GetTotalMemory(false));
        _workingSetPeak = Math.Max(_workingSetPeak, _process.WorkingSet64);
        _privatePeak = Math.Max(_privatePeak, _process.PrivateMemorySize64);
        _samples++;
    }
}
