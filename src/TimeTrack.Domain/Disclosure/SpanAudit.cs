namespace TimeTrack.Domain.Disclosure;

/// <summary>What happened to a row offered for release.</summary>
internal enum Offer
{
    /// <summary>Already in the span of what is released: showing it tells nothing new.</summary>
    AlreadyDetermined,

    /// <summary>Added to the released rows; no protected quantity became determined.</summary>
    Released,

    /// <summary>Refused because it would determine a protected quantity; it is now protected itself.</summary>
    WouldReveal,
}

/// <summary>
/// The rows released so far, kept as a basis in reduced echelon form over GF(2^61 − 1), and the
/// protected rows ("targets"), each kept reduced against that basis.
/// </summary>
/// <remarks>
/// Every basis row has a pivot column where it is 1 and every other basis row and every target is 0.
/// With that invariant, for a target residual t' and a candidate residual r', t lies in the span of the
/// basis and r exactly when t' is a multiple of r': write t' as a combination of basis rows and r'; its
/// pivot coordinates are zero, so the basis rows' weights are zero. Checking a candidate therefore costs
/// one comparison per target, and releasing it means eliminating one column everywhere. Pivots are
/// chosen where the fewest rows have entries (Markowitz's rule), which keeps the rows short; the
/// equivalence above does not depend on which column is the pivot.
/// </remarks>
internal sealed class SpanAudit
{
    private readonly SparseRow?[] _basisByPivot;
    private readonly List<int>?[] _basisRowsWith;
    private readonly List<SparseRow> _targets = [];
    private readonly List<int> _targetFirst = [];
    private readonly List<int> _targetCount = [];
    private readonly List<int>?[] _targetsWith;
    private readonly ulong[] _accumulator;
    private readonly int[] _touchedIn;
    private readonly List<int> _touched = [];
    private readonly List<int> _gained = [];
    private int _round;

    public SpanAudit(int width)
    {
        _basisByPivot = new SparseRow?[width];
        _basisRowsWith = new List<int>?[width];
        _targetsWith = new List<int>?[width];
        _accumulator = new ulong[width];
        _touchedIn = new int[width];
    }

    /// <summary>
    /// Adds a row the viewer is told regardless of the plan. Only before any target exists: those are
    /// reduced against a basis that already holds everything disclosed.
    /// </summary>
    public void Disclose(SparseRow row)
    {
        if (_targets.Count > 0)
        {
            throw new InvalidOperationException("Disclosed rows come before protected ones.");
        }

        var residual = Reduce(row);
        if (!residual.IsZero)
        {
            Release(residual);
        }
    }

    /// <summary>Protects a row from now on; false when it is already determined (nothing to protect).</summary>
    public bool Protect(SparseRow row)
    {
        var residual = Reduce(row);
        if (residual.IsZero)
        {
            return false;
        }

        AddTarget(residual);
        return true;
    }

    /// <summary>True when the row lies in the span of the released rows.</summary>
    public bool IsDetermined(SparseRow row) => Reduce(row).IsZero;

    /// <summary>Releases the row unless that would determine a target; a refused row becomes a target.</summary>
    public Offer Consider(SparseRow row)
    {
        var residual = Reduce(row);
        if (residual.IsZero)
        {
            return Offer.AlreadyDetermined;
        }

        var first = residual.First;
        var count = residual.Count;
        for (var i = 0; i < _targets.Count; i++)
        {
            if (_targetFirst[i] == first && _targetCount[i] == count && _targets[i].IsMultipleOf(residual))
            {
                AddTarget(residual);
                return Offer.WouldReveal;
            }
        }

        Release(residual);
        return Offer.Released;
    }

