using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using G = TimeTrack.Domain.Visibility.Granularity;

namespace TimeTrack.Domain.Tests.Visibility;

/// <summary>Which changes ask people to acknowledge a new version: only those that let others see more of them.</summary>
public sealed class PolicyWideningTests
{
    private static readonly TransparencyPolicy Default = TransparencyPolicy.Default;

    private static readonly PolicyWidening ForEveryone = PolicyWidening.ForEveryone;

    private static readonly PolicyWidening Nobody = PolicyWidening.Nobody;

    /// <summary>Each case by name: the version before, the new version, and whom the new one widens for.</summary>
    private static readonly Dictionary<string, (TransparencyPolicy Before, TransparencyPolicy After, PolicyWidening Expected)> Cases = new()
    {
        ["Nothing changes"] = (Default, Default, Nobody),
        ["A purpose is reworded"] = (Default, Default.With(Default.For(DataCategory.Totals) with { Purpose = "To approve timesheets." }), Nobody),

        ["Timer switched off"] = (Default, Setting(s => s with { TimerEnabled = false }), Nobody),
        ["Adding entries by hand switched off"] = (Default, Setting(s => s with { ManualEntriesEnabled = false }), Nobody),
        ["Changes by hand need a reason"] = (Default, Setting(s => s with { ManualEditsNeedReason = true }), Nobody),
        ["Overlaps allowed"] = (Default, Setting(s => s with { Overlaps = OverlapRule.Allowed }), Nobody),
        ["Working days changed"] = (Default, Setting(s => s with { WorkingDays = 1 | 2 | 4 }), Nobody),
        ["Workday starts earlier"] = (Default, Setting(s => s with { WorkdayStart = new LocalTime(6, 0) }), Nobody),
        ["Workday ends later"] = (Default, Setting(s => s with { WorkdayEnd = new LocalTime(21, 0) }), Nobody),
        ["Entries may be changed further back"] = (Default, Setting(s => s with { MaximumDaysInPast = 3000 }), Nobody),
        ["Entries may be added ahead"] = (Default, Setting(s => s with { MaximumDaysInFuture = 30 }), Nobody),

        ["Digest embargo shorter"] = (Default, Setting(s => s with { DigestEmbargoHours = 24 }), ForEveryone),
        ["Digest embargo gone"] = (Default, Setting(s => s with { DigestEmbargoHours = 0 }), ForEveryone),
        ["Digest embargo longer"] = (Default, Setting(s => s with { DigestEmbargoHours = 72 }), Nobody),
        ["Smaller k"] = (Default, Setting(s => s with { MinimumGroupSize = 3 }), ForEveryone),
        ["Larger k"] = (Default, Setting(s => s with { MinimumGroupSize = 8 }), Nobody),

        ["Grant from nothing to group totals"] = (Grant(DataCategory.Totals, Audience.Teammates, G.None), Grant(DataCategory.Totals, Audience.Teammates, G.Aggregate), ForEveryone),
        ["Grant from group totals to individual totals"] = (Grant(DataCategory.Totals, Audience.OrganizationAdmins, G.Aggregate), Grant(DataCategory.Totals, Audience.OrganizationAdmins, G.IndividualTotals), ForEveryone),
        ["Grant from individual totals to details"] = (Default, Grant(DataCategory.EntryDetails, Audience.TeamManager, G.IndividualDetail), ForEveryone),
        ["Project managers granted more"] = (Default, Grant(DataCategory.ProjectTotals, Audience.ProjectManagers, G.IndividualDetail), ForEveryone),
        ["Billing granted to team managers"] = (Default, Grant(DataCategory.Billing, Audience.TeamManager, G.Aggregate), ForEveryone),
        ["Grant from details to totals"] = (Grant(DataCategory.EntryDetails, Audience.TeamManager, G.IndividualDetail), Default, Nobody),
        ["Admins no longer see group totals"] = (Default, Grant(DataCategory.Totals, Audience.OrganizationAdmins, G.None), Nobody),
        ["One grant finer, another coarser"] = (
            Default,
            Default.With(Default.For(DataCategory.Totals) with { Grants = Grants((Audience.TeamManager, G.Aggregate), (Audience.Teammates, G.Aggregate)) }),
            ForEveryone),

        ["Category no longer tracked"] = (Default, Untracked(Default, DataCategory.WorkloadSignals), Nobody),
        ["Category tracked again with its grants"] = (Untracked(Default, DataCategory.WorkloadSignals), Default, ForEveryone),
        ["Category tracked again seen only by the person"] = (Untracked(Default, DataCategory.LiveTimer), Default, Nobody),
        ["Grant of a category that stays untracked"] = (
            Untracked(Default, DataCategory.OutsideHours),
            Untracked(Grant(DataCategory.OutsideHours, Audience.TeamManager, G.IndividualDetail), DataCategory.OutsideHours),
            Nobody),

        ["Kept longer"] = (Default, Kept(DataCategory.Digests, 730), ForEveryone),
        ["Kept while a member instead of for days"] = (Default, Kept(DataCategory.EntryDetails, null), ForEveryone),
        ["Kept for days instead of while a member"] = (Default, Kept(DataCategory.Totals, 365), Nobody),
        ["Kept shorter"] = (Default, Kept(DataCategory.Digests, 30), Nobody),
        ["Kept longer, of what only the person sees"] = (Default, Kept(DataCategory.Reflections, null), ForEveryone),
        ["Kept longer while untracked"] = (Untracked(Default, DataCategory.Digests), Untracked(Kept(DataCategory.Digests, 3000), DataCategory.Digests), Nobody),

        ["Exception added about a team"] = (Default, With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)), PolicyWidening.ForTeams([Support])),
        ["Exceptions added about two teams"] = (
            Default,
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support), Exception(Mia, DataCategory.Digests, G.Aggregate, Sales)),
            PolicyWidening.ForTeams([Sales, Support])),
        ["Exception added about everyone"] = (Default, With(Exception(Cleo, DataCategory.Totals, G.Aggregate)), ForEveryone),
        ["Exception made finer"] = (
            With(Exception(Cleo, DataCategory.Totals, G.Aggregate, Support)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            PolicyWidening.ForTeams([Support])),
        ["Exception made coarser"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualDetail, Support)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            Nobody),
        ["Exception removed"] = (With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals)), Default, Nobody),
        ["Exception's reason reworded"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support, "Covering for Mia.")),
            Nobody),
        ["Exceptions reordered"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support), Exception(Mia, DataCategory.Digests, G.Aggregate)),
            With(Exception(Mia, DataCategory.Digests, G.Aggregate), Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            Nobody),
        ["Exception narrowed from everyone to a team"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            Nobody),
        ["Exception widened from a team to everyone"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals)),
            ForEveryone),
        ["Exception moved to another team"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Sales)),
            PolicyWidening.ForTeams([Sales])),
        ["Exception given to someone else"] = (
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            With(Exception(Mia, DataCategory.Totals, G.IndividualTotals, Support)),
            PolicyWidening.ForTeams([Support])),
        ["Exception about a team finer than one about everyone"] = (
            With(Exception(Cleo, DataCategory.Totals, G.Aggregate)),
            With(Exception(Cleo, DataCategory.Totals, G.Aggregate), Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            PolicyWidening.ForTeams([Support])),
        ["Exception about a category that is not tracked"] = (
            Untracked(Default, DataCategory.OutsideHours),
            Untracked(With(Exception(Cleo, DataCategory.OutsideHours, G.IndividualDetail, Support)), DataCategory.OutsideHours),
            Nobody),
        ["Category tracked again under an exception about a team"] = (
            Untracked(Default, DataCategory.LiveTimer).WithExceptions([Exception(Cleo, DataCategory.LiveTimer, G.IndividualTotals, Support)]),
            With(Exception(Cleo, DataCategory.LiveTimer, G.IndividualTotals, Support)),
            PolicyWidening.ForTeams([Support])),
        ["A grant and an exception about a team"] = (
            Default,
            Grant(DataCategory.EntryDetails, Audience.TeamManager, G.IndividualDetail).WithExceptions([Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)]),
            ForEveryone),
        ["An exception about a team added while another narrows"] = (
            With(Exception(Mia, DataCategory.Digests, G.IndividualTotals)),
            With(Exception(Cleo, DataCategory.Totals, G.IndividualTotals, Support)),
            PolicyWidening.ForTeams([Support])),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_version_widens_only_for_those_others_may_now_see_more_of(string name)
    {
        var (before, after, expected) = Cases[name];

        Assert.Equal(expected, PolicyDiff.WideningFor(before, after));
    }

    [Fact]
    public void The_first_version_widens_for_nobody() =>
        Assert.Equal(Nobody, PolicyDiff.WideningFor(null, Grant(DataCategory.EntryDetails, Audience.Teammates, G.IndividualDetail)));

    [Fact]
    public void A_change_that_widens_always_has_a_plain_language_line()
    {
        Assert.All(Cases.Values.Where(c => !c.Expected.IsNobody), c => Assert.NotEmpty(PolicyDiff.Between(c.Before, c.After)));
    }

    [Theory]
    [InlineData(true, new string[0], true)]
    [InlineData(false, new[] { "00000000-0000-0000-0000-0000000002a1" }, true)]
    [InlineData(false, new[] { "00000000-0000-0000-0000-0000000002a2" }, false)]
    [InlineData(false, new string[0], false)]
    public void Widening_for_a_team_includes_only_its_members(bool everyone, string[] personsTeams, bool included)
    {
        var widening = everyone ? ForEveryone : PolicyWidening.ForTeams([Support]);

        Assert.Equal(included, widening.Includes(personsTeams.Select(Guid.Parse)));
        Assert.False(Nobody.Includes([Support, Sales]));
    }

    [Fact]
    public void Widening_is_a_value()
    {
        Assert.Equal(PolicyWidening.ForTeams([Support, Sales, Support]), PolicyWidening.ForTeams([Sales, Support]));
        Assert.Equal(PolicyWidening.ForTeams([Support, Sales]).GetHashCode(), PolicyWidening.ForTeams([Sales, Support]).GetHashCode());
        Assert.Same(Nobody, PolicyWidening.ForTeams([]));
        Assert.True(Nobody.IsNobody);
        Assert.Empty(ForEveryone.TeamIds);
        Assert.Equal(ForEveryone, PolicyWidening.ForTeams([Support]).Or(ForEveryone));
        Assert.Equal(PolicyWidening.ForTeams([Support, Sales]), PolicyWidening.ForTeams([Support]).Or(PolicyWidening.ForTeams([Sales])));
    }

    private static TransparencyPolicy Setting(Func<PolicySettings, PolicySettings> change) => Default.With(change(Default.Settings));

    private static TransparencyPolicy Grant(DataCategory category, Audience audience, G granularity)
    {
        var rule = Default.For(category);
        return Default.With(rule with { Grants = new Dictionary<Audience, G>(rule.Grants) { [audience] = granularity } });
    }

    private static Dictionary<Audience, G> Grants(params (Audience Audience, G Granularity)[] grants) =>
        grants.ToDictionary(g => g.Audience, g => g.Granularity);

    private static TransparencyPolicy Untracked(TransparencyPolicy policy, DataCategory category) =>
        policy.With(policy.For(category) with { Tracked = false });

    private static TransparencyPolicy Kept(DataCategory category, int? days) => Default.With(Default.For(category) with { RetentionDays = days });

    private static TransparencyPolicy With(params PolicyException[] exceptions) => Default.WithExceptions(exceptions);
}
