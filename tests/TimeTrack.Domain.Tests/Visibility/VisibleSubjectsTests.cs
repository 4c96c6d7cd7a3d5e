using System.Linq.Expressions;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class VisibleSubjectsTests
{
    private sealed record Row(Guid SubjectUserId, string Label);

    private static readonly Row[] Rows =
    [
        new(Me, "me"),
        new(ReportA, "report-a"),
        new(ReportA, "report-a"),
        new(ReportB, "report-b"),
        new(Teammate, "teammate"),
        new(Stranger, "stranger"),
    ];

    [Theory]
    // Managers: reports are kept only when the grant reaches the needed granularity.
    [InlineData(OrgRole.Manager, "default", DataCategory.Totals, Granularity.IndividualTotals, "me,report-a,report-a,report-b")]
    [InlineData(OrgRole.Manager, "default", DataCategory.Totals, Granularity.Aggregate, "me,report-a,report-a,report-b")]
    [InlineData(OrgRole.Manager, "default", DataCategory.Totals, Granularity.IndividualDetail, "me")]
    [InlineData(OrgRole.Manager, "default", DataCategory.Digests, Granularity.IndividualTotals, "me,report-a,report-a,report-b")]
    [InlineData(OrgRole.Manager, "default", DataCategory.EntryDetails, Granularity.IndividualDetail, "me")]
    [InlineData(OrgRole.Manager, "default", DataCategory.EntryDetails, Granularity.Aggregate, "me")]
    [InlineData(OrgRole.Manager, "default", DataCategory.OutsideHours, Granularity.Aggregate, "me")]
    [InlineData(OrgRole.Manager, "default", DataCategory.Reflections, Granularity.Aggregate, "me")]
    // Admins: everyone for an aggregate the admins are granted, otherwise only what their other roles give.
    [InlineData(OrgRole.Admin, "default", DataCategory.Totals, Granularity.Aggregate, "me,report-a,report-a,report-b,teammate,stranger")]
    [InlineData(OrgRole.Admin, "default", DataCategory.Rates, Granularity.Aggregate, "me,report-a,report-a,report-b,teammate,stranger")]
    [InlineData(OrgRole.Admin, "default", DataCategory.Totals, Granularity.IndividualTotals, "me,report-a,report-a,report-b")]
    [InlineData(OrgRole.Admin, "default", DataCategory.Rates, Granularity.IndividualTotals, "me")]
    [InlineData(OrgRole.Admin, "default", DataCategory.Reflections, Granularity.Aggregate, "me")]
    [InlineData(OrgRole.Owner, "default", DataCategory.WorkloadSignals, Granularity.Aggregate, "me,report-a,report-a,report-b,teammate,stranger")]
    [InlineData(OrgRole.Owner, "default", DataCategory.EntryDetails, Granularity.IndividualDetail, "me")]
    // No implicit exception for owners.
    [InlineData(OrgRole.Owner, "nothing", DataCategory.Totals, Granularity.Aggregate, "me")]
    // Teammates only when the rules grant them.
    [InlineData(OrgRole.Employee, "default", DataCategory.LiveTimer, Granularity.IndividualTotals, "me")]
    [InlineData(OrgRole.Employee, "open-team", DataCategory.LiveTimer, Granularity.IndividualTotals, "me,teammate")]
    [InlineData(OrgRole.Employee, "open-team", DataCategory.LiveTimer, Granularity.IndividualDetail, "me")]
    [InlineData(OrgRole.Employee, "open-team", DataCategory.EntryDetails, Granularity.IndividualDetail, "me,teammate")]
    [InlineData(OrgRole.Employee, "open-team", DataCategory.Totals, Granularity.IndividualTotals, "me,report-a,report-a,report-b")]
    public void List_keeps_own_rows_and_rows_of_people_granted_at_the_needed_granularity(
        OrgRole role, string rules, DataCategory category, Granularity needed, string expected)
    {
        var kept = Apply(Policy.VisibleSubjects<Row>(Named(rules), MeAs(role), category, needed, r => r.SubjectUserId));

        Assert.Equal(expected, string.Join(',', kept.Select(r => r.Label)));
    }

    public static TheoryData<DataCategory, Granularity, OrgRole> EveryRequest()
    {
        var data = new TheoryData<DataCategory, Granularity, OrgRole>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            foreach (var needed in new[] { Granularity.Aggregate, Granularity.IndividualTotals, Granularity.IndividualDetail })
            {
                foreach (var role in Enum.GetValues<OrgRole>())
                {
                    data.Add(category, needed, role);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRequest))]
    public void Own_rows_are_kept_even_when_the_rules_grant_nothing(DataCategory category, Granularity needed, OrgRole role)
    {
        var kept = Apply(Policy.VisibleSubjects<Row>(Nothing, MeAs(role), category, needed, r => r.SubjectUserId));

        Assert.Equal(["me"], kept.Select(r => r.Label));
    }

    [Fact]
    public void List_filter_agrees_with_the_single_decision_for_random_policies_and_viewers()
    {
        var random = new Random(7);
        var people = Enumerable.Range(1, 10).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        var rows = people.Append(Guid.Empty).Select(id => new Row(id, id.ToString())).ToArray();
        var categories = Enum.GetValues<DataCategory>();
        var audiences = Enum.GetValues<Audience>();
        var granularities = Enum.GetValues<Granularity>();
        var roles = Enum.GetValues<OrgRole>();

        for (var i = 0; i < 100; i++)
        {
            var grants = new Dictionary<(DataCategory, Audience), Granularity>();
            foreach (var category in categories)
            {
                foreach (var audience in audiences)
                {
                    grants[(category, audience)] = granularities[random.Next(granularities.Length)];
                }
            }

            var rules = new VisibilityRules(grants, random.Next(1, 10));
            var viewer = new Viewer(
                people[random.Next(people.Length)],
                roles[random.Next(roles.Length)],
                people.Where(_ => random.Next(3) == 0).ToHashSet(),
                people.Where(_ => random.Next(3) == 0).ToHashSet());

            foreach (var category in categories)
            {
                foreach (var needed in granularities.Where(g => g > Granularity.None))
                {
                    var keep = Policy.VisibleSubjects<Row>(rules, viewer, category, needed, r => r.SubjectUserId).Compile(preferInterpretation: true);
                    foreach (var row in rows)
                    {
                        Assert.Equal(Policy.Allows(rules, viewer, row.SubjectUserId, category, needed), keep(row));
                    }
                }
            }
        }
    }

    [Fact]
    public void Filter_is_a_Contains_over_constant_ids_so_it_translates_to_SQL()
    {
        Expression<Func<Row, Guid>> subject = r => r.SubjectUserId;

        var filter = Policy.VisibleSubjects(VisibilityRules.Default, MeAs(OrgRole.Manager), DataCategory.Totals, Granularity.IndividualTotals, subject);

        var call = Assert.IsAssignableFrom<MethodCallExpression>(filter.Body);
        Assert.Equal(typeof(Enumerable), call.Method.DeclaringType);
        Assert.Equal(nameof(Enumerable.Contains), call.Method.Name);
        var ids = Assert.IsType<Guid[]>(Assert.IsAssignableFrom<ConstantExpression>(call.Arguments[0]).Value);
        Assert.Equal(new[] { Me, ReportA, ReportB }.Order(), ids.Order());
        Assert.Same(subject.Parameters[0], Assert.Single(filter.Parameters));
    }

    [Fact]
    public void Filter_for_an_admin_aggregate_is_a_constant_true()
    {
        var filter = Policy.VisibleSubjects<Row>(VisibilityRules.Default, MeAs(OrgRole.Admin), DataCategory.Totals, Granularity.Aggregate, r => r.SubjectUserId);

        Assert.Equal(true, Assert.IsAssignableFrom<ConstantExpression>(filter.Body).Value);
    }

    private static List<Row> Apply(Expression<Func<Row, bool>> filter) => [.. Rows.AsQueryable().Where(filter)];
}
