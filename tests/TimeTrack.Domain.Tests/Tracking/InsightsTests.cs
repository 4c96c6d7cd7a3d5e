using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Tracking;

public sealed class InsightsTests
{
    private static readonly Dictionary<string, Guid> Ids = new()
    {
        ["A"] = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000"),
        ["B"] = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000"),
        ["C"] = Guid.Parse("cccccccc-0000-0000-0000-000000000000"),
        ["X"] = Guid.Parse("eeeeeeee-0000-0000-0000-000000000000"),
        ["Y"] = Guid.Parse("ffffffff-0000-0000-0000-000000000000"),
    };

    [Theory]
    [InlineData("", "", "", 0)]
    [InlineData("A:X 2026-03-10T09:00/2026-03-10T10:00", "A=60", "X=60", 0)]
    [InlineData(
        "A:X 2026-03-10T09:00/2026-03-10T10:00; B:X 2026-03-10T10:00/2026-03-10T10:30; A:Y 2026-03-10T11:00/2026-03-10T11:15; C 2026-03-10T12:00/2026-03-10T14:00",
        "A=75;B=30;C=120", "X=90;Y=15", 120)]
    // Time is measured between instants: the spring-forward night 01:00-04:00 is 2 hours.
    [InlineData("B 2026-03-29T01:00/2026-03-29T04:00; B:Y 2026-10-25T01:00/2026-10-25T04:00", "B=360", "Y=240", 120)]
    public void Hours_add_up_by_project_and_by_outcome(string entries, string expectedByProject, string expectedByOutcome, int expectedWithoutOutcome)
    {
        var list = Entries("Europe/Berlin", entries);

        var summary = Insights.Summarize(list, Iso.Zone("Europe/Berlin"), WorkingHours.Default);

        Assert.Equal(ById(expectedByProject), Insights.ByProject(list));
        Assert.Equal(ById(expectedByOutcome), Insights.ByOutcome(list));
        Assert.Equal(ById(expectedByProject), summary.ByProject);
        Assert.Equal(ById(expectedByOutcome), summary.ByOutcome);
        Assert.Equal(Duration.FromMinutes(expectedWithoutOutcome), summary.WithoutOutcome);
        Assert.Equal(summary.ByProject.Values.Aggregate(Duration.Zero, (a, b) => a + b), summary.Total);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:45", "A 2026-03-10T09:00/2026-03-10T09:45")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:44", "")]
    [InlineData("A 2026-03-10T08:00:00Z/2026-03-10T08:44:59Z", "")]
    // Breaks of up to five minutes do not end a block, and count in its length.
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:20; A 2026-03-10T09:25/2026-03-10T09:45", "A 2026-03-10T09:00/2026-03-10T09:45")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:30; A 2026-03-10T09:35/2026-03-10T10:00", "A 2026-03-10T09:00/2026-03-10T10:00")]
    [InlineData("A 2026-03-10T08:00:00Z/2026-03-10T08:30:00Z; A 2026-03-10T08:35:01Z/2026-03-10T09:00:00Z", "")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:30; A 2026-03-10T09:36/2026-03-10T10:30", "A 2026-03-10T09:36/2026-03-10T10:30")]
    [InlineData(
        "A 2026-03-10T09:00/2026-03-10T09:30; A 2026-03-10T09:30/2026-03-10T10:00; A 2026-03-10T10:05/2026-03-10T10:30",
        "A 2026-03-10T09:00/2026-03-10T10:30")]
    // Another project in between ends the block, however short.
    [InlineData(
        "A 2026-03-10T09:00/2026-03-10T09:30; B 2026-03-10T09:30/2026-03-10T10:30; A 2026-03-10T10:30/2026-03-10T11:00",
        "B 2026-03-10T09:30/2026-03-10T10:30")]
    [InlineData(
        "A 2026-03-10T09:00/2026-03-10T09:40; B 2026-03-10T09:40/2026-03-10T09:41; A 2026-03-10T09:41/2026-03-10T10:20",
        "")]
    [InlineData(
        "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00; C 2026-03-10T11:00/2026-03-10T11:30",
        "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00")]
    // Input order does not matter.
    [InlineData(
        "A 2026-03-10T09:35/2026-03-10T10:00; B 2026-03-10T13:00/2026-03-10T14:00; A 2026-03-10T09:00/2026-03-10T09:30",
        "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T13:00/2026-03-10T14:00")]
    // Blocks run across midnight and through the clock changes, measured between instants.
    [InlineData("A 2026-03-10T23:30/2026-03-11T00:00; A 2026-03-11T00:00/2026-03-11T00:30", "A 2026-03-10T23:30/2026-03-11T00:30")]
    [InlineData("A 2026-03-29T01:40/2026-03-29T01:59; A 2026-03-29T03:00/2026-03-29T03:30", "A 2026-03-29T01:40/2026-03-29T03:30")]
    [InlineData("A 2026-10-25T00:30:00Z/2026-10-25T01:00:00Z; A 2026-10-25T01:05:00Z/2026-10-25T01:20:00Z", "A 2026-10-25T00:30:00Z/2026-10-25T01:20:00Z")]
    // Overlapping entries on one project make one block; zero-length entries are ignored.
    [InlineData("A 2026-03-10T09:00/2026-03-10T10:00; A 2026-03-10T09:30/2026-03-10T09:45", "A 2026-03-10T09:00/2026-03-10T10:00")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:25; B 2026-03-10T09:25/2026-03-10T09:25; A 2026-03-10T09:25/2026-03-10T09:50", "A 2026-03-10T09:00/2026-03-10T09:50")]
    public void Focus_blocks_are_runs_on_one_project_with_short_breaks_lasting_at_least_45_minutes(string entries, string expected)
    {
        var blocks = Insights.FocusBlocks(Entries("Europe/Berlin", entries));

        Assert.Equal(Blocks("Europe/Berlin", expected), blocks);
        Assert.All(blocks, block => Assert.True(block.Length >= Insights.MinimumFocusLength));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:50; B 2026-03-10T10:00/2026-03-10T11:30", "B 2026-03-10T10:00/2026-03-10T11:30")]
    [InlineData("B 2026-03-10T10:00/2026-03-10T11:30; A 2026-03-11T09:00/2026-03-11T11:00", "A 2026-03-11T09:00/2026-03-11T11:00")]
    // Equally long: the earlier one.
    [InlineData("B 2026-03-10T10:00/2026-03-10T11:00; A 2026-03-10T09:00/2026-03-10T10:00", "A 2026-03-10T09:00/2026-03-10T10:00")]
    public void The_longest_focus_block_is_the_earliest_of_the_longest(string entries, string expected)
    {
        var list = Entries("Europe/Berlin", entries);

        var summary = Insights.Summarize(list, Iso.Zone("Europe/Berlin"), WorkingHours.Default);

        Assert.Equal(Blocks("Europe/Berlin", expected).SingleOrDefault(), summary.LongestFocusBlock);
        Assert.Equal(Insights.FocusBlocks(list), summary.FocusBlocks);
    }

    [Theory]
    [InlineData("Europe/Berlin", "", 0)]
    [InlineData("Europe/Berlin", "A 2026-03-10T12:00/2026-03-10T12:00", 0)]
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T17:00", 0)]
    [InlineData("Europe/Berlin", "A 2026-03-10T17:00/2026-03-10T19:00", 0.5)]
    [InlineData("Europe/Berlin", "A 2026-03-10T18:00/2026-03-10T19:00", 1)]
    [InlineData("Europe/Berlin", "A 2026-03-07T10:00/2026-03-07T12:00; B 2026-03-10T09:00/2026-03-10T11:00", 0.5)]
    [InlineData("Europe/Berlin", "A 2026-03-10T22:00/2026-03-11T02:00", 1)]
    [InlineData("Europe/Berlin", "A 2026-03-10T07:00/2026-03-10T09:00; A 2026-03-10T09:00/2026-03-10T15:00", 0.125)]
    // Weekend entries over the clock changes are all outside the default hours.
    [InlineData("Europe/Berlin", "A 2026-03-29T01:00/2026-03-29T04:00; A 2026-10-25T01:00/2026-10-25T04:00", 1)]
    [InlineData("Europe/Berlin", "A 2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 0)]
    [InlineData("America/New_York", "A 2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 1)]
    [InlineData("Pacific/Kiritimati", "A 2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 1)]
    [InlineData("Pacific/Pago_Pago", "A 2026-03-10T10:00:00Z/2026-03-10T12:00:00Z", 1)]
    [InlineData("Pacific/Pago_Pago", "A 2026-03-10T17:00/2026-03-10T19:00", 0.5)]
    public void After_hours_share_is_the_part_of_the_logged_time_outside_working_hours(string zoneId, string entries, double expected)
    {
        var list = Entries(zoneId, entries);

        Assert.Equal(expected, Insights.AfterHoursShare(list, Iso.Zone(zoneId), WorkingHours.Default), 10);
        Assert.Equal(expected, Insights.Summarize(list, Iso.Zone(zoneId), WorkingHours.Default).AfterHoursShare, 10);
    }

    [Fact]
    public void After_hours_share_uses_the_hours_a_person_narrowed_to()
    {
        var hours = WorkingHours.Default.NarrowedBy(Text.Hours(WorkingDays.Weekdays, "09:00", "17:00"));
        var entries = Entries("Europe/Berlin", "A 2026-03-10T08:00/2026-03-10T09:00; A 2026-03-10T09:00/2026-03-10T12:00");

        Assert.Equal(0.25, Insights.AfterHoursShare(entries, Iso.Zone("Europe/Berlin"), hours), 10);
    }

    [Theory]
    [InlineData("Europe/Berlin", "", "")]
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T10:00", "2026-03-10=0")]
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T10:00; A 2026-03-10T11:00/2026-03-10T12:00", "2026-03-10=0")]
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00; A 2026-03-10T11:00/2026-03-10T12:00", "2026-03-10=2")]
    [InlineData("Europe/Berlin", "A 2026-03-10T11:00/2026-03-10T12:00; A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00", "2026-03-10=2")]
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00; C 2026-03-10T11:00/2026-03-10T12:00; C 2026-03-10T13:00/2026-03-10T14:00", "2026-03-10=2")]
    // Switches are counted within a day: B on Tuesday evening and B on Wednesday morning is no switch.
    [InlineData("Europe/Berlin", "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T17:00/2026-03-10T18:00; B 2026-03-11T09:00/2026-03-11T10:00", "2026-03-10=1;2026-03-11=0")]
    // An entry across midnight is on both days: switching after it counts on the second.
    [InlineData("Europe/Berlin", "A 2026-03-10T23:00/2026-03-11T01:00; B 2026-03-11T01:00/2026-03-11T02:00", "2026-03-10=0;2026-03-11=1")]
    [InlineData("Europe/Berlin", "A 2026-03-28T23:00/2026-03-29T03:30; B 2026-03-29T03:30/2026-03-29T04:00", "2026-03-28=0;2026-03-29=1")]
    [InlineData("Europe/Berlin", "A 2026-10-25T00:30:00Z/2026-10-25T01:00:00Z; B 2026-10-25T01:00:00Z/2026-10-25T01:30:00Z; A 2026-10-25T01:30:00Z/2026-10-25T02:00:00Z", "2026-10-25=2")]
    // The local day decides: the same two entries are one day in UTC and two in Kiritimati.
    [InlineData("UTC", "A 2026-03-10T09:00:00Z/2026-03-10T10:00:00Z; B 2026-03-10T11:00:00Z/2026-03-10T12:00:00Z", "2026-03-10=1")]
    [InlineData("America/New_York", "A 2026-03-10T09:00:00Z/2026-03-10T10:00:00Z; B 2026-03-10T11:00:00Z/2026-03-10T12:00:00Z", "2026-03-10=1")]
    [InlineData("Pacific/Kiritimati", "A 2026-03-10T09:00:00Z/2026-03-10T10:00:00Z; B 2026-03-10T11:00:00Z/2026-03-10T12:00:00Z", "2026-03-10=0;2026-03-11=0")]
    [InlineData("Pacific/Pago_Pago", "A 2026-03-10T10:00:00Z/2026-03-10T11:00:00Z; B 2026-03-10T11:00:00Z/2026-03-10T12:00:00Z", "2026-03-09=0;2026-03-10=0")]
    public void Switches_per_day_count_project_changes_between_consecutive_entries_of_a_local_day(string zoneId, string entries, string expected)
    {
        var list = Entries(zoneId, entries);

        var switches = Insights.SwitchesPerDay(list, Iso.Zone(zoneId));

        var expectedCounts = Text.Split(expected).Select(p => p.Split('=')).ToDictionary(p => Iso.Date(p[0]), p => int.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.Equal(expectedCounts, switches);
        Assert.Equal(switches.Keys.Order(), switches.Keys);
    }

    [Fact]
    public void Duration_only_time_counts_in_totals_but_never_outside_hours_in_focus_blocks_or_switches()
    {
        var zone = Iso.Zone("Europe/Berlin");
        // Two hours on a Sunday typed as a duration (kept from midnight), and an hour of clock time on Tuesday.
        var typed = new InsightEntry(EntryRules.DurationOnly(Iso.Date("2026-03-08"), Duration.FromHours(2), zone), Ids["A"], null, DurationOnly: true);
        var clocked = Entries("Europe/Berlin", "B 2026-03-10T10:00/2026-03-10T11:00");
        var longTyped = new InsightEntry(EntryRules.DurationOnly(Iso.Date("2026-03-10"), Duration.FromHours(3), zone), Ids["A"], null, DurationOnly: true);
        List<InsightEntry> entries = [typed, longTyped, .. clocked];

        var summary = Insights.Summarize(entries, zone, WorkingHours.Default);

        Assert.Equal(Duration.FromHours(6), summary.Total);
        Assert.Equal(Duration.FromHours(5), summary.ByProject[Ids["A"]]);
        Assert.Equal(0, summary.AfterHoursShare);
        // The three typed hours on Tuesday are not a focus block (only the clocked hour is), nor a switch to B.
        Assert.Equal([new FocusBlock(Ids["B"], clocked[0].Interval.Start, clocked[0].Interval.End)], summary.FocusBlocks);
        Assert.Equal(0, summary.SwitchesPerDay.GetValueOrDefault(Iso.Date("2026-03-10")));
        // The same time with (invented) clock times from midnight would be all outside hours.
        Assert.Equal(5.0 / 6, Insights.AfterHoursShare([typed with { DurationOnly = false }, longTyped with { DurationOnly = false }, .. clocked], zone, WorkingHours.Default), 10);
    }

    [Fact]
    public void Insights_do_not_depend_on_the_order_of_the_entries()
    {
        var zone = Iso.Zone("Europe/Berlin");
        var entries = Entries("Europe/Berlin",
            "A:X 2026-03-09T07:00/2026-03-09T08:00; A:X 2026-03-09T08:03/2026-03-09T09:00; B 2026-03-09T09:00/2026-03-09T09:30;" +
            "C:Y 2026-03-09T09:30/2026-03-09T11:00; A 2026-03-09T23:00/2026-03-10T01:00; B:Y 2026-03-10T01:00/2026-03-10T01:45;" +
            "B 2026-03-10T09:00/2026-03-10T10:00; A 2026-03-10T09:00/2026-03-10T10:00; C 2026-03-14T10:00/2026-03-14T12:00");
        var expected = Describe(Insights.Summarize(entries, zone, WorkingHours.Default));

        var random = new Random(Time.Samples.Seed);
        for (var i = 0; i < 50; i++)
        {
            var shuffled = entries.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, Describe(Insights.Summarize(shuffled, zone, WorkingHours.Default)));
        }
    }

    private static string Describe(InsightSummary summary) => string.Join(" | ",
        summary.Total,
        string.Join(",", summary.ByProject),
        string.Join(",", summary.ByOutcome),
        summary.WithoutOutcome,
        string.Join(",", summary.FocusBlocks),
        summary.LongestFocusBlock,
        summary.AfterHoursShare,
        string.Join(",", summary.SwitchesPerDay));

    /// <summary>"A:X start/end; B start/end": project, optional outcome, interval.</summary>
    private static List<InsightEntry> Entries(string zoneId, string text) =>
        [.. Text.Split(text).Select(entry =>
        {
            var (labels, interval) = (entry.Split(' ')[0].Split(':'), Text.Interval(zoneId, entry.Split(' ')[1]));
            return new InsightEntry(interval, Ids[labels[0]], labels.Length > 1 ? Ids[labels[1]] : null);
        })];

    private static List<FocusBlock> Blocks(string zoneId, string text) =>
        [.. Entries(zoneId, text).Select(e => new FocusBlock(e.ProjectId, e.Interval.Start, e.Interval.End))];

    private static Dictionary<Guid, Duration> ById(string text) =>
        Text.Split(text).Select(p => p.Split('=')).ToDictionary(p => Ids[p[0]], p => Duration.FromMinutes(int.Parse(p[1], CultureInfo.InvariantCulture)));
}
