using System.Numerics;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// The span over the rationals of integer row vectors (sparse: column → coefficient), kept in
/// echelon form by fraction-free Gaussian elimination over <see cref="BigInteger"/>. Whether a
/// figure is a linear combination of others is then a yes-or-no answer with no rounding and no
/// modulus: written independently of the app's planner (which works over GF(p)) so that the audit
/// does not share its blind spots.
/// </summary>
public sealed class ExactSpan
{
    // Each basis row is zero at the pivots of the rows before it, so reducing against the rows in
    // order leaves a vector zero at every pivot; it reduces to nothing exactly when it is in the span.
    private readonly List<(int Pivot, Dictionary<int, BigInteger> Row)> _basis = [];

    public int Rank => _basis.Count;

    /// <summary>Adds a 0/1 row: the indicator of <paramref name="columns"/>. True when it was not in the span yet.</summary>
    public bool Add(IEnumerable<int> columns) => Add(Indicator(columns));

    /// <summary>Adds a row; true when it was not in the span yet (the rank grew).</summary>
    public bool Add(IReadOnlyDictionary<int, BigInteger> row)
    {
        var reduced = Reduce(row);
        if (reduced.Count == 0)
        {
            return false;
        }

        _basis.Add((reduced.Keys.Min(), reduced));
        return true;
    }

    /// <summary>Whether the indicator of <paramref name="columns"/> is a rational combination of the rows added.</summary>
    public bool Contains(IEnumerable<int> columns) => Contains(Indicator(columns));

    /// <summary>Whether <paramref name="row"/> is a rational combination of the rows added.</summary>
    public bool Contains(IReadOnlyDictionary<int, BigInteger> row) => Reduce(row).Count == 0;

    /// <summary>A copy to try more rows on without changing this one.</summary>
    public ExactSpan Clone()
    {
        var copy = new ExactSpan();
        copy._basis.AddRange(_basis.Select(b => (b.Pivot, new Dictionary<int, BigInteger>(b.Row))));
        return copy;
    }

    public static Dictionary<int, BigInteger> Indicator(IEnumerable<int> columns) =>
        columns.Distinct().ToDictionary(c => c, _ => BigInteger.One);

    private Dictionary<int, BigInteger> Reduce(IReadOnlyDictionary<int, BigInteger> row)
    {
        var vector = row.Where(e => !e.Value.IsZero).ToDictionary(e => e.Key, e => e.Value);
        foreach (var (pivot, basis) in _basis)
        {
            if (!vector.TryGetValue(pivot, out var coefficient))
            {
                continue;
            }

            // vector := p·vector − c·basis clears the pivot and stays integral (no fractions, no division).
            var p = basis[pivot];
            foreach (var column in vector.Keys.ToList())
            {
                vector[column] *= p;
            }

            foreach (var (column, value) in basis)
            {
                var updated = vector.GetValueOrDefault(column) - (coefficient * value);
                if (updated.IsZero)
                {
                    vector.Remove(column);
                }
                else
                {
                    vector[column] = updated;
                }
            }

            Normalize(vector);
        }

        return vector;
    }

    /// <summary>Divides by the entries' common divisor, so coefficients stay small however long the elimination.</summary>
    private static void Normalize(Dictionary<int, BigInteger> vector)
    {
        var divisor = BigInteger.Zero;
        foreach (var value in vector.Values)
        {
            divisor = BigInteger.GreatestCommonDivisor(divisor, value);
            if (divisor.IsOne)
            {
                return;
            }
        }

        if (divisor > BigInteger.One)
        {
            foreach (var column in vector.Keys.ToList())
            {
                vector[column] /= divisor;
            }
        }
    }
}
