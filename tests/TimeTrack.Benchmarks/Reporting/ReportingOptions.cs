using System.Globalization;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>
/// The command line of the reporting load benchmark (<c>reporting [options]</c>). Scale 1 is the size
/// issue 6 asks for; smaller scales shrink every count alike for quick development runs.
/// </summary>
public sealed record ReportingOptions
{
    public double Scale { get; init; } = 1.0;

    /// <summary>Measured requests (and replays of the SQL) per page.</summary>
    public int Requests { get; init; } = 200;

    /// <summary>Concurrent users, and concurrent SQL replay workers.</summary>
    public int Users { get; init; } = 8;

    /// <summary>Unmeasured requests per page first, so caches and pools are warm for both sides.</summary>
    public int Warmup { get; init; } = 16;

    /// <summary>Longest time one measured series may take; a series that reaches it stops with the requests done so far.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>Drop the seeded database and seed again.</summary>
    public bool Reseed { get; init; }

    /// <summary>Drop the seeded database and exit.</summary>
    public bool Drop { get; init; }

    /// <summary>Skip the one-million-row export (it takes a while).</summary>
    public bool SkipDetailExport { get; init; }

    /// <summary>Where the Markdown results are written; defaults to artifacts/benchmarks/reporting-*.md.</summary>
    public string? Output { get; init; }

    public const string Usage = """
        reporting [--scale 1] [--requests 200] [--users 8] [--warmup 16] [--budget SECONDS]
                  [--reseed | --drop] [--skip-detail-export] [--output FILE]

          --scale S             fraction of the full data set (1 = 200 organizations, 1.5 million entries)
          --requests N          measured requests per page, and replays of its SQL
          --users N             concurrent users (and concurrent SQL replay workers)
          --warmup N            unmeasured requests per page before measuring
          --budget SECONDS      stop a measured series after this long (with fewer requests) if it has not finished
          --reseed              drop the seeded database of this scale and seed it again
          --drop                drop the seeded database of this scale and exit
          --skip-detail-export  do not run the one-million-row CSV export
          --output FILE         write the Markdown results there (default artifacts/benchmarks/)
        """;

    public static ReportingOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ReportingOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--scale" => options with { Scale = Positive(double.Parse(Value(), CultureInfo.InvariantCulture), "--scale") },
                "--requests" => options with { Requests = (int)Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--requests") },
                "--users" => options with { Users = (int)Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--users") },
                "--warmup" => options with { Warmup = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--budget" => options with { Budget = TimeSpan.FromSeconds(Positive(double.Parse(Value(), CultureInfo.InvariantCulture), "--budget")) },
                "--reseed" => options with { Reseed = true },
                "--drop" => options with { Drop = true },
                "--skip-detail-export" => options with { SkipDetailExport = true },
                "--output" => options with { Output = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive.");
}
