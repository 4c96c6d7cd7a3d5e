using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tests.Tracking;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;

namespace TimeTrack.Domain.Tests.Digests;

/// <summary>
/// Short text for the digest test tables. An entry is "P[:O] start/end": a project code, an optional
/// outcome code and an interval as <see cref="Text.Interval"/> reads it (wall-clock times in the row's
/// zone, or UTC instants ending in Z).
/// </summary>
internal static class DigestCases
{
    public static readonly IReadOnlyDictionary<string, (Guid Id, string Name)> Projects = new Dictionary<string, (Guid, string)>
    {
        ["A"] = (Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000"), "Apollo"),
        ["B"] = (Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000"), "Borealis"),
        ["C"] = (Guid.Parse("cccccccc-0000-0000-0000-000000000000"), "Comet"),
        ["W"] = (Guid.Parse("dddddddd-0000-0000-0000-000000000000"), "Website relaunch"),
    };

    public static readonly IReadOnlyDictionary<string, (Guid Id, string Name)> Outcomes = new Dictionary<string, (Guid, string)>
    {
        ["X"] = (Guid.Parse("eeeeeeee-0000-0000-0000-000000000000"), "Launch plan"),
        ["Y"] = (Guid.Parse("ffffffff-0000-0000-0000-000000000000"), "Style guide"),
    };

    public static IReadOnlySet<DataCategory> AllTracked { get; } = Enum.GetValues<DataCategory>().ToHashSet();

    public static IReadOnlySet<DataCategory> OnlyAlwaysTracked { get; } = TransparencyPolicy.AlwaysTracked;

    public static Week Week(string zoneId, string start) => new(Iso.Date(start), Iso.Zone(zoneId));

    public static List<DigestEntry> Entries(string zoneId, string text) =>
        [.. Text.Split(text).Select(entry =>
        {
            var parts = entry.Split(' ');
            var codes = parts[0].Split(':');
            var project = Projects[codes[0]];
            var outcome = codes.Length > 1 ? Outcomes[codes[1]] : ((Guid, string)?)null;
            return new DigestEntry(Text.Interval(zoneId, parts[1]), project.Id, project.Name, outcome?.Item1, outcome?.Item2);
        })];

    public static DigestOutcome Outcome(string name, OutcomeStatus status, Instant? completedAt, string projectName = "Apollo") =>
        new(NamedId(name), name, projectName, status, completedAt);

    public static DigestInput Input(
        Week week,
        string entries = "",
        string previousEntries = "",
        IReadOnlyList<DigestOutcome>? outcomes = null,
        WorkingHours? hours = null,
        IReadOnlySet<DataCategory>? tracked = null) =>
        new(
            week,
            hours ?? WorkingHours.Default,
            Entries(week.Zone.Id, entries),
            Entries(week.Zone.Id, previousEntries),
            outcomes ?? [],
            tracked ?? AllTracked);

    /// <summary>Builds the digest and checks what must hold for every digest.</summary>
    public static DigestContent Build(DigestInput input)
    {
        var content = DigestBuilder.Build(input);

        Assert.Equal(input.Week.Start, content.WeekStart);
        Assert.Equal(content.TotalMinutes, content.ByProject.Sum(project => project.Minutes));
        Assert.All(content.ByProject, project => Assert.True(project.Minutes > 0));
        Assert.All(content.ByOutcome, outcome => Assert.True(outcome.Minutes > 0));
        Assert.True(content.ByOutcome.Sum(outcome => outcome.Minutes) <= content.TotalMinutes);
        Assert.InRange(Assert.IsAssignableFrom<IReadOnlyList<string>>(content.Highlights).Count, 0, 5);
        Assert.Equal(input.Outcomes.Count, content.Outcomes.Count);
        if (content.SwitchesPerDay.Count > 0)
        {
            Assert.Equal(input.Week.Days, content.SwitchesPerDay.Select(day => day.Date));
        }

        return content;
    }

    /// <summary>Field by field: the records hold lists, which records compare by reference.</summary>
    public static void AssertSameContent(DigestContent expected, DigestContent actual)
    {
        Assert.Equal(expected.WeekStart, actual.WeekStart);
        Assert.Equal(expected.TotalMinutes, actual.TotalMinutes);
        Assert.Equal(expected.ByProject, actual.ByProject);
        Assert.Equal(expected.ByOutcome, actual.ByOutcome);
        Assert.Equal(expected.Outcomes, actual.Outcomes);
        Assert.Equal(expected.FocusMinutes, actual.FocusMinutes);
        Assert.Equal(expected.LongestFocus, actual.LongestFocus);
        Assert.Equal(expected.SwitchesPerDay, actual.SwitchesPerDay);
        Assert.Equal(expected.OutsideHoursMinutes, actual.OutsideHoursMinutes);
        Assert.Equal(expected.WeekendMinutes, actual.WeekendMinutes);
        Assert.Equal(expected.Comparison, actual.Comparison);
        Assert.Equal(expected.Highlights, actual.Highlights);
    }

    /// <summary>"0,0,2,0,0,0,0": one count per day of the week.</summary>
    public static int[] Counts(string text) => [.. text.Split(',').Select(count => int.Parse(count, CultureInfo.InvariantCulture))];

    // Stable ids from names keep the outcome tables readable.
    private static Guid NamedId(string name)
    {
        var bytes = new byte[16];
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        Array.Copy(hash, bytes, 16);
        return new Guid(bytes);
    }
}
