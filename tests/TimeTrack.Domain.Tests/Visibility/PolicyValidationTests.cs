using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class PolicyValidationTests
{
    private static readonly TransparencyPolicy Default = TransparencyPolicy.Default;

    [Fact]
    public void Default_policy_has_no_problems() => Assert.Empty(PolicyValidation.Validate(Default));

    [Theory]
    [InlineData(DataCategory.EntryDetails, "")]
    [InlineData(DataCategory.LiveTimer, "   ")]
    [InlineData(DataCategory.Rates, "\n")]
    public void Tracked_category_needs_a_purpose(DataCategory category, string purpose) =>
        Assert.Equal(
            [PolicyValidation.CategoryField(category, "Purpose")],
            Fields(Default.With(Default.For(category) with { Purpose = purpose })));

    [Fact]
    public void Untracked_category_needs_no_purpose() =>
        Assert.Empty(PolicyValidation.Validate(Default.With(Default.For(DataCategory.LiveTimer) with { Tracked = false, Purpose = "" })));

    [Theory]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Purpose_is_at_most_500_characters(int length, bool valid)
    {
        var policy = Default.With(Default.For(DataCategory.Totals) with { Purpose = new string('a', length) });

        Assert.Equal(valid ? [] : ["Categories[Totals].Purpose"], Fields(policy));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(3650, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(3651, false)]
    public void Retention_is_kept_while_a_member_or_one_to_3650_days(int? days, bool valid)
    {
        var policy = Default.With(Default.For(DataCategory.OutsideHours) with { RetentionDays = days });

        Assert.Equal(valid ? [] : ["Categories[OutsideHours].RetentionDays"], Fields(policy));
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Categories_that_make_a_time_tracker_cannot_be_switched_off(DataCategory category)
    {
        var policy = Default.With(Default.For(category) with { Tracked = false });

        var expected = TransparencyPolicy.AlwaysTracked.Contains(category) ? [$"Categories[{category}].Tracked"] : Array.Empty<string>();
        Assert.Equal(expected, Fields(policy));
    }

    [Fact]
    public void Entry_details_totals_and_project_totals_are_the_ones_always_tracked() =>
        Assert.Equal(
            [DataCategory.EntryDetails, DataCategory.Totals, DataCategory.ProjectTotals],
            TransparencyPolicy.AlwaysTracked.Order());

    public static TheoryData<DataCategory, Audience, Granularity> EveryGrant()
    {
        var data = new TheoryData<DataCategory, Audience, Granularity>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                foreach (var granularity in Enum.GetValues<Granularity>())
                {
                    data.Add(category, audience, granularity);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryGrant))]
    public void Any_grant_is_allowed_except_opening_reflections_and_billing_per_person(DataCategory category, Audience audience, Granularity granularity)
    {
        var policy = OnlyGrant(category, audience, granularity);

        var refused = (category == DataCategory.Reflections && granularity > Granularity.None)
            || (category == DataCategory.Billing && granularity > Granularity.Aggregate);
        Assert.Equal(refused ? [$"Categories[{category}].Grants[{audience}]"] : Array.Empty<string>(), Fields(policy));
    }

    [Theory]
    [InlineData(Granularity.IndividualTotals)]
    [InlineData(Granularity.IndividualDetail)]
    public void Billing_is_never_granted_per_person(Granularity granularity)
    {
        var problem = Assert.Single(PolicyValidation.Validate(OnlyGrant(DataCategory.Billing, Audience.OrganizationAdmins, granularity)));

        Assert.Equal(new PolicyProblem("Categories[Billing].Grants[OrganizationAdmins]", "Billing figures are per client and project, never per person."), problem);
    }

    [Theory]
    [InlineData(Granularity.Aggregate, null)]
    [InlineData(Granularity.IndividualTotals, "Billing figures are per client and project, never per person.")]
    [InlineData(Granularity.IndividualDetail, "Billing figures are per client and project, never per person.")]
    public void Billing_exception_shows_at_most_its_totals_per_client_and_project(Granularity granularity, string? message)
    {
        var problems = PolicyValidation.Validate(Default.WithExceptions([Exception(Cleo, DataCategory.Billing, granularity, Support)]));

        Assert.Equal(message is null ? [] : [new PolicyProblem("Exceptions[0].Granularity", message)], problems);
    }

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void Levels_offered_are_all_of_them_except_for_billing(DataCategory category) =>
        Assert.Equal(
            category == DataCategory.Billing ? [Granularity.None, Granularity.Aggregate] : Enum.GetValues<Granularity>(),
            PolicyValidation.LevelsFor(category));

    [Fact]
    public void Exceptions_are_named_from_the_organization_whatever_names_they_carried()
    {
        var policy = Default.WithExceptions(
        [
            new PolicyException(Cleo, "Made-up name", DataCategory.Totals, Granularity.IndividualTotals, Support, "Made-up team", "Covering."),
            new PolicyException(Mia, "", DataCategory.Digests, Granularity.Aggregate, null, "Everyone, supposedly", "Wellbeing."),
        ]);

        var named = PolicyValidation.NameExceptions(policy, People(), Teams());

        Assert.Empty(named.Problems);
        Assert.Equal(
            [("Cleo Brandt", "Support"), ("Mia Manager", "")],
            named.Policy.Exceptions.Select(e => (e.ViewerName, e.SubjectGroupName)));
        Assert.Equal(policy.Exceptions.Select(e => e with { ViewerName = "", SubjectGroupName = "" }), named.Policy.Exceptions.Select(e => e with { ViewerName = "", SubjectGroupName = "" }));
    }

    [Fact]
    public void Exception_about_someone_who_is_not_a_member_or_a_team_that_does_not_exist_is_refused_next_to_it()
    {
        var policy = Default.WithExceptions(
        [
            Exception(Cleo, DataCategory.Totals, Granularity.IndividualTotals, Support),
            Exception(Zoe, DataCategory.Totals, Granularity.IndividualTotals),
            Exception(Mia, DataCategory.Totals, Granularity.IndividualTotals, Sales),
        ]);

        var named = PolicyValidation.NameExceptions(policy, People(), Teams());

        Assert.Equal(["Exceptions[1].ViewerUserId", "Exceptions[2].SubjectTeamId"], named.Problems.Select(p => p.Field));
        Assert.All(named.Problems, p => Assert.Contains("Remove the exception", p.Message, StringComparison.Ordinal));
        // Nothing that was not looked up survives, not even for the rows that failed.
        Assert.Equal(["Cleo Brandt", "", "Mia Manager"], named.Policy.Exceptions.Select(e => e.ViewerName));
        Assert.Equal(["Support", "", ""], named.Policy.Exceptions.Select(e => e.SubjectGroupName));
    }

    private static Dictionary<Guid, string> People() => new() { [Cleo] = "Cleo Brandt", [Mia] = "Mia Manager", [Sam] = "Sam" };

    private static Dictionary<Guid, string> Teams() => new() { [Support] = "Support" };

    [Fact]
    public void Reflections_cannot_be_granted_even_while_untracked()
    {
        var policy = OnlyGrant(DataCategory.Reflections, Audience.TeamManager, Granularity.Aggregate, tracked: false);

        var problem = Assert.Single(PolicyValidation.Validate(policy));

        Assert.Equal(new PolicyProblem(
            "Categories[Reflections].Grants[TeamManager]",
            "Reflections stay private unless the person chooses to share them; the policy cannot open them to anyone."), problem);
    }

    [Fact]
    public void Grant_of_an_unknown_level_is_refused() =>
        Assert.Equal(
            ["Categories[Totals].Grants[TeamManager]"],
            Fields(OnlyGrant(DataCategory.Totals, Audience.TeamManager, (Granularity)7)));

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void Timer_or_manual_entries_or_both_must_be_allowed(bool timer, bool manual, bool valid) =>
        Assert.Equal(
            valid ? [] : ["Settings.TimerEnabled"],
            Fields(Default.With(Default.Settings with { TimerEnabled = timer, ManualEntriesEnabled = manual })));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(5, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void Minimum_group_size_is_two_to_fifty(int k, bool valid) =>
        Assert.Equal(valid ? [] : ["Settings.MinimumGroupSize"], Fields(Default.With(Default.Settings with { MinimumGroupSize = k })));

    [Theory]
    [InlineData(0, true)]
    [InlineData(336, true)]
    [InlineData(-1, false)]
    [InlineData(337, false)]
    public void Digest_embargo_is_zero_to_336_hours(int hours, bool valid) =>
        Assert.Equal(valid ? [] : ["Settings.DigestEmbargoHours"], Fields(Default.With(Default.Settings with { DigestEmbargoHours = hours })));

    [Theory]
    [InlineData(1, true)]
    [InlineData(3660, true)]
    [InlineData(0, false)]
    [InlineData(3661, false)]
    public void Maximum_days_in_past_is_one_to_3660(int days, bool valid) =>
        Assert.Equal(valid ? [] : ["Settings.MaximumDaysInPast"], Fields(Default.With(Default.Settings with { MaximumDaysInPast = days })));

    [Theory]
    [InlineData(0, true)]
    [InlineData(366, true)]
    [InlineData(-1, false)]
    [InlineData(367, false)]
    public void Maximum_days_in_future_is_zero_to_366(int days, bool valid) =>
        Assert.Equal(valid ? [] : ["Settings.MaximumDaysInFuture"], Fields(Default.With(Default.Settings with { MaximumDaysInFuture = days })));

    [Theory]
    [InlineData(8, 0, 18, 0, true)]
    [InlineData(0, 0, 23, 59, true)]
    [InlineData(9, 0, 9, 0, false)]
    [InlineData(18, 0, 8, 0, false)]
    public void Workday_must_end_after_it_starts(int startHour, int startMinute, int endHour, int endMinute, bool valid) =>
        Assert.Equal(
            valid ? [] : ["Settings.WorkdayEnd"],
            Fields(Default.With(Default.Settings with { WorkdayStart = new LocalTime(startHour, startMinute), WorkdayEnd = new LocalTime(endHour, endMinute) })));

    [Theory]
    [InlineData(1, true)]
    [InlineData(31, true)]
    [InlineData(127, true)]
    [InlineData(0, false)]
    [InlineData(128, false)]
    [InlineData(-1, false)]
    public void Working_days_are_at_least_one_of_monday_to_sunday(int flags, bool valid) =>
        Assert.Equal(valid ? [] : ["Settings.WorkingDays"], Fields(Default.With(Default.Settings with { WorkingDays = flags })));

    [Fact]
    public void Overlap_rule_must_be_one_of_the_listed_rules() =>
        Assert.Equal(["Settings.Overlaps"], Fields(Default.With(Default.Settings with { Overlaps = (OverlapRule)5 })));

    [Theory]
    [InlineData("", "Exceptions[1].Reason")]
    [InlineData("  ", "Exceptions[1].Reason")]
    [InlineData("Covering for the team's manager.", null)]
    public void Exception_needs_a_reason(string reason, string? field)
    {
        var policy = Default.WithExceptions(
        [
            Exception(Cleo, DataCategory.Totals, Granularity.Aggregate),
            Exception(Cleo, DataCategory.Totals, Granularity.IndividualTotals, Support, reason),
        ]);

        Assert.Equal(field is null ? [] : [field], Fields(policy));
    }

    [Theory]
    [InlineData(Granularity.None, false)]
    [InlineData((Granularity)9, false)]
    [InlineData(Granularity.Aggregate, true)]
    [InlineData(Granularity.IndividualDetail, true)]
    public void Exception_must_show_something(Granularity granularity, bool valid) =>
        Assert.Equal(
            valid ? [] : ["Exceptions[0].Granularity"],
            Fields(Default.WithExceptions([Exception(Cleo, DataCategory.Digests, granularity)])));

    [Theory]
    [InlineData(null)]
    [InlineData("00000000-0000-0000-0000-0000000002a1")]
    public void Exception_may_not_name_reflections(string? team)
    {
        var policy = Default.WithExceptions([Exception(Cleo, DataCategory.Reflections, Granularity.Aggregate, team is null ? null : Guid.Parse(team))]);

        var problem = Assert.Single(PolicyValidation.Validate(policy));

        Assert.Equal("Exceptions[0].Category", problem.Field);
        Assert.Contains("Reflections stay private", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_come_in_category_order_then_settings_then_exceptions()
    {
        var policy = Default
            .With(Default.For(DataCategory.Rates) with { Purpose = "" })
            .With(Default.For(DataCategory.EntryDetails) with { Tracked = false, RetentionDays = 0 })
            .With(Default.Settings with { MinimumGroupSize = 1, WorkingDays = 0 })
            .WithExceptions([Exception(Cleo, DataCategory.Reflections, Granularity.None, reason: "")]);

        Assert.Equal(
            [
                "Categories[EntryDetails].Tracked",
                "Categories[EntryDetails].RetentionDays",
                "Categories[Rates].Purpose",
                "Settings.WorkingDays",
                "Settings.MinimumGroupSize",
                "Exceptions[0].Reason",
                "Exceptions[0].Category",
                "Exceptions[0].Granularity",
            ],
            Fields(policy));
    }

    [Fact]
    public void Every_problem_has_a_message_for_the_person_fixing_it()
    {
        var policy = Default
            .With(Default.For(DataCategory.Reflections) with { Purpose = "", Grants = new Dictionary<Audience, Granularity> { [Audience.Teammates] = Granularity.IndividualDetail } })
            .With(new PolicySettings(false, false, false, (OverlapRule)3, 0, new LocalTime(9, 0), new LocalTime(9, 0), 0, -1, 1))
            .WithExceptions([Exception(Cleo, DataCategory.Reflections, Granularity.None, reason: "")]);

        var problems = PolicyValidation.Validate(policy);

        Assert.Equal(12, problems.Count);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Equal(problems.Count, problems.Select(p => p.Field).Distinct().Count());
    }

    [Fact]
    public void Field_keys_are_stable_strings_a_form_can_map()
    {
        Assert.Equal("Categories[EntryDetails].Purpose", PolicyValidation.CategoryField(DataCategory.EntryDetails, nameof(CategoryPolicy.Purpose)));
        Assert.Equal("Categories[Rates].Grants[OrganizationAdmins]", PolicyValidation.GrantField(DataCategory.Rates, Audience.OrganizationAdmins));
        Assert.Equal("Settings.MinimumGroupSize", PolicyValidation.SettingField(PolicySetting.MinimumGroupSize));
        Assert.Equal("Exceptions[0].Reason", PolicyValidation.ExceptionField(0, nameof(PolicyException.Reason)));
        Assert.Equal("Exceptions[12].Reason", Cultures.Run("ar-SA", () => PolicyValidation.ExceptionField(12, nameof(PolicyException.Reason))));
    }

    private static List<string> Fields(TransparencyPolicy policy) => [.. PolicyValidation.Validate(policy).Select(p => p.Field)];
}
