namespace TimeTrack.Domain.Disclosure;

/// <summary>A quantity to protect and its columns (each with coefficient 1).</summary>
/// <param name="Cell">For a withheld cell, its index among the cells; −1 otherwise.</param>
internal sealed record Target(ProtectedQuantity Quantity, int[] Columns, int Cell = -1);

/// <summary>The quantities that no combination of shown cells and disclosed sums may determine.</summary>
internal static class ProtectedTargets
{
    public static IEnumerable<Target> All(
        DisclosureProblem problem, UnknownVariables variables, IReadOnlyList<CellFacts> cells, IReadOnlyList<CellState?> states)
    {
        return WithheldCells(variables, cells, states)
            .Concat(OverlapClasses(problem, variables))
            .Concat(KindsAtLeaves(problem, variables))
            .Concat(People(problem, variables));
    }

    private static IEnumerable<Target> WithheldCells(UnknownVariables variables, IReadOnlyList<CellFacts> cells, IReadOnlyList<CellState?> states)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (states[i] == CellState.Primary && cell.UnknownPeople.Count > 0)
            {
                var quantity = new ProtectedQuantity(ProtectedShape.WithheldCell, cell.Node, cell.UnknownPeople, cell.GroupId);
                yield return new Target(quantity, variables.CellColumns(cell.GroupPosition, cell.Node), i);
            }
        }
    }

    /// <summary>
    /// People in exactly the same groups can be isolated as a class (the one person in no team, the
    /// two people in both of two teams) by adding and subtracting groups; fewer than k of them under a
    /// node must stay hidden together.
    /// </summary>
    private static IEnumerable<Target> OverlapClasses(DisclosureProblem problem, UnknownVariables variables)
    {
        foreach (var node in problem.Tree.Ids)
        {
            var classes = new SortedDictionary<int, (List<int> Columns, SortedSet<Guid> People)>();
            foreach (var v in variables.Under(node))
            {
                var variable = variables.All[v];
                if (!classes.TryGetValue(variable.Signature, out var members))
                {
                    classes[variable.Signature] = members = ([], []);
                }

                members.Columns.Add(v);
                members.People.UnionWith(variable.People);
            }

            foreach (var (columns, people) in classes.Values.Where(c => c.People.Count < problem.MinimumGroupSize))
            {
                yield return new Target(new ProtectedQuantity(ProtectedShape.OverlapClass, node, [.. people]), [.. columns]);
            }
        }
    }

    /// <summary>A single unknown of fewer than k people: disclosed sums weigh kinds apart.</summary>
    private static IEnumerable<Target> KindsAtLeaves(DisclosureProblem problem, UnknownVariables variables)
    {
        for (var v = 0; v < variables.Count; v++)
        {
            var variable = variables.All[v];
            if (variable.People.Count < problem.MinimumGroupSize)
            {
                var quantity = new ProtectedQuantity(ProtectedShape.KindAtLeaf, variable.Leaf, variable.People, Kind: variable.Kind);
                yield return new Target(quantity, [v]);
            }
        }
    }

    /// <summary>
    /// Each person's unknown time under each node. Where it shares an unknown with someone else it
    /// cannot be expressed in the merged unknowns, and no published row can single it out.
    /// </summary>
    private static IEnumerable<Target> People(DisclosureProblem problem, UnknownVariables variables)
    {
        var byPerson = new SortedDictionary<Guid, List<int>>();
        for (var v = 0; v < variables.Count; v++)
        {
            foreach (var person in variables.All[v].People)
            {
                if (!byPerson.TryGetValue(person, out var own))
                {
                    byPerson[person] = own = [];
                }

                own.Add(v);
            }
        }

        foreach (var (person, own) in byPerson)
        {
            var byNode = new SortedDictionary<int, List<int>>();
            foreach (var v in own)
            {
                foreach (var node in problem.Tree.PathToRoot(variables.All[v].Leaf))
                {
                    if (!byNode.TryGetValue(node, out var columns))
                    {
                        byNode[node] = columns = [];
                    }

                    columns.Add(v);
                }
            }

            foreach (var (node, columns) in byNode.Where(n => n.Value.All(v => variables.All[v].People.Count == 1)))
            {
                yield return new Target(new ProtectedQuantity(ProtectedShape.Person, node, [person]), [.. columns]);
            }
        }
    }
}
