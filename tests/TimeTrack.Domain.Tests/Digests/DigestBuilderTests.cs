using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tests.Tracking;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using static TimeTrack.Domain.Tests.Digests.DigestCases;

namespace TimeTrack.Domain.Tests.Digests;

public sealed class DigestBuilderTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("A 2026-03-10T09:00/2026-03-10T10:00", 60)]
    // Straddling the start (Monday 00:00) or the end (the next Monday 00:00): only the part inside counts.
    [InlineData("A 2026-03-08T23:00/2026-03-09T01:00", 60)]
    [InlineData("A 2026-03-15T23:30/2026-03-16T02:00", 30)]
    [InlineData("A 2026-03-08T23:00/2026-03-09T01:00; B 2026-03-15T23:30/2026-03-16T02:00", 90)]
    // Ending exactly where the week starts, or starting exactly where it ends: nothing inside.
    [InlineData("A 2026-03-08T22:00/2026-03-09T00:00; B 2026-03-16T00:00/2026-03-16T01:00", 0)]
    [InlineData("A 2026-03-08T10:00/2026-03-08T12:00; B 2026-03-20T10:00/2026-03-20T12:00", 0)]
    // Across the whole week and beyond it on both sides: exactly the week.
    [InlineData("A 2026-03-01T00:00/2026-03-20T00:00", 7 * 24 * 60)]
    public void Entries_count_only_their_part_inside_the_week(string entries, int expectedMinutes)
    {
        var content = Build(Input(Week("Europe/Berlin", "2026-03-09"), entries));

        Assert.Equal(expectedMinutes, content.TotalMinutes);
    }

    [Fact]
    public void A_part_dated_by_its_kept_split_counts_on_that_day_even_outside_the_weeks_instants()
    {
        // Parts split in New York (where the person was when they logged them) read in a Berlin week:
        // Sunday 15 March 23:30-24:00 New York is Monday 16 March in Berlin, yet it counts on its Sunday.
        var week = Week("Europe/Berlin", "2026-03-09");
        var project = Projects["A"];
        var sunday = new DigestEntry(Text.Interval("America/New_York", "2026-03-15T23:30/2026-03-16T00:00"), project.Id, project.Name, null, null, new LocalDate(2026, 3, 15));
        var monday = new DigestEntry(Text.Interval("America/New_York", "2026-03-16T00:00/2026-03-16T00:30"), project.Id, project.Name, null, null, new LocalDate(2026, 3, 16));

        var content = Build(new DigestInput(week, WorkingHours.Default, [sunday, monday], [], [], AllTracked));

        Assert.Equal(30, content.TotalMinutes);
        Assert.Equal(30, content.WeekendMinutes);
    }

    [Theory]
    // Clocks go back on Sunday 25 October 2026 (169 h) and forward on Sunday 29 March 2026 (167 h),
    // whichever day the week starts on; the weeks after have their usual 168 h.
    [InlineData("2026-10-19", 169, 49)]
    [InlineData("2026-10-25", 169, 49)]
    [InlineData("2026-10-26", 168, 48)]
    [InlineData("2026-03-23", 167, 47)]
    [InlineData("2026-03-29", 167, 47)]
    [InlineData("2026-03-30", 168, 48)]
    public void A_week_across_a_clock_change_has_its_true_length(string weekStart, int expectedHours, int expectedWeekendHours)
    {
        var week = Week("Europe/Berlin", weekStart);

        var content = Build(Input(week, "A 2026-01-01T00:00/2026-12-31T00:00"));

        Assert.Equal(expectedHours * 60, content.TotalMinutes);
        Assert.Equal(week.Length, Duration.FromMinutes(content.TotalMinutes));
        // Five working days of 08:00-18:00 are inside; every other minute is outside.
        Assert.Equal((expectedHours - 50) * 60, content.OutsideHoursMinutes);
        Assert.Equal(expectedWeekendHours * 60, content.WeekendMinutes);
        Assert.Equal(content.TotalMinutes, content.FocusMinutes);
        Assert.Equal(new LongestFocus(Iso.Date(weekStart).AtMidnight(), expectedHours * 60, "Apollo"), content.LongestFocus);
    }

    [Theory]
    // 01:30 CEST to 03:30 CET is three hours though the wall clock moved two.
    [InlineData("2026-10-19", "A 2026-10-25T01:30/2026-10-25T03:30", 180, "2026-10-25T01:30")]
    [InlineData("2026-10-25", "A 2026-10-25T01:30/2026-10-25T03:30", 180, "2026-10-25T01:30")]
    // An hour inside the repeated hour: the wall clock shows 02:30 at both ends.
    [InlineData("2026-10-19", "A 2026-10-25T00:30:00Z/2026-10-25T01:30:00Z", 60, "2026-10-25T02:30")]
    // 01:30 CET to 03:30 CEST is one hour though the wall clock moved two.
    [InlineData("2026-03-23", "A 2026-03-29T01:30/2026-03-29T03:30", 60, "2026-03-29T01:30")]
    [InlineData("2026-03-29", "A 2026-03-29T01:30/2026-03-29T03:30", 60, "2026-03-29T01:30")]
    public void An_entry_across_a_clock_change_counts_its_real_duration(string weekStart, string entries, int expectedMinutes, string expectedFocusStart)
    {
        var content = Build(Input(Week("Europe/Berlin", weekStart), entries));

        Assert.Equal(expectedMinutes, content.TotalMinutes);
        Assert.Equal([new ProjectHours(Projects["A"].Id, "Apollo", expectedMinutes)], content.ByProject);
        Assert.Equal(expectedMinutes, content.FocusMinutes);
        Assert.Equal(new LongestFocus(Iso.Local(expectedFocusStart), expectedMinutes, "Apollo"), content.LongestFocus);
        Assert.Equal(expectedMinutes, content.WeekendMinutes);
        Assert.Equal(expectedMinutes, content.OutsideHoursMinutes);
    }

    // The same instants, all given in UTC. A fake clock stands where the weekly job stands: it digests
    // the week that has just ended in the person's own zone, and the same moment lands on other local
    // days (and so other weeks, weekends and switches) in Kiritimati (UTC+14) and Pago Pago (UTC-11).
    // A, B, A: Saturday 10:00-13:00 in Kiritimati, Friday 09:00-12:00 in Pago Pago.
    // C: Sunday 23:00 to Monday 02:00 in Kiritimati, Saturday 22:00 to Sunday 01:00 in Pago Pago.
    [Theory]
    [InlineData("Pacific/Kiritimati", IsoDayOfWeek.Monday, "2026-03-16T12:00:00Z", "2026-03-09", 240, 240, 240, "0,0,0,0,0,2,0")]
    [InlineData("Pacific/Pago_Pago", IsoDayOfWeek.Monday, "2026-03-16T12:00:00Z", "2026-03-09", 360, 180, 180, "0,0,0,0,2,0,0")]
    [InlineData("Pacific/Kiritimati", IsoDayOfWeek.Sunday, "2026-03-15T12:00:00Z", "2026-03-08", 180, 180, 180, "0,0,0,0,0,0,2")]
    [InlineData("Pacific/Pago_Pago", IsoDayOfWeek.Sunday, "2026-03-15T12:00:00Z", "2026-03-08", 300, 120, 120, "0,0,0,0,0,2,0")]
    public void The_same_instants_fall_on_each_persons_own_local_days(
        string zoneId, IsoDayOfWeek weekStart, string now, string expectedWeekStart,
        int expectedTotal, int expectedWeekend, int expectedOutside, string expectedSwitches)
    {
        var clock = new FakeClock(Iso.Utc(now));
        var justEnded = Weeks.Containing(clock.GetCurrentInstant(), Iso.Zone(zoneId), weekStart).Previous;

        var content = Build(Input(justEnded,
            "A 2026-03-13T20:00:00Z/2026-03-13T21:00:00Z; B 2026-03-13T21:00:00Z/2026-03-13T22:00:00Z;" +
            "A 2026-03-13T22:00:00Z/2026-03-13T23:00:00Z; C 2026-03-15T09:00:00Z/2026-03-15T12:00:00Z"));

        Assert.Equal(Iso.Date(expectedWeekStart), content.WeekStart);
        Assert.Equal(expectedTotal, content.TotalMinutes);
        Assert.Equal(expectedWeekend, content.WeekendMinutes);
        Assert.Equal(expectedOutside, content.OutsideHoursMinutes);
        Assert.Equal(Counts(expectedSwitches), content.SwitchesPerDay.Select(day => day.Switches));
        Assert.Equal(weekStart, content.SwitchesPerDay[0].Date.DayOfWeek);
    }

    [Theory]
    [InlineData("Pacific/Kiritimati", "2026-03-11T10:00", "Your longest focus block was Wednesday morning, 2 h 40 min.")]
    [InlineData("Pacific/Pago_Pago", "2026-03-10T09:00", "Your longest focus block was Tuesday morning, 2 h 40 min.")]
    [InlineData("Europe/Berlin", "2026-03-10T21:00", "Your longest focus block was Tuesday evening, 2 h 40 min.")]
    public void The_longest_focus_block_is_told_on_the_persons_own_wall_clock(string zoneId, string expectedStart, string expectedHighlight)
    {
        var content = Build(Input(Week(zoneId, "2026-03-09"), "W 2026-03-10T20:00:00Z/2026-03-10T22:40:00Z"));

        Assert.Equal(new LongestFocus(Iso.Local(expectedStart), 160, "Website relaunch"), content.LongestFocus);
        Assert.Contains(expectedHighlight, content.Highlights ?? []);
    }

    [Theory]
    // Tuesday 10 March has a switch; Sunday 8 March belongs only to the week starting on Sunday, and
    // Sunday 15 March only to the week starting on Monday.
    [InlineData(IsoDayOfWeek.Monday, "2026-03-09", 180, "A=60;B=60;C=60", 60, "0,1,0,0,0,0,0")]
    [InlineData(IsoDayOfWeek.Sunday, "2026-03-08", 240, "A=180;B=60", 120, "0,0,1,0,0,0,0")]
    public void The_week_start_decides_which_days_are_in_the_week(
        IsoDayOfWeek weekStart, string expectedWeekStart, int expectedTotal, string expectedByProject, int expectedWeekend, string expectedSwitches)
    {
        var week = new Week(Weeks.StartOf(Iso.Date("2026-03-10"), weekStart), Iso.Zone("Europe/Berlin"));

        var content = Build(Input(week,
            "A 2026-03-08T10:00/2026-03-08T12:00; B 2026-03-10T09:00/2026-03-10T10:00; A 2026-03-10T10:00/2026-03-10T11:00;" +
            "C 2026-03-15T10:00/2026-03-15T11:00"));

        Assert.Equal(Iso.Date(expectedWeekStart), content.WeekStart);
        Assert.Equal(expectedTotal, content.TotalMinutes);
        Assert.Equal(ProjectMinutes(expectedByProject), content.ByProject.Select(project => (project.Name, project.Minutes)));
        Assert.Equal(expectedWeekend, content.WeekendMinutes);
        Assert.Equal(Counts(expectedSwitches), content.SwitchesPerDay.Select(day => day.Switches));
        Assert.Equal(week.Days, content.SwitchesPerDay.Select(day => day.Date));
    }

    [Theory]
    // Exact durations are added up before rounding: three 20-second entries make a minute.
    [InlineData("A 2026-03-10T09:00:00Z/2026-03-10T09:00:20Z; A 2026-03-10T10:00:00Z/2026-03-10T10:00:20Z; A 2026-03-10T11:00:00Z/2026-03-10T11:00:20Z", 1, "A=1")]
    // Half a minute rounds up; less rounds down, and a project with no whole minute is not listed.
    [InlineData("A 2026-03-10T09:00:00Z/2026-03-10T09:00:30Z", 1, "A=1")]
    [InlineData("A 2026-03-10T09:00:00Z/2026-03-10T09:00:29Z", 0, "")]
    // Projects always add up to the total: the minute left over goes to the largest remainder...
    [InlineData("A 2026-03-10T09:00:00Z/2026-03-10T09:10:20Z; B 2026-03-10T10:00:00Z/2026-03-10T10:10:50Z", 21, "B=11;A=10")]
    // ...and between equal remainders to the first by name.
    [InlineData("A 2026-03-10T09:00:00Z/2026-03-10T09:10:40Z; B 2026-03-10T10:00:00Z/2026-03-10T10:10:40Z", 21, "A=11;B=10")]
    [InlineData(
        "C 2026-03-10T09:00:00Z/2026-03-10T09:20:20Z; B 2026-03-10T10:00:00Z/2026-03-10T10:20:20Z; A 2026-03-10T11:00:00Z/2026-03-10T11:20:20Z",
        61, "A=21;B=20;C=20")]
    [InlineData(
        "A 2026-03-10T09:00:00Z/2026-03-10T09:00:29Z; B 2026-03-10T10:00:00Z/2026-03-10T10:00:29Z; C 2026-03-10T11:00:00Z/2026-03-10T11:00:29Z",
        1, "A=1")]
    // Most minutes first, then by name.
    [InlineData("W 2026-03-10T09:00/2026-03-10T10:00; C 2026-03-10T10:00/2026-03-10T12:00; B 2026-03-10T12:00/2026-03-10T13:00", 240, "C=120;B=60;W=60")]
    public void Minutes_are_rounded_once_and_projects_add_up_to_the_total(string entries, int expectedTotal, string expectedByProject)
    {
        var content = Build(Input(Week("Europe/Berlin", "2026-03-09"), entries));

        Assert.Equal(expectedTotal, content.TotalMinutes);
        Assert.Equal(ProjectMinutes(expectedByProject), content.ByProject.Select(project => (project.Name, project.Minutes)));
    }

    [Fact]
    public void Duration_only_time_counts_in_the_week_and_on_days_off_but_never_outside_hours_or_as_focus()
    {
        var week = Week("Europe/Berlin", "2026-03-09");
        var zone = Iso.Zone("Europe/Berlin");
        // Nine hours typed on Saturday and three on Tuesday, without clock times (kept from midnight).
        var entries = new List<DigestEntry>
        {
            new(TimeTrack.Domain.Tracking.EntryRules.DurationOnly(Iso.Date("2026-03-14"), Duration.FromHours(9), zone), Projects["A"].Id, "Apollo", null, null, DurationOnly: true),
            new(TimeTrack.Domain.Tracking.EntryRules.DurationOnly(Iso.Date("2026-03-10"), Duration.FromHours(3), zone), Projects["A"].Id, "Apollo", null, null, DurationOnly: true),
        };

        var content = Build(new DigestInput(week, WorkingHours.Default, entries, [], [], AllTracked));

        Assert.Equal(12 * 60, content.TotalMinutes);
        Assert.Equal(9 * 60, content.WeekendMinutes);
        Assert.Equal(0, content.OutsideHoursMinutes);
        Assert.Equal(0, content.FocusMinutes);
        Assert.Null(content.LongestFocus);
        // The same time at invented clock times from midnight would be twelve hours outside working hours.
        var clocked = Build(new DigestInput(week, WorkingHours.Default, [.. entries.Select(e => e with { DurationOnly = false })], [], [], AllTracked));
        Assert.Equal(12 * 60, clocked.OutsideHoursMinutes);
    }

    [Fact]
    public void Time_by_outcome_leaves_out_entries_without_one_and_takes_missing_names_from_the_outcomes()
    {
        var week = Week("Europe/Berlin", "2026-03-09");
        var pricing = Outcome("Pricing page", OutcomeStatus.InProgress, null, "Borealis");
        var entries = Entries("Europe/Berlin",
            "A:X 2026-03-10T09:00/2026-03-10T10:00; B:Y 2026-03-10T10:00/2026-03-10T12:00; A 2026-03-10T13:00/2026-03-10T14:00;" +
            "A:X 2026-03-11T09:00/2026-03-11T09:30");
        entries.Add(new DigestEntry(Text.Interval("Europe/Berlin", "2026-03-12T09:00/2026-03-12T10:30"), Projects["B"].Id, "Borealis", pricing.OutcomeId, null));

        var content = Build(new DigestInput(week, WorkingHours.Default, entries, [], [pricing], AllTracked));

        Assert.Equal(
            [
                new OutcomeHours(Outcomes["Y"].Id, "Style guide", "Borealis", 120),
                new OutcomeHours(Outcomes["X"].Id, "Launch plan", "Apollo", 90),
                new OutcomeHours(pricing.OutcomeId, "Pricing page", "Borealis", 90),
            ],
            content.ByOutcome);
        Assert.Equal(ProjectMinutes("B=210;A=150"), content.ByProject.Select(project => (project.Name, project.Minutes)));
    }

    [Fact]
    public void Outcomes_completed_in_the_week_come_first_then_the_others_by_name()
    {
        var week = Week("Europe/Berlin", "2026-03-09");
        var outcomes = new[]
        {
            Outcome("Copy", OutcomeStatus.InProgress, null),
            Outcome("Beta", OutcomeStatus.Done, Text.Instant("Europe/Berlin", "2026-03-05T12:00")),
            Outcome("Style guide", OutcomeStatus.Done, Text.Instant("Europe/Berlin", "2026-03-11T15:00")),
            // The week's bounds are its first instant and the first instant of the next week.
            Outcome("Archive", OutcomeStatus.Done, week.EndInstant),
            Outcome("Launch plan", OutcomeStatus.Done, week.StartInstant),
            Outcome("Dashboard", OutcomeStatus.Blocked, null),
        };

        var content = Build(Input(week, outcomes: outcomes));

        Assert.Equal(
            [
                ("Launch plan", OutcomeStatus.Done, true),
                ("Style guide", OutcomeStatus.Done, true),
                ("Archive", OutcomeStatus.Done, false),
                ("Beta", OutcomeStatus.Done, false),
                ("Copy", OutcomeStatus.InProgress, false),
                ("Dashboard", OutcomeStatus.Blocked, false),
            ],
            content.Outcomes.Select(move => (move.Name, move.Status, move.CompletedThisWeek)));
        Assert.Contains("You completed 2 outcomes: Launch plan and Style guide.", content.Highlights ?? []);
    }

    [Theory]
    [InlineData("", 0, null, null)]
    // Cut at the week's start it is too short for focus; cut at the end it still lasts an hour.
    [InlineData("A 2026-03-08T23:00/2026-03-09T00:30", 0, null, null)]
    [InlineData("A 2026-03-15T23:00/2026-03-16T01:00", 60, "2026-03-15T23:00", 60)]
    // A block's short breaks count in its length, as in the person's insights.
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:30; A 2026-03-10T09:35/2026-03-10T10:00; B 2026-03-11T09:00/2026-03-11T10:30", 150, "2026-03-11T09:00", 90)]
    [InlineData("A 2026-03-10T09:00/2026-03-10T09:40; B 2026-03-10T09:40/2026-03-10T10:20", 0, null, null)]
    public void Focus_time_is_the_length_of_the_focus_blocks_inside_the_week(string entries, int expectedFocus, string? expectedLongestStart, int? expectedLongest)
    {
        var content = Build(Input(Week("Europe/Berlin", "2026-03-09"), entries));

        Assert.Equal(expectedFocus, content.FocusMinutes);
        Assert.Equal(expectedLongestStart is null ? null : Iso.Local(expectedLongestStart), content.LongestFocus?.Start);
        Assert.Equal(expectedLongest, content.LongestFocus?.Minutes);
    }

    [Theory]
    [InlineData("", 0, 600)]
    [InlineData("A 2026-03-03T09:00/2026-03-03T17:00", 120, 480)]
    [InlineData(
        "A 2026-03-03T09:00/2026-03-03T19:00; A 2026-02-24T09:00/2026-02-24T19:00; A 2026-02-17T09:00/2026-02-17T19:00; A 2026-02-10T09:00/2026-02-10T19:00",
        600, 0)]
    [InlineData("A 2026-03-02T00:00/2026-03-06T00:00", 1440, -840)]
    // Only the parts inside the four weeks count: not the part before them, nor the part in this week.
    [InlineData("A 2026-02-08T23:00/2026-02-09T01:00", 15, 585)]
    [InlineData("A 2026-03-08T23:00/2026-03-09T01:00", 15, 585)]
    [InlineData("A 2026-02-03T09:00/2026-02-03T17:00", 0, 600)]
    // The average is rounded like every other number: half a minute up.
    [InlineData("A 2026-03-03T09:00/2026-03-03T09:02", 1, 599)]
    [InlineData("A 2026-03-03T09:00/2026-03-03T09:01", 0, 600)]
    public void The_comparison_is_with_the_average_of_the_four_weeks_before(string previousEntries, int expectedAverage, int expectedDifference)
    {
        var content = Build(Input(Week("Europe/Berlin", "2026-03-09"), "A 2026-03-10T08:00/2026-03-10T18:00", previousEntries));

        Assert.Equal(new WeekComparison(4, expectedAverage, expectedDifference), content.Comparison);
    }

    [Fact]
    public void The_weeks_before_are_measured_with_their_true_lengths()
    {
        // The four weeks before 6 April 2026 have 168, 167, 168 and 168 hours in Berlin.
        var content = Build(Input(Week("Europe/Berlin", "2026-04-06"), previousEntries: "A 2026-03-01T00:00/2026-04-30T00:00"));

        Assert.Equal(new WeekComparison(4, ((3 * 168) + 167) * 60 / 4, -((3 * 168) + 167) * 60 / 4), content.Comparison);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Outside_hours_and_days_off_appear_only_when_the_policy_tracks_outside_hours(bool tracked)
    {
        var categories = tracked ? AllTracked : AllTracked.Where(category => category != DataCategory.OutsideHours).ToHashSet();

        var content = Build(Input(
            Week("Europe/Berlin", "2026-03-09"),
            "A 2026-03-10T17:00/2026-03-10T19:00; A 2026-03-14T10:00/2026-03-14T12:00",
            tracked: categories));

        Assert.Equal(tracked ? 180 : null, content.OutsideHoursMinutes);
        Assert.Equal(tracked ? 120 : null, content.WeekendMinutes);
        Assert.Equal(tracked, (content.Highlights ?? []).Any(highlight => highlight.Contains("outside your working hours", StringComparison.Ordinal)));
        Assert.Equal(tracked, (content.Highlights ?? []).Any(highlight => highlight.Contains("days off", StringComparison.Ordinal)));
        Assert.Equal(240, content.TotalMinutes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Switches_and_the_comparison_appear_only_when_the_policy_tracks_workload_signals(bool tracked)
    {
        var categories = tracked ? AllTracked : AllTracked.Where(category => category != DataCategory.WorkloadSignals).ToHashSet();

        var content = Build(Input(
            Week("Europe/Berlin", "2026-03-09"),
            "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-10T10:00/2026-03-10T11:00",
            "A 2026-03-03T09:00/2026-03-03T19:00",
            tracked: categories));

        Assert.Equal(tracked ? Counts("0,1,0,0,0,0,0") : [], content.SwitchesPerDay.Select(day => day.Switches));
        Assert.Equal(tracked ? new WeekComparison(4, 150, -30) : new WeekComparison(0, 0, 0), content.Comparison);
        Assert.Equal(tracked, (content.Highlights ?? []).Any(highlight => highlight.StartsWith("This week was", StringComparison.Ordinal)));
        // Focus time is the person's own reading of their entries, not a workload signal.
        Assert.Equal(120, content.FocusMinutes);
    }

    [Fact]
    public void A_policy_tracking_only_what_time_tracking_needs_leaves_out_every_optional_part()
    {
        var content = Build(Input(
            Week("Europe/Berlin", "2026-03-09"),
            "A 2026-03-10T09:00/2026-03-10T10:00; B 2026-03-14T22:00/2026-03-15T01:00",
            "A 2026-03-03T09:00/2026-03-03T19:00",
            tracked: OnlyAlwaysTracked));

        Assert.Null(content.OutsideHoursMinutes);
        Assert.Null(content.WeekendMinutes);
        Assert.Empty(content.SwitchesPerDay);
        Assert.Equal(new WeekComparison(0, 0, 0), content.Comparison);
        Assert.Equal(
            [
                "Most of your time went to Borealis (3 h, 75%).",
                "Your longest focus block was Saturday night, 3 h.",
            ],
            content.Highlights);
    }

    [Fact]
    public void An_empty_week_has_zeros_and_says_so_plainly()
    {
        var week = Week("Europe/Berlin", "2026-03-09");

        var content = Build(Input(week));

        Assert.Equal(0, content.TotalMinutes);
        Assert.Empty(content.ByProject);
        Assert.Empty(content.ByOutcome);
        Assert.Empty(content.Outcomes);
        Assert.Equal(0, content.FocusMinutes);
        Assert.Null(content.LongestFocus);
        Assert.Equal(week.Days.Select(date => new DaySwitches(date, 0)), content.SwitchesPerDay);
        Assert.Equal(0, content.OutsideHoursMinutes);
        Assert.Equal(0, content.WeekendMinutes);
        Assert.Equal(new WeekComparison(4, 0, 0), content.Comparison);
        Assert.Equal(["No time was logged this week."], content.Highlights);
    }

    [Fact]
    public void A_crafted_week_reads_exactly_as_expected()
    {
        var week = Week("Europe/Berlin", "2026-03-09");
        var outcomes = new[]
        {
            Outcome("Pricing page", OutcomeStatus.InProgress, null, "Website relaunch"),
            Outcome("Style guide", OutcomeStatus.Done, Text.Instant("Europe/Berlin", "2026-03-13T12:00"), "Website relaunch"),
            Outcome("Launch plan", OutcomeStatus.Done, Text.Instant("Europe/Berlin", "2026-03-11T16:00"), "Website relaunch"),
        };

        var content = Build(Input(
            week,
            "W 2026-03-10T09:00/2026-03-10T11:40; W 2026-03-11T09:00/2026-03-11T10:30; B 2026-03-11T10:30/2026-03-11T11:00;" +
            "W 2026-03-12T19:00/2026-03-12T20:00; C 2026-03-14T10:00/2026-03-14T11:00",
            "A 2026-03-03T09:00/2026-03-03T13:00; A 2026-02-24T09:00/2026-02-24T13:00",
            outcomes));

        Assert.Equal(400, content.TotalMinutes);
        Assert.Equal(
            [
                new ProjectHours(Projects["W"].Id, "Website relaunch", 310),
                new ProjectHours(Projects["C"].Id, "Comet", 60),
                new ProjectHours(Projects["B"].Id, "Borealis", 30),
            ],
            content.ByProject);
        Assert.Equal(370, content.FocusMinutes);
        Assert.Equal(new LongestFocus(Iso.Local("2026-03-10T09:00"), 160, "Website relaunch"), content.LongestFocus);
        Assert.Equal(Counts("0,0,1,0,0,0,0"), content.SwitchesPerDay.Select(day => day.Switches));
        Assert.Equal(120, content.OutsideHoursMinutes);
        Assert.Equal(60, content.WeekendMinutes);
        Assert.Equal(new WeekComparison(4, 120, 280), content.Comparison);
        Assert.Equal(
            [
                "Most of your time went to Website relaunch (5 h 10 min, 78%).",
                "Your longest focus block was Tuesday morning, 2 h 40 min.",
                "You completed 2 outcomes: Launch plan and Style guide.",
                "You worked 2 h outside your working hours, including 1 h on your days off.",
                "This week was 4 h 40 min longer than your average of the four weeks before.",
            ],
            content.Highlights);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-10-19")]
    [InlineData("Pacific/Kiritimati", "2026-03-09")]
    [InlineData("Pacific/Pago_Pago", "2026-03-08")]
    public void The_content_does_not_depend_on_the_order_of_the_input(string zoneId, string weekStart)
    {
        var week = Week(zoneId, weekStart);
        var start = week.StartInstant;
        string At(double hours) =>
            (start + Duration.FromSeconds((long)(hours * 3600))).ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string Entry(string codes, double from, double to) => $"{codes} {At(from)}/{At(to)}";

        // Ties everywhere: equal starts, equal lengths, equal remainders, a block around the week's start.
        var entries = string.Join(";",
            Entry("A:X", -1, 1), Entry("A:X", 1.05, 2), Entry("B", 2, 2.5), Entry("C:Y", 2.5, 4), Entry("B", 9, 10), Entry("A", 9, 10),
            Entry("W", 30, 31), Entry("A:Y", 31, 31.0061), Entry("B:Y", 31.1, 31.1061), Entry("C", 50, 52), Entry("W", 52, 54),
            Entry("A", 120, 122.5), Entry("B", 140, 140.25), Entry("A", 140.25, 141), Entry("W", 160, 170));
        var previous = string.Join(";", Entry("A", -30, -20), Entry("B", -200, -190), Entry("C", -700, -650), Entry("A:X", -1, 1));
        var input = Input(week, entries, previous,
        [
            Outcome("Launch plan", OutcomeStatus.Done, start + Duration.FromHours(20)),
            Outcome("Style guide", OutcomeStatus.Done, start + Duration.FromHours(100)),
            Outcome("Archive", OutcomeStatus.Done, start - Duration.FromHours(1)),
            Outcome("Pricing page", OutcomeStatus.InProgress, null),
        ]);
        var expected = Build(input);
        Assert.Equal(5, expected.Highlights?.Count);

        var random = new Random(Time.Samples.Seed);
        for (var i = 0; i < 50; i++)
        {
            var shuffled = input with
            {
                Entries = [.. input.Entries.OrderBy(_ => random.Next())],
                PreviousEntries = [.. input.PreviousEntries.OrderBy(_ => random.Next())],
                Outcomes = [.. input.Outcomes.OrderBy(_ => random.Next())],
            };

            AssertSameContent(expected, Build(shuffled));
        }
    }

    [Fact]
    public void The_content_does_not_depend_on_the_current_culture()
    {
        var input = Input(Week("Europe/Berlin", "2026-03-09"), "W 2026-03-10T09:00/2026-03-10T11:40; B 2026-03-11T10:30/2026-03-11T11:00");
        var expected = Build(input);
        var original = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "de-DE", "ar-SA", "fa-IR", "tr-TR" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
                AssertSameContent(expected, Build(input));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal("Most of your time went to Website relaunch (2 h 40 min, 84%).", expected.Highlights?[0]);
    }

    /// <summary>"A=60;B=30" as (project name, minutes) in that order.</summary>
    private static IEnumerable<(string, int)> ProjectMinutes(string text) =>
        Text.Split(text).Select(part => part.Split('=')).Select(pair => (Projects[pair[0]].Name, int.Parse(pair[1], CultureInfo.InvariantCulture)));
}
