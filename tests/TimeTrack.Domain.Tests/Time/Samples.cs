using NodaTime;

namespace TimeTrack.Domain.Tests.Time;

/// <summary>Reproducible instants for property-style tests: uniform ones, plus a cluster around every zone transition.</summary>
internal static class Samples
{
    public const int Seed = 20260329;

    /// <summary>The zones the property tests run in: ordinary, far-flung, half-hour, and ones with odd history.</summary>
    public static TheoryData<string> Zones { get; } =
    [
        "Europe/Berlin",
        "America/New_York",
        // Fell back from 00:01 to 23:01 the previous day until 2010.
        "America/St_Johns",
        "America/Goose_Bay",
        // Skipped 30 December 2011 entirely.
        "Pacific/Apia",
        // Skipped 31 December 1994 entirely.
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Pacific/Chatham",
        "America/Santiago",
        "America/Havana",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "UTC",
    ];

    public static IEnumerable<Instant> Instants(DateTimeZone zone, Random random)
    {
        var from = Instant.FromUtc(2024, 1, 1, 0, 0);
        var spanTicks = Duration.FromDays(5 * 365).BclCompatibleTicks;
        for (var i = 0; i < 1000; i++)
        {
            yield return from + Duration.FromTicks(random.NextInt64(spanTicks));
        }

        var aroundTransition = Duration.FromHours(26).BclCompatibleTicks;
        foreach (var zoneInterval in zone.GetZoneIntervals(Instant.FromUtc(1970, 1, 1, 0, 0), Instant.FromUtc(2035, 1, 1, 0, 0)))
        {
            if (!zoneInterval.HasStart)
            {
                continue;
            }

            for (var i = 0; i < 8; i++)
            {
                yield return zoneInterval.Start + Duration.FromTicks(random.NextInt64(-aroundTransition, aroundTransition));
            }
        }
    }
}
