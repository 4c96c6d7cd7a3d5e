using System.Linq.Expressions;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class VisibleSubjectsTests
{
    private static readonly Granularity[] Needed = [Granularity.Aggregate, Granularity.IndividualTotals, Granularity.IndividualDetail];

    /// <summary>A row of someone's data as a query sees it: whose, in which organization, on which project.</summary>
    private sealed record Row(Guid TenantId, Guid SubjectUserId, Guid ProjectId);

    /// <summary>Everyone's rows on both projects, in both organizations.</summary>
    private static readonly Row[] Rows =
    [
        .. from tenant in new[] { Home, Elsewhere }
           from person in Everyone
           from project in new[] { TheProject, AnotherProject }
           select new Row(tenant, person, project),
    ];

    public static TheoryData<DataCategory, Audience, Granularity, bool, Relationship> EveryCase()
    {
        var data = new TheoryData<DataCategory, Audience, Granularity, bool, Relationship>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                foreach (var granted in Enum.GetValues<Granularity>())
                {
                    foreach (var tracked in new[] { true, false })
                    {
                        foreach (var relationship in Enum.GetValues<Relationship>())
                        {
                            data.Add(category, audience, granted, tracked, relationship);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void List_filters_keep_exactly_the_rows_the_single_decision_allows(
        DataCategory category, Audience audience, Granularity granted, bool tracked, Relationship relationship) =>
        AssertFiltersAgreeWithDecide(OnlyGrant(category, audience, granted, tracked), ViewerFor(relationship), category);

    [Theory]
    [MemberData(nameof(AllCategories), MemberType = typeof(Policies))]
    public void List_filters_agree_with_the_single_decision_for_exceptions(DataCategory category)
    {
        var withTeams = new Viewer(Home, Cleo, OrgRole.Employee, Set(), Set(), Set(), new Dictionary<Guid, IReadOnlySet<Guid>>
        {
            [Support] = Set(Sam, Tom),
        });
        var policies = new[]
        {
            Closed().WithExceptions([Exception(Cleo, category, Granularity.IndividualTotals, Support)]),
            Closed().WithExceptions([Exception(Cleo, category, Granularity.Aggregate)]),
            Closed().WithExceptions([Exception(Cleo, category, Granularity.IndividualDetail, Sales)]),
            Closed().WithExceptions([Exception(Mia, category, Granularity.IndividualDetail)]),
        };

        foreach (var policy in policies)
        {
            AssertFiltersAgreeWithDecide(policy, withTeams, category);
        }
    }

    [Fact]
    public void List_filters_agree_with_the_single_decision_for_random_policies_and_viewers()
    {
        var random = new Random(7);
        var granularities = Enum.GetValues<Granularity>();
        var roles = Enum.GetValues<OrgRole>();
        Guid[] projects = [TheProject, AnotherProject];
        IReadOnlySet<Guid> Some(Guid[] ids) => ids.Where(_ => random.Next(3) == 0).ToHashSet();

        for (var i = 0; i < 100; i++)
        {
            var policy = new TransparencyPolicy(
                Enum.GetValues<DataCategory>().Select(c => Category(
                    c,
                    random.Next(4) > 0,
                    [.. Enum.GetValues<Audience>().Select(a => (a, granularities[random.Next(granularities.Length)]))])),
                [Exception(Everyone[random.Next(Everyone.Length)], DataCategory.Totals, granularities[random.Next(granularities.Length)], random.Next(2) == 0 ? Support : null)],
                PolicySettings.Default with { MinimumGroupSize = random.Next(2, 10) });
            var viewer = new Viewer(
                random.Next(5) == 0 ? Elsewhere : Home,
                Everyone[random.Next(Everyone.Length)],
                roles[random.Next(roles.Length)],
                Some(Everyone),
                Some(Everyone),
                Some(projects),
                new Dictionary<Guid, IReadOnlySet<Guid>> { [Support] = Some(Everyone) });

            foreach (var category in Enum.GetValues<DataCategory>())
            {
                AssertFiltersAgreeWithDecide(policy, viewer, category);
            }
        }
    }

    [Theory]
    [InlineData(Relationship.OwnManager, DataCategory.Totals, Granularity.IndividualTotals, "Mia,Sam,Tom")]
    [InlineData(Relationship.OwnManager, DataCategory.Totals, Granularity.IndividualDetail, "Mia")]
    [InlineData(Relationship.OwnManager, DataCategory.EntryDetails, Granularity.Aggregate, "Mia")]
    [InlineData(Relationship.OwnManager, DataCategory.Digests, Granularity.IndividualTotals, "Mia,Sam,Tom")]
    [InlineData(Relationship.OwnManager, DataCategory.OutsideHours, Granularity.Aggregate, "Mia")]
    [InlineData(Relationship.Admin, DataCategory.Totals, Granularity.Aggregate, "*")]
    [InlineData(Relationship.Admin, DataCategory.Totals, Granularity.IndividualTotals, "Ada")]
    [InlineData(Relationship.Owner, DataCategory.Rates, Granularity.Aggregate, "*")]
    [InlineData(Relationship.Owner, DataCategory.Reflections, Granularity.Aggregate, "Olga")]
    [InlineData(Relationship.Teammate, DataCategory.LiveTimer, Granularity.Aggregate, "Tom")]
    [InlineData(Relationship.ProjectManagerOfTheProject, DataCategory.ProjectTotals, Granularity.IndividualTotals, "Pia")]
    public void Default_policy_lets_each_viewer_list_only_the_people_it_grants(
        Relationship relationship, DataCategory category, Granularity needed, string expected)
    {
        var (everyone, people) = Policy.PeopleVisible(TransparencyPolicy.Default, ViewerFor(relationship), category, needed);

        Assert.Equal(expected == "*", everyone);
        if (!everyone)
        {
            Assert.Equal(expected.Split(','), people.Select(NameOf).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Project_manager_lists_entries_on_their_project_only()
    {
        var filter = Policy.VisibleEntries<Row>(
            TransparencyPolicy.Default,
            ViewerFor(Relationship.ProjectManagerOfTheProject),
            DataCategory.ProjectTotals,
            Granularity.IndividualTotals,
            r => r.SubjectUserId,
            r => r.ProjectId).Compile();

        var kept = Rows.Where(r => r.TenantId == Home).Where(filter).ToList();

        Assert.All(kept, r => Assert.True(r.ProjectId == TheProject || r.SubjectUserId == Pia));
        Assert.Contains(new Row(Home, Sam, TheProject), kept);
        Assert.DoesNotContain(new Row(Home, Sam, AnotherProject), kept);
    }

    [Fact]
    public void Filter_for_an_admin_aggregate_is_a_constant_true()
    {
        var filter = Policy.VisibleSubjects<Row>(TransparencyPolicy.Default, ViewerFor(Relationship.Admin), DataCategory.Totals, Granularity.Aggregate, r => r.SubjectUserId);

        Assert.Equal(true, Assert.IsType<ConstantExpression>(filter.Body).Value);
    }

    [Fact]
    public void Filter_is_a_query_over_the_rows_not_a_compiled_delegate()
    {
        var filter = Policy.VisibleEntries<Row>(
            TransparencyPolicy.Default,
            new Viewer(Home, Mia, OrgRole.Manager, Set(Sam), Set(), Set(TheProject), NoTeams()),
            DataCategory.ProjectTotals,
            Granularity.IndividualTotals,
            r => r.SubjectUserId,
            r => r.ProjectId);

        var kept = Rows.AsQueryable().Where(r => r.TenantId == Home).Where(filter).ToList();

        Assert.Equal(Rows.Count(r => r.TenantId == Home && (r.SubjectUserId == Mia || r.SubjectUserId == Sam || r.ProjectId == TheProject)), kept.Count);
    }

    /// <summary>
    /// Both list filters, behind the tenant filter every query has, keep a row exactly when the single
    /// decision allows it: VisibleSubjects without a project, VisibleEntries about the row's project.
    /// </summary>
    private static void AssertFiltersAgreeWithDecide(TransparencyPolicy policy, Viewer viewer, DataCategory category)
    {
        foreach (var needed in Needed)
        {
            var subjects = Policy.VisibleSubjects<Row>(policy, viewer, category, needed, r => r.SubjectUserId).Compile();
            var entries = Policy.VisibleEntries<Row>(policy, viewer, category, needed, r => r.SubjectUserId, r => r.ProjectId).Compile();
            foreach (var row in Rows)
            {
                var subject = new Subject(row.TenantId, row.SubjectUserId);
                var inTenant = row.TenantId == viewer.TenantId;

                Assert.Equal(Policy.Allows(policy, viewer, subject, category, needed), inTenant && subjects(row));
                Assert.Equal(Policy.Allows(policy, viewer, subject, category, needed, row.ProjectId), inTenant && entries(row));
            }
        }
    }

    private static string NameOf(Guid id) => new Dictionary<Guid, string>
    {
        [Sam] = "Sam",
        [Mia] = "Mia",
        [Omar] = "Omar",
        [Ada] = "Ada",
        [Olga] = "Olga",
        [Tom] = "Tom",
        [Pia] = "Pia",
        [Quinn] = "Quinn",
        [Cleo] = "Cleo",
        [Zoe] = "Zoe",
        [Xavier] = "Xavier",
    }[id];
}
