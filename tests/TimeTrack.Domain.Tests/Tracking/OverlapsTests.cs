using NodaTime;
using TimeTrack.Domain.Tests.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class OverlapsTests
{
    [Theory]
    [InlineData("2026-03-10T09:00/2026-03-10T10:00", "2026-03-10T11:00/2026-03-10T12:00", false)]
    // Half-open: one entry ending when the next starts only touches it.
    [InlineData("2026-03-10T09:00/2026-03-10T10:00", "2026-03-10T10:00/2026-03-10T11:00", false)]
    [InlineData("2026-03-10T08:00:00Z/2026-03-10T09:00:00Z", "2026-03-10T08:59:59Z/2026-03-10T10:00:00Z", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T10:00", "2026-03-10T09:59/2026-03-10T11:00", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T10:00/2026-03-10T10:30", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T09:00/2026-03-10T11:00", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T09:00/2026-03-10T09:01", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T10:59/2026-03-10T11:00", true)]
    // A running timer started this very instant still occupies its start.
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T10:00/2026-03-10T10:00", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T09:00/2026-03-10T09:00", true)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T11:00/2026-03-10T11:00", false)]
    [InlineData("2026-03-10T09:00/2026-03-10T11:00", "2026-03-10T08:59/2026-03-10T08:59", false)]
    [InlineData("2026-03-10T10:00/2026-03-10T10:00", "2026-03-10T10:00/2026-03-10T10:00", true)]
    [InlineData("2026-03-10T10:00:00Z/2026-03-10T10:00:00Z", "2026-03-10T10:00:01Z/2026-03-10T10:00:01Z", false)]
    // Across midnight.
    [InlineData("2026-03-10T22:00/2026-03-11T02:00", "2026-03-11T01:00/2026-03-11T03:00", true)]
    [InlineData("2026-03-10T22:00/2026-03-11T02:00", "2026-03-11T02:00/2026-03-11T03:00", false)]
    [InlineData("2026-03-10T22:00/2026-03-11T02:00", "2026-03-10T20:00/2026-03-10T22:00", false)]
    // Spring-forward night: 01:59 and 03:00 are one minute apart.
    [InlineData("2026-03-29T01:00/2026-03-29T03:00", "2026-03-29T03:00/2026-03-29T04:00", false)]
    [InlineData("2026-03-29T01:00/2026-03-29T03:01", "2026-03-29T03:00/2026-03-29T04:00", true)]
    // Fall-back night: 02:00-02:30 the first time and 02:30-03:00 the second time do not overlap,
    // while 02:30 the first time to 02:15 the second time does, though it looks backwards on the wall clock.
    [InlineData("2026-10-25T00:00:00Z/2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z/2026-10-25T02:00:00Z", false)]
    [InlineData("2026-10-25T00:30:00Z/2026-10-25T01:15:00Z", "2026-10-25T01:00:00Z/2026-10-25T01:30:00Z", true)]
    public void Entries_overlap_when_they_share_any_time(string first, string second, bool expected)
    {
        var a = Text.Interval("Europe/Berlin", first);
        var b = Text.Interval("Europe/Berlin", second);

        Assert.Equal(expected, Overlaps.Overlap(a, b));
        Assert.Equal(expected, Overlaps.Overlap(b, a));
    }

    [Theory]
    // Running entries are passed with end = now.
    [InlineData("2026-03-10T09:30", "2026-03-10T09:30", "b")]
    [InlineData("2026-03-10T09:30", "2026-03-10T12:00", "b;c")]
    [InlineData("2026-03-10T10:00", "2026-03-10T10:20", "")]
    [InlineData("2026-03-10T08:00", "2026-03-10T09:00", "a")]
    [InlineData("2026-03-10T06:00", "2026-03-10T13:00", "b;a;c")]
    [InlineData("2026-03-10T12:00", "2026-03-10T12:00", "")]
    public void Overlapping_lists_the_existing_entries_that_share_time_in_their_order(string start, string now, string expected)
    {
        const string zoneId = "America/New_York";
        var existing = new[]
        {
            ("b", Text.Interval(zoneId, "2026-03-10T09:00/2026-03-10T10:00")),
            ("a", Text.Interval(zoneId, "2026-03-10T07:00/2026-03-10T09:00")),
            ("c", Text.Interval(zoneId, "2026-03-10T11:00/2026-03-10T12:00")),
        };

        var running = new Interval(Text.Instant(zoneId, start), Text.Instant(zoneId, now));

        var found = Overlaps.Overlapping(running, existing, e => e.Item2);

        Assert.Equal(Text.Split(expected), found.Select(e => e.Item1));
    }

    [Fact]
    public void Nothing_overlaps_when_there_are_no_entries() =>
        Assert.Empty(Overlaps.Overlapping(new Interval(Instant.FromUnixTimeSeconds(0), Instant.FromUnixTimeSeconds(60)), Array.Empty<Interval>(), i => i));

    [Theory]
    [MemberData(nameof(Samples.Zones), MemberType = typeof(Samples))]
    public void Entries_of_some_length_overlap_exactly_when_they_have_time_in_common(string zoneId)
    {
        var random = new Random(Samples.Seed);
        var instants = Samples.Instants(Iso.Zone(zoneId), random).ToList();
        foreach (var start in instants)
        {
            var a = new Interval(start, start + Duration.FromMinutes(random.Next(1, 600)));
            var bStart = start + Duration.FromMinutes(random.Next(-700, 700));
            var b = new Interval(bStart, bStart + Duration.FromMinutes(random.Next(1, 600)));
            var common = Instant.Min(a.End, b.End) - Instant.Max(a.Start, b.Start);

            Assert.Equal(common > Duration.Zero, Overlaps.Overlap(a, b));
        }
    }
}