    /// <summary>The row minus its components along the basis: zero at every pivot column.</summary>
    private SparseRow Reduce(SparseRow row)
    {
        // A basis row is nonzero only at its own pivot and at non-pivot columns, so subtracting
        // row[c] · basis[c] for each pivot c the row touches clears the pivots in one pass.
        _round++;
        _touched.Clear();
        var columns = row.Columns;
        var values = row.Values;
        for (var i = 0; i < columns.Length; i++)
        {
            if (_basisByPivot[columns[i]] is { } pivotRow)
            {
                var factor = Gf61.Negate(values[i]);
                var pivotColumns = pivotRow.Columns;
                var pivotValues = pivotRow.Values;
                for (var j = 0; j < pivotColumns.Length; j++)
                {
                    Accumulate(pivotColumns[j], Gf61.Multiply(factor, pivotValues[j]));
                }
            }

            Accumulate(columns[i], values[i]);
        }

        _touched.Sort();
        var kept = new List<int>(_touched.Count);
        foreach (var column in _touched)
        {
            if (_accumulator[column] != 0)
            {
                kept.Add(column);
            }
        }

        var resultColumns = kept.ToArray();
        var resultValues = new ulong[resultColumns.Length];
        for (var i = 0; i < resultColumns.Length; i++)
        {
            resultValues[i] = _accumulator[resultColumns[i]];
        }

        return new SparseRow(resultColumns, resultValues);
    }

    private void Accumulate(int column, ulong value)
    {
        if (_touchedIn[column] != _round)
        {
            _touchedIn[column] = _round;
            _accumulator[column] = 0;
            _touched.Add(column);
        }

        _accumulator[column] = Gf61.Add(_accumulator[column], value);
    }

    private void AddTarget(SparseRow residual)
    {
        var id = _targets.Count;
        _targets.Add(residual);
        _targetFirst.Add(residual.First);
        _targetCount.Add(residual.Count);
        foreach (var column in residual.Columns)
        {
            Holders(_targetsWith, column).Add(id);
        }
    }

    private void Release(SparseRow residual)
    {
        var pivot = ChoosePivot(residual);
        var row = residual.Scaled(Gf61.Inverse(residual.ValueAt(pivot)));

        foreach (var other in _basisRowsWith[pivot] ?? [])
        {
            if (_basisByPivot[other] is { } before && Eliminate(before, pivot, row) is { } after)
            {
                _basisByPivot[other] = after;
                _gained.ForEach(column => Holders(_basisRowsWith, column).Add(other));
            }
        }

        foreach (var id in _targetsWith[pivot] ?? [])
        {
            if (Eliminate(_targets[id], pivot, row) is { } after)
            {
                _targets[id] = after;
                _targetFirst[id] = after.First;
                _targetCount[id] = after.Count;
                _gained.ForEach(column => Holders(_targetsWith, column).Add(id));
            }
        }

        // No row but the new one has an entry at the pivot any more.
        _basisRowsWith[pivot] = null;
        _targetsWith[pivot] = null;
        _basisByPivot[pivot] = row;
        foreach (var column in row.Columns)
        {
            if (column != pivot)
            {
                Holders(_basisRowsWith, column).Add(pivot);
            }
        }
    }

    /// <summary>
    /// <paramref name="before"/> with its entry at the pivot cleared by the new basis row, and the
    /// columns it gained in <see cref="_gained"/>; null when it had no entry there (index entries may be stale).
    /// </summary>
    private SparseRow? Eliminate(SparseRow before, int pivot, SparseRow row)
    {
        var factor = before.ValueAt(pivot);
        if (factor == 0)
        {
            return null;
        }

        _gained.Clear();
        return before.PlusMultiple(Gf61.Negate(factor), row, _gained);
    }

    private int ChoosePivot(SparseRow residual)
    {
        var best = -1;
        var fewest = int.MaxValue;
        foreach (var column in residual.Columns)
        {
            var holders = (_basisRowsWith[column]?.Count ?? 0) + (_targetsWith[column]?.Count ?? 0);
            if (holders < fewest)
            {
                best = column;
                fewest = holders;
            }
        }

        return best;
    }

    private static List<int> Holders(List<int>?[] index, int column) => index[column] ??= [];
}
