namespace TimeTrack.Domain.Disclosure;

/// <summary>
/// Decides which aggregate cells one viewer may be shown for a month, so that nothing protected can be
/// worked out exactly from everything shown, the disclosed sums and what the viewer already knows:
/// no single person's time, no overlap class of fewer than k people, no withheld cell.
/// </summary>
/// <remarks>
/// Primary suppression by the cell's own contributors, then secondary suppression by an exact audit:
/// cells are offered coarse before fine, in the groups' priority order, and each is shown unless
/// adding it to the released rows would put a protected quantity in their span. ADR 011 has the why.
/// </remarks>
public static class DisclosurePlanner
{
    public static DisclosurePlan Plan(DisclosureProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var variables = new UnknownVariables(problem);
        var cells = CellFacts.For(problem, variables.CellGroups);
        var states = cells.Select(c => c.StateByItself(problem.MinimumGroupSize)).ToArray();
        SparseRow RowOf(CellFacts cell) => SparseRow.Ones(variables.CellColumns(cell.GroupPosition, cell.Node));

        var audit = new SpanAudit(variables.Count);
        foreach (var sum in problem.DisclosedSums)
        {
            audit.Disclose(variables.RowOf(sum));
        }

        var disclosedByPolicy = new List<ProtectedQuantity>();
        var cellsDisclosedByPolicy = new HashSet<int>();
        foreach (var (columns, targets) in Distinct(ProtectedTargets.All(problem, variables, cells, states)))
        {
            // The policy tells these anyway; protecting them would withhold everything around them for nothing.
            if (!audit.Protect(SparseRow.Ones(columns)))
            {
                disclosedByPolicy.AddRange(targets.Select(t => t.Quantity));
                cellsDisclosedByPolicy.UnionWith(targets.Where(t => t.Cell >= 0).Select(t => t.Cell));
            }
        }

        var offered = Enumerable.Range(0, cells.Count)
            .Where(i => states[i] is null)
            .OrderBy(i => cells[i].Depth)
            .ThenBy(i => cells[i].GroupPosition)
            .ThenBy(i => cells[i].Node);
        foreach (var i in offered)
        {
            states[i] = audit.Consider(RowOf(cells[i])) == Offer.WouldReveal ? CellState.Secondary : CellState.Shown;
        }

        var decisions = new List<CellDecision>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var state = states[i] ?? throw new InvalidOperationException("Every cell was decided.");
            var shown = state is CellState.Known or CellState.Empty or CellState.Shown;
            if (!shown && cell.UnknownPeople.Count > 0 && !cellsDisclosedByPolicy.Contains(i) && audit.IsDetermined(RowOf(cell)))
            {
                // The audit refuses every row that would determine a protected one; reaching this is a bug.
                throw new InvalidOperationException($"Withheld cell ({cell.GroupId}, {cell.Node}) can be worked out from what is shown.");
            }

            decisions.Add(new CellDecision(cell.GroupId, cell.Node, state, shown ? cell.Value : null, cell.Contributors, cell.UnknownPeople.Count));
        }

        return new DisclosurePlan(decisions, disclosedByPolicy);
    }

    /// <summary>Targets with the same columns protect the same thing; each row is audited once.</summary>
    private static List<(int[] Columns, List<Target> Targets)> Distinct(IEnumerable<Target> targets)
    {
        var rows = new List<(int[] Columns, List<Target> Targets)>();
        var byColumns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var key = string.Join(',', target.Columns);
            if (byColumns.TryGetValue(key, out var at))
            {
                rows[at].Targets.Add(target);
            }
            else
            {
                byColumns[key] = rows.Count;
                rows.Add((target.Columns, [target]));
            }
        }

        return rows;
    }
}
