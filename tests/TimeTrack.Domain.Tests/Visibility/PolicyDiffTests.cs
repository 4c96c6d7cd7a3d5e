using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class PolicyDiffTests
{
    private static readonly TransparencyPolicy Default = TransparencyPolicy.Default;

    [Fact]
    public void First_version_is_described_as_the_first_published_policy()
    {
        var change = Assert.Single(PolicyDiff.Between(null, Default));

        Assert.Equal(new PolicyChange("First published policy."), change);
    }

    [Fact]
    public void Same_policy_has_no_changes()
    {
        Assert.Empty(PolicyDiff.Between(Default, Default));
        Assert.Empty(PolicyDiff.Between(Closed(), Closed()));
    }

    [Fact]
    public void Equal_policies_built_separately_have_no_changes()
    {
        var copy = new TransparencyPolicy(
            Default.Categories.Select(c => c with { Grants = c.Grants.ToDictionary(), Purpose = new string([.. c.Purpose]) }),
            [],
            Default.Settings with { });

        Assert.Empty(PolicyDiff.Between(Default, copy));
    }

    [Fact]
    public void Reordering_exceptions_is_no_change()
    {
        PolicyException[] exceptions = [Exception(Cleo, DataCategory.Totals, Granularity.IndividualTotals, Support), Exception(Mia, DataCategory.Rates, Granularity.Aggregate)];

        Assert.Empty(PolicyDiff.Between(Default.WithExceptions(exceptions), Default.WithExceptions(exceptions.Reverse())));
    }

    [Theory]
    [InlineData(Audience.TeamManager, Granularity.None, Granularity.IndividualDetail, "Entry details: your team's manager could see nothing; now: everything, with details.")]
    [InlineData(Audience.TeamManager, Granularity.IndividualDetail, Granularity.IndividualTotals, "Entry details: your team's manager could see everything, with details; now: your totals, no details.")]
    [InlineData(Audience.ProjectManagers, Granularity.None, Granularity.IndividualTotals, "Entry details: project managers (for time on their project) could see nothing; now: your totals, no details.")]
    [InlineData(Audience.OrganizationAdmins, Granularity.None, Granularity.Aggregate, "Entry details: organization admins could see nothing; now: only group totals over at least 5 people.")]
    [InlineData(Audience.Teammates, Granularity.Aggregate, Granularity.None, "Entry details: your teammates could see only group totals over at least 5 people; now: nothing.")]
    public void Grant_change_says_who_could_see_what_and_what_they_see_now(Audience audience, Granularity before, Granularity after, string expected)
    {
        var change = Assert.Single(PolicyDiff.Between(
            OnlyGrant(DataCategory.EntryDetails, audience, before),
            OnlyGrant(DataCategory.EntryDetails, audience, after)));

        Assert.Equal(new PolicyChange(expected, DataCategory.EntryDetails), change);
    }

    public static TheoryData<DataCategory, Audience, Granularity, Granularity> EveryGrantChange()
    {
        var data = new TheoryData<DataCategory, Audience, Granularity, Granularity>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                foreach (var before in Enum.GetValues<Granularity>())
                {
                    foreach (var after in Enum.GetValues<Granularity>().Where(g => g != before))
                    {
                        data.Add(category, audience, before, after);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryGrantChange))]
    public void Every_grant_change_is_one_line_about_its_category_and_audience(DataCategory category, Audience audience, Granularity before, Granularity after)
    {
        var change = Assert.Single(PolicyDiff.Between(OnlyGrant(category, audience, before), OnlyGrant(category, audience, after)));

        Assert.Equal(category, change.Category);
        Assert.Equal(
            $"{PolicyText.ShortLabel(category)}: {Lower(PolicyText.Label(audience))} could see {Lower(PolicyText.Describe(category, before, 5))}; now: {Lower(PolicyText.Describe(category, after, 5))}.",
            change.Text);
    }

    [Fact]
    public void Billing_changes_read_per_client_and_project_without_a_group_size()
    {
        var before = Default.With(Default.For(DataCategory.Billing) with { Tracked = false });
        var after = Default.With(Default.Settings with { MinimumGroupSize = 3 })
            .WithExceptions([Exception(Cleo, DataCategory.Billing, Granularity.Aggregate, Support, "Invoices the support contracts.")]);

        Assert.Equal(
            [
                "Billing: now tracked. Purpose: \u201cTo invoice clients: billable hours and amounts per client and project, by calendar month, never per person.\u201d Kept while you are a member.",
                "Billing: organization admins could see nothing; now: totals per client and project, by calendar month; never per person.",
            ],
            PolicyDiff.Between(before, Default).Select(c => c.Text));
        Assert.Contains(
            "New exception: Cleo Brandt may see \u201cBilling\u201d for members of Support (level: totals per client and project, by calendar month; never per person). Reason: \u201cInvoices the support contracts.\u201d",
            PolicyDiff.Between(Default, after).Select(c => c.Text));
    }

    [Fact]
    public void Category_that_stops_being_tracked_says_so_once()
    {
        var after = Default.With(Default.For(DataCategory.WorkloadSignals) with { Tracked = false });

        var change = Assert.Single(PolicyDiff.Between(Default, after));

        Assert.Equal(new PolicyChange("Workload signals: no longer tracked.", DataCategory.WorkloadSignals), change);
    }

    [Fact]
    public void Category_that_starts_being_tracked_gives_its_purpose_retention_and_who_sees_it()
    {
        var before = Default.With(Default.For(DataCategory.WorkloadSignals) with { Tracked = false });

        var changes = PolicyDiff.Between(before, Default);

        Assert.Equal(
            [
                "Workload signals: now tracked. Purpose: \u201cSo that managers can offer support before long weeks become a pattern.\u201d Kept for 365 days.",
                "Workload signals: your team's manager could see nothing; now: your totals, no details.",
                "Workload signals: organization admins could see nothing; now: only group totals over at least 5 people.",
            ],
            changes.Select(c => c.Text));
        Assert.All(changes, c => Assert.Equal(DataCategory.WorkloadSignals, c.Category));
    }

    [Fact]
    public void Category_that_starts_being_tracked_without_grants_and_kept_while_a_member_says_so()
    {
        var before = Closed().With(Category(DataCategory.LiveTimer, tracked: false));
        var after = Closed().With(new CategoryPolicy(DataCategory.LiveTimer, true, "To show your running timer", null, new Dictionary<Audience, Granularity>()));

        var change = Assert.Single(PolicyDiff.Between(before, after));

        Assert.Equal("Whether your timer is running: now tracked. Purpose: \u201cTo show your running timer\u201d. Kept while you are a member.", change.Text);
    }

    [Fact]
    public void Changes_to_a_category_that_stays_untracked_are_not_listed()
    {
        var before = Closed().With(Category(DataCategory.LiveTimer, tracked: false));
        var after = Closed().With(new CategoryPolicy(DataCategory.LiveTimer, false, "Another purpose.", 10, new Dictionary<Audience, Granularity> { [Audience.Teammates] = Granularity.IndividualTotals }));

        Assert.Empty(PolicyDiff.Between(before, after));
    }

    [Theory]
    [InlineData("To plan projects.", "Time per project and outcome: the purpose is now \u201cTo plan projects.\u201d")]
    [InlineData("To plan projects", "Time per project and outcome: the purpose is now \u201cTo plan projects\u201d.")]
    [InlineData("  To plan projects?  ", "Time per project and outcome: the purpose is now \u201cTo plan projects?\u201d")]
    public void Purpose_change_quotes_the_new_purpose(string purpose, string expected)
    {
        var after = Default.With(Default.For(DataCategory.ProjectTotals) with { Purpose = purpose });

        var change = Assert.Single(PolicyDiff.Between(Default, after));

        Assert.Equal(new PolicyChange(expected, DataCategory.ProjectTotals), change);
    }

    [Theory]
    [InlineData(730, 365, "Entry details: now kept for 365 days (before: kept for 730 days).")]
    [InlineData(730, null, "Entry details: now kept while you are a member (before: kept for 730 days).")]
    [InlineData(null, 1, "Entry details: now kept for 1 day (before: kept while you are a member).")]
    public void Retention_change_gives_the_new_and_old_period(int? before, int? after, string expected)
    {
        var change = Assert.Single(PolicyDiff.Between(
            Default.With(Default.For(DataCategory.EntryDetails) with { RetentionDays = before }),
            Default.With(Default.For(DataCategory.EntryDetails) with { RetentionDays = after })));

        Assert.Equal(new PolicyChange(expected, DataCategory.EntryDetails), change);
    }

    [Theory]
    [InlineData(PolicySetting.TimerEnabled, "The timer is now off.", "The timer is now on.")]
    [InlineData(PolicySetting.ManualEntriesEnabled, "You can no longer add entries by hand.", "You can now add entries by hand.")]
    [InlineData(PolicySetting.ManualEditsNeedReason, "Changing an entry by hand now needs a reason.", "Changing an entry by hand no longer needs a reason.")]
    [InlineData(PolicySetting.Overlaps, "Overlapping entries are now allowed (before: refused).", "Overlapping entries are now refused (before: allowed).")]
    [InlineData(PolicySetting.WorkingDays, "Working days are now Mon\u2013Wed, Sat (before: Mon\u2013Fri).", "Working days are now Mon\u2013Fri (before: Mon\u2013Wed, Sat).")]
    [InlineData(PolicySetting.WorkdayStart, "The workday now starts at 07:30 (before: 08:00).", "The workday now starts at 08:00 (before: 07:30).")]
    [InlineData(PolicySetting.WorkdayEnd, "The workday now ends at 16:45 (before: 18:00).", "The workday now ends at 18:00 (before: 16:45).")]
    [InlineData(PolicySetting.MaximumDaysInPast, "You can now add or change entries up to 1 day back (before: 366 days).", "You can now add or change entries up to 366 days back (before: 1 day).")]
    [InlineData(PolicySetting.MaximumDaysInFuture, "You can now add entries up to 14 days ahead (before: up to today).", "You can now add entries up to today (before: up to 14 days ahead).")]
    [InlineData(PolicySetting.DigestEmbargoHours, "Your weekly digest is now shared with those allowed to see it as soon as it is ready (before: yours alone for 48 hours).", "Your weekly digest is now yours alone for 48 hours (before: shared with those allowed to see it as soon as it is ready).")]
    [InlineData(PolicySetting.MinimumGroupSize, "Group totals are now shown only for groups of at least 10 people (before: 5 people).", "Group totals are now shown only for groups of at least 5 people (before: 10 people).")]
    public void Each_setting_change_is_one_plain_sentence_both_ways(PolicySetting setting, string forward, string back)
    {
        var changed = Default.With(Changed(Default.Settings, setting));

        Assert.Equal([new PolicyChange(forward)], PolicyDiff.Between(Default, changed));
        Assert.Equal([new PolicyChange(back)], PolicyDiff.Between(changed, Default));
    }

    [Fact]
    public void Digest_embargo_of_one_hour_is_singular()
    {
        var change = Assert.Single(PolicyDiff.Between(Default, Default.With(Default.Settings with { DigestEmbargoHours = 1 })));

        Assert.Equal("Your weekly digest is now yours alone for 1 hour (before: yours alone for 48 hours).", change.Text);
    }

    [Fact]
    public void Changing_k_does_not_repeat_every_aggregate_grant()
    {
        var changes = PolicyDiff.Between(Default, Default.With(Default.Settings with { MinimumGroupSize = 8 }));

        Assert.Equal(["Group totals are now shown only for groups of at least 8 people (before: 5 people)."], changes.Select(c => c.Text));
    }

    [Fact]
    public void Added_team_exception_says_who_may_see_what_of_whom_at_which_level_and_why()
    {
        var after = Default.WithExceptions([Exception(Cleo, DataCategory.EntryDetails, Granularity.IndividualDetail, Support, "Investigating a billing dispute with a client.")]);

        var change = Assert.Single(PolicyDiff.Between(Default, after));

        Assert.Equal(
            new PolicyChange(
                "New exception: Cleo Brandt may see \u201cEntry details\u201d for members of Support (level: everything, with details). Reason: \u201cInvestigating a billing dispute with a client.\u201d",
                DataCategory.EntryDetails),
            change);
    }

    [Fact]
    public void Removed_organization_wide_exception_says_who_no_longer_sees_what_and_why_it_existed()
    {
        var before = Default.WithExceptions([Exception(Cleo, DataCategory.Totals, Granularity.Aggregate, reason: "Payroll audit")]);

        var change = Assert.Single(PolicyDiff.Between(before, Default));

        Assert.Equal(
            new PolicyChange(
                "Exception removed: Cleo Brandt may no longer see \u201cDaily and weekly totals\u201d for everyone in the organization (level: only group totals over at least 5 people; reason: \u201cPayroll audit\u201d).",
                DataCategory.Totals),
            change);
    }

    [Fact]
    public void Edited_exception_reads_as_the_old_one_removed_and_the_new_one_added()
    {
        var before = Default.WithExceptions([Exception(Cleo, DataCategory.Totals, Granularity.Aggregate)]);
        var after = Default.WithExceptions([Exception(Cleo, DataCategory.Totals, Granularity.IndividualTotals)]);

        var changes = PolicyDiff.Between(before, after);

        Assert.Collection(
            changes,
            c => Assert.StartsWith("Exception removed: Cleo Brandt", c.Text, StringComparison.Ordinal),
            c => Assert.StartsWith("New exception: Cleo Brandt", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Changes_come_in_category_order_then_settings_then_exceptions()
    {
        var changes = PolicyDiff.Between(Default, Everything());

        Assert.Equal(
            [
                "Entry details: your teammates could see nothing; now: everything, with details.",
                "Whether your timer is running: no longer tracked.",
                "Your weekly digests: the purpose is now \u201cSo that you can look back.\u201d",
                "Rates and billable amounts: now kept for 90 days (before: kept while you are a member).",
                "The timer is now off.",
                "Group totals are now shown only for groups of at least 3 people (before: 5 people).",
                "New exception: Cleo Brandt may see \u201cRates and billable amounts\u201d for everyone in the organization (level: only group totals over at least 3 people). Reason: \u201cAuditing the Q3 invoices.\u201d",
            ],
            changes.Select(c => c.Text));
        Assert.Equal(
            [DataCategory.EntryDetails, DataCategory.LiveTimer, DataCategory.Digests, DataCategory.Rates, null, null, DataCategory.Rates],
            changes.Select(c => c.Category));
    }

    [Theory]
    [InlineData("fi-FI")]
    [InlineData("ar-SA")]
    [InlineData("tr-TR")]
    [InlineData("th-TH")]
    public void Changes_are_the_same_every_time_and_in_every_culture(string culture)
    {
        var after = Everything().With(Default.Settings with { WorkdayStart = new LocalTime(7, 5), WorkdayEnd = new LocalTime(19, 30), MaximumDaysInPast = 3660 });
        var expected = PolicyDiff.Between(Default, after);

        Assert.Equal(expected, PolicyDiff.Between(Default, after));
        Assert.Equal(expected, Cultures.Run(culture, () => PolicyDiff.Between(Default, after)));
        Assert.Contains(expected, c => c.Text == "The workday now starts at 07:05 (before: 08:00).");
    }

    private static TransparencyPolicy Everything() =>
        Default
            .With(Default.For(DataCategory.EntryDetails) with { Grants = new Dictionary<Audience, Granularity> { [Audience.Teammates] = Granularity.IndividualDetail } })
            .With(Default.For(DataCategory.LiveTimer) with { Tracked = false })
            .With(Default.For(DataCategory.Digests) with { Purpose = "So that you can look back." })
            .With(Default.For(DataCategory.Rates) with { RetentionDays = 90 })
            .With(Default.Settings with { TimerEnabled = false, MinimumGroupSize = 3 })
            .WithExceptions([Exception(Cleo, DataCategory.Rates, Granularity.Aggregate)]);

    private static PolicySettings Changed(PolicySettings settings, PolicySetting setting) => setting switch
    {
        PolicySetting.TimerEnabled => settings with { TimerEnabled = false },
        PolicySetting.ManualEntriesEnabled => settings with { ManualEntriesEnabled = false },
        PolicySetting.ManualEditsNeedReason => settings with { ManualEditsNeedReason = true },
        PolicySetting.Overlaps => settings with { Overlaps = OverlapRule.Allowed },
        PolicySetting.WorkingDays => settings with { WorkingDays = 1 | 2 | 4 | 32 },
        PolicySetting.WorkdayStart => settings with { WorkdayStart = new LocalTime(7, 30) },
        PolicySetting.WorkdayEnd => settings with { WorkdayEnd = new LocalTime(16, 45) },
        PolicySetting.MaximumDaysInPast => settings with { MaximumDaysInPast = 1 },
        PolicySetting.MaximumDaysInFuture => settings with { MaximumDaysInFuture = 14 },
        PolicySetting.DigestEmbargoHours => settings with { DigestEmbargoHours = 0 },
        PolicySetting.MinimumGroupSize => settings with { MinimumGroupSize = 10 },
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    private static string Lower(string text) => char.ToLowerInvariant(text[0]) + text[1..];
}
