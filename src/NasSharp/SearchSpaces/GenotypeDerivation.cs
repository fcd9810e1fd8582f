namespace NasSharp.SearchSpaces;

/// <summary>Discrete architectures from a differentiable supernet's mixing weights.</summary>
public static class GenotypeDerivation
{
    /// <summary>A DARTS cell as <c>cnn/model_search.py</c> <c>genotype()</c>: for every node, the two incoming edges whose
    /// strongest op other than <c>none</c> weighs most (ties: the earlier input), each with that op; the output
    /// concatenates every node (<c>range(2, 2 + nodes)</c>).</summary>
    /// <param name="weights">[edge][op], edges in supernet order (node 0's inputs 0, 1; node 1's inputs 0, 1, 2; ...).</param>
    /// <param name="ops">Op names of the columns.</param>
    /// <param name="nodes">Nodes per cell (DARTS: 4).</param>
    /// <exception cref="ArgumentException">The shape does not match <paramref name="nodes"/> and <paramref name="ops"/>.</exception>
    public static Cell DartsCell(IReadOnlyList<IReadOnlyList<float>> weights, IReadOnlyList<string> ops, int nodes)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(ops);
        var expected = nodes * (nodes + 3) / 2;
        if (weights.Count != expected || weights.Any(w => w.Count != ops.Count))
            throw new ArgumentException($"A DARTS cell of {nodes} nodes has {expected} edges of {ops.Count} ops; got {weights.Count} rows.", nameof(weights));
        if (ops.All(o => o == OpNames.None)) throw new ArgumentException("Every op is 'none': nothing to derive.", nameof(ops));
        var edges = new List<OpEdge>();
        var offset = 0;
        for (var i = 0; i < nodes; i++)
        {
            var inputs = 2 + i;
            var best = Enumerable.Range(0, inputs).Select(j => (Input: j, Op: BestOp(weights[offset + j], ops)))
                .Select(c => (c.Input, c.Op, Weight: weights[offset + c.Input][c.Op]))
                // OrderBy is stable: equal strengths keep input order, as Python's sorted() in genotype().
                .OrderByDescending(c => c.Weight).Take(2);
            foreach (var (input, op, _) in best) edges.Add(new OpEdge(ops[op], input));
            offset += inputs;
        }
        return new Cell(edges, Enumerable.Range(2, nodes));
    }

    /// <summary>A NAS-Bench-201 cell as AutoDL-Projects' DARTS/GDAS <c>genotype()</c>: on every edge the op of largest
    /// weight, <c>none</c> included (every edge of the NB201 cell is kept).</summary>
    /// <param name="weights">[edge][op] in <see cref="Nb201Genotype.EdgeNodes"/> order.</param>
    /// <param name="ops">Op names of the columns (normally <see cref="OpNames.Nb201"/>).</param>
    public static Nb201Genotype Nb201(IReadOnlyList<IReadOnlyList<float>> weights, IReadOnlyList<string> ops)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != Nb201Genotype.EdgeNodes.Count || weights.Any(w => w.Count != ops.Count))
            throw new ArgumentException($"A NAS-Bench-201 cell has {Nb201Genotype.EdgeNodes.Count} edges of {ops.Count} ops; got {weights.Count} rows.", nameof(weights));
        return new Nb201Genotype(weights.Select(w => ops[ArgMax(w, _ => true)]));
    }

    private static int BestOp(IReadOnlyList<float> w, IReadOnlyList<string> ops) => ArgMax(w, k => ops[k] != OpNames.None);

    // First index of the largest value among the allowed ones (numpy argmax / Python max take the first too).
    private static int ArgMax(IReadOnlyList<float> w, Func<int, bool> allowed)
    {
        var best = -1;
        for (var k = 0; k < w.Count; k++)
            if (allowed(k) && (best < 0 || w[k] > w[best])) best = k;
        return best;
    }
}
