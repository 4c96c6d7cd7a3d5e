namespace TimeTrack.Domain.Disclosure;

/// <summary>
/// Arithmetic in GF(p) for the Mersenne prime p = 2^61 − 1, so that linear algebra over the cells is
/// exact without rationals growing as wide as the matrix.
/// </summary>
/// <remarks>
/// Why a finite field answers the rational question: every row here has integer entries (0/1 for cells
/// and protected quantities, rates for disclosed sums). For an integer matrix, the rank over GF(p)
/// equals the rank over the rationals unless p divides a nonzero minor the rational rank rests on; then
/// "t lies in the span of B" has the same answer in both fields. A rank can only drop modulo p, but
/// that is not always on the cautious side: if the basis itself lost rank, a determined quantity could
/// look undetermined. A prime cannot divide a nonzero integer smaller than itself, so this cannot happen
/// while the minors stay below p = 2^61 − 1 (by Hadamard's bound, 0/1 rows of rank at most 36; less
/// with rate coefficients). Beyond that it needs p to divide one particular minor, which nothing in
/// time-tracking data steers towards; we accept that residual risk for speed. The property tests
/// compare the planner with exact rational algebra.
/// </remarks>
internal static class Gf61
{
    public const ulong P = (1UL << 61) - 1;

    public static ulong From(long value)
    {
        var m = value % (long)P;
        return (ulong)(m < 0 ? m + (long)P : m);
    }

    public static ulong Add(ulong a, ulong b)
    {
        var s = a + b;
        return s >= P ? s - P : s;
    }

    public static ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + P - b;

    public static ulong Negate(ulong a) => a == 0 ? 0 : P - a;

    public static ulong Multiply(ulong a, ulong b)
    {
        var product = (UInt128)a * b;

        // Folding the high bits onto the low ones reduces modulo a Mersenne prime without a division.
        var folded = ((ulong)product & P) + (ulong)(product >> 61);
        folded = (folded & P) + (folded >> 61);
        return folded >= P ? folded - P : folded;
    }

    public static ulong Inverse(ulong a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("Zero has no inverse.");
        }

        // Fermat: a^(p−2) · a = a^(p−1) = 1.
        var result = 1UL;
        var power = a;
        for (var e = P - 2; e != 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
        }

        return result;
    }
}
