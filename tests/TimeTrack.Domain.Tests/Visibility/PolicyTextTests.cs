using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class PolicyTextTests
{
    [Theory]
    [InlineData(DataCategory.EntryDetails, "Entry details (descriptions, tags, exact times)")]
    [InlineData(DataCategory.Totals, "Daily and weekly totals")]
    [InlineData(DataCategory.ProjectTotals, "Time per project and outcome")]
    [InlineData(DataCategory.LiveTimer, "Whether your timer is running")]
    [InlineData(DataCategory.OutsideHours, "Entries outside your working hours")]
    [InlineData(DataCategory.Digests, "Your weekly digests")]
    [InlineData(DataCategory.Reflections, "Your reflections on digests")]
    [InlineData(DataCategory.Rates, "Rates and billable amounts")]
    [InlineData(DataCategory.Billing, "Billable hours and amounts per client and project")]
    [InlineData(DataCategory.WorkloadSignals, "Workload signals (framed as support needs)")]
    public void Each_category_has_a_label_written_for_the_person_it_is_about(DataCategory category, string expected) =>
        Assert.Equal(expected, PolicyText.Label(category));

    [Theory]
    [InlineData(DataCategory.EntryDetails, "Entry details")]
    [InlineData(DataCategory.WorkloadSignals, "Workload signals")]
    [InlineData(DataCategory.Totals, "Daily and weekly totals")]
    [InlineData(DataCategory.Billing, "Billing")]
    public void Short_label_drops_the_explanation_in_brackets(DataCategory category, string expected) =>
        Assert.Equal(expected, PolicyText.ShortLabel(category));

    [Theory]
    [InlineData(Audience.TeamManager, "Your team's manager")]
    [InlineData(Audience.ProjectManagers, "Project managers (for time on their project)")]
    [InlineData(Audience.OrganizationAdmins, "Organization admins")]
    [InlineData(Audience.Teammates, "Your teammates")]
    public void Each_audience_has_a_label(Audience audience, string expected) =>
        Assert.Equal(expected, PolicyText.Label(audience));

    [Theory]
    [InlineData(Granularity.None, 5, "Nothing")]
    [InlineData(Granularity.Aggregate, 5, "Only group totals over at least 5 people")]
    [InlineData(Granularity.Aggregate, 12, "Only group totals over at least 12 people")]
    [InlineData(Granularity.Aggregate, 1, "Only group totals over at least 1 person")]
    [InlineData(Granularity.IndividualTotals, 5, "Your totals, no details")]
    [InlineData(Granularity.IndividualDetail, 5, "Everything, with details")]
    public void Each_granularity_is_described_with_the_policys_k(Granularity granularity, int k, string expected) =>
        Assert.Equal(expected, PolicyText.Describe(granularity, k));

    [Theory]
    [InlineData(Granularity.None, "Nothing")]
    [InlineData(Granularity.Aggregate, "Totals per client and project, by calendar month; never per person")]
    public void Billing_levels_are_per_client_and_project_with_no_k(Granularity granularity, string expected)
    {
        Assert.Equal(expected, PolicyText.Describe(DataCategory.Billing, granularity, 5));
        Assert.Equal(expected, PolicyText.Describe(DataCategory.Billing, granularity, 12));
    }

    [Theory]
    [MemberData(nameof(Policies.AllCategories), MemberType = typeof(Policies))]
    public void Every_other_category_describes_its_levels_as_the_levels_read(DataCategory category)
    {
        foreach (var granularity in Enum.GetValues<Granularity>().Where(g => category != DataCategory.Billing || g != Granularity.Aggregate))
        {
            Assert.Equal(PolicyText.Describe(granularity, 7), PolicyText.Describe(category, granularity, 7));
        }
    }

    [Theory]
    [InlineData(null, "Kept while you are a member")]
    [InlineData(1, "1 day")]
    [InlineData(2, "2 days")]
    [InlineData(365, "365 days")]
    [InlineData(3650, "3650 days")]
    public void Retention_is_a_number_of_days_or_membership(int? days, string expected) =>
        Assert.Equal(expected, PolicyText.DescribeRetention(days));

    [Theory]
    [InlineData(0, "No days")]
    [InlineData(1, "Mon")]
    [InlineData(31, "Mon\u2013Fri")]
    [InlineData(127, "Mon\u2013Sun")]
    [InlineData(1 | 4 | 16, "Mon, Wed, Fri")]
    [InlineData(1 | 2, "Mon, Tue")]
    [InlineData(1 | 2 | 4 | 32, "Mon\u2013Wed, Sat")]
    [InlineData(32 | 64, "Sat, Sun")]
    [InlineData(1 | 8 | 16 | 32 | 64, "Mon, Thu\u2013Sun")]
    [InlineData(128 | 31, "Mon\u2013Fri")]
    public void Working_days_read_as_short_names_with_runs_as_ranges(int flags, string expected) =>
        Assert.Equal(expected, PolicyText.DescribeWorkingDays(flags));

    [Theory]
    [InlineData(PolicySetting.TimerEnabled, "Timer", "On")]
    [InlineData(PolicySetting.ManualEntriesEnabled, "Adding entries by hand", "On")]
    [InlineData(PolicySetting.ManualEditsNeedReason, "A reason for changing entries by hand", "Not required")]
    [InlineData(PolicySetting.Overlaps, "Overlapping entries", "Refused")]
    [InlineData(PolicySetting.WorkingDays, "Working days", "Mon\u2013Fri")]
    [InlineData(PolicySetting.WorkdayStart, "Workday starts", "08:00")]
    [InlineData(PolicySetting.WorkdayEnd, "Workday ends", "18:00")]
    [InlineData(PolicySetting.MaximumDaysInPast, "How far back you can add or change entries", "366 days")]
    [InlineData(PolicySetting.MaximumDaysInFuture, "How far ahead you can add entries", "Up to today")]
    [InlineData(PolicySetting.DigestEmbargoHours, "Time your digest is yours alone before others see it", "48 hours")]
    [InlineData(PolicySetting.MinimumGroupSize, "Smallest group whose totals are shown", "5 people")]
    public void Each_setting_has_a_label_and_its_default_value_reads_plainly(PolicySetting setting, string label, string value)
    {
        Assert.Equal(label, PolicyText.Label(setting));
        Assert.Equal(value, PolicyText.Describe(PolicySettings.Default, setting));
    }

    [Fact]
    public void Every_setting_of_the_policy_has_a_label()
    {
        var fields = typeof(PolicySettings).GetProperties().Where(p => p.DeclaringType == typeof(PolicySettings) && p.CanWrite).Select(p => p.Name);

        Assert.Equal(fields.Order(StringComparer.Ordinal), Enum.GetNames<PolicySetting>().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(OverlapRule.Allowed, "Allowed")]
    [InlineData(OverlapRule.Rejected, "Refused")]
    public void Overlap_rule_reads_as_allowed_or_refused(OverlapRule rule, string expected) =>
        Assert.Equal(expected, PolicyText.DescribeOverlaps(rule));

    [Theory]
    [InlineData("fi-FI")]
    [InlineData("ar-SA")]
    [InlineData("de-DE")]
    [InlineData("th-TH")]
    public void Texts_are_the_same_in_every_culture(string culture)
    {
        var expected = Everything();

        var inCulture = Cultures.Run(culture, Everything);

        Assert.Equal(expected, inCulture);
    }

    [Fact]
    public void Labels_and_descriptions_are_distinct()
    {
        Assert.Equal(10, Enum.GetValues<DataCategory>().Select(PolicyText.Label).Distinct().Count());
        Assert.Equal(10, Enum.GetValues<DataCategory>().Select(PolicyText.ShortLabel).Distinct().Count());
        Assert.Equal(4, Enum.GetValues<Audience>().Select(PolicyText.Label).Distinct().Count());
        Assert.Equal(4, Enum.GetValues<Granularity>().Select(g => PolicyText.Describe(g, 5)).Distinct().Count());
    }

    private static List<string> Everything() =>
    [
        PolicyText.DescribeTime(new LocalTime(7, 5)),
        PolicyText.DescribeTime(new LocalTime(23, 59)),
        PolicyText.DescribeRetention(3650),
        PolicyText.Describe(Granularity.Aggregate, 1234),
        PolicyText.Describe(PolicySettings.Default with { MaximumDaysInPast = 3660 }, PolicySetting.MaximumDaysInPast),
        .. Enum.GetValues<PolicySetting>().Select(s => PolicyText.Describe(PolicySettings.Default, s)),
    ];
}

/// <summary>Runs code under another current culture, for tests that texts do not depend on it.</summary>
internal static class Cultures
{
    public static T Run<T>(string name, Func<T> action)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
