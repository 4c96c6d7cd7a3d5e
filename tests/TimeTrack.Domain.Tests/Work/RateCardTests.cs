using NodaTime;
using TimeTrack.Domain.Work;

namespace TimeTrack.Domain.Tests.Work;

public sealed class RateCardTests
{
    private static readonly Guid Person = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Project = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherProject = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 2)]
    [InlineData(true, true, 3)]
    public void Specificity_ranks_person_on_project_over_project_over_person_over_organization(bool project, bool person, int expected) =>
        Assert.Equal(expected, RateCard.Specificity(project ? Project : null, person ? Person : null));

    /// <summary>
    /// Rates are written "scope@from=amount", scope being org, project, person, person-on-project, or
    /// other-person / other-project / other-person-on-project for rates that must never apply.
    /// </summary>
    [Theory]
    // No rates, or only rates that start later: nothing applies.
    [InlineData("", "2026-11-25", null)]
    [InlineData("org@2026-11-26=50", "2026-11-25", null)]
    [InlineData("org@2026-01-01=50", "2026-11-25", "org@2026-01-01")]
    // A rate is in force from its first day on.
    [InlineData("org@2026-11-25=50", "2026-11-25", "org@2026-11-25")]
    // Each scope beats the ones below it, whatever their dates.
    [InlineData("org@2026-11-01=50;person@2026-01-01=60", "2026-11-25", "person@2026-01-01")]
    [InlineData("person@2026-11-01=60;project@2026-01-01=70", "2026-11-25", "project@2026-01-01")]
    [InlineData("project@2026-11-01=70;person-on-project@2026-01-01=80", "2026-11-25", "person-on-project@2026-01-01")]
    [InlineData("org@2026-11-24=50;person@2026-11-24=60;project@2026-11-24=70;person-on-project@2026-01-01=80", "2026-11-25", "person-on-project@2026-01-01")]
    // Within a scope the latest start on or before the day wins; history and scheduled rates do not.
    [InlineData("org@2026-01-01=50;org@2026-06-01=55;org@2026-12-01=60", "2026-11-25", "org@2026-06-01")]
    [InlineData("org@2026-01-01=50;org@2026-06-01=55;org@2026-12-01=60", "2026-12-01", "org@2026-12-01")]
    [InlineData("org@2026-01-01=50;org@2026-06-01=55;org@2026-12-01=60", "2026-05-31", "org@2026-01-01")]
    // A more specific rate that only starts later leaves the less specific one in force until then.
    [InlineData("org@2026-01-01=50;person-on-project@2026-12-01=80", "2026-11-25", "org@2026-01-01")]
    [InlineData("project@2026-01-01=70;person-on-project@2026-12-01=80", "2026-12-01", "person-on-project@2026-12-01")]
    // Different scopes starting the same day: the more specific one applies.
    [InlineData("org@2026-11-01=50;project@2026-11-01=70;person@2026-11-01=60", "2026-11-25", "project@2026-11-01")]
    // Other people's and other projects' rates never apply.
    [InlineData("other-person@2026-01-01=90;other-project@2026-01-01=91;other-person-on-project@2026-01-01=92", "2026-11-25", null)]
    [InlineData("org@2026-01-01=50;other-person@2026-02-01=90;other-project@2026-02-01=91", "2026-11-25", "org@2026-01-01")]
    [InlineData("person@2026-01-01=60;other-person-on-project@2026-02-01=92", "2026-11-25", "person@2026-01-01")]
    public void The_most_specific_scope_with_a_rate_in_force_applies_and_within_it_the_latest_start(string rates, string day, string? expected)
    {
        var card = Parse(rates);

        var applicable = RateCard.Applicable(card, Person, Project, Iso.Date(day));

        Assert.Equal(expected, applicable is null ? null : Name(applicable));
    }

    [Fact]
    public void The_order_rates_come_in_does_not_matter()
    {
        var card = Parse("org@2026-01-01=50;org@2026-06-01=55;person@2026-03-01=60;person@2026-09-01=65;project@2026-12-01=70;person-on-project@2027-01-01=80");

        var answers = Permutations(card).Select(p => Name(RateCard.Applicable(p, Person, Project, Iso.Date("2026-11-25"))!)).Distinct().ToList();

        Assert.Equal(["person@2026-09-01"], answers);
    }

    [Fact]
    public void Applicable_refuses_no_rates_at_all() =>
        Assert.Throws<ArgumentNullException>(() => RateCard.Applicable(null!, Person, Project, Iso.Date("2026-11-25")));

    [Theory]
    [InlineData(3_600_000, "85.50", "85.50")]
    [InlineData(0, "85.50", "0.00")]
    [InlineData(5_400_000, "85.50", "128.25")]
    [InlineData(60_000, "100.00", "1.67")]
    // Half a cent rounds up (away from zero), just under it rounds down.
    [InlineData(60_000, "0.30", "0.01")]
    [InlineData(59_999, "0.30", "0.00")]
    [InlineData(1_000, "1.00", "0.00")]
    [InlineData(18_000, "1.00", "0.01")]
    [InlineData(17_999, "1.00", "0.00")]
    // A thousand hours a month for ten years at the largest rate the column holds stays exact.
    [InlineData(432_000_000_000, "9999999999.99", "1199999999998800.00")]
    // A millisecond counts.
    [InlineData(1, "36000.00", "0.01")]
    [InlineData(0, "0.00", "0.00")]
    [InlineData(28_800_000, "0.00", "0.00")]
    public void Amount_is_the_hourly_amount_times_the_hours_rounded_to_cents(long milliseconds, string hourly, string expected)
    {
        var amount = RateCard.Amount(Duration.FromMilliseconds(milliseconds), Decimal(hourly));

        Assert.Equal(Decimal(expected), amount);
        Assert.Equal(2, amount.Scale);
    }

    [Fact]
    public void Amount_of_a_duration_with_nanoseconds_is_exact_to_the_cent()
    {
        // 1 h 0.000001 ms: a billing of exact hours is not disturbed by a stray nanosecond.
        var amount = RateCard.Amount(Duration.FromHours(1) + Duration.FromNanoseconds(1), 85.5m);

        Assert.Equal(85.50m, amount);
    }

    private static decimal Decimal(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static List<Rate> Parse(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var at = item.IndexOf('@', StringComparison.Ordinal);
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var (project, person) = item[..at] switch
            {
                "org" => ((Guid?)null, (Guid?)null),
                "project" => (Project, null),
                "person" => (null, Person),
                "person-on-project" => (Project, Person),
                "other-person" => (null, Other),
                "other-project" => (OtherProject, null),
                "other-person-on-project" => (Project, Other),
                var scope => throw new ArgumentException($"Unknown scope {scope}."),
            };
            return new Rate
            {
                Id = Guid.NewGuid(),
                ProjectId = project,
                UserId = person,
                EffectiveFrom = Iso.Date(item[(at + 1)..equals]),
                HourlyAmount = Decimal(item[(equals + 1)..]),
            };
        })];

    private static string Name(Rate rate)
    {
        var scope = (rate.ProjectId, rate.UserId) switch
        {
            (null, null) => "org",
            (_, null) => rate.ProjectId == Project ? "project" : "other-project",
            (null, _) => rate.UserId == Person ? "person" : "other-person",
            _ => rate.UserId == Person ? "person-on-project" : "other-person-on-project",
        };
        return $"{scope}@{rate.EffectiveFrom:yyyy-MM-dd}";
    }

    private static IEnumerable<List<Rate>> Permutations(List<Rate> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
