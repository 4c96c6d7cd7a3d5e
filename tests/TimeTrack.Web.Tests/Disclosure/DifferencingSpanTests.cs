using System.Numerics;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// The audit's algebra on its own: it must find a person's time where a deliberately leaky set of
/// figures gives it away, and must not find it where it cannot be worked out. Columns are cells
/// (one person's time on one day and item); rows are the figures shown.
/// </summary>
public sealed class DifferencingSpanTests
{
    [Fact]
    public void Two_team_totals_that_differ_by_one_person_determine_that_persons_time()
    {
        // Cells 0..4: five people of a team; 5: the one person only the larger team has.
        var span = new ExactSpan();
        span.Add([0, 1, 2, 3, 4]);
        Assert.False(span.Contains([5]));

        span.Add([0, 1, 2, 3, 4, 5]);

        Assert.True(span.Contains([5]));
        Assert.False(span.Contains([0]));
        Assert.False(span.Contains([0, 1]));
        Assert.Equal(2, span.Rank);
    }

    [Fact]
    public void A_persons_time_that_only_a_rational_combination_gives_is_found()
    {
        // a+b, b+c, a+c: a = ((a+b) + (a+c) − (b+c)) / 2. Modulo 2 the three rows are dependent and a
        // looks safe; over the rationals it is not.
        var span = new ExactSpan();
        span.Add([0, 1]);
        span.Add([1, 2]);
        span.Add([0, 2]);

        Assert.True(span.Contains([0]));
        Assert.True(span.Contains([1]));
        Assert.True(span.Contains([2]));
        Assert.Equal(3, span.Rank);
    }

    [Fact]
    public void Figures_that_always_weigh_two_cells_alike_never_tell_them_apart()
    {
        // Two people who are in the same groups and worked on the same items: every figure adds both.
        var span = new ExactSpan();
        span.Add([0, 1, 2]);
        span.Add([0, 1]);
        span.Add([0, 1, 3]);

        Assert.True(span.Contains([0, 1]));
        Assert.True(span.Contains([2]));
        Assert.True(span.Contains([3]));
        Assert.False(span.Contains([0]));
        Assert.False(span.Contains([1]));
        Assert.False(span.Add([2, 3, 0, 1]));
        Assert.Equal(3, span.Rank);
    }

    [Fact]
    public void Integer_coefficients_are_kept_exactly()
    {
        var span = new ExactSpan();
        span.Add(new Dictionary<int, BigInteger> { [0] = 3, [1] = 5 });
        span.Add(new Dictionary<int, BigInteger> { [0] = 7, [1] = -2 });

        // Any vector over two columns is in the span of two independent rows.
        Assert.True(span.Contains(new Dictionary<int, BigInteger> { [0] = 1 }));
        Assert.True(span.Contains(new Dictionary<int, BigInteger> { [1] = BigInteger.Pow(10, 30) }));
        Assert.False(span.Contains(new Dictionary<int, BigInteger> { [2] = 1 }));

        var copy = span.Clone();
        copy.Add([2]);
        Assert.True(copy.Contains([2]));
        Assert.False(span.Contains([2]));
    }
}
