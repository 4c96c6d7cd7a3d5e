using System.Numerics;

namespace TimeTrack.Domain.Tests.Disclosure;

/// <summary>
/// The span of integer rows over the rationals, exactly: an echelon basis kept with integer entries
/// (fraction-free elimination, each row divided by the gcd of its entries). Written apart from the
/// planner's finite-field arithmetic so that the tests check it against independent exact algebra.
/// </summary>
internal sealed class RationalSpan(int width)
{
    // Each row is zero before its pivot; rows are kept by ascending pivot.
    private readonly List<(int Pivot, BigInteger[] Row)> _rows = [];

    public int Rank => _rows.Count;

    public void Add(BigInteger[] row)
    {
        var residual = Reduce(row);
        var pivot = Array.FindIndex(residual, x => !x.IsZero);
        if (pivot >= 0)
        {
            var at = _rows.FindIndex(r => r.Pivot > pivot);
            _rows.Insert(at < 0 ? _rows.Count : at, (pivot, residual));
        }
    }

    public bool Contains(BigInteger[] row) => Reduce(row).All(x => x.IsZero);

    private BigInteger[] Reduce(BigInteger[] row)
    {
        if (row.Length != width)
        {
            throw new ArgumentException($"Rows have {width} columns.", nameof(row));
        }

        var residual = (BigInteger[])row.Clone();
        foreach (var (pivot, basis) in _rows)
        {
            var factor = residual[pivot];
            if (factor.IsZero)
            {
                continue;
            }

            // residual · basis[pivot] − basis · residual[pivot] clears the pivot without fractions.
            var scale = basis[pivot];
            for (var j = 0; j < width; j++)
            {
                residual[j] = (residual[j] * scale) - (basis[j] * factor);
            }

            DivideByContent(residual);
        }

        return residual;
    }

    private static void DivideByContent(BigInteger[] row)
    {
        var gcd = BigInteger.Zero;
        foreach (var x in row)
        {
            gcd = BigInteger.GreatestCommonDivisor(gcd, x);
        }

        if (gcd > BigInteger.One)
        {
            for (var j = 0; j < row.Length; j++)
            {
                row[j] /= gcd;
            }
        }
    }
}
