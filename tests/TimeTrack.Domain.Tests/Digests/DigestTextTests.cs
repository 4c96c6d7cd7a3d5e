using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tests.Tracking;
using TimeTrack.Domain.Work;

namespace TimeTrack.Domain.Tests.Digests;

public sealed class DigestTextTests
{
    [Theory]
    [InlineData(0, "0 min")]
    [InlineData(1, "1 min")]
    [InlineData(45, "45 min")]
    [InlineData(60, "1 h")]
    [InlineData(160, "2 h 40 min")]
    [InlineData(240, "4 h")]
    [InlineData(1500, "25 h")]
    [InlineData(10140, "169 h")]
    [InlineData(-90, "1 h 30 min")]
    public void Durations_read_as_hours_and_minutes(int minutes, string expected) =>
        Assert.Equal(expected, DigestText.Duration(minutes));

    [Theory]
    [InlineData("00:00", "night")]
    [InlineData("04:59", "night")]
    [InlineData("05:00", "morning")]
    [InlineData("11:59", "morning")]
    [InlineData("12:00", "afternoon")]
    [InlineData("16:59", "afternoon")]
    [InlineData("17:00", "evening")]
    [InlineData("21:59", "evening")]
    [InlineData("22:00", "night")]
    [InlineData("23:59", "night")]
    public void The_part_of_day_follows_the_local_start_hour(string time, string expected) =>
        Assert.Equal(expected, DigestText.PartOfDay(Text.Time(time)));

    [Theory]
    [InlineData("W=310;B=90", "Most of your time went to Website relaunch (5 h 10 min, 78%).")]
    [InlineData("A=45;B=45", "Most of your time went to Apollo (45 min, 50%).")]
    [InlineData("A=1;B=1;C=1", "Most of your time went to Apollo (1 min, 33%).")]
    [InlineData("A=2;B=1", "Most of your time went to Apollo (2 min, 67%).")]
    [InlineData("A=600", "All of your time went to Apollo (10 h).")]
    public void The_first_highlight_names_the_project_with_the_most_time_and_its_share(string byProject, string expected)
    {
        var projects = Text.Split(byProject)
            .Select(part => part.Split('='))
            .Select(pair => new ProjectHours(DigestCases.Projects[pair[0]].Id, DigestCases.Projects[pair[0]].Name, int.Parse(pair[1], CultureInfo.InvariantCulture)))
            .ToList();

        var highlights = DigestText.Highlights(Content(projects.Sum(project => project.Minutes)) with { ByProject = projects });

        Assert.Equal([expected], highlights);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("Launch plan", "You completed 1 outcome: Launch plan.")]
    [InlineData("A;B", "You completed 2 outcomes: A and B.")]
    [InlineData("A;B;C", "You completed 3 outcomes: A, B and C.")]
    [InlineData("A;B;C;D", "You completed 4 outcomes: A, B, C and 1 more.")]
    [InlineData("A;B;C;D;E", "You completed 5 outcomes: A, B, C and 2 more.")]
    public void Completed_outcomes_are_named_in_the_digests_order(string completed, string? expected)
    {
        var moves = Text.Split(completed)
            .Select(name => new OutcomeMove(Guid.NewGuid(), name, "Apollo", OutcomeStatus.Done, true))
            .Append(new OutcomeMove(Guid.NewGuid(), "Still going", "Apollo", OutcomeStatus.InProgress, false))
            .ToList();

        var highlights = DigestText.Highlights(Content(0) with { Outcomes = moves });

        Assert.Equal(expected is null ? ["No time was logged this week."] : ["No time was logged this week.", expected], highlights);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(0, 0, null)]
    [InlineData(190, 0, "You worked 3 h 10 min outside your working hours.")]
    [InlineData(120, 60, "You worked 2 h outside your working hours, including 1 h on your days off.")]
    [InlineData(120, 120, "You worked 2 h outside your working hours, all of it on your days off.")]
    [InlineData(1, 1, "You worked 1 min outside your working hours, all of it on your days off.")]
    public void Outside_hours_are_mentioned_only_when_in_the_digest_and_not_zero(int? outside, int? daysOff, string? expected)
    {
        var highlights = DigestText.Highlights(Content(600) with { OutsideHoursMinutes = outside, WeekendMinutes = daysOff });

        Assert.Equal(expected, highlights.SingleOrDefault(highlight => highlight.StartsWith("You worked", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(4, 600, 840, "This week was 4 h longer than your average of the four weeks before.")]
    [InlineData(4, 600, 360, "This week was 4 h shorter than your average of the four weeks before.")]
    [InlineData(4, 600, 570, "This week was 30 min shorter than your average of the four weeks before.")]
    [InlineData(4, 600, 571, "This week was about as long as your average of the four weeks before.")]
    [InlineData(4, 600, 629, "This week was about as long as your average of the four weeks before.")]
    [InlineData(4, 600, 600, "This week was about as long as your average of the four weeks before.")]
    // Nothing to compare with: nothing logged before, nothing this week, or not part of the digest.
    [InlineData(4, 0, 600, null)]
    [InlineData(4, 600, 0, null)]
    [InlineData(0, 0, 600, null)]
    public void The_comparison_is_told_in_plain_words(int previousWeeks, int average, int total, string? expected)
    {
        var content = Content(total) with { Comparison = new WeekComparison(previousWeeks, average, total - average) };

        var highlights = DigestText.Highlights(content);

        Assert.Equal(expected, highlights.SingleOrDefault(highlight => highlight.StartsWith("This week", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_longest_focus_block_names_its_day_and_part_of_day()
    {
        var content = Content(0) with { LongestFocus = new LongestFocus(Iso.Local("2026-03-15T23:10"), 95, "Apollo") };

        Assert.Contains("Your longest focus block was Sunday night, 1 h 35 min.", DigestText.Highlights(content));
    }

    [Fact]
    public void Highlights_never_use_the_current_culture()
    {
        var content = Content(1000) with
        {
            ByProject = [new ProjectHours(Guid.NewGuid(), "Borealis", 667), new ProjectHours(Guid.NewGuid(), "Apollo", 333)],
            LongestFocus = new LongestFocus(Iso.Local("2026-03-10T09:00"), 160, "Apollo"),
            OutsideHoursMinutes = 75,
            WeekendMinutes = 0,
            Comparison = new WeekComparison(4, 1500, -500),
        };
        var expected = DigestText.Highlights(content);
        var original = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "de-DE", "ar-SA", "fa-IR", "hi-IN", "tr-TR" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
                Assert.Equal(expected, DigestText.Highlights(content));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(
            [
                "Most of your time went to Borealis (11 h 7 min, 67%).",
                "Your longest focus block was Tuesday morning, 2 h 40 min.",
                "You worked 1 h 15 min outside your working hours.",
                "This week was 8 h 20 min shorter than your average of the four weeks before.",
            ],
            expected);
    }

    private static DigestContent Content(int totalMinutes) =>
        new(Iso.Date("2026-03-09"), totalMinutes, [], [], [], 0, null, [], null, null, new WeekComparison(0, 0, 0), []);
}
