using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TimeTrack.Benchmarks.Reporting;

namespace TimeTrack.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (BenchmarkDotNet's own arguments, e.g.
/// <c>--filter *AccessLog*</c>), or with <c>reporting [options]</c> the reporting load benchmark
/// (<see cref="ReportingBenchmark"/>), or with <c>timer-bar [tries]</c> the timer bar's in-place start beside a full page post, or with <c>prove ...</c> the load of <c>scripts/prove.sh</c>. Named apart from the app's <c>Program</c>, which the benchmarks host.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the
        // working directory: test runners start in the output folder, `dotnet run` wherever it was called.
        var artifacts = ArtifactsPath();
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        // The load half of scripts/prove.sh, against an app and database the script runs.
        if (args.Length > 0 && args[0] == "prove")
        {
            return await Proof.ProofRun.MainAsync(args[1..]);
        }

        // The import pipeline against COPY of the same rows (ADR 020), not BenchmarkDotNet iterations.
        if (args.Length > 0 && args[0] == "import")
        {
            return await Import.ImportBenchmark.RunAsync(args[1..]);
        }

        // The timer bar's in-place start beside the full page post, as percentiles of whole requests.
        if (args.Length > 0 && args[0] == "timer-bar")
        {
            return await TimerBar.TimerBarBenchmark.RunAsync(args[1..]);
        }

        // A concurrent-load measurement with its own database, not BenchmarkDotNet iterations.
        if (args.Length > 0 && args[0] == "reporting")
        {
            return await ReportingBenchmark.RunAsync(args[1..]);
        }

        // In process: the benchmarks host the app with WebApplicationFactory, which finds the app's
        // content root and settings from this assembly; a separately generated benchmark project
        // would not. Each class still picks its own run strategy and counts.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator())
            .WithArtifactsPath(artifacts);

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
        return 0;
    }

    /// <summary>artifacts/benchmarks in the clone (ignored by git), wherever <c>dotnet run</c> started.</summary>
    public static string ArtifactsPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TimeTrack.sln")))
            {
                return Path.Combine(directory.FullName, "artifacts", "benchmarks");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }
}
