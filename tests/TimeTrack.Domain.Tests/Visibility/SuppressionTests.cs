using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;
using Policy = TimeTrack.Domain.Visibility.Visibility;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class SuppressionTests
{
    /// <summary>Group sizes from 0 to k + 1 for several k, and whether an aggregate over them is shown.</summary>
    public static TheoryData<int, int, bool> GroupSizes()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var k in new[] { 2, 3, 5, 10 })
        {
            for (var size = 0; size <= k + 1; size++)
            {
                data.Add(k, size, size >= k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GroupSizes))]
    public void Aggregate_over_fewer_than_k_people_is_suppressed(int k, int groupSize, bool shown) =>
        Assert.Equal(shown, Policy.AggregateIsShown(Closed(k), groupSize));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(500, true)]
    public void Default_policy_shows_aggregates_from_five_people(int groupSize, bool shown)
    {
        Assert.Equal(5, TransparencyPolicy.Default.MinimumGroupSize);
        Assert.Equal(shown, Policy.AggregateIsShown(TransparencyPolicy.Default, groupSize));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Policy_refuses_a_minimum_group_size_below_one(int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Closed(k));
}
