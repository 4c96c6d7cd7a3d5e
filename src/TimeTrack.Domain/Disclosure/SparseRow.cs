namespace TimeTrack.Domain.Disclosure;

/// <summary>
/// An immutable row over GF(2^61 − 1): the nonzero coefficients, by ascending column. Rows here are
/// short (a cell touches the variables of a few leaves), so sorted arrays beat dense vectors.
/// </summary>
internal sealed class SparseRow
{
    private readonly int[] _columns;
    private readonly ulong[] _values;

    public SparseRow(int[] columns, ulong[] values)
    {
        _columns = columns;
        _values = values;
    }

    public static SparseRow Zero { get; } = new([], []);

    public int Count => _columns.Length;

    public bool IsZero => _columns.Length == 0;

    /// <summary>The lowest column with a nonzero coefficient; −1 for the zero row.</summary>
    public int First => _columns.Length == 0 ? -1 : _columns[0];

    public ReadOnlySpan<int> Columns => _columns;

    public ReadOnlySpan<ulong> Values => _values;

    /// <summary>The row with coefficient 1 at each of <paramref name="sortedDistinctColumns"/>.</summary>
    public static SparseRow Ones(int[] sortedDistinctColumns)
    {
        var values = new ulong[sortedDistinctColumns.Length];
        Array.Fill(values, 1UL);
        return new SparseRow(sortedDistinctColumns, values);
    }

    public ulong ValueAt(int column)
    {
        var at = Array.BinarySearch(_columns, column);
        return at >= 0 ? _values[at] : 0;
    }

    public SparseRow Scaled(ulong factor)
    {
        var values = new ulong[_values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Gf61.Multiply(_values[i], factor);
        }

        return new SparseRow(_columns, values);
    }

    /// <summary>
    /// This row plus <paramref name="factor"/> times <paramref name="other"/>. Columns that the result
    /// has and this row did not are appended to <paramref name="gained"/>, so callers can keep a
    /// column index up to date without comparing supports again.
    /// </summary>
    public SparseRow PlusMultiple(ulong factor, SparseRow other, List<int> gained)
    {
        var columns = new int[_columns.Length + other._columns.Length];
        var values = new ulong[columns.Length];
        int i = 0, j = 0, n = 0;
        while (i < _columns.Length || j < other._columns.Length)
        {
            int column;
            ulong value;
            var fromOther = false;
            if (j == other._columns.Length || (i < _columns.Length && _columns[i] < other._columns[j]))
            {
                column = _columns[i];
                value = _values[i++];
            }
            else if (i == _columns.Length || other._columns[j] < _columns[i])
            {
                column = other._columns[j];
                value = Gf61.Multiply(factor, other._values[j++]);
                fromOther = true;
            }
            else
            {
                column = _columns[i];
                value = Gf61.Add(_values[i++], Gf61.Multiply(factor, other._values[j++]));
            }

            if (value != 0)
            {
                columns[n] = column;
                values[n++] = value;
                if (fromOther)
                {
                    gained.Add(column);
                }
            }
        }

        return new SparseRow(columns[..n], values[..n]);
    }

    /// <summary>True when this row is λ · <paramref name="other"/> for some λ ≠ 0 (both nonzero).</summary>
    public bool IsMultipleOf(SparseRow other)
    {
        if (_columns.Length != other._columns.Length || _columns.Length == 0)
        {
            return false;
        }

        // Cross-multiplying avoids an inverse: a_i / b_i = a_0 / b_0 ⇔ a_i · b_0 = b_i · a_0.
        var a0 = _values[0];
        var b0 = other._values[0];
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_columns[i] != other._columns[i]
                || Gf61.Multiply(_values[i], b0) != Gf61.Multiply(other._values[i], a0))
            {
                return false;
            }
        }

        return true;
    }
}
